"""The web app served on 127.0.0.1:8000 by the run command.

Each feature brings its own router; this module only assembles them, so a feature can be tested on
its own and the app stays a list of what it offers.
"""

from __future__ import annotations

from fastapi import FastAPI

from jobbcoach_settings.wiring import configure_packages
from web import hardening
from web.activity_report import router as activity_report_router  # the activity report's files
from web.alerts_api import router as alerts_router  # job alerts: API, digest watcher, webhooks
from web.chat_api import router as chat_router
from web.check_ins import router as check_in_router
from web.console import router as console_router
from web.cv_api import router as cv_api_router  # the open API's CV door: parse, export, import
from web.cv_upload import router as cv_upload_router  # a CV file handed over in the chat
from web.insight_api import router as insight_router  # labour-market insight: demand and supply
from web.match_api import router as match_router
from web.push_api import router as push_router
from web.widget import router as widget_router


def create_app() -> FastAPI:
    configure_packages()
    app = FastAPI(
        title="Jobbcoach",
        description="Öppet matchnings-API, chattwidget och handläggarkonsol för Jobbcoach.",
        version="0.1.0",
    )
    app.include_router(match_router)
    app.include_router(insight_router)  # GET /api/insight/demand, /api/insight/supply
    app.include_router(cv_api_router)  # POST /api/profile/parse, GET/POST /api/profile/export|import
    app.include_router(alerts_router)  # job alerts
    app.include_router(chat_router)
    app.include_router(cv_upload_router)  # a CV file handed over in the chat
    app.include_router(push_router)
    app.include_router(check_in_router)
    app.include_router(activity_report_router)  # the activity report's files
    app.include_router(widget_router)
    app.include_router(console_router)
    hardening.install(app)
    return app


app = create_app()
