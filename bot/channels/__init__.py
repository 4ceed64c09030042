"""Rasa input channels of our own: hardened REST, and Telegram/Slack with configurable API addresses."""
