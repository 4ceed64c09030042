"""An app holding only the console router: what the browser tests serve while `web.app` cannot be
imported yet because another part of it is still being written. Never used when web.app imports."""

from fastapi import FastAPI

from web.console import router

app = FastAPI()
app.include_router(router)
