"""Coaching: kind words with one small next step, weekly goals, progress and reminders.

Messages about crisis are not answered here: the safety component gives them the intent `crisis`
and its own rule answers. Every text is a domain response (bot/domain/coaching.yml) with variations.
"""

from __future__ import annotations

from datetime import timedelta

from rasa_sdk.events import ReminderCancelled, SlotSet

from actions import clock
from actions.check_ins import plan_weekly
from actions.conversation import JobbcoachAction, latest_text, number_from, offer
from nlu.textnorm import normalise
from store.goals import add_progress, goal_for_week, latest_goal_since, set_weekly_goal
from store.jobseekers import reminders_on, set_reminders, stop_reminders

REMINDER_NAME = "jobbcoach_weekly_checkin"
GOAL_RANGE = (1, 100)
PROGRESS_RANGE = (1, 200)


def open_question(name: str) -> list:
    """An open question ("Hur många?") is the topic now, so a bare '5' answers it and refines nothing."""
    return [offer(name), SlotSet("topic", None)]


class ActionOutOfScope(JobbcoachAction):
    """Decline politely what the bot cannot do, and say what it can."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def act(self, dispatcher, tracker, domain):
        dispatcher.utter_message(response="utter_out_of_scope")
        return []


class ActionFeelingDown(JobbcoachAction):
    """Empathy and one small concrete step (both responses have several variations)."""

    def name(self) -> str:
        return "action_feeling_down"

    async def act(self, dispatcher, tracker, domain):
        dispatcher.utter_message(response="utter_feeling_down")
        dispatcher.utter_message(response="utter_small_step")
        return []


def say_goal_status(dispatcher, status, this_week: bool, welcome: bool = False) -> None:
    """'Du har sökt 2 av 5 jobb den här veckan – 3 kvar.' with a matching encouragement."""
    done, target = status.applications, status.target
    if welcome:
        dispatcher.utter_message(response="utter_welcome_back")
    if this_week:
        if done >= target:
            name = "utter_goal_reached"
        elif done == 0:
            name = "utter_goal_not_started"
        else:
            name = "utter_goal_status"
    else:
        name = "utter_last_week_goal_reached" if done >= target else "utter_last_week_goal"
    dispatcher.utter_message(response=name, done=done, target=target, left=max(target - done, 0))


class ActionSetGoal(JobbcoachAction):
    """'mitt mål är att söka 5 jobb i veckan': stored per user and week; then offers a weekly reminder."""

    def name(self) -> str:
        return "action_set_goal"

    async def act(self, dispatcher, tracker, domain):
        target = number_from(tracker)
        if target is None:
            dispatcher.utter_message(response="utter_ask_goal_number")
            return open_question("goal_number")
        if not GOAL_RANGE[0] <= target <= GOAL_RANGE[1]:
            dispatcher.utter_message(response="utter_goal_out_of_range")
            return open_question("goal_number")
        set_weekly_goal(tracker.sender_id, clock.week_start(), target, clock.now())
        dispatcher.utter_message(response="utter_goal_set", target=target)
        if reminders_on(tracker.sender_id):
            return []
        dispatcher.utter_message(response="utter_offer_reminder")
        return [offer("weekly_reminder")]


class ActionScheduleReminder(JobbcoachAction):
    """'ja' to the weekly reminder: remembered in the store, the first check-in planned a week ahead."""

    def name(self) -> str:
        return "action_schedule_reminder"

    async def act(self, dispatcher, tracker, domain):
        set_reminders(tracker.sender_id, clock.now().weekday())
        plan_weekly(tracker)
        dispatcher.utter_message(response="utter_reminder_scheduled")
        return []


class ActionStopReminders(JobbcoachAction):
    """'sluta påminna mig': every planned check-in goes, and none is planned until they ask again.

    A reminder Rasa itself still holds from before the durable schedule is cancelled too."""

    def name(self) -> str:
        return "action_stop_reminders"

    async def act(self, dispatcher, tracker, domain):
        stop_reminders(tracker.sender_id)
        dispatcher.utter_message(response="utter_reminders_stopped")
        return [ReminderCancelled(name=REMINDER_NAME)]


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


PROGRESS_RESPONSES = {"interview": "utter_progress_interview", "cv": "utter_progress_cv",
                      "other": "utter_progress_other", "application": "utter_progress_applications"}


class ActionReportProgress(JobbcoachAction):
    """'jag har sökt 3 jobb': stored, then compared with this week's goal."""

    def name(self) -> str:
        return "action_report_progress"

    async def act(self, dispatcher, tracker, domain):
        text = latest_text(tracker)
        kind = progress_kind(text)
        count = number_from(tracker)
        if count is None and not text:
            dispatcher.utter_message(response="utter_ask_progress_number")
            return open_question("progress_number")
        if kind == "other" and count is not None:
            kind = "application"  # "3" or "jag har fixat 3 idag": a bare number counts applications
        count = count or 1
        if not PROGRESS_RANGE[0] <= count <= PROGRESS_RANGE[1]:
            dispatcher.utter_message(response="utter_progress_out_of_range")
            return open_question("progress_number")
        add_progress(tracker.sender_id, kind, count, clock.now(), note=text[:500] or None)
        response = PROGRESS_RESPONSES[kind]
        if response == "utter_progress_applications" and count == 1:
            response = "utter_progress_one_application"
        dispatcher.utter_message(response=response, count=count)
        say_week(dispatcher, tracker)
        return []


