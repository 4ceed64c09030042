"""Answers to the bot's own follow-up questions: 'ja', 'nej', 'avbryt' and short replies like '5' or 'Umeå'.

See actions.conversation: the asking action set `pending_question`; here each question gets its
answer. Without a fresh question, 'ja' and 'nej' get a friendly nudge and nothing is done.
"""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.conversation import (
    JobbcoachAction,
    clear_question,
    latest_entity,
    latest_intent,
    latest_text,
    pending_question,
)
from nlu.textnorm import normalise

MENU_BUTTONS = [
    {"title": "Söka jobb", "payload": "/search_jobs"},
    {"title": "Öva intervju", "payload": "/practice_interview"},
    {"title": "Sätta ett veckomål", "payload": "/set_goal"},
    {"title": "Sjukanmäla mig", "payload": "/report_sick"},
]


class ActionAnswerYesNo(JobbcoachAction):
    """affirm / deny / stop, routed by the question just asked."""

    def name(self) -> str:
        return "action_answer_yes_no"

    async def act(self, dispatcher, tracker, domain):
        question = pending_question(tracker)
        yes = latest_intent(tracker) == "affirm"
        handler = YES_HANDLERS.get(question) if yes else NO_HANDLERS.get(question)
        if handler is None and not yes and "pamin" in normalise(latest_text(tracker)):
            handler = _stop_reminders  # "sluta påminna mig"
        if handler is None:
            if yes:
                dispatcher.utter_message(text="Vad vill du göra?", buttons=MENU_BUTTONS)
            else:
                dispatcher.utter_message(text="Okej! Säg till om det är något annat jag kan hjälpa dig med.",
                                         buttons=MENU_BUTTONS)
            return [clear_question()]
        events = await handler(dispatcher, tracker, domain)
        return [clear_question(), *events]


async def _schedule_reminder(dispatcher, tracker, domain):
    from actions import clock
    from actions.coaching import weekly_reminder
    from store.jobseekers import set_reminders

    set_reminders(tracker.sender_id, clock.now().weekday())
    dispatcher.utter_message(text="Då gör vi så! Jag hör av mig om en vecka och frågar hur det har gått. "
                                  "Vill du sluta få påminnelser, skriv ”sluta påminna mig”.")
    return [weekly_reminder()]


async def _stop_reminders(dispatcher, tracker, domain):
    from rasa_sdk.events import ReminderCancelled

    from actions.coaching import REMINDER_NAME
    from store.jobseekers import stop_reminders

    stop_reminders(tracker.sender_id)
    dispatcher.utter_message(text="Okej, jag slutar påminna dig. Säg till om du vill ha påminnelser igen – "
                                  "det gör du när du sätter ett nytt veckomål.")
    return [ReminderCancelled(name=REMINDER_NAME)]


async def _no_reminder(dispatcher, tracker, domain):
    dispatcher.utter_message(text="Okej, ingen påminnelse. Hör av dig när du har sökt något, så räknar jag.")
    return []


async def _save_profile(dispatcher, tracker, domain):
    from actions.profile_match import save_candidate_profile

    if save_candidate_profile(tracker):
        dispatcher.utter_message(text="Sparat! Nästa gång räcker det att skriva ”vilka jobb passar mig”. Du kan "
                                      "när som helst skriva ”ta med din profil” eller ”radera min profil”.")
    else:
        dispatcher.utter_message(text="Jag hittar ingen text att spara. Beskriv din erfarenhet så matchar jag igen.")
    return [SlotSet("profile_candidate", None)]


async def _dont_save_profile(dispatcher, tracker, domain):
    dispatcher.utter_message(text="Okej, jag sparar ingenting. Det du skrev används bara för den här matchningen.")
    return [SlotSet("profile_candidate", None)]


async def _delete_all(dispatcher, tracker, domain):
    from actions.privacy import delete_all

    return delete_all(dispatcher, tracker)


async def _delete_profile(dispatcher, tracker, domain):
    from actions.privacy import delete_profile

    return delete_profile(dispatcher, tracker)


async def _keep_data(dispatcher, tracker, domain):
    dispatcher.utter_message(text="Bra, jag raderar ingenting. Allt finns kvar som förut.")
    return []


async def _search_later(dispatcher, tracker, domain):
    dispatcher.utter_message(text="Okej! Säg till när du vill söka, till exempel ”jobb som kock i Malmö”.")
    return []


async def _goal_later(dispatcher, tracker, domain):
    dispatcher.utter_message(text="Inga problem, vi kan sätta ett mål en annan gång.")
    return []


YES_HANDLERS = {
    "weekly_reminder": _schedule_reminder,
    "save_profile": _save_profile,
    "delete_all": _delete_all,
    "delete_profile": _delete_profile,
}
NO_HANDLERS = {
    "weekly_reminder": _no_reminder,
    "save_profile": _dont_save_profile,
    "delete_all": _keep_data,
    "delete_profile": _keep_data,
    "search_what": _search_later,
    "goal_number": _goal_later,
    "progress_number": _goal_later,
    "demand_place": _search_later,
}


class ActionAnswerInform(JobbcoachAction):
    """A short reply ('5', 'Umeå', 'snickare') to the question asked, else the most likely meaning."""

    def name(self) -> str:
        return "action_answer_inform"

    async def act(self, dispatcher, tracker, domain):
        from actions.coaching import ActionReportProgress, ActionSetGoal
        from actions.job_search import ActionSearchJobs
        from actions.labour_demand import ActionLabourDemand

        question = pending_question(tracker)
        routes = {"goal_number": ActionSetGoal, "progress_number": ActionReportProgress,
                  "demand_place": ActionLabourDemand, "search_what": ActionSearchJobs}
        if question in routes:
            return await routes[question]().act(dispatcher, tracker, domain)
        if latest_entity(tracker, "occupation") or latest_entity(tracker, "location"):
            return await ActionSearchJobs().act(dispatcher, tracker, domain)
        if latest_entity(tracker, "sick_type") or latest_entity(tracker, "date"):
            dispatcher.utter_message(text="Vill du sjukanmäla dig eller anmäla vab?",
                                     buttons=[{"title": "Ja, sjukanmäla mig", "payload": "/report_sick"},
                                              {"title": "Nej", "payload": "/deny"}])
            return []
        dispatcher.utter_message(text="Jag är inte säker på vad du menar. Det här kan jag hjälpa dig med:",
                                 buttons=MENU_BUTTONS)
        return [clear_question()]
