"""Practice interview: questions for the occupation, feedback per answer, summary, stopping."""

from __future__ import annotations

from actions.interview_coach import choose_questions, feedback_for
from actions.practice_interview import (
    ActionAskInterviewAnswer1,
    ActionAskInterviewAnswer3,
    ActionPracticeInterviewSummary,
    ActionStopPracticeInterview,
    ValidatePracticeInterviewForm,
)
from tests.actions.conftest import run, slot, texts
from tests.support.trackers import tracker_for

STAR_ANSWER = ("På mitt förra jobb på ett lager var det kaos inför jul. Min uppgift var att få ut alla order i tid. "
               "Jag tog initiativ och planerade om plockningen i zoner. Det ledde till att vi blev klara två dagar "
               "tidigare och chefen blev nöjd.")


def test_five_questions_with_occupation_specific_ones_when_known():
    general = choose_questions(None)
    for_warehouse = choose_questions("Lagerarbetare")
    assert len(general) == len(for_warehouse) == 5
    assert any("truck" in q for q in for_warehouse) and not any("truck" in q for q in general)


def test_feedback_notices_length_example_and_star():
    short = feedback_for("jag är bra")
    assert "kort" in short.text and "STAR" in short.text and short.score < 2
    good = feedback_for(STAR_ANSWER)
    assert good.has_example and len(good.star_parts) == 4 and "Fortsätt så" in good.text


async def test_first_question_introduces_the_practice_and_fixes_the_questions():
    messages, events = await run(ActionAskInterviewAnswer1(),
                                 tracker_for("öva intervju", intent="practice_interview",
                                             slots={"occupation": "Lagerarbetare"}))
    assert "avbryt" in texts(messages) and "Fråga 1 av 5" in texts(messages)
    questions = slot(events, "interview_questions")
    messages, _ = await run(ActionAskInterviewAnswer3(), tracker_for(
        "svar", intent="inform", slots={"interview_questions": questions, "occupation": "Kock"}))
    assert questions[2] in texts(messages)


async def test_each_answer_gets_feedback():
    events = [{"event": "user", "text": STAR_ANSWER},
              {"event": "slot", "name": "interview_answer_2", "value": STAR_ANSWER}]
    tracker = tracker_for(STAR_ANSWER, intent="inform", slots={"interview_answer_2": STAR_ANSWER,
                                                                "requested_slot": "interview_answer_2"}, events=events)
    messages, _ = await run(ValidatePracticeInterviewForm(), tracker)
    assert "STAR" in texts(messages)


async def test_summary_and_stop_reset_the_practice():
    slots = {f"interview_answer_{i}": STAR_ANSWER for i in range(1, 6)}
    messages, events = await run(ActionPracticeInterviewSummary(), tracker_for("x", intent="inform", slots=slots))
    assert "5 frågor" in texts(messages) and slot(events, "interview_answer_5") is None
    messages, events = await run(ActionStopPracticeInterview(), tracker_for(
        "avbryt", intent="stop", slots={"interview_answer_1": "jag är bra"}))
    assert "avbryter" in texts(messages) and slot(events, "interview_answer_1") is None
