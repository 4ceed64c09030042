"""The CV file's dialogue on a tracker: the summary to confirm, a correction, the save and the match,
"nej" twice, and a kind answer for each file that could not be read (actions/cv_upload.py)."""

from __future__ import annotations

import pytest

from actions.cv_upload import (
    PROBLEM_RESPONSES,
    ActionConfirmCvProfile,
    ActionCorrectCvProfile,
    ActionDropCvProfile,
    ActionExplainCvFileProblem,
    ActionShowCvProfile,
    cv_word_table,
)
from jobmatch.cv_files import ERROR_KINDS
from nlu import languages
from store.profiles import get_profile, get_structured_profile
from tests.actions.conftest import after_offer, custom_payloads, run, said, slot, values_of
from tests.support.trackers import tracker_for

SENDER = "cv-uploader"
PROFILE = {
    "occupations": [{"concept_id": "sizv_uPq_nWf", "label": "Lagerarbetare", "ssyk_code": "4322", "years": 4},
                    {"concept_id": "Y3QA_5pk_uXd", "label": "Undersköterska, hemtjänst och äldreboende",
                     "ssyk_code": "5321", "years": None}],
    "skills": [{"concept_id": "MR4H_FFT_mTj", "label": "Omvårdnad"},
               {"concept_id": "hqYJ_jyZ_Ks8", "label": "Demensvård"}],
    "education_level": "gymnasium", "languages": ["sv", "ar"], "driving_licences": ["B"],
    "municipality": "Umeå", "municipality_code": "2480", "extent": "heltid", "cv_language": "sv",
}


def received(profile=PROFILE, language="sv"):
    """The tracker as Rasa sends it after the web app's EXTERNAL_cv_received."""
    return tracker_for("EXTERNAL: EXTERNAL_cv_received", intent="EXTERNAL_cv_received",
                       entities=[{"entity": "cv_profile", "value": profile}], slots={"language": language},
                       sender=SENDER)


async def test_the_summary_reads_the_profile_back_and_asks_if_it_is_right():
    messages, events = await run(ActionShowCvProfile(), received())
    assert said(messages) == ["utter_cv_summary"]
    summary = values_of(messages, "utter_cv_summary")["summary"].split("\n")
    assert summary == ["• Yrken: lagerarbetare (4 år), undersköterska",
                       "• Kompetenser: Omvårdnad, Demensvård",
                       "• Utbildning: gymnasium",
                       "• Språk: svenska, العربية",
                       "• Körkort: B",
                       "• Önskad ort: Umeå",
                       "• Omfattning: heltid"]
    assert slot(events, "pending_offer") == "confirm_cv_profile"
    assert slot(events, "cv_profile_pending")["occupations"][0]["label"] == "Lagerarbetare"
    assert get_profile(SENDER) is None  # nothing in the store before a yes


async def test_the_summary_speaks_the_conversations_language():
    messages, _ = await run(ActionShowCvProfile(), received(language="ar"))
    summary = values_of(messages, "utter_cv_summary")["summary"]
    assert "• المهن:" in summary and "التعليم الثانوي" in summary and "دوام كامل" in summary
    assert "Yrken" not in summary


async def test_a_cv_with_nothing_to_match_on_says_so_and_keeps_nothing():
    empty = {**PROFILE, "occupations": [], "skills": []}
    messages, events = await run(ActionShowCvProfile(), received(empty))
    assert said(messages) == ["utter_cv_nothing_recognised"]
    assert slot(events, "cv_profile_pending") is None and slot(events, "pending_offer") is None


@pytest.mark.parametrize("kind", ERROR_KINDS)
async def test_each_bad_file_gets_its_own_answer_and_nothing_is_kept(kind):
    tracker = tracker_for("EXTERNAL: EXTERNAL_cv_file_problem", intent="EXTERNAL_cv_file_problem",
                          entities=[{"entity": "cv_file_problem", "value": kind}], sender=SENDER,
                          slots={"cv_profile_pending": PROFILE})
    messages, events = await run(ActionExplainCvFileProblem(), tracker)
    assert said(messages) == [f"utter_cv_file_{kind}"]
    assert slot(events, "cv_profile_pending") is None
    assert get_profile(SENDER) is None


def test_every_kind_the_reader_refuses_has_its_answer():
    assert set(PROBLEM_RESPONSES) == set(ERROR_KINDS)


async def test_an_unknown_problem_is_answered_as_unreadable():
    tracker = tracker_for("EXTERNAL: EXTERNAL_cv_file_problem", intent="EXTERNAL_cv_file_problem",
                          entities=[{"entity": "cv_file_problem", "value": "<script>"}], sender=SENDER)
    messages, _ = await run(ActionExplainCvFileProblem(), tracker)
    assert said(messages) == ["utter_cv_file_unreadable"]


