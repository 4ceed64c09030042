"""A normal conversation leaves no ERROR in the Rasa server's log: a log that cries wolf hides the
real faults. (It used to get one from rasa.core.nlg.interpolator for every button whose payload
carries JSON, such as the sick-report kinds.)"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e

ERROR_LINE = re.compile(r"\bERROR\b|\[error")


def test_a_normal_conversation_logs_no_error(stack, jobseeker):
    log = stack.rasa.log_path
    start = log.stat().st_size

    jobseeker.say("/session_start")
    assert jobseeker.say_text("hej")
    messages = jobseeker.say("jag vill sjukanmäla mig")
    payloads = [b["payload"] for m in messages for b in m.get("buttons", [])]
    assert '/inform{"sick_type": "vab"}' in payloads, messages  # the JSON reaches the channel intact
    assert "datum" in jobseeker.say_text('/inform{"sick_type": "vab"}')  # and the button works
    assert jobseeker.say_text('/inform{"date": "idag"}')
    assert jobseeker.say_text("avbryt")
    assert "arbetsformedlingen.se" in jobseeker.say_text("jag söker jobb som snickare i Stockholm")

    with log.open(errors="replace") as handle:
        handle.seek(start)
        errors = [line for line in handle.read().splitlines() if ERROR_LINE.search(line)]
    assert errors == [], "\n".join(errors[:10])
