"""Practice interview: questions for the occupation, STAR feedback per answer, clarifications,
non-answers asked again, summary, stopping."""

from __future__ import annotations

from actions.interview_coach import choose_questions, feedback_for, is_clarification, is_non_answer
from actions.practice_interview import (
    ActionAskInterviewAnswer1,
    ActionAskInterviewAnswer3,
    ActionPracticeInterviewSummary,
    ActionStopPracticeInterview,
    ValidatePracticeInterviewForm,
)
from tests.actions.conftest import run, said, slot, values_of
from tests.support.trackers import tracker_for

STAR_ANSWER = ("På mitt förra jobb på ett lager var det kaos inför jul. Min uppgift var att få ut alla order i tid. "
               "Jag tog initiativ och planerade om plockningen i zoner. Det ledde till att vi blev klara två dagar "
               "tidigare och chefen blev nöjd.")


def test_five_questions_with_occupation_specific_ones_when_known():
    general = choose_questions(None)
    for_warehouse = choose_questions("Lagerarbetare")
    assert len(general) == len(for_warehouse) == 5
    assert "logistics_safety" in for_warehouse and "logistics_safety" not in general


def test_feedback_names_star_parts_example_and_relevance():
    short = feedback_for("jag är bra")
    assert short.level == "thin" and short.checklist == "S – · T – · A – · R –"
    assert short.tips() == ["longer", "example"]
    good = feedback_for(STAR_ANSWER, "Lagerarbetare")
    assert good.level == "strong" and good.missing == () and good.relevant is True
    unrelated = feedback_for("En gång i skolan skulle vi göra ett grupparbete om rymden. Jag tog ansvar och "
                             "delade upp arbetet. Det ledde till ett bra betyg.", "Undersköterska")
    assert unrelated.relevant is False and "relevance" in unrelated.tips(limit=5)


def test_clarifications_and_non_answers_are_recognised():
    assert is_clarification("vad menar du?") and is_clarification("jag förstår inte frågan")
    assert not is_clarification(STAR_ANSWER)
    assert is_non_answer(".") and is_non_answer("ok") and not is_non_answer("jag är noggrann")


def test_answers_in_other_languages_get_the_same_kind_of_feedback():
    english = feedback_for("At my previous job in a warehouse it was chaos before Christmas. My task was to get "
                           "all orders out on time. I planned the picking in zones, and as a result we finished "
                           "two days early.", "Lagerarbetare", "en")
    assert english.star_parts == ("situation", "task", "action", "result") and english.level == "strong"
    ukrainian = feedback_for("Мене звати Олена, я працювала медсестрою 5 років у лікарні в Києві, доглядала "
                             "пацієнтів після операцій", "Sjuksköterska", "uk")
    assert ukrainian.words == 16 and ukrainian.has_example and ukrainian.relevant is None  # not judged
    assert "situation" in ukrainian.star_parts and ukrainian.level != "thin"
    assert not is_non_answer("медсестра", "uk") and is_non_answer("так", "uk") and is_non_answer("...", "ar")
    assert is_clarification("що ви маєте на увазі?", "uk") and is_clarification("what do you mean?", "en")
    assert is_clarification("منظورت چیه؟", "fa") and is_clarification("maxaad ula jeedaa?", "so")
    arabic = feedback_for("مرة في شغلي كان في زبون زعلان، فتكلمت معه بهدوء وساعدته، وبالنهاية كان راضيا", None, "ar")
    assert {"situation", "action", "result"} <= set(arabic.star_parts), arabic


async def test_first_question_introduces_the_practice_and_fixes_the_questions():
    messages, events = await run(ActionAskInterviewAnswer1(),
                                 tracker_for("öva intervju", intent="practice_interview",
                                             slots={"occupation": "Lagerarbetare"}))
    assert said(messages) == ["utter_practice_intro_for", "utter_iq_about_you"]
    questions = slot(events, "interview_questions")
    messages, _ = await run(ActionAskInterviewAnswer3(), tracker_for(
        "svar", intent="inform", slots={"interview_questions": questions, "occupation": "Kock"}))
    assert said(messages) == [f"utter_iq_{questions[2]}"] and values_of(messages, said(messages)[0])["number"] == 3


async def validate_answer(answer: str, slots=None):
    events = [{"event": "user", "text": answer}, {"event": "slot", "name": "interview_answer_2", "value": answer}]
    tracker = tracker_for(answer, intent="inform", slots={"interview_answer_2": answer,
                                                          "requested_slot": "interview_answer_2", **(slots or {})},
                          events=events)
    return await run(ValidatePracticeInterviewForm(), tracker)


async def test_each_answer_gets_star_feedback():
    messages, events = await validate_answer(STAR_ANSWER)
    assert said(messages) == ["utter_fb_strong"] and values_of(messages, "utter_fb_strong")["checklist"].count("✓") == 4
    assert slot(events, "interview_answer_2", "kept") == "kept"


async def test_a_question_about_the_question_is_explained_and_asked_again():
    messages, events = await validate_answer("vad menar du?")
    assert said(messages) == ["utter_iq_why_job_explain"] and slot(events, "interview_answer_2") is None


async def test_a_non_answer_is_asked_again():
    messages, events = await validate_answer(".")
    assert said(messages) == ["utter_interview_non_answer"] and slot(events, "interview_answer_2") is None


async def test_summary_and_stop_reset_the_practice():
    slots = {f"interview_answer_{i}": STAR_ANSWER for i in range(1, 6)}
    messages, events = await run(ActionPracticeInterviewSummary(), tracker_for("x", intent="inform", slots=slots))
    assert values_of(messages, "utter_practice_summary")["count"] == 5 and slot(events, "interview_answer_5") is None
    assert "utter_summary_structure_good" in said(messages)
    messages, events = await run(ActionStopPracticeInterview(), tracker_for(
        "avbryt", intent="stop", slots={"interview_answer_1": "jag är bra"}))
    assert said(messages)[0] == "utter_practice_stopped" and slot(events, "interview_answer_1") is None
