"""The per-user tables. Every row carries the channel's sender id, the only key a jobseeker has."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from store.db import Base


def utcnow() -> datetime:
    return datetime.now(UTC)


class Jobseeker(Base):
    """A sender id we have seen, and what they agreed to."""

    __tablename__ = "jobseekers"

    sender_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    channel: Mapped[str | None] = mapped_column(String(50))
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    privacy_notice_shown_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reminders_opt_in: Mapped[bool] = mapped_column(default=False)
    # "sluta påminna mig": no check-in of any kind (follow-ups included) until they ask for one again
    check_ins_stopped: Mapped[bool] = mapped_column(default=False, server_default="0")
    # the language the bot answers in ("sv", "ar", …); None until detected or chosen
    language: Mapped[str | None] = mapped_column(String(8), default=None)


class WeeklyGoal(Base):
    """A weekly job-search goal: how many applications in the week starting `week_start` (Monday)."""

    __tablename__ = "weekly_goals"
    __table_args__ = (UniqueConstraint("sender_id", "week_start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    week_start: Mapped[date] = mapped_column(Date)
    applications_target: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProgressEntry(Base):
    """Something the jobseeker did: applied, had an interview, updated the CV…"""

    __tablename__ = "progress_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # application | interview | cv | other
    count: Mapped[int] = mapped_column(Integer, default=1)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SavedJob(Base):
    """An ad the jobseeker asked to keep, with enough to show it even after the ad is gone."""

    __tablename__ = "saved_jobs"
    __table_args__ = (UniqueConstraint("sender_id", "ad_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    ad_id: Mapped[str] = mapped_column(String(64))
    headline: Mapped[str] = mapped_column(String(500))
    employer: Mapped[str | None] = mapped_column(String(500))
    municipality: Mapped[str | None] = mapped_column(String(200))
    deadline: Mapped[str | None] = mapped_column(String(40))
    url: Mapped[str | None] = mapped_column(String(1000))
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Profile(Base):
    """The jobseeker's own description or CV and the occupations recognised in it (exportable)."""

    __tablename__ = "profiles"

    sender_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    occupations: Mapped[list] = mapped_column(JSON, default=list)  # [{concept_id, label, ssyk_code}]
    location: Mapped[str | None] = mapped_column(String(200))
    # The structured profile from a CV file or an imported JSON Resume / Europass (store/cv_formats.py's
    # StructuredProfile: taxonomy occupations with years, skills, education, languages, licences,
    # municipality, extent); None until the jobseeker confirms one.
    structured: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class SickReport(Base):
    """An absence report: own illness or care of a sick child (vab), for a caseworker to see."""

    __tablename__ = "sick_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    receipt: Mapped[str] = mapped_column(String(20), unique=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # egen_sjukdom | vab
    from_date: Mapped[date] = mapped_column(Date)
    expected_back: Mapped[date | None] = mapped_column(Date)  # None: not known yet
    activity: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledged_by: Mapped[str | None] = mapped_column(String(255))


