"""The activity report co-pilot: log what was done in plain words, list it, draft the monthly report.

Every month a jobseeker with benefit tells Arbetsförmedlingen, between the 1st and the 14th, what they
did for the job search the month before (aktivitetsrapport); a missed or thin report costs warnings
and benefit. So the coach keeps the log as things happen ("jag sökte jobb som kock på Hav Krog i går",
"ringde Securitas om ett jobb"), offers the draft on the 1st (a check-in of the durable schedule,
store/check_ins.py, fired by the web app as the external intent EXTERNAL_activity_report_draft),
reminds once before the 14th while the report is not confirmed, and stops when the jobseeker says it
is sent.

Reading a sentence: the NLU gives the intent and what it marked (occupation, employer, date); the
kind of activity and anything the NLU missed are read here with words that are data per language
(bot/languages/activity_words.yml), dates with actions/dates.py in the conversation's language.
The report itself is Swedish (it goes to Arbetsförmedlingen; its wording is
bot/languages/activity_report.yml); what the bot says around it is a response in every language.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date

from actions import clock
from actions.check_ins import CHANNEL_NAMES
from actions.conversation import JobbcoachAction, latest_entity, latest_intent, latest_text
from actions.dates import babel_locale, parse_date, say_date
from actions.search_state import occupation_label
from jobbcoach_settings import get_settings
from nlu import entity_values, languages, translated_names
from nlu.anyscript import fold_any, script_of
from store import activities, check_ins
from store.goals import add_progress, goal_for_week
from store.jobseekers import check_ins_allowed

WORDS_PATH = languages.CATALOGUE_DIR / "activity_words.yml"
REPORT_PATH = languages.CATALOGUE_DIR / "activity_report.yml"
DRAFT = "activity_report_draft"
REMINDER = "activity_report_reminder"
DEADLINE_DAY = 14           # Arbetsförmedlingen's last day for the month before
REMINDER_DAY = 10           # the one reminder: four days before the deadline, time to act
SEND_AT = time(9, 0)        # a morning message, well outside quiet hours (21–08)
LINK_DAYS = 7               # a download link's life: the reporting window's first week, then ask again
MAX_LISTED = 40             # activities in one chat message; the rest are in the report files
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
# One line back per kind (names written out: scripts/validate.sh looks for each response in actions/).
SAVED_RESPONSES = {"application": "utter_activity_saved_application", "interview": "utter_activity_saved_interview",
                   "course": "utter_activity_saved_course", "contact": "utter_activity_saved_contact",
                   "other": "utter_activity_saved_other"}
COUNTED = re.compile(r"\b(\d{1,3})\s+(jobb|ansok|tjanst|job|applic)", re.I)


# --- the words (data) ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    return yaml.safe_load(WORDS_PATH.read_text(encoding="utf-8")) or {}


def _folded(values) -> tuple[str, ...]:
    return tuple(f for f in (fold_any(str(v)) for v in values or ()) if f)


def words_for(key: str, language: str | None) -> tuple[str, ...]:
    """One list of activity_words.yml ("future", "kinds.interview"…) in Swedish and in the
    conversation's language, folded."""
    by_language: Any = _words()
    for part in key.split("."):
        by_language = (by_language or {}).get(part) or {}
    default = languages.default_code()
    extra = by_language.get(language, ()) if language and language != default else ()
    return _folded(by_language.get(default, ())) + _folded(extra)


def _has(folded: str, phrase: str, whole: bool = False) -> bool:
    """A phrase at the start of a word (or as whole words); in Arabic script also after the joined
    "and"/"so" (و, ف): "وقدمت" is "and I applied"."""
    prefix = "[وف]?" if ARABIC_LETTER.match(phrase) else ""
    end = r"\b" if whole else ""
    return re.search(rf"(?<!\w){prefix}{re.escape(phrase)}{end}", folded) is not None


@lru_cache(maxsize=1)
def report_catalogue() -> dict[str, Any]:
    """The Swedish wording of the report document (headings, kinds, row template)."""
    return yaml.safe_load(REPORT_PATH.read_text(encoding="utf-8")) or {}


