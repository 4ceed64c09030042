"""Jobbcoach's caseworker console, mounted at /console in the web app.

Caseworkers review conversations (read from Rasa's SQL tracker store), pick up handoff requests and
sick reports (per-user store), see insight charts; admins manage accounts and read the audit log.
See docs/console.md for the security model. `router` is what web/app.py includes.
"""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import APIRouter

from web.console import (
    live_chat,
    retention,
    routes_admin,
    routes_api,
    routes_auth,
    routes_conversations,
    routes_insight,
    routes_live,
    routes_queues,
    routes_static,
)

# Not in the public OpenAPI document at /docs: that describes the open matching API.


@asynccontextmanager
async def lifespan(app):
    """The console's background work: the retention job (if configured) and the live handoff's sync."""
    async with retention.lifespan(app), live_chat.lifespan(app):
        yield


router = APIRouter(prefix="/console", lifespan=lifespan, include_in_schema=False)
for _module in (
    routes_auth,
    routes_conversations,
    routes_live,  # before routes_queues: its /handoffs/{id}/{action} would take /reply
    routes_queues,
    routes_insight,
    routes_admin,
    routes_api,
    routes_static,
):
    router.include_router(_module.router)

__all__ = ["router"]
