"""Which language the bot answers in, from real detector readings (lingua) of real messages.

The decision (actions/language.py) is fed exactly what the NLU component puts into the parse data
(nlu.language_reader), so these tests cover detection and stickiness together, without Rasa.
"""

from __future__ import annotations

import pytest

from actions.language import decide
from nlu.language_reader import LanguageReader

READER = LanguageReader()


def message(text: str, intent: str = "search_jobs", entities: list | None = None) -> dict:
    return {"text": text, "intent": {"name": intent}, "entities": entities or [],
            "language_detection": READER.read(text)}


def converse(texts: list[str], start: str = "sv", source: str | None = None) -> list[str]:
    """The language after each message of a conversation."""
    current, out = start, []
    for text in texts:
        decision = decide(current, source, message(text))
        current, source = decision.language, decision.source
        out.append(current)
    return out


@pytest.mark.parametrize("text, expected", [
    ("ابحث عن عمل في ستوكهولم", "ar"),
    ("دنبال کار می‌گردم در استکهلم", "fa"),
    ("шукаю роботу медсестрою", "uk"),
    ("waxaan raadinayaa shaqo nadiifin", "so"),
    ("I am looking for a job as a cleaner", "en"),
    ("jag söker jobb som undersköterska", "sv"),
])
def test_first_message_sets_the_language(text, expected):
    assert converse([text]) == [expected]


def test_one_swedish_word_in_an_arabic_conversation_does_not_switch():
    assert converse(["مرحبا، ابحث عن عمل ممرضة", "Stockholm", "heltid", "ok"]) == ["ar"] * 4


def test_short_or_ambiguous_messages_keep_the_language():
    assert converse(["I need help with my CV please", "ok", "ja", "Malmö", "tack"]) == ["en"] * 5


def test_a_full_sentence_in_another_language_switches():
    assert converse(["I need help with my CV please", "nej jag vill hellre skriva på svenska nu"]) == ["en", "sv"]


def test_persian_after_arabic_is_read_as_persian():
    assert converse(["ابحث عن عمل", "من دنبال کار پرستاری هستم"]) == ["ar", "fa"]


def test_explicit_choice_wins_and_sticks_against_short_messages():
    chosen = decide("ar", "detected", message("English please", "set_language",
                                              [{"entity": "language", "value": "English"}]))
    assert (chosen.language, chosen.source, chosen.changed) == ("en", "chosen", True)
    # a chosen language survives a few Swedish words
    after = decide("en", "chosen", message("jobb i Malmö tack"))
    assert after.language == "en"


@pytest.mark.parametrize("text, code", [
    ("svara på svenska", "sv"), ("بالعربية", "ar"), ("на українській будь ласка", "uk"),
    ("af soomaali fadlan", "so"), ("فارسی لطفا", "fa"), ("English please", "en"),
])
def test_the_language_is_read_from_the_words_when_no_entity_was_found(text, code):
    assert decide("sv", None, message(text, "set_language")).language == code


def test_widget_payload_sets_the_language():
    payload = {"text": '/set_language{"language": "fa"}', "intent": {"name": "set_language"},
               "entities": [{"entity": "language", "value": "fa"}]}
    assert decide("sv", None, payload).language == "fa"


def test_stored_language_and_telegram_hint_start_a_new_conversation():
    assert decide(None, None, message("ok"), stored="so").language == "so"
    assert decide(None, None, message("ok"), hint="uk-UA").language == "uk"
    assert decide(None, None, message("ok"), hint="de").language == "sv"  # a language we do not speak


def test_button_payloads_do_not_change_the_language():
    assert decide("ar", "detected", message("/search_jobs", "search_jobs")).language == "ar"


def test_the_language_is_stored_per_jobseeker(tmp_path):
    from store.jobseekers import export_everything, get_language, set_language
    from tests.support.store_db import fresh_store_url

    url = fresh_store_url(tmp_path)
    assert get_language("telegram-42", url=url) is None
    set_language("telegram-42", "ar", url=url)
    set_language("telegram-42", "fa", url=url)
    assert get_language("telegram-42", url=url) == "fa"
    assert export_everything("telegram-42", url=url)["jobseeker"]["language"] == "fa"


async def test_detect_action_switches_says_so_in_the_new_language_and_stores_it(tmp_path, monkeypatch):
    from rasa_sdk.executor import CollectingDispatcher

    from actions.language import ActionDetectLanguage, ActionLanguageReply
    from store.jobseekers import get_language
    from tests.support.store_db import fresh_store_url
    from tests.support.trackers import tracker_for

    url = fresh_store_url(tmp_path)
    monkeypatch.setenv("JOBBCOACH_DB_URL", url)
    import store.db

    if hasattr(store.db, "configure"):
        store.db.configure(url)
    tracker = tracker_for("ابحث عن عمل ممرضة في ستوكهولم", sender="lang-1",
                          slots={"language": "sv", "language_source": None, "ads_language_note_shown": False})
    tracker.latest_message["language_detection"] = READER.read(tracker.latest_message["text"])
    dispatcher = CollectingDispatcher()
    events = await ActionDetectLanguage().run(dispatcher, tracker, {})
    assert {"event": "slot", "name": "language", "value": "ar", "timestamp": None} in events
    # a new jobseeker: the privacy notice first, in the language of the first message
    assert [(m["response"], m.get("language")) for m in dispatcher.messages] == [
        ("utter_privacy_notice", "ar"), ("utter_language_detected", "ar")]  # the ads note comes with the ads
    assert get_language("lang-1", url=url) == "ar"

    menu = tracker_for("can you talk another language", intent="set_language")
    dispatcher = CollectingDispatcher()
    await ActionLanguageReply().run(dispatcher, menu, {})
    assert dispatcher.messages[0]["response"] == "utter_choose_language"