# --- reading one sentence ------------------------------------------------------------------------

@dataclass(frozen=True)
class ReadActivity:
    """What one message says was done."""

    kind: str
    day: date
    employer: str | None
    occupation: str | None
    text: str
    future: bool = False      # "jag ska på intervju i morgon": not done yet


def kind_of(text: str, language: str | None) -> str:
    """application | interview | course | contact | other, by the first kind whose words occur."""
    folded = fold_any(text)
    for kind in KINDS_IN_ORDER:
        if any(_has(folded, phrase) for phrase in words_for(f"kinds.{kind}", language)):
            return kind
    return "other"


# Which kind wins when a sentence has words of several: "jag ringde ICA och fick en intervju" is an
# interview, "sökte en kurs" a course, "ringde om jobbet jag sökte" a contact.
KINDS_IN_ORDER = ("interview", "course", "contact", "application")
TOKEN = re.compile(r"[^\s,.!?;:()\"”“]+")


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper() or any(ch.isdigit() for ch in token[:1])


def _not_an_employer(run: str, today: date, language: str | None) -> bool:
    stop = {fold_any(w) for w in _words().get("not_employers") or ()}
    if fold_any(run) in stop or len(fold_any(run)) < 2:
        return True
    place = translated_names.find_place(run)
    if place is not None and fold_any(run) == fold_any(place.label):
        return True  # "Malmö", "Stockholm": a place, not an employer
    return parse_date(run, today, "past", language) is not None  # "Monday", "November"


def employer_of(text: str, language: str | None, today: date, entities: list[dict] | None = None,
                skip: tuple[str, ...] = ()) -> str | None:
    """The employer: the NLU's `employer` entity, else a name in the sentence.

    A name is a run of capitalised words that does not open the sentence ("ringde Securitas", "på Hav
    Krog"), or Latin letters in an Arabic-script or Cyrillic message ("في ICA"), or the words after
    a cue like "hos"/"at"/"شركة" even in lower case ("sökte jobb hos ica"). Places, dates and the
    occupation are not employers."""
    for entity in entities or ():
        if entity.get("entity") == "employer" and str(entity.get("value") or "").strip():
            return str(entity["value"]).strip()
    skipped = {fold_any(s) for s in skip if s} | set(words_for("stop_words", language))
    cue_words = tuple(w for kind in KINDS_IN_ORDER for w in words_for(f"kinds.{kind}", language))
    script = script_of(text)
    runs: list[list[str]] = []
    current: list[str] = []
    for found in TOKEN.finditer(text):
        token, folded = found.group(), fold_any(found.group())
        opens_sentence = not text[:found.start()].strip() or text[:found.start()].rstrip()[-1] in ".!?"
        latin_in_other_script = script in ("arabic", "cyrillic") and script_of(token) == "latin"
        take = latin_in_other_script if script == "arabic" else (
            (not opens_sentence and _is_capitalised(token)) or latin_in_other_script)
        if take and folded not in skipped and not any(_has(folded, cue) for cue in cue_words):
            current.append(token)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    for run in runs:
        name = " ".join(run)
        if not _not_an_employer(name, today, language):
            return name
    return _after_cue(text, language, skipped)


def _after_cue(text: str, language: str | None, skipped: set[str]) -> str | None:
    """'sökte jobb hos ica i går' -> 'ica': up to three words after a cue, until a stop word."""
    original = [word for word in text.split() if fold_any(word)]
    folded_words = [fold_any(word) for word in original]
    stops = set(words_for("stop_words", language))
    for cue in sorted(words_for("employer_cues", language), key=len, reverse=True):
        cue_words = cue.split()
        for i in range(len(folded_words) - len(cue_words)):
            if folded_words[i:i + len(cue_words)] != cue_words:
                continue
            taken = []
            for word, folded in zip(original[i + len(cue_words):], folded_words[i + len(cue_words):], strict=True):
                if folded in stops or folded in skipped or len(taken) == 3:
                    break
                taken.append(word.strip(",.!?"))
            if taken:
                return " ".join(taken)
    return None


