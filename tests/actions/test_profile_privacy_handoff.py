"""Profile match, export and deletion, handoff and the 'menade du…?' fallback."""

from __future__ import annotations

import json

from actions.fallback import ActionDefaultAskAffirmation
from actions.handoff import ActionHandoffStatus, ActionRequestHandoff
from actions.privacy import ActionAskDeleteData, ActionDeleteAll
from actions.profile_match import (
    ActionExportProfile,
    ActionMatchProfile,
    ActionSaveProfile,
    ValidateProfileForm,
)
from store.db import session_scope
from store.models import HandoffRequest
from store.profiles import get_profile
from tests.actions.conftest import after_offer, custom_payloads, run, said, slot, values_of
from tests.support.trackers import tracker_for

CV = ("Jag har jobbat som undersköterska på ett äldreboende i sex år och har erfarenhet av demensvård, "
      "medicinutdelning och dokumentation. Jag har körkort B.")


def validate_profile(text, slots=None, sender="profiler"):
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    result = ValidateProfileForm().validate_profile_text(
        text, dispatcher, tracker_for(text, intent="match_profile", slots=slots or {}, sender=sender), {})
    return result, dispatcher.messages


async def test_match_profile_shows_ads_and_recognised_occupations_then_saves_on_yes(matcher):
    assert validate_profile(CV)[0]["profile_text"] == CV
    messages, events = await run(ActionMatchProfile(), tracker_for(
        CV, intent="match_profile", slots={"profile_text": CV}, sender="profiler"))
    assert "Undersköterska" in values_of(messages, "utter_recognised_occupations")["occupations"]
    ads = custom_payloads(messages)[0]["ads"]
    assert ads and all(ad["url"].startswith("https://") for ad in ads)
    assert said(messages)[-1] == "utter_offer_save_profile"
    assert slot(events, "pending_offer") == "save_profile" and slot(events, "profile_text") is None
    candidate = slot(events, "profile_candidate")
    await run(ActionSaveProfile(), after_offer("save_profile", "ja", "affirm",
                                               slots={"profile_candidate": candidate}, sender="profiler"))
    assert get_profile("profiler")["text"] == CV


async def test_a_cv_match_says_which_of_the_ads_skills_the_jobseeker_has_and_lacks(matcher):
    cv = CV.replace("demensvård", "omvårdnad, demensvård")  # the test ads for the trade name omvårdnad
    messages, _ = await run(ActionMatchProfile(), tracker_for(
        cv, intent="match_profile", slots={"profile_text": cv}, sender="skills"))
    payload = custom_payloads(messages)[0]
    with_skills = [ad for ad in payload["ads"] if "skills" in ad]
    assert with_skills, payload["ads"]
    for ad in with_skills:
        skills = ad["skills"]
        assert 0 <= skills["have_count"] <= skills["total"] and len(skills["have"]) <= 4
        assert skills["have_count"] == 0 or skills["have"], skills
    assert any(ad["skills"]["have_count"] for ad in with_skills), with_skills
    assert "Du har 1 av 1 kompetenser som annonsen nämner" in payload["text"], payload["text"]
    assert "Omvårdnad" in values_of(messages, "utter_recognised_skills")["skills"]


async def test_a_short_question_uses_the_stored_profile_or_asks():
    result, _ = validate_profile("vilka jobb passar mig", sender="no-profile")
    assert result["profile_text"] is None
    from datetime import datetime

    from store.profiles import save_profile

    save_profile("has-profile", CV, [], None, datetime(2026, 11, 27))
    result, messages = validate_profile("vilka jobb passar mig", sender="has-profile")
    assert result["profile_text"] == CV and said(messages) == ["utter_using_stored_profile"]


async def test_export_gives_json_of_everything():
    from datetime import datetime

    from store.profiles import save_profile

    save_profile("exporter", CV, [{"label": "Undersköterska"}], "Umeå", datetime(2026, 11, 27))
    messages, _ = await run(ActionExportProfile(), tracker_for("ta med din profil", intent="export_profile",
                                                               sender="exporter"))
    assert said(messages) == ["utter_export_intro"]
    assert json.loads(messages[1]["text"])["profile"]["text"] == CV
    assert messages[1]["custom"]["jobbcoach_export"]["profile"]["location"] == "Umeå"


