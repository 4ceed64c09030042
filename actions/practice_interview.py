"""Practice interview: a form of five questions, feedback after each answer, a summary at the end.

The questions are chosen once, when the first one is asked (general ones, plus ones for the
jobseeker's occupation when known), and kept in a slot so they stay the same for the whole practice.
'avbryt' stops at any point (a rule runs action_stop_practice_interview).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import JobbcoachAction
from actions.interview_coach import QUESTION_COUNT, AnswerFeedback, choose_questions, feedback_for, summary
from actions.search_state import short_occupation

ANSWER_SLOTS = tuple(f"interview_answer_{i}" for i in range(1, QUESTION_COUNT + 1))


def reset_practice() -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in ANSWER_SLOTS] + [SlotSet("interview_questions", None)]


def questions_for(tracker: Tracker) -> list[str]:
    return list(tracker.get_slot("interview_questions") or []) or choose_questions(tracker.get_slot("occupation"))


class AskInterviewQuestion(JobbcoachAction, ABC):
    """action_ask_interview_answer_<n>: asks question n (and introduces the practice before the first).

    One small class per question, at module level: the action server's workers are spawned processes,
    and Sanic pickles every registered action, which rules out classes made inside a function."""

    @property
    @abstractmethod
    def number(self) -> int:
        """Which question (1–5); a plain class attribute in each subclass."""

    def name(self) -> str:
        return f"action_ask_interview_answer_{self.number}"

    async def act(self, dispatcher, tracker, domain):
        questions = questions_for(tracker)
        if self.number == 1:
            occupation = tracker.get_slot("occupation")
            role = f" för ett jobb som {short_occupation(occupation).lower()}" if occupation else ""
            dispatcher.utter_message(
                text=(f"Roligt att du vill öva! Jag ställer {QUESTION_COUNT} frågor{role}, en i taget, och "
                      "ger dig tips efter varje svar. Svara som du skulle göra på en riktig intervju. "
                      "Skriv ”avbryt” när du vill sluta."))
        dispatcher.utter_message(text=f"Fråga {self.number} av {QUESTION_COUNT}: {questions[self.number - 1]}")
        return [SlotSet("interview_questions", questions)]


class ActionAskInterviewAnswer1(AskInterviewQuestion):
    number = 1


class ActionAskInterviewAnswer2(AskInterviewQuestion):
    number = 2


class ActionAskInterviewAnswer3(AskInterviewQuestion):
    number = 3


class ActionAskInterviewAnswer4(AskInterviewQuestion):
    number = 4


class ActionAskInterviewAnswer5(AskInterviewQuestion):
    number = 5


class ValidatePracticeInterviewForm(FormValidationAction):
    """Every answer is accepted (there are no wrong answers in practice); it gets feedback."""

    def name(self) -> str:
        return "validate_practice_interview_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        events = []
        just_answered = tracker.slots_to_validate()
        for slot in ANSWER_SLOTS:
            # Only the question just asked gets feedback: a form resumed after a pause (the safety
            # net) re-validates earlier answers, which must not be commented on again.
            if slot != tracker.get_slot("requested_slot"):
                continue
            value = just_answered.get(slot)
            if value is not None:
                answer = str(value).strip()
                if not answer:
                    dispatcher.utter_message(text="Jag fick inget svar. Prova att svara med några meningar.")
                    events.append(SlotSet(slot, None))
                    continue
                dispatcher.utter_message(text=feedback_for(answer).text)
        return events


class ActionPracticeInterviewSummary(JobbcoachAction):
    """After the fifth answer: what went well and what to practise."""

    def name(self) -> str:
        return "action_practice_interview_summary"

    async def run(self, dispatcher, tracker, domain):
        events = await super().run(dispatcher, tracker, domain)
        return events + reset_practice()

    async def act(self, dispatcher, tracker, domain):
        feedbacks: list[AnswerFeedback] = [feedback_for(str(tracker.get_slot(slot)))
                                           for slot in ANSWER_SLOTS if tracker.get_slot(slot)]
        dispatcher.utter_message(text=summary(feedbacks),
                                 buttons=[{"title": "Öva igen", "payload": "/practice_interview"},
                                          {"title": "Tips inför intervjun", "payload": "Vad ska jag tänka på inför en intervju?"}])
        return []


class ActionStopPracticeInterview(JobbcoachAction):
    """'avbryt' during the practice: stop kindly, with a summary of what was answered."""

    def name(self) -> str:
        return "action_stop_practice_interview"

    async def run(self, dispatcher, tracker, domain):
        events = await super().run(dispatcher, tracker, domain)
        return events + reset_practice()

    async def act(self, dispatcher, tracker, domain):
        answered = [feedback_for(str(tracker.get_slot(slot))) for slot in ANSWER_SLOTS if tracker.get_slot(slot)]
        text = "Okej, vi avbryter övningen här."
        if answered:
            text += " " + summary(answered)
        else:
            text += " Du kan börja igen när du vill – skriv ”öva intervju”."
        dispatcher.utter_message(text=text)
        return []