def occupation_of(text: str, language: str | None, entities: list[dict] | None = None,
                  employer: str | None = None) -> str | None:
    """The occupation as the job search names it: the NLU's entity through the taxonomy, else one
    the taxonomy (with the names in other languages) finds in the sentence without the employer."""
    for entity in entities or ():
        if entity.get("entity") == "occupation" and entity.get("value"):
            return occupation_label(str(entity.get("raw_value") or entity["value"]))
    rest = text.replace(employer, " ") if employer else text
    found = translated_names.find_occupation(rest, translated_first=language not in (None, "sv"))
    if found is None:
        return None
    # "kock" reads as "Kock, à la carte" in the taxonomy: say it as the jobseeker did when it is theirs
    first = found.label.split(",")[0].strip()
    return first if fold_any(first) in fold_any(rest) else found.label


def day_of(text: str, today: date, language: str | None, entities: list[dict] | None = None,
           employer: str | None = None) -> date | None:
    """The date the activity was done, read in the conversation's language (None: none written)."""
    for entity in entities or ():
        if entity.get("entity") == "date" and entity.get("value"):
            found = parse_date(str(entity["value"]), today, "past", language)
            if found:
                return found
    rest = text.replace(employer, " ") if employer else text
    found = parse_date(rest, today, "past", language)
    if found:
        return found
    folded = fold_any(rest)
    table = (_words().get("days_ago") or {}).get(language or "") or {}
    for phrase, days in sorted(table.items(), key=lambda item: -len(str(item[0]))):
        if _has(folded, fold_any(str(phrase)), whole=True):
            return today - timedelta(days=int(days))
    return None


def read_activity(text: str, today: date, language: str | None = None,
                  entities: list[dict] | None = None) -> ReadActivity:
    """Everything one sentence says: kind, day (today when none is written), employer, occupation."""
    kind = kind_of(text, language)
    occupation = occupation_of(text, language, entities) if kind != "course" else None
    occupation_words = tuple(w for w in (occupation or "").replace(",", " ").split())
    employer = employer_of(text, language, today, entities, skip=occupation_words)
    if kind != "course" and employer:
        occupation = occupation_of(text, language, entities, employer) or occupation
    day = day_of(text, today, language, entities, employer)
    folded = fold_any(text)
    future = (day is not None and day > today) or (
        (day is None or day >= today) and any(_has(folded, w, whole=True) for w in words_for("future", language)))
    return ReadActivity(kind, day or today, employer, occupation, text.strip(), future)


def counted_applications(tracker, text: str) -> int | None:
    """"jag sökte 3 jobb": a count of applications (the number entity or digits before "jobb")."""
    entity = latest_entity(tracker, "number")
    if entity:
        value = entity_values.canonical_number(str(entity["value"]))
        if value and value.isdigit():
            return int(value)
    found = COUNTED.search(fold_any(text))
    return int(found[1]) if found else None


# --- saying things back --------------------------------------------------------------------------

def month_name(month: str, language: str | None) -> str:
    """"november 2026", "November 2026", "листопад 2026": the month in the conversation's language."""
    first, _ = activities.month_bounds(month)
    return format_date(first, "LLLL yyyy", locale=babel_locale(language))


def deadline_of(month: str) -> date:
    """The 14th of the month after: the last day to report `month`."""
    _, next_first = activities.month_bounds(month)
    return next_first.replace(day=DEADLINE_DAY)


def month_asked(text: str, today: date, language: str | None) -> str | None:
    """The month a question names: "förra månaden", "last month", "i oktober"; None when none."""
    folded = fold_any(text)
    if any(_has(folded, phrase, whole=True) for phrase in words_for("last_month", language)):
        return activities.previous_month(today)
    for number, (stem, whole) in month_words(language):
        if _has(folded, stem, whole=whole):
            year = today.year if number <= today.month else today.year - 1
            return f"{year:04d}-{number:02d}"
    return None


