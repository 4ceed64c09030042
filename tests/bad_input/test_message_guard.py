"""Property tests of what the channels accept as a message (bot.channels.message_guard)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.channels.message_guard import (
    EMPTY_MESSAGE_ANSWER,
    MAX_MESSAGE_CHARS,
    BadRequest,
    clean_text,
    read_message,
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@given(st.text())
def test_clean_text_keeps_no_control_characters_and_is_idempotent(text):
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert all(ch in "\n\t\r" or (ord(ch) >= 0x20 and not 0x7F <= ord(ch) <= 0x9F) for ch in cleaned)
    cleaned.encode("utf-8")  # no lone surrogates: always storable and sendable


@given(st.text(alphabet=st.characters(categories=["L", "N", "P", "S", "Zs"]), max_size=200))
def test_clean_text_keeps_ordinary_text_whole(text):
    text = "".join(ch for ch in text if not (0x7F <= ord(ch) <= 0x9F or 0x200B <= ord(ch) <= 0x200F or ch == "\ufeff"))
    assert clean_text(text) == text


@given(json_values)
def test_any_json_body_is_either_a_message_or_a_clear_bad_request(body):
    try:
        message = read_message(body)
    except BadRequest as error:
        assert str(error)
    else:
        assert isinstance(message.text, str) and isinstance(message.sender, str)


@given(st.text(alphabet=" \t\n\r\x00\x0b", max_size=50))
def test_blank_messages_are_answered_politely(text):
    message = read_message({"sender": "someone", "message": text})
    assert message.polite_refusal() == EMPTY_MESSAGE_ANSWER


def test_long_messages_are_refused_politely_but_a_cv_fits():
    cv = "Erfarenhet: undersköterska i hemtjänsten. " * 400
    assert len(cv) < MAX_MESSAGE_CHARS
    assert read_message({"sender": "s", "message": cv}).polite_refusal() is None
    refusal = read_message({"sender": "s", "message": "x" * 100_000}).polite_refusal()
    assert refusal and "100000 tecken" in refusal


@pytest.mark.parametrize("body", [
    [], "hej", 5, {"message": "hej"}, {"sender": "", "message": "hej"}, {"sender": "a b", "message": "x"},
    {"sender": "x" * 256, "message": "hej"}, {"sender": 5, "message": "hej"}, {"sender": "a", "message": None},
    {"sender": "a", "message": ["hej"]}, {"sender": "a", "message": "hej", "metadata": [1]},
])
def test_malformed_bodies_are_bad_requests(body):
    with pytest.raises(BadRequest):
        read_message(body)