async def test_yes_saves_the_profile_and_matches_it_with_the_profile_ranking(matcher):
    tracker = after_offer("confirm_cv_profile", "ja", "affirm", slots={"cv_profile_pending": PROFILE}, sender=SENDER)
    messages, events = await run(ActionConfirmCvProfile(), tracker)
    assert said(messages)[:1] == ["utter_cv_profile_saved"]
    payloads = custom_payloads(messages)
    assert {"type": "profile_downloads", "formats": ["json_resume", "europass", "jobbcoach"]} in payloads
    ads = next(p for p in payloads if p.get("type") == "job_ads")["ads"]
    assert ads and "utter_profile_matches_in" in said(messages)
    assert values_of(messages, "utter_profile_matches_in")["place"] == "Umeå"
    stored = get_structured_profile(SENDER)
    assert [o["label"] for o in stored["occupations"]] == ["Lagerarbetare", "Undersköterska, hemtjänst och äldreboende"]
    assert "Lagerarbetare" in get_profile(SENDER)["text"]  # what "vilka jobb passar mig" matches on later
    assert slot(events, "cv_profile_pending") is None
    assert [job["id"] for job in slot(events, "shown_jobs")] == [ad["id"] for ad in ads]  # "spara 2" works


async def test_a_correction_replaces_the_misread_occupation_and_keeps_its_years():
    tracker = after_offer("confirm_cv_profile", "nej, jag är inte lagerarbetare, jag är truckförare", "deny",
                          slots={"cv_profile_pending": PROFILE}, sender=SENDER)
    messages, events = await run(ActionCorrectCvProfile(), tracker)
    assert said(messages) == ["utter_cv_corrected_summary"]
    assert values_of(messages, "utter_cv_corrected_summary")["summary"].startswith(
        "• Yrken: truckförare (4 år), undersköterska")
    occupations = slot(events, "cv_profile_pending")["occupations"]
    assert [o["label"] for o in occupations] == ["Truckförare", "Undersköterska, hemtjänst och äldreboende"]
    assert slot(events, "pending_offer") == "confirm_cv_profile"
    assert slot(events, "profile_text") is None  # not left for the profile form to match on later
    assert get_profile(SENDER) is None


async def test_an_added_occupation_joins_the_profile():
    tracker = after_offer("confirm_cv_profile", "jag är också truckförare", "inform",
                          slots={"cv_profile_pending": PROFILE}, sender=SENDER)
    _, events = await run(ActionCorrectCvProfile(), tracker)
    labels = [o["label"] for o in slot(events, "cv_profile_pending")["occupations"]]
    assert labels[0] == "Truckförare" and "Lagerarbetare" in labels


async def test_no_asks_what_is_wrong_and_a_second_no_forgets_the_cv():
    first = after_offer("confirm_cv_profile", "nej", "deny", slots={"cv_profile_pending": PROFILE}, sender=SENDER)
    messages, events = await run(ActionCorrectCvProfile(), first)
    assert said(messages) == ["utter_cv_ask_correction"]
    assert slot(events, "pending_offer") == "correct_cv_profile"
    assert slot(events, "cv_profile_pending", default=PROFILE) == PROFILE  # still there to correct
    second = after_offer("correct_cv_profile", "nej", "deny", slots={"cv_profile_pending": PROFILE}, sender=SENDER)
    messages, events = await run(ActionCorrectCvProfile(), second)
    assert said(messages) == ["utter_cv_profile_dropped"]
    assert slot(events, "cv_profile_pending") is None and slot(events, "pending_offer") is None
    assert get_profile(SENDER) is None


async def test_a_correction_without_an_occupation_is_asked_again():
    tracker = after_offer("correct_cv_profile", "det där med jobben stämmer inte riktigt", "inform",
                          slots={"cv_profile_pending": PROFILE}, sender=SENDER)
    messages, events = await run(ActionCorrectCvProfile(), tracker)
    assert said(messages) == ["utter_cv_correction_not_understood"]
    assert slot(events, "pending_offer") == "correct_cv_profile"


async def test_stop_forgets_the_cv():
    tracker = after_offer("confirm_cv_profile", "avbryt", "stop", slots={"cv_profile_pending": PROFILE}, sender=SENDER)
    messages, events = await run(ActionDropCvProfile(), tracker)
    assert said(messages) == ["utter_cv_profile_dropped"] and slot(events, "cv_profile_pending") is None


async def test_yes_or_a_correction_without_a_cv_says_there_is_none():
    for action in (ActionConfirmCvProfile(), ActionCorrectCvProfile()):
        messages, _ = await run(action, after_offer("confirm_cv_profile", "ja", "affirm", sender=SENDER))
        assert said(messages) == ["utter_cv_nothing_pending"]
    assert get_profile(SENDER) is None


@pytest.mark.parametrize(("language", "text"), [
    ("en", "no, I am not a warehouse worker, I am a forklift driver"),
    ("ar", "لا، أنا لست عامل مستودع، أنا سائق رافعة شوكية"),
    ("fa", "نه، من انباردار نیستم، راننده لیفتراک هستم"),
])
async def test_a_correction_in_the_conversations_language(language, text):
    tracker = after_offer("confirm_cv_profile", text, "deny",
                          slots={"cv_profile_pending": PROFILE, "language": language}, sender=SENDER)
    _, events = await run(ActionCorrectCvProfile(), tracker)
    occupations = slot(events, "cv_profile_pending")["occupations"]
    assert occupations[0]["label"] == "Truckförare" and occupations[0]["years"] == 4
    assert "Lagerarbetare" not in [o["label"] for o in occupations]


def test_every_summary_word_is_in_all_six_languages():
    for key, phrases in cv_word_table().items():
        if key == "language_names":  # a language's own name, the same in every conversation
            continue
        assert set(phrases) == set(languages.codes()), f"{key}: {sorted(set(languages.codes()) - set(phrases))}"
