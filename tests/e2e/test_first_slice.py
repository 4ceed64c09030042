"""The first vertical slice, end to end: REST webhook -> Rasa server -> action server -> matcher."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ADS_SAMPLE

pytestmark = pytest.mark.e2e


def headlines_in(municipality: str, word: str) -> set[str]:
    """Headlines of ads in the shared sample for one place whose occupation mentions `word`."""
    found = set()
    with open(ADS_SAMPLE, encoding="utf-8") as lines:
        for line in lines:
            ad = json.loads(line)
            if (ad["workplace_address"]["municipality"] == municipality
                    and word in (ad["occupation"]["label"] or "").lower()):
                found.add(ad["headline"])
    return found


def test_greeting_is_answered_in_swedish(jobseeker):
    answer = jobseeker.say_text("hej")
    assert "Jobbcoach" in answer


def test_job_search_lists_real_ads_with_links(jobseeker):
    answer = jobseeker.say_text("jag söker jobb som snickare i Umeå")
    expected = headlines_in("Umeå", "snickare")
    assert expected, "the sample should hold carpenter ads in Umeå"
    assert any(headline in answer for headline in expected), answer
    assert "https://arbetsformedlingen.se/platsbanken/annonser/" in answer
