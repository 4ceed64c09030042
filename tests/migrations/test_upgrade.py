"""The migrations: a store made by the release before them upgrades with its data intact, a new one
is made from nothing, and at head the schema equals the models (so a model changed without a
migration fails here, before it reaches a database that holds personal data)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select

import store.models  # noqa: F401 - the store's tables on Base, for the comparison
import web.console.models  # noqa: F401 - the console's tables on Base, for the comparison
from migrations import alembic_config, current_revision, upgrade
from store import goals, jobseekers, saved_jobs, sick_reports
from store.db import Base, engine_for, session_scope
from web.console import passwords
from web.console.models import Caseworker, Note, Tag

HERE = Path(__file__).parent
DUMP = HERE / "previous_release.sql"  # made by make_previous_release_dump.py from that release's code
SWEDEN = ZoneInfo("Europe/Stockholm")


def head() -> str:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def schema_differences(url: str) -> list:
    with engine_for(url).connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def previous_release_store(directory: Path) -> str:
    path = directory / "previous.db"
    with sqlite3.connect(path) as connection:
        connection.executescript(DUMP.read_text("utf-8"))
    return f"sqlite:///{path}"


def row_counts(url: str) -> dict[str, int]:
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                for t in tables if t != "alembic_version"}


def test_a_store_of_the_previous_release_upgrades_with_its_data(tmp_path):
    url = previous_release_store(tmp_path)
    before = row_counts(url)
    assert current_revision(url) is None and before["saved_jobs"] == 1

    upgrade(url)

    assert current_revision(url) == head()
    assert {t: n for t, n in row_counts(url).items() if t in before} == before
    export = jobseekers.export_everything("anna", url=url)
    assert export["profile"]["location"] == "Umeå"
    assert [j["headline"] for j in saved_jobs.saved_jobs("anna", url=url)] == ["Undersköterska"]
    assert goals.goal_for_week("anna", date(2026, 11, 23), SWEDEN, url=url).target == 5
    assert sick_reports.sick_reports("anna", url=url)[0].kind == "vab"
    assert jobseekers.reminders_on("anna", url=url)
    with session_scope(url) as session:
        user = session.scalars(select(Caseworker)).one()
        assert passwords.verify(user.password_hash, "ett-långt-lösenord-1")  # can still log in
        assert session.scalars(select(Note.text)).one() == "ringer på måndag"
        assert session.scalars(select(Tag.tag)).one() == "uppföljning"
    assert schema_differences(url) == []


def test_upgrade_makes_a_new_store_and_is_idempotent(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    upgrade(url)
    upgrade(url)  # the run command upgrades at every start
    assert current_revision(url) == head()
    assert schema_differences(url) == [], "a model changed without a migration: see store/README.md"
