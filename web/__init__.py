"""Jobbcoach's web app (FastAPI): the open matching API, the chat widget and the caseworker console."""