class ActionWeeklyCheckIn(JobbcoachAction):
    """The weekly check-in (external event EXTERNAL_weekly_check_in from the durable schedule): how
    the week goes against the goal, and the next one planned, until the jobseeker says stop."""

    def name(self) -> str:
        return "action_weekly_check_in"

    async def act(self, dispatcher, tracker, domain):
        if not reminders_on(tracker.sender_id):
            return []  # the jobseeker said stop, or deleted their data: stay silent
        dispatcher.utter_message(response="utter_weekly_check_in")
        if not say_recent_goal(dispatcher, tracker.sender_id):
            dispatcher.utter_message(response="utter_offer_goal")
        plan_weekly(tracker)
        return []


def say_recent_goal(dispatcher, sender_id: str, welcome: bool = False) -> bool:
    """How the goal of this week (or, early in a new week, last week's) went, and what next;
    False when there is no recent goal to talk about."""
    this_week = clock.week_start()
    status = latest_goal_since(sender_id, this_week - timedelta(days=7), clock.now().tzinfo)
    if status is None:
        return False
    current = status.week_start == this_week
    say_goal_status(dispatcher, status, this_week=current, welcome=welcome)
    dispatcher.utter_message(response="utter_check_in_next" if current else "utter_check_in_new_goal")
    return True


def say_week(dispatcher, tracker) -> None:
    """This week's goal status, or the offer to set one."""
    status = goal_for_week(tracker.sender_id, clock.week_start(), clock.now().tzinfo)
    if status:
        say_goal_status(dispatcher, status, this_week=True)
    else:
        dispatcher.utter_message(response="utter_offer_goal")


# What fits after a CV answer, by its topic (the retrieval key cv_help/<topic>): a cover letter or
# references lead to a search, a thin CV to jobs without experience, the rest to matching the CV.
CV_FOLLOW_UPS = {
    "cover_letter": ("utter_offer_search_after_letter", "search_suggested", None),
    "references": ("utter_offer_search_after_letter", "search_suggested", None),
    "no_experience": ("utter_offer_search_after_experience", "search_suggested", "ingen erfarenhet krävs"),
    "gaps": ("utter_offer_search_after_experience", "search_suggested", "ingen erfarenhet krävs"),
}
DEFAULT_CV_FOLLOW_UP = ("utter_offer_match_after_cv", "match_profile", None)


def retrieval_topic(tracker, intent: str) -> str | None:
    """'structure' for cv_help/structure: which answer the response selector chose."""
    selected = ((tracker.latest_message.get("response_selector") or {}).get(intent) or {}).get("response") or {}
    key = selected.get("intent_response_key") or ""
    return key.split("/", 1)[1] if "/" in key else None


class ActionOfferAfterCvHelp(JobbcoachAction):
    """After a CV answer: a next step that fits what was just said, recorded as the offer."""

    def name(self) -> str:
        return "action_offer_after_cv_help"

    async def act(self, dispatcher, tracker, domain):
        response, made, text = CV_FOLLOW_UPS.get(retrieval_topic(tracker, "cv_help"), DEFAULT_CV_FOLLOW_UP)
        dispatcher.utter_message(response=response)
        events = [offer(made)]
        if made == "search_suggested":
            events.append(SlotSet("suggested_search", {"occupation": tracker.get_slot("occupation"), "text": text,
                                                       "location": tracker.get_slot("location")}))
        return events


class ActionOfferPractice(JobbcoachAction):
    """After an interview tip: offer a practice interview."""

    def name(self) -> str:
        return "action_offer_practice"

    async def act(self, dispatcher, tracker, domain):
        dispatcher.utter_message(response="utter_offer_practice")
        return [offer("practice_interview")]
