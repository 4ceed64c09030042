"""What a channel accepts as a jobseeker's message, in plain Python (no Rasa), so that both
runtimes and the property tests share one definition.

- The body must be a JSON object with a sender id and a string message (metadata optional).
- Control characters, lone surrogates and bidirectional overrides (U+202A-U+202E, U+2066-U+2069:
  they make text read differently from what it is, e.g. in the console) are removed; line breaks,
  tabs, letters and emoji stay.
- Empty and over-long messages get a polite Swedish answer instead of reaching the NLU.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

MAX_MESSAGE_CHARS = 20_000  # a CV of several pages fits; 100 KB of text does not
MAX_SENDER_CHARS = 255
CONTROL_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
SENDER_PATTERN = re.compile(rf"^[\w.:@+\-]{{1,{MAX_SENDER_CHARS}}}$")

EMPTY_MESSAGE_ANSWER = "Jag fick ett tomt meddelande. Skriv gärna vad du vill ha hjälp med!"
TOO_LONG_ANSWER = (
    "Ditt meddelande är väldigt långt ({length} tecken). Skicka gärna en kortare text, högst "
    "20 000 tecken, till exempel de viktigaste delarna av ditt CV."
)


class BadRequest(ValueError):
    """The request cannot be a message from a jobseeker; the text says why (in English, for developers)."""


@dataclass(frozen=True)
class IncomingMessage:
    sender: str
    text: str
    metadata: dict[str, Any] | None

    def polite_refusal(self) -> str | None:
        """A Swedish answer when the text should not reach the bot at all, else None."""
        if not self.text.strip():
            return EMPTY_MESSAGE_ANSWER
        if len(self.text) > MAX_MESSAGE_CHARS:
            return TOO_LONG_ANSWER.format(length=len(self.text))
        return None


def clean_text(text: str) -> str:
    """Remove control characters and lone surrogates; keep line breaks, tabs and every letter."""
    return CONTROL_CHARACTERS.sub("", text)


def read_message(body: Any) -> IncomingMessage:
    """Validate a decoded JSON body as {"sender": str, "message": str, "metadata": object|null}."""
    if not isinstance(body, dict):
        raise BadRequest('The body must be a JSON object: {"sender": "…", "message": "…"}.')
    sender = body.get("sender")
    if not isinstance(sender, str) or not SENDER_PATTERN.match(sender):
        raise BadRequest(f"'sender' must be a string of 1 to {MAX_SENDER_CHARS} letters, digits or . _ : @ + -.")
    message = body.get("message")
    if not isinstance(message, str):
        raise BadRequest("'message' must be a string.")
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest("'metadata' must be a JSON object when given.")
    return IncomingMessage(sender, clean_text(message), metadata)
