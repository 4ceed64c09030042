"""Start the action server: rasa-sdk's own server, with malformed calls refused as 400.

rasa-sdk answers a call whose body is JSON but not an action call (a list, a missing tracker, a
tracker of the wrong type) with a 500 and a traceback in its log. Only Rasa should call this server,
but a 500 is the wrong answer to bad input, so a request guard checks the shape of every webhook
call first. Everything else (action registry, workers, health, tracing) is rasa-sdk's, unchanged.

    SANIC_HOST=127.0.0.1 python -m actions.serve --port 5055
"""

from __future__ import annotations

import sys
from functools import partial
from typing import Any

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app_for_serve, create_argument_parser
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sanic.worker.loader import AppLoader

from jobbcoach_settings.wiring import configure_packages


def call_problem(body: Any) -> str | None:
    """Why a decoded webhook body is not an action call, or None when it is one."""
    if not isinstance(body, dict):
        return "The body must be a JSON object (an action call from Rasa)."
    if not isinstance(body.get("next_action"), str) or not body["next_action"]:
        return "'next_action' must be the name of an action."
    tracker = body.get("tracker")
    if not isinstance(tracker, dict):
        return "'tracker' must be a JSON object."
    if not isinstance(tracker.get("sender_id"), str):
        return "'tracker.sender_id' must be a string."
    for field, kind, name in (("slots", dict, "object"), ("latest_message", dict, "object"),
                              ("events", list, "list")):
        if tracker.get(field) is not None and not isinstance(tracker[field], kind):
            return f"'tracker.{field}' must be a JSON {name}."
    if not isinstance(body.get("domain", {}), dict):
        return "'domain' must be a JSON object when given."
    return None


async def refuse_malformed_calls(request: Request) -> HTTPResponse | None:
    if request.method != "POST" or not request.path.rstrip("/").endswith("/webhook"):
        return None
    try:
        body = request.json
    except Exception:
        return response.json({"error": "The body must be JSON (an action call from Rasa)."}, status=400)
    problem = call_problem(body)
    return response.json({"error": problem}, status=400) if problem else None


def create_guarded_app(action_executor: ActionExecutor, **kwargs: Any) -> Sanic:
    """rasa-sdk's app plus the request guard; module-level so Sanic's AppLoader can pickle it."""
    app = create_app_for_serve(action_executor, **kwargs)
    app.on_request(refuse_malformed_calls)
    return app


def main(argv: list[str] | None = None) -> None:
    args = create_argument_parser().parse_args(argv)
    settings = configure_packages()
    utils.configure_colored_logging(args.loglevel)
    utils.update_sanic_log_level()
    executor = ActionExecutor()
    executor.register_package(args.actions_module or args.actions or "actions")
    loader = AppLoader(factory=partial(create_guarded_app, executor, cors_origins=args.cors,
                                       auto_reload=args.auto_reload, endpoints=args.endpoints))
    app = loader.load()
    app.prepare(host=settings.action_host, port=args.port,
                workers=utils.number_of_sanic_workers())
    Sanic.serve(primary=app, app_loader=loader)


if __name__ == "__main__":
    sys.argv[0] = "python -m actions.serve"
    main()
