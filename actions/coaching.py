"""Coaching: kind words with one small next step, weekly goals, progress and reminders.

Messages about suicide, self-harm or acute danger never reach these actions: the safety component
(nlu/components/safety.py) turns them into the intents crisis / crisis_uncertain, which the safety
rules answer (actions/safety.py).
"""

from __future__ import annotations

import random
from datetime import timedelta

from rasa_sdk.events import ReminderScheduled

from actions import clock
from actions.conversation import JobbcoachAction, ask, clear_question, latest_text, number_from
from nlu.textnorm import normalise

SMALL_STEPS = [
    "Ett litet steg idag: skriv ner tre saker du är bra på. Det hjälper både i CV:t och i självkänslan.",
    "Ett litet steg idag: välj en enda annons som verkar intressant och läs den noga. Inget mer.",
    "Ett litet steg idag: ta en promenad och gör sedan en sak i jobbsökandet – till exempel uppdatera en rad i CV:t.",
    "Ett litet steg idag: hör av dig till en person du känner och berätta vad du letar efter. Många jobb hittas så.",
]
FEELING_DOWN_OPENINGS = [
    "Det är helt förståeligt att det känns tungt. Att söka jobb tar mycket energi, och nej-svar säger inget om "
    "ditt värde som människa.",
    "Tack för att du berättar. Många som söker jobb känner precis så, och det är okej att ha en dålig dag.",
]


