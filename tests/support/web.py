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
         "--no-access-log", "--no-proxy-headers"],  # proxy headers: web.client_address only
        f"http://127.0.0.1:{port}",
        ready=lambda r: r.status_code == 200,
        ready_path="/",
        log_dir=log_dir,
        env=app_env,
        timeout=60,
    )


class RestartableWebApp:
    """The web app on a port of its own that it keeps across restarts: it can go away mid-test and come
    back on the same address, as after a deployment."""

    def __init__(self, log_dir: Path, env: dict[str, str], rasa_url: str, rasa_token: str | None, name: str) -> None:
        self._arguments = (log_dir, env, rasa_url, rasa_token, name)
        self.port = free_port()
        self.server: ServerProcess | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> RestartableWebApp:
        log_dir, env, rasa_url, rasa_token, name = self._arguments
        self.server = start_web_app(log_dir, env, rasa_url, rasa_token, name=name, port=self.port)
        return self

    def stop(self) -> None:
        if self.server:
            self.server.stop()
            self.server = None
