"""The Rasa project: configuration, domain, stories, rules, and the entry point for `rasa run`."""
