"""The web app served on 127.0.0.1:8000 by the run command.

Each feature brings its own router; this module only assembles them, so a feature can be tested on
its own and the app stays a list of what it offers.
"""

from __future__ import annotations

from fastapi import FastAPI

from jobbcoach_settings.wiring import configure_packages
from web.chat_api import router as chat_router
from web.console import router as console_router
from web.match_api import router as match_router
from web.widget import router as widget_router


def create_app() -> FastAPI:
    configure_packages()
    app = FastAPI(
        title="Jobbcoach",
        description="Öppet matchnings-API, chattwidget och handläggarkonsol för Jobbcoach.",
        version="0.1.0",
    )
    app.include_router(match_router)
    app.include_router(chat_router)
    app.include_router(widget_router)
    app.include_router(console_router)
    return app


app = create_app()