@lru_cache(maxsize=16)
def month_words(language: str | None) -> tuple[tuple[int, tuple[str, bool]], ...]:
    """(month, (word, whole word?)) from CLDR's month names in the language and in Swedish.

    Where the names are inflected ("жовтня", "жовтень", and the jobseeker writes "у жовтні"), the
    stem they share is matched at the start of a word; otherwise the whole name."""
    ignored = set(_folded(_words().get("not_months")))
    found: list[tuple[int, tuple[str, bool]]] = []
    for code in dict.fromkeys([language or languages.default_code(), languages.default_code()]):
        names = Locale.parse(code).months
        for number in range(1, 13):
            forms = {fold_any(str(names[width]["wide"][number])) for width in ("format", "stand-alone")}
            stem = os.path.commonprefix(sorted(forms))
            if len(forms) > 1 and len(stem) >= 4:
                found.append((number, (stem, False)))
            else:
                found += [(number, (form, True)) for form in forms if form not in ignored]
    return tuple(found)


def kind_label(kind: str, language: str | None) -> str:
    labels = (_words().get("labels") or {}).get(kind) or {}
    return labels.get(language) or labels.get(languages.default_code()) or kind


def list_lines(rows: list[activities.LoggedActivity], language: str | None) -> str:
    """One line per activity: '30 nov. · Sökt jobb · Kock · Hav Krog' (labels per language, data as stored)."""
    lines = []
    for row in rows[:MAX_LISTED]:
        parts = [format_date(row.day, "d MMM", locale=babel_locale(language)), kind_label(row.kind, language)]
        parts += [p for p in (row.occupation, row.employer) if p]
        if not row.occupation and not row.employer:
            parts.append(row.text[:80])
        lines.append("• " + " · ".join(parts))
    return "\n".join(lines)


def report_text(month: str, rows: list[activities.LoggedActivity]) -> str:
    """The draft as text to copy into Arbetsförmedlingen's form: Swedish, one line per activity."""
    catalogue = report_catalogue()
    lines = [catalogue["title"], catalogue["period"].format(month=month_name(month, "sv")), ""]
    for number, row in enumerate(activities.document_rows(rows, catalogue), 1):
        lines.append(catalogue["text_row"].format(nr=number, **row))
    return "\n".join(lines)


# --- the download links --------------------------------------------------------------------------

def link_secret() -> str | None:
    """The secret the web app checks links with: JOBBCOACH_INTERNAL_TOKEN, else var/internal_token
    (web/push.py makes the file when the run command has not). None when neither exists yet."""
    settings = get_settings()
    if settings.internal_token_env:
        return settings.internal_token_env
    try:
        return settings.internal_token_file.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def public_web_url() -> str:
    """Where jobseekers reach the web app (JOBBCOACH_PUBLIC_URL): links in the chat must be absolute,
    and a Telegram or Slack user follows them from outside this machine."""
    return get_settings().public_url.rstrip("/")


def download_links(report: activities.ReportStatus, now: datetime) -> dict[str, str] | None:
    """{"pdf": url, "csv": url}, signed and valid for LINK_DAYS; None without a secret."""
    secret = link_secret()
    if not secret:
        return None
    expires = int((now + timedelta(days=LINK_DAYS)).timestamp())
    signature = activities.link_signature(secret, report, expires)
    base = public_web_url()
    return {fmt: base + activities.download_path(report.id, fmt, expires, signature) for fmt in ("pdf", "csv")}


# --- the schedule --------------------------------------------------------------------------------

def channel_of(tracker) -> str:
    """The jobseeker's channel for a later check-in: the last message they typed themselves (an
    external event has no input channel of its own)."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user" and event.get("input_channel"):
            return CHANNEL_NAMES.get(event["input_channel"], event["input_channel"])
    channel = tracker.get_latest_input_channel()
    return CHANNEL_NAMES.get(channel, channel)


def at_morning(day: date) -> datetime:
    return datetime.combine(day, SEND_AT, tzinfo=clock.now().tzinfo)


def first_of_next_month(today: date) -> date:
    return activities.month_bounds(activities.month_of(today))[1]


def plan_draft(tracker, today: date) -> None:
    """After a logged activity: the draft of this month's report on the 1st of the next, 09:00."""
    if check_ins_allowed(tracker.sender_id):
        check_ins.schedule(tracker.sender_id, DRAFT, at_morning(first_of_next_month(today)), channel_of(tracker))