async def test_delete_asks_first_and_deletes_only_on_yes(monkeypatch):
    from datetime import datetime

    from store.profiles import save_profile

    monkeypatch.setattr("store.tracker_events.forget", lambda sender, url=None, **_: 0)  # no Rasa here
    save_profile("leaver", CV, [], None, datetime(2026, 11, 27))
    messages, events = await run(ActionAskDeleteData(), tracker_for("radera mina uppgifter", intent="delete_data"))
    assert said(messages) == ["utter_confirm_delete_all"] and slot(events, "pending_offer") == "delete_all"
    assert get_profile("leaver") is not None  # asking deletes nothing; "nej" is a rule with a response
    messages, events = await run(ActionDeleteAll(), after_offer("delete_all", "ja", "affirm", sender="leaver"))
    assert get_profile("leaver") is None and said(messages) == ["utter_deleted_all_and_chat"]
    assert any(e.get("event") == "reset_slots" for e in events)


async def test_delete_profile_only():
    messages, events = await run(ActionAskDeleteData(), tracker_for("radera min profil", intent="delete_data"))
    assert said(messages) == ["utter_confirm_delete_profile"] and slot(events, "pending_offer") == "delete_profile"


async def test_handoff_is_queued_for_the_console_with_the_reason():
    messages, _ = await run(ActionRequestHandoff(), tracker_for(
        "jag vill prata med en människa om min ersättning", intent="human_handoff", sender="needs-human"))
    assert said(messages) == ["utter_handoff_requested"]
    with session_scope() as session:
        request = session.query(HandoffRequest).filter_by(sender_id="needs-human").one()
        assert request.status == "open" and "ersättning" in request.reason
    messages, _ = await run(ActionRequestHandoff(), tracker_for("hallå?", intent="human_handoff",
                                                                sender="needs-human"))
    assert said(messages) == ["utter_handoff_already_queued"]


async def test_has_my_caseworker_answered_says_where_the_request_stands():
    """No request, waiting in the queue since a day said in the conversation's language, closed."""
    def asked(language="sv"):
        return tracker_for("har min handläggare svarat?", intent="handoff_status", sender="asks-status",
                           slots={"language": language})
    messages, _ = await run(ActionHandoffStatus(), asked())
    assert said(messages) == ["utter_handoff_status_none"]
    await run(ActionRequestHandoff(), tracker_for("koppla mig till en handläggare", intent="human_handoff",
                                                  sender="asks-status"))
    messages, _ = await run(ActionHandoffStatus(), asked("en"))
    assert said(messages) == ["utter_handoff_status_waiting"] and messages[0]["since"] == "today"
    with session_scope() as session:
        session.query(HandoffRequest).filter_by(sender_id="asks-status").one().status = "closed"
    messages, _ = await run(ActionHandoffStatus(), asked())
    assert said(messages) == ["utter_handoff_status_closed"]


async def test_fallback_offers_the_top_intents_as_buttons_with_entities():
    tracker = tracker_for("snickare umeå kanske", intent="nlu_fallback",
                          entities=[{"entity": "occupation", "value": "Snickare"}])
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.55}, {"name": "search_jobs", "confidence": 0.4},
        {"name": "match_profile", "confidence": 0.3}, {"name": "out_of_scope", "confidence": 0.1}]
    messages, _ = await run(ActionDefaultAskAffirmation(), tracker)
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ['/search_jobs{"occupation": "Snickare"}', '/match_profile{"occupation": "Snickare"}']
    assert said(messages) == ["utter_did_you_mean"]


async def test_fallback_buttons_are_titled_in_the_conversations_language():
    tracker = tracker_for("والثاني متى", intent="nlu_fallback", slots={"language": "ar"})
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.5}, {"name": "my_sick_reports", "confidence": 0.3},
        {"name": "show_more", "confidence": 0.2}, {"name": "bot_challenge", "confidence": 0.1}]
    messages, _ = await run(ActionDefaultAskAffirmation(), tracker)
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles == ["عرض بلاغات المرض", "عرض وظائف أخرى", "اسأل من أنا"], titles
    tracker = tracker_for("hmm", intent="nlu_fallback")  # no language yet: Swedish
    tracker.latest_message["intent_ranking"] = [{"name": "export_profile", "confidence": 0.4}]
    messages, _ = await run(ActionDefaultAskAffirmation(), tracker)
    assert [b["title"] for b in messages[0]["buttons"]] == ["Ta med min profil"]