class HandoffRequest(Base):
    """A jobseeker asked for a human; caseworkers work these in the console's inbox.

    The life of a case (store.handoffs holds the status names and their groups):
    open (in the queue, nobody's) -> taken (a caseworker's: `taken_by`, also when a colleague assigned
    it) -> waiting (the caseworker answered and waits for the jobseeker) -> closed (`closed_by`, with
    a console note) -> reviewed (a second caseworker read the closed case). Give-back returns a case
    to open. Taken and waiting are the statuses in which a human holds the conversation, which is
    when the live handoff pauses the bot.
    """

    __tablename__ = "handoff_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    # open | taken | waiting | closed | reviewed
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    # A jobseeker who wrote about suicide, self-harm or danger and asked for a human: first in the queue.
    urgent: Mapped[bool] = mapped_column(default=False, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    taken_by: Mapped[str | None] = mapped_column(String(255))  # who holds the case now (the assignee)
    taken_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # the caseworkers' team it is for (e.g. "arabiska"), free text as the console's accounts carry it
    team: Mapped[str | None] = mapped_column(String(40))
    # the language the jobseeker wished to be helped in, when they asked for one ("ar"); None: any
    language: Mapped[str | None] = mapped_column(String(8))
    waiting_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[str | None] = mapped_column(String(255))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_by: Mapped[str | None] = mapped_column(String(255))


class Reminder(Base):
    """A weekly check-in reminder the jobseeker agreed to."""

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), ForeignKey("jobseekers.sender_id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OutboxMessage(Base):
    """A message pushed to a jobseeker (a reminder, an alert digest), kept until their channel has it.

    The id gives the order and is what the receiver acknowledges; `delivered_at` stays empty until
    then, so a message survives a closed browser, a reload and a restart of the web app. Delivered
    rows are kept: they are the record of pushed messages that the widget's history shows.
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    channel: Mapped[str] = mapped_column(String(20), default="web")  # web | telegram | slack
    message: Mapped[dict] = mapped_column(JSON)  # a Rasa-style bot message: text, buttons, image, custom
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)



class JobAlert(Base):
    """A saved search: "bevaka lagerjobb i Jönköping". New matching ads reach the jobseeker as a digest.

    Made in the chat (channel web/telegram/slack, delivered through the outbox) or through the open
    API by another service (channel "webhook": the digest is POSTed to `webhook_url`). `sent_ad_ids`
    holds the ads already sent, so a digest never repeats one; `last_digest_at` keeps it to one a day.
    """

    __tablename__ = "job_alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    query: Mapped[str] = mapped_column(Text)  # what the jobseeker asked to watch, in their words
    occupation: Mapped[str | None] = mapped_column(String(255))  # a taxonomy label when recognised
    place: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(8), default="sv")
    channel: Mapped[str] = mapped_column(String(20), default="web")  # web | telegram | slack | webhook
    webhook_url: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_digest_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_ad_ids: Mapped[list] = mapped_column(JSON, default=list)


class Activity(Base):
    """Something done for the job search, logged in plain words, for the monthly activity report.

    "jag sökte jobb som kock på Hav Krog i går" is kind application, employer Hav Krog, occupation
    kock, on yesterday's date. Applications logged this way also count toward the weekly goal.
    """

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))  # application | interview | course | contact | other
    employer: Mapped[str | None] = mapped_column(String(255))
    occupation: Mapped[str | None] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)  # the jobseeker's own words
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ActivityReport(Base):
    """A month's activity report (aktivitetsrapport): drafted on the 1st, confirmed by the jobseeker.

    An unconfirmed month gets one reminder before the 14th, when Arbetsförmedlingen's deadline is.
    """

    __tablename__ = "activity_reports"
    __table_args__ = (UniqueConstraint("sender_id", "month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    month: Mapped[str] = mapped_column(String(7))  # "2026-11": the month the activities were done in
    drafted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CheckIn(Base):
    """A message the coach will send later: the weekly goal check-in, a follow-up after a practice
    interview or a handoff, the activity report's draft and deadline reminder.

    The schedule is a table rather than Rasa's in-memory reminders, so it survives restarts of every
    process, is erased and exported with the jobseeker, and several workers can share it (a row is
    claimed by setting `fired_at`). Due times are moved out of quiet hours (21–08) when scheduled.
    """

    __tablename__ = "check_ins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # weekly_goal | after_interview | after_handoff | …
    channel: Mapped[str] = mapped_column(String(20), default="web")
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    fired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

class SupplySignal(Base):
    """What a jobseeker searched for (source "search") or what their consented profile holds
    (source "profile"): one row per occupation, group or skill, with the place, for the anonymous
    supply counts of store.supply. Erased and exported with the jobseeker, like everything else."""

    __tablename__ = "supply_signals"
    # Covering indexes for the k-anonymous counts (store.supply): by concept, and within a
    # municipality or a county; with them a count over 600,000 rows takes milliseconds, not 200 ms.
    __table_args__ = (
        Index("ix_supply_signals_concept", "kind", "concept", "source", "at", "municipality_code", "region_code",
              "sender_id"),
        Index("ix_supply_signals_municipality", "municipality_code", "kind", "concept", "source", "at", "sender_id"),
        Index("ix_supply_signals_region", "region_code", "kind", "concept", "source", "at", "sender_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    source: Mapped[str] = mapped_column(String(10))  # search | profile
    kind: Mapped[str] = mapped_column(String(12))  # occupation | group | skill | place (a search with no what)
    concept: Mapped[str] = mapped_column(String(40), default="")  # taxonomy concept id or SSYK code
    municipality_code: Mapped[str | None] = mapped_column(String(8))
    region_code: Mapped[str | None] = mapped_column(String(4))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Note(Base):
    """A caseworker's note on a conversation (keyed, like everything else, by the sender id).

    Written in the console, but it is data about the jobseeker, so it lives (and is erased) here."""

    __tablename__ = "console_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    author: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Tag(Base):
    """A short label on a conversation, e.g. `uppföljning`, so caseworkers can find it again."""

    __tablename__ = "console_tags"
    __table_args__ = (UniqueConstraint("sender_id", "tag"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    tag: Mapped[str] = mapped_column(String(40))
    author: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


PER_USER_TABLES = (WeeklyGoal, ProgressEntry, SavedJob, Profile, SickReport, HandoffRequest, Reminder,
                   OutboxMessage, JobAlert, Activity, ActivityReport, CheckIn, SupplySignal, Jobseeker)
# Everything keyed by a sender id, the console's notes and tags included: what erasure must reach.
ALL_SENDER_TABLES = (Note, Tag, *PER_USER_TABLES)
