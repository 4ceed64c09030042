"""What the coach keeps for one jobseeker, on their conversation page: the activities logged for
the activity report, the months drafted and confirmed, and the job alerts they watch.

A caseworker following up a jobseeker asks "what have you done this month?" and "what are you
looking for?"; both answers are in the store already (tables activities, activity_reports,
job_alerts), so the page shows them beside the transcript instead of sending anyone to the chat.
Read-only: the jobseeker owns these rows, and export and erasure (store.privacy) cover them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from sqlalchemy import select

from store.models import Activity, ActivityReport, JobAlert
from web.console.db import console_db

# The report's Swedish words (also web/activity_report.py's, which cannot be imported here: it
# needs web.push, which imports the console).
CATALOGUE = Path(__file__).resolve().parents[2] / "bot" / "languages" / "activity_report.yml"

MAX_ACTIVITIES = 200  # the newest; the month's PDF for the jobseeker has all of a month


@dataclass
class CoachingView:
    activities: list[dict] = field(default_factory=list)
    reports: list[ActivityReport] = field(default_factory=list)
    alerts: list[JobAlert] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.activities or self.reports or self.alerts)


@lru_cache(maxsize=1)
def kind_names() -> dict[str, str]:
    """application -> "Sökt jobb": Arbetsförmedlingen's names of the kinds of activity."""
    return (yaml.safe_load(CATALOGUE.read_text(encoding="utf-8")) or {}).get("kinds") or {}


def for_sender(sender: str) -> CoachingView:
    """The jobseeker's activities (newest first, kinds in Arbetsförmedlingen's Swedish words),
    report months and alerts."""
    kinds = kind_names()
    with console_db() as session:
        rows = session.scalars(select(Activity).where(Activity.sender_id == sender)
                               .order_by(Activity.day.desc(), Activity.id.desc()).limit(MAX_ACTIVITIES))
        activities = [{"day": row.day, "kind": kinds.get(row.kind, row.kind), "employer": row.employer,
                       "occupation": row.occupation, "text": row.text, "created_at": row.created_at}
                      for row in rows]
        reports = list(session.scalars(select(ActivityReport).where(ActivityReport.sender_id == sender)
                                       .order_by(ActivityReport.month.desc())))
        alerts = list(session.scalars(select(JobAlert).where(JobAlert.sender_id == sender)
                                      .order_by(JobAlert.created_at.desc())))
    return CoachingView(activities, reports, alerts)