def plan_reminder(tracker, month: str, today: date) -> None:
    """The one reminder before the deadline: on the 10th, or the next morning when the draft came later."""
    deadline = deadline_of(month)
    due = deadline.replace(day=REMINDER_DAY)
    if due <= today:
        due = today + timedelta(days=1)
    if due < deadline and check_ins_allowed(tracker.sender_id):
        check_ins.schedule(tracker.sender_id, REMINDER, at_morning(due), channel_of(tracker))


def is_external(tracker) -> bool:
    """The turn is a check-in fired by the schedule, not something the jobseeker wrote."""
    message = tracker.latest_message or {}
    return ((latest_intent(tracker) or "").startswith("EXTERNAL_") or (message.get("text") or "").startswith("EXTERNAL:")
            or bool((message.get("metadata") or {}).get("is_external")))


# --- the actions ---------------------------------------------------------------------------------

class ActionLogActivity(JobbcoachAction):
    """'jag sökte jobb som kock på Hav Krog i går': stored, said back in one line, counted toward
    the weekly goal when it is an application, and the month's report draft planned."""

    def name(self) -> str:
        return "action_log_activity"

    async def act(self, dispatcher, tracker, domain):
        text, language = latest_text(tracker), tracker.get_slot("language")
        today, now = clock.today(), clock.now()
        if not text:
            dispatcher.utter_message(response="utter_ask_activity")
            return []
        entities = tracker.latest_message.get("entities") or []
        read = read_activity(text, today, language, entities)
        if read.future:
            dispatcher.utter_message(response="utter_activity_not_yet", day=say_date(read.day, today, language))
            return []
        earliest = activities.month_bounds(activities.previous_month(today))[0]
        if read.day < earliest:
            dispatcher.utter_message(response="utter_activity_too_old", day=say_date(read.day, today, language))
            return []
        count = counted_applications(tracker, text)
        if read.kind in ("application", "other") and not read.employer and count and count > 1:
            add_progress(tracker.sender_id, "application", min(count, 200), now, note=text[:500])
            dispatcher.utter_message(response="utter_activity_several", count=count)
            return []
        activities.log_activity(tracker.sender_id, read.day, read.kind, read.text, employer=read.employer,
                                occupation=read.occupation, at=now)
        details = " · ".join(p for p in (read.occupation, read.employer) if p) or read.text[:80]
        dispatcher.utter_message(response=SAVED_RESPONSES[read.kind], details=details,
                                 day=say_date(read.day, today, language))
        if read.kind == "application":
            when = now if read.day == today else datetime.combine(read.day, time(12), tzinfo=now.tzinfo)
            add_progress(tracker.sender_id, "application", 1, when, note=text[:500])
            status = goal_for_week(tracker.sender_id, clock.week_start(), now.tzinfo)
            if status and read.day >= clock.week_start():
                dispatcher.utter_message(response="utter_activity_goal_progress", done=status.applications,
                                         target=status.target)
        plan_draft(tracker, today)
        return []


class ActionListActivities(JobbcoachAction):
    """'vad har jag gjort den här månaden?': this month's (or the named month's) activities."""

    def name(self) -> str:
        return "action_list_activities"

    async def act(self, dispatcher, tracker, domain):
        language, today = tracker.get_slot("language"), clock.today()
        month = month_asked(latest_text(tracker), today, language) or activities.month_of(today)
        rows = activities.activities_in_month(tracker.sender_id, month)
        if not rows:
            dispatcher.utter_message(response="utter_no_activities", month=month_name(month, language))
            return []
        dispatcher.utter_message(response="utter_activities_list", month=month_name(month, language),
                                 count=len(rows), lines=list_lines(rows, language))
        return []