class ActionOutOfScope(JobbcoachAction):
    """Decline what the bot cannot do."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def act(self, dispatcher, tracker, domain):
        dispatcher.utter_message(response="utter_out_of_scope")
        return []


class ActionFeelingDown(JobbcoachAction):
    """Empathy and one small concrete step."""

    def name(self) -> str:
        return "action_feeling_down"

    async def act(self, dispatcher, tracker, domain):
        chooser = random.Random(f"{tracker.sender_id}:{len(tracker.events)}")
        dispatcher.utter_message(text=f"{chooser.choice(FEELING_DOWN_OPENINGS)}\n\n{chooser.choice(SMALL_STEPS)}",
                                 buttons=[{"title": "Sätt ett litet veckomål", "payload": "/set_goal"},
                                          {"title": "Prata med en människa", "payload": "/human_handoff"}])
        return [clear_question()]


def goal_status_text(status, this_week: bool) -> str:
    """'Du har sökt 2 av 5 jobb den här veckan – 3 kvar.' with a matching encouragement."""
    when = "den här veckan" if this_week else "förra veckan"
    done, target = status.applications, status.target
    if done >= target:
        return f"Du har sökt {done} av {target} jobb {when} – du har nått ditt mål! Riktigt starkt jobbat."
    if this_week:
        left = target - done
        cheer = "Bra början!" if done else "Du har hela veckan på dig."
        return f"Du har sökt {done} av {target} jobb {when}. {cheer} {left} kvar till målet."
    return (f"Förra veckan var målet {target} ansökningar och du rapporterade {done}. Varje ansökan räknas – "
            "vill du sätta ett nytt mål för den här veckan?")


class ActionSetGoal(JobbcoachAction):
    """'mitt mål är att söka 5 jobb i veckan': stored per user and week; then offers a weekly reminder."""

    def name(self) -> str:
        return "action_set_goal"

    async def act(self, dispatcher, tracker, domain):
        from store.goals import set_weekly_goal
        from store.jobseekers import reminders_on

        target = number_from(tracker)
        if target is None:
            dispatcher.utter_message(text="Vad roligt att du vill sätta ett mål! Hur många jobb vill du söka den "
                                          "här veckan? Skriv ett antal, till exempel 5.",
                                     buttons=[{"title": str(n), "payload": f'/inform{{"number": "{n}"}}'}
                                              for n in (3, 5, 10)])
            return [ask("goal_number")]
        if not 1 <= target <= 100:
            dispatcher.utter_message(text="Välj gärna ett mål mellan 1 och 100 ansökningar i veckan. Hur många blir det?")
            return [ask("goal_number")]
        set_weekly_goal(tracker.sender_id, clock.week_start(), target, clock.now())
        text = (f"Toppen! Ditt mål är {target} ansökningar den här veckan. Berätta för mig när du har sökt något, "
                "till exempel ”jag har sökt 2 jobb”, så håller jag räkningen.")
        if reminders_on(tracker.sender_id):
            dispatcher.utter_message(text=text)
            return [clear_question()]
        dispatcher.utter_message(text=text + " Vill du att jag påminner dig en gång i veckan?",
                                 buttons=[{"title": "Ja, påminn mig", "payload": "/affirm"},
                                          {"title": "Nej tack", "payload": "/deny"}])
        return [ask("weekly_reminder")]


def progress_kind(text: str) -> str:
    """application | interview | cv | other: only applications count towards the weekly goal."""
    folded = normalise(text)
    if "intervju" in folded:
        return "interview"
    if any(word in folded for word in ("sokt", "sokte", "ansok", "skickat", "skickade", "applicerat")):
        return "application"
    if "cv" in folded.split() or "cvt" in folded.split() or "personligt brev" in folded:
        return "cv"
    return "other"


class ActionReportProgress(JobbcoachAction):
    """'jag har sökt 3 jobb': stored, then compared with this week's goal. Also the weekly reminder's turn."""

    def name(self) -> str:
        return "action_report_progress"

    async def act(self, dispatcher, tracker, domain):
        from store.goals import add_progress, goal_for_week

        raw = tracker.latest_message.get("text") or ""
        from_reminder = raw.startswith("EXTERNAL:") or bool((tracker.latest_message.get("metadata") or {})
                                                             .get("is_external"))
        text = latest_text(tracker)
        week = clock.week_start()
        tz = clock.now().tzinfo
        lines = []
        if not from_reminder:
            kind = progress_kind(text)
            count = number_from(tracker)
            if count is None and not text:
                dispatcher.utter_message(text="Vad bra att du hör av dig! Hur många jobb har du sökt sedan sist?",
                                         buttons=[{"title": str(n), "payload": f'/inform{{"number": "{n}"}}'}
                                                  for n in (1, 2, 3, 5)])
                return [ask("progress_number")]
            if kind == "other" and count is not None:
                kind = "application"  # "3" or "jag har fixat 3 idag": a bare number counts applications
            count = count or 1
            if not 1 <= count <= 200:
                dispatcher.utter_message(text="Det lät som väldigt många! Hur många jobb har du sökt sedan sist?")
                return [ask("progress_number")]
            add_progress(tracker.sender_id, kind, count, clock.now(), note=text[:500] or None)
            lines.append({"interview": "En intervju – vad kul! Lycka till, och vill du öva innan så säg till.",
                          "cv": "Snyggt att du har jobbat med CV:t – det lönar sig.",
                          "other": "Vad bra att du håller igång!"}.get(
                kind, f"Bra jobbat! Jag har noterat {count} {'ansökan' if count == 1 else 'ansökningar'}."))
        else:
            from store.jobseekers import reminders_on

            if not reminders_on(tracker.sender_id):
                return []  # the jobseeker said stop, or deleted their data: stay silent
            lines.append("Hej! Det är dags för veckans koll.")
        status = goal_for_week(tracker.sender_id, week, tz)
        if status:
            lines.append(goal_status_text(status, this_week=True))
            buttons = None
        else:
            lines.append("Vill du sätta ett veckomål? Det gör det lättare att se hur mycket du faktiskt gör.")
            buttons = [{"title": "Sätt ett veckomål", "payload": "/set_goal"}]
        dispatcher.utter_message(text=" ".join(lines), buttons=buttons)
        # A reminder schedules the next one, so "en gång i veckan" keeps going until the user says stop.
        return [clear_question(), weekly_reminder()] if from_reminder else [clear_question()]


REMINDER_NAME = "jobbcoach_weekly_checkin"


def weekly_reminder() -> ReminderScheduled:
    """A Rasa reminder one week from now that asks for progress (intent report_progress, no text)."""
    return ReminderScheduled("report_progress", trigger_date_time=clock.now() + timedelta(days=7),
                             name=REMINDER_NAME, kill_on_user_message=False)
