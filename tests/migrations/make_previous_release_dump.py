"""Writes previous_release.sql: a store made by the release before migrations (its create_all), with
one jobseeker's data in every table. Run it once against that release's code, for example:

    git archive 98a82ab store web | tar -x -C /tmp/prev && cd /tmp/prev && \
        <repo>/.venvs/app/bin/python <repo>/tests/migrations/make_previous_release_dump.py <repo>/tests/migrations

The dump is checked in; this script documents how it was made (it imports that release's modules).
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

AT = datetime(2026, 11, 27, 12, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


def main(out_dir: str) -> None:
    path = Path(tempfile.mkdtemp()) / "previous.db"
    url = f"sqlite:///{path}"
    os.environ["JOBBCOACH_DB_URL"] = url
    from store import goals, handoffs, jobseekers, profiles, saved_jobs, sick_reports
    from web.console import auth
    from web.console.db import console_db
    from web.console.models import Note, Tag

    jobseekers.ensure_jobseeker("anna", "rest")
    jobseekers.mark_privacy_notice_shown("anna", AT)
    jobseekers.set_reminders("anna", 0)
    goals.set_weekly_goal("anna", date(2026, 11, 23), 5, AT)
    goals.add_progress("anna", "application", 2, AT, note="två ansökningar")
    saved_jobs.save_job("anna", {"id": "30001234", "headline": "Undersköterska", "employer": "Umeå kommun",
                                 "municipality": "Umeå", "deadline": "2026-12-14",
                                 "url": "https://arbetsformedlingen.se/platsbanken/annonser/30001234"}, AT)
    profiles.save_profile("anna", "Jag har jobbat i hemtjänsten.", [{"label": "Undersköterska"}], "Umeå", AT)
    sick_reports.create_sick_report("anna", "vab", date(2026, 11, 27), date(2026, 11, 30), None, AT)
    handoffs.request_handoff("anna", "vill prata med en människa", AT)
    with console_db() as session:
        auth.create_user(session, "handlaggare", "ett-långt-lösenord-1", "caseworker")
        session.add(Note(sender_id="anna", author="handlaggare", text="ringer på måndag", created_at=AT))
        session.add(Tag(sender_id="anna", tag="uppföljning", author="handlaggare", created_at=AT))
    connection = sqlite3.connect(path)
    dump = "\n".join(connection.iterdump()) + "\n"
    (Path(out_dir) / "previous_release.sql").write_text(dump, "utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