def report_month(tracker, today: date, language: str | None) -> str:
    """Which month a draft is about: the one named; else the month before while its report is due
    (1st–14th) and not sent; else this month so far."""
    if is_external(tracker):
        return activities.previous_month(today)
    named = month_asked(latest_text(tracker), today, language)
    if named:
        return named
    previous = activities.previous_month(today)
    status = activities.report_status(tracker.sender_id, previous)
    if today.day <= DEADLINE_DAY and not (status and status.confirmed_at):
        return previous
    return activities.month_of(today)


class ActionActivityReportDraft(JobbcoachAction):
    """The draft of a month's activity report: the text to copy and signed links to the PDF and CSV.

    On the 1st it comes by itself (EXTERNAL_activity_report_draft), unless the jobseeker said stop,
    already confirmed the month, or has nothing logged for it; then it says nothing."""

    def name(self) -> str:
        return "action_activity_report_draft"

    async def act(self, dispatcher, tracker, domain):
        language, today, now = tracker.get_slot("language"), clock.today(), clock.now()
        external = is_external(tracker)
        if external and not check_ins_allowed(tracker.sender_id):
            return []
        month = report_month(tracker, today, language)
        status = activities.report_status(tracker.sender_id, month)
        rows = activities.activities_in_month(tracker.sender_id, month)
        if external and ((status and status.confirmed_at) or not rows):
            return []
        if not rows:
            dispatcher.utter_message(response="utter_activity_report_empty", month=month_name(month, language))
            return []
        status = activities.mark_drafted(tracker.sender_id, month, now)
        dispatcher.utter_message(response="utter_activity_report_draft", month=month_name(month, language),
                                 deadline=format_date(deadline_of(month), "d MMMM", locale=babel_locale(language)),
                                 report=report_text(month, rows))
        links = download_links(status, now)
        if links:
            # the month still going on cannot be reported yet: no "I have sent it" under its draft
            files = "utter_activity_report_files_preview" if month >= activities.month_of(today) \
                else "utter_activity_report_files"
            dispatcher.utter_message(response=files, pdf_url=links["pdf"], csv_url=links["csv"], days=LINK_DAYS)
        else:
            dispatcher.utter_message(response="utter_activity_report_no_files")
        if month == activities.previous_month(today) and not status.confirmed_at:
            plan_reminder(tracker, month, today)
        return []


class ActionConfirmActivityReport(JobbcoachAction):
    """'klart, jag har skickat den': the month's report is confirmed, its reminder cancelled.

    Which month: the one named, else the latest draft shown and not confirmed (of last month or
    earlier), else last month. The answer names it, so a misunderstanding shows at once."""

    def name(self) -> str:
        return "action_confirm_activity_report"

    async def act(self, dispatcher, tracker, domain):
        language, today = tracker.get_slot("language"), clock.today()
        previous = activities.previous_month(today)
        open_draft = activities.latest_open_draft(tracker.sender_id, previous)
        month = month_asked(latest_text(tracker), today, language) or (open_draft.month if open_draft else previous)
        status, already = activities.confirm_report(tracker.sender_id, month, clock.now())
        check_ins.cancel(tracker.sender_id, [REMINDER])
        if already:
            dispatcher.utter_message(response="utter_activity_report_already_confirmed",
                                     month=month_name(month, language))
        else:
            dispatcher.utter_message(response="utter_activity_report_confirmed", month=month_name(month, language))
        return []


class ActionActivityReportReminder(JobbcoachAction):
    """Before the 14th, once (EXTERNAL_activity_report_reminder): the report is not confirmed yet.

    Silent when it was confirmed, the jobseeker said stop, or nothing is left of them (erased)."""

    def name(self) -> str:
        return "action_activity_report_reminder"

    async def act(self, dispatcher, tracker, domain):
        language, today = tracker.get_slot("language"), clock.today()
        if not check_ins_allowed(tracker.sender_id):
            return []
        month = activities.previous_month(today)
        status = activities.report_status(tracker.sender_id, month)
        if status is None or status.confirmed_at or today > deadline_of(month):
            return []
        dispatcher.utter_message(response="utter_activity_report_reminder", month=month_name(month, language),
                                 deadline=format_date(deadline_of(month), "d MMMM", locale=babel_locale(language)))
        return []
