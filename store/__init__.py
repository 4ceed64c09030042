"""Jobbcoach's per-user store: what must outlive a Rasa session and be visible to caseworkers.

Goals, progress, saved jobs, the jobseeker's profile, sick reports and handoff requests live here,
keyed by the channel's pseudonymous sender id. SQLite by default, PostgreSQL by URL
(JOBBCOACH_DB_URL); never credentials, never in slots only.
"""
