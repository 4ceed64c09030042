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

from actions.check_ins import AFTER_INTERVIEW, plan_follow_up
from actions.conversation import JobbcoachAction
from actions.interview_coach import (
    LEVEL_RESPONSES,
    QUESTION_COUNT,
    QUESTION_RESPONSES,
    TIP_RESPONSES,
    AnswerFeedback,
    choose_questions,
    feedback_for,
    is_clarification,
    is_dont_know,
    is_non_answer,
    summarise,
)
from actions.search_state import short_occupation

ANSWER_SLOTS = tuple(f"interview_answer_{i}" for i in range(1, QUESTION_COUNT + 1))


def reset_practice() -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in ANSWER_SLOTS] + [SlotSet("interview_questions", None)]


def questions_for(tracker: Tracker) -> list[str]:
    """The question ids of this practice (fixed when the first is asked); old free-text lists are replaced."""
    stored = list(tracker.get_slot("interview_questions") or [])
    if len(stored) == QUESTION_COUNT and all(" " not in q for q in stored):
        return stored
    return choose_questions(tracker.get_slot("occupation"))


def ask_question(dispatcher: CollectingDispatcher, question_id: str, number: int, occupation: str | None) -> None:
    dispatcher.utter_message(response=QUESTION_RESPONSES[question_id][0], number=number, count=QUESTION_COUNT,
                             occupation=short_occupation(occupation).lower() if occupation else "")


def explain_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The explanation of the question asked now ('vad menar du?')."""
    requested = tracker.get_slot("requested_slot") or ANSWER_SLOTS[0]
    number = ANSWER_SLOTS.index(requested) + 1 if requested in ANSWER_SLOTS else 1
    question = questions_for(tracker)[number - 1]
    occupation = tracker.get_slot("occupation")
    dispatcher.utter_message(response=QUESTION_RESPONSES[question][1],
                             occupation=short_occupation(occupation).lower() if occupation else "")


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
        occupation = tracker.get_slot("occupation")
        if self.number == 1 and not tracker.get_slot("interview_questions"):
            if occupation:
                dispatcher.utter_message(response="utter_practice_intro_for", count=QUESTION_COUNT,
                                         occupation=short_occupation(occupation).lower())
            else:
                dispatcher.utter_message(response="utter_practice_intro", count=QUESTION_COUNT)
        ask_question(dispatcher, questions[self.number - 1], self.number, occupation)
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


def say_feedback(dispatcher: CollectingDispatcher, feedback: AnswerFeedback, occupation: str | None) -> None:
    """Opening by level with the STAR checklist, then the two most useful tips."""
    dispatcher.utter_message(response=LEVEL_RESPONSES[feedback.level], checklist=feedback.checklist)
    role = short_occupation(occupation).lower() if occupation else ""
    for tip in feedback.tips():
        dispatcher.utter_message(response=TIP_RESPONSES[tip], occupation=role)


class ValidatePracticeInterviewForm(FormValidationAction):
    """An answer gets feedback; a non-answer ('.', 'ok') is asked again; 'vad menar du?' is explained."""

    def name(self) -> str:
        return "validate_practice_interview_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        events = []
        just_answered = tracker.slots_to_validate()
        occupation, language = tracker.get_slot("occupation"), tracker.get_slot("language")
        for slot in ANSWER_SLOTS:
            # Only the question just asked gets feedback: a form resumed after a pause (the safety
            # net) re-validates earlier answers, which must not be commented on again.
            if slot != tracker.get_slot("requested_slot"):
                continue
            value = just_answered.get(slot)
            if value is None:
                continue
            answer = str(value).strip()
            if is_clarification(answer, language):
                explain_question(dispatcher, tracker)
                events.append(SlotSet(slot, None))
            elif is_dont_know(answer, language):
                dispatcher.utter_message(response="utter_interview_dont_know")
                explain_question(dispatcher, tracker)
                events.append(SlotSet(slot, None))
            elif is_non_answer(answer, language):
                dispatcher.utter_message(response="utter_interview_non_answer")
                events.append(SlotSet(slot, None))
            else:
                say_feedback(dispatcher, feedback_for(answer, occupation, language), occupation)
        return events


class ActionExplainInterviewQuestion(JobbcoachAction):
    """'vad menar du?' (intent ask_clarification) during the practice: the question explained."""

    def name(self) -> str:
        return "action_explain_interview_question"

    async def act(self, dispatcher, tracker, domain):
        explain_question(dispatcher, tracker)
        return []


def say_summary(dispatcher: CollectingDispatcher, feedbacks: list[AnswerFeedback]) -> None:
    if not feedbacks:
        dispatcher.utter_message(response="utter_practice_nothing_answered")
        return
    summary = summarise(feedbacks)
    dispatcher.utter_message(response="utter_practice_summary_one" if summary.answered == 1
                             else "utter_practice_summary", count=summary.answered)
    dispatcher.utter_message(response="utter_summary_examples_good" if summary.examples_good
                             else "utter_summary_examples_practise")
    dispatcher.utter_message(response="utter_summary_structure_good" if summary.structure_good
                             else "utter_summary_structure_practise")
    if summary.too_short:
        dispatcher.utter_message(response="utter_summary_longer")


def given_answers(tracker: Tracker) -> list[AnswerFeedback]:
    occupation = tracker.get_slot("occupation")
    language = tracker.get_slot("language")
    return [feedback_for(str(tracker.get_slot(slot)), occupation, language)
            for slot in ANSWER_SLOTS if tracker.get_slot(slot)]


class ActionPracticeInterviewSummary(JobbcoachAction):
    """After the fifth answer: what went well and what to practise."""

    def name(self) -> str:
        return "action_practice_interview_summary"

    async def run(self, dispatcher, tracker, domain):
        events = await super().run(dispatcher, tracker, domain)
        return events + reset_practice()

    async def act(self, dispatcher, tracker, domain):
        say_summary(dispatcher, given_answers(tracker))
        dispatcher.utter_message(response="utter_practice_again")
        plan_follow_up(tracker, AFTER_INTERVIEW)
        return []


class ActionStopPracticeInterview(JobbcoachAction):
    """'avbryt' during the practice: stop kindly, with a summary of what was answered."""

    def name(self) -> str:
        return "action_stop_practice_interview"

    async def run(self, dispatcher, tracker, domain):
        events = await super().run(dispatcher, tracker, domain)
        return events + reset_practice()

    async def act(self, dispatcher, tracker, domain):
        answered = given_answers(tracker)
        dispatcher.utter_message(response="utter_practice_stopped")
        if answered:
            say_summary(dispatcher, answered)
        return []
