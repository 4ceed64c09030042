"""Jobbcoach's custom actions, served by the rasa-sdk action server (Python 3.11).

One module per feature. Heavy resources (the matching index, embedding models) are loaded lazily on
first use inside the worker: loading them at import time crashes Sanic 25's spawned workers.
"""
