"""The one settings object: defaults derived once from JOBBCOACH_VAR, one meaning for JOBBCOACH_NOW,
one way to find the Rasa token, bad values stopping a process at start-up, and nobody else reading
the environment."""

from __future__ import annotations

import ast
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from bot.settings import RasaSettings, RasaSettingsError
from jobbcoach_settings import SWEDEN, Settings, SettingsError, clock, get_settings
from jobbcoach_settings.__main__ import markdown_table
from jobmatch.query import resolve_now
from tests.support.servers import APP_PYTHON, REPO, base_env

ALLOWED_READERS = {"jobbcoach_settings", "bot/settings.py", "tests"}


def test_paths_default_under_the_var_directory(monkeypatch, tmp_path):
    for name in ("JOBBCOACH_DB_URL", "JOBBCOACH_TRACKER_DB", "JOBBCOACH_TRACKER_DB_URL", "JOBBCOACH_INDEX"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("JOBBCOACH_VAR", str(tmp_path))
    settings = get_settings()
    assert settings.db_url == f"sqlite:///{tmp_path / 'jobbcoach.db'}"
    assert settings.tracker_db == tmp_path / "tracker.db"
    assert settings.tracker_db_url == f"sqlite:///{tmp_path / 'tracker.db'}"
    assert settings.index_dir == tmp_path / "index"
    monkeypatch.setenv("JOBBCOACH_TRACKER_DB", str(tmp_path / "t.db"))
    assert get_settings().tracker_db_url == f"sqlite:///{tmp_path / 't.db'}"  # a changed variable is seen


def test_now_is_swedish_local_time_unless_it_carries_an_offset(monkeypatch):
    monkeypatch.setenv("JOBBCOACH_NOW", "2026-07-01T12:00:00")
    assert clock.now() == datetime(2026, 7, 1, 12, 0, tzinfo=SWEDEN)
    assert resolve_now() == datetime(2026, 7, 1, 10, 0)  # jobmatch gets the same instant (naive UTC)
    monkeypatch.setenv("JOBBCOACH_NOW", "2026-07-01T12:00:00+00:00")
    assert clock.now().hour == 14 and resolve_now() == datetime(2026, 7, 1, 12, 0)
    assert clock.week_start().isoformat() == "2026-06-29"


def test_a_bad_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("JOBBCOACH_NOW", "igår")
    with pytest.raises(SettingsError, match=r"JOBBCOACH_NOW='igår'.*not an ISO date-time"):
        get_settings()
    monkeypatch.setenv("JOBBCOACH_NOW", "2026-11-27T12:00:00")
    monkeypatch.setenv("JOBBCOACH_CONSOLE_PAGE_SIZE", "many")
    with pytest.raises(SettingsError, match="JOBBCOACH_CONSOLE_PAGE_SIZE"):
        get_settings()


@pytest.mark.parametrize("command", [["-c", "import web.app"], ["-m", "actions.serve", "--port", "1"]])
def test_a_bad_now_stops_the_servers_at_start_up(command):
    result = subprocess.run([str(APP_PYTHON), *command], cwd=REPO, env=base_env(JOBBCOACH_NOW="igår"),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "JOBBCOACH_NOW='igår'" in result.stderr and "not an ISO date-time" in result.stderr


def test_rasa_token_comes_from_the_environment_else_the_file(monkeypatch, tmp_path):
    monkeypatch.setenv("JOBBCOACH_VAR", str(tmp_path))
    monkeypatch.delenv("JOBBCOACH_RASA_TOKEN", raising=False)
    assert get_settings().rasa_token() is None
    (tmp_path / "rasa_token").write_text("from-the-file\n")
    assert get_settings().rasa_token() == "from-the-file"
    monkeypatch.setenv("JOBBCOACH_RASA_TOKEN", "from-the-environment")
    assert get_settings().rasa_token() == "from-the-environment"


def test_the_rasa_runtime_mirror_reads_its_timeout_and_refuses_nonsense():
    assert RasaSettings.from_environ({}).action_timeout == 15.0
    assert RasaSettings.from_environ({"JOBBCOACH_ACTION_TIMEOUT": "2.5"}).action_timeout == 2.5
    for bad in ("soon", "0", "-3"):
        with pytest.raises(RasaSettingsError, match="JOBBCOACH_ACTION_TIMEOUT"):
            RasaSettings.from_environ({"JOBBCOACH_ACTION_TIMEOUT": bad})


def test_the_shell_defaults_agree_with_the_settings(tmp_path):
    """scripts/env.sh exports the same defaults for Rasa's YAML and the shell scripts."""
    env = base_env(JOBBCOACH_VAR=str(tmp_path))
    for name in ("JOBBCOACH_DB_URL", "JOBBCOACH_TRACKER_DB", "JOBBCOACH_INDEX", "JOBBCOACH_RASA_URL"):
        env.pop(name, None)
    shell = subprocess.run(["bash", "-c", "source scripts/env.sh && env"], cwd=REPO, env=env,
                           capture_output=True, text=True, check=True).stdout
    exported = dict(line.split("=", 1) for line in shell.splitlines() if line.startswith("JOBBCOACH_"))
    settings = Settings(JOBBCOACH_VAR=tmp_path)
    assert exported["JOBBCOACH_DB_URL"] == settings.db_url
    assert Path(exported["JOBBCOACH_TRACKER_DB"]) == settings.tracker_db
    assert Path(exported["JOBBCOACH_INDEX"]) == settings.index_dir
    assert exported["JOBBCOACH_RASA_URL"] == settings.rasa_url


def test_the_documented_table_is_the_settings_table():
    assert markdown_table() in (REPO / "docs" / "architecture.md").read_text("utf-8")


def _reads_our_variable(key: ast.AST | None) -> bool:
    """A key that is one of ours (JOBBCOACH_*, SANIC_HOST) or computed (could be anything)."""
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return key.value.startswith(("JOBBCOACH_", "SANIC_"))
    return True


def _environment_reads(tree: ast.AST) -> list[int]:
    """Lines that read one of our variables: os.environ.get / os.getenv / os.environ[...]."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func) in ("os.environ.get", "os.getenv", "environ.get"):
            if _reads_our_variable(node.args[0] if node.args else None):
                lines.append(node.lineno)
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) in ("os.environ", "environ") \
                and isinstance(node.ctx, ast.Load) and _reads_our_variable(node.slice):
            lines.append(node.lineno)
    return lines


def test_nothing_else_reads_the_environment():
    offenders = []
    for path in REPO.rglob("*.py"):
        relative = path.relative_to(REPO).as_posix()
        if relative.startswith((".venvs/", "var/", "models/", "reports/")) or \
                any(relative == allowed or relative.startswith(allowed + "/") for allowed in ALLOWED_READERS):
            continue
        offenders += [f"{relative}:{line}" for line in _environment_reads(ast.parse(path.read_text("utf-8")))]
    assert offenders == [], "read the variable through jobbcoach_settings (or bot/settings.py in Rasa)"
