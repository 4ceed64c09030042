"""Start the real web app (uvicorn `web.app:app`) for tests, pointed at a chosen Rasa server."""

from __future__ import annotations

from pathlib import Path

from tests.support.servers import APP_PYTHON, ServerProcess, free_port, migrate_store, start_server


def start_web_app(log_dir: Path, env: dict[str, str], rasa_url: str, rasa_token: str | None,
                  name: str = "web", port: int | None = None) -> ServerProcess:
    """uvicorn on a free loopback port (or `port`, to restart on the same address); ready once `/` answers."""
    port = port or free_port()
    app_env = {**env, "JOBBCOACH_RASA_URL": rasa_url}
    if rasa_token:
        app_env["JOBBCOACH_RASA_TOKEN"] = rasa_token
    else:
        app_env.pop("JOBBCOACH_RASA_TOKEN", None)
    migrate_store(app_env)
    return start_server(
        name,
        [str(APP_PYTHON), "-m", "uvicorn", "web.app:app", "--host", "127.0.0.1", "--port", str(port),
         "--no-access-log"],
        f"http://127.0.0.1:{port}",
        ready=lambda r: r.status_code == 200,
        ready_path="/",
        log_dir=log_dir,
        env=app_env,
        timeout=60,
    )
