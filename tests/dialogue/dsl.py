"""A small language for multi-turn conversations with expectations on every reply.

A conversation is a list of turns; each turn is what the jobseeker writes and what the reply must
(and must not) contain. Replies are read as the REST channel returns them: texts, buttons and the
`job_ads` custom payload. Patterns are case-insensitive regular expressions, written to hold for
every variation of a response.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Turn:
    say: str
    has: tuple[str, ...] = ()        # every pattern must match the reply's text
    lacks: tuple[str, ...] = ()      # no pattern may match
    ads: bool | None = None          # True: a job_ads payload with ads; False: no ads payload
    buttons: tuple[str, ...] = ()    # each pattern must match some button title


def turn(say: str, *has: str, lacks: str | tuple[str, ...] = (), ads: bool | None = None,
         buttons: tuple[str, ...] = ()) -> Turn:
    return Turn(say, tuple(has), (lacks,) if isinstance(lacks, str) else tuple(lacks), ads, buttons)


@dataclass(frozen=True)
class Conversation:
    name: str
    flow: str
    turns: tuple[Turn, ...]


@dataclass
class Reply:
    """The bot's messages for one turn, read the way a channel would."""

    messages: list[dict]
    text: str = ""
    ads: list[dict] = field(default_factory=list)
    payloads: list[dict] = field(default_factory=list)
    button_titles: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, messages: list[dict]) -> Reply:
        texts, ads, payloads, titles = [], [], [], []
        for message in messages:
            if message.get("text"):
                texts.append(message["text"])
            custom = message.get("custom")
            if isinstance(custom, dict) and custom.get("type") == "job_ads":
                payloads.append(custom)
                ads.extend(custom.get("ads") or [])
                texts.append(custom.get("text") or "")
            titles += [b.get("title", "") for b in message.get("buttons") or []]
        return cls(messages, "\n".join(texts), ads, payloads, titles)


def problems(expected: Turn, reply: Reply) -> list[str]:
    """What is wrong with a reply (empty when it meets the turn's expectations)."""
    found = []
    if not reply.messages:
        found.append("no reply at all")
    for pattern in expected.has:
        if not re.search(pattern, reply.text, re.I | re.S):
            found.append(f"missing /{pattern}/")
    for pattern in expected.lacks:
        if re.search(pattern, reply.text, re.I | re.S):
            found.append(f"should not say /{pattern}/")
    if expected.ads is True and not reply.ads:
        found.append("expected a job_ads payload with ads")
    if expected.ads is False and reply.ads:
        found.append("expected no job ads")
    for pattern in expected.buttons:
        if not any(re.search(pattern, title, re.I) for title in reply.button_titles):
            found.append(f"no button /{pattern}/ in {reply.button_titles}")
    return found
