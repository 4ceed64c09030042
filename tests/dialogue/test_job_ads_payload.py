"""The job_ads custom payload at REST level, as the widget and Telegram receive it (docs/architecture.md)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e

AD_KEYS = {"n", "id", "title", "employer", "place", "extent", "deadline", "reason", "url"}


def test_a_search_sends_an_intro_then_one_job_ads_payload(jobseeker):
    messages = jobseeker.say("jobb som undersköterska i Stockholm")
    payloads = [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]
    assert len(payloads) == 1, messages
    payload = payloads[0]
    assert payload["type"] == "job_ads" and all(m.get("recipient_id") == jobseeker.sender for m in messages)
    assert messages[0].get("text") and "custom" not in messages[0], "a short intro text comes first"
    ads = payload["ads"]
    assert [ad["n"] for ad in ads] == list(range(1, len(ads) + 1)) and 1 <= len(ads) <= 5
    for ad in ads:
        assert set(ad) == AD_KEYS, ad
        assert ad["title"] and ad["url"].startswith("https://arbetsformedlingen.se/platsbanken/annonser/")
        assert ad["deadline"] == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", ad["deadline"])
    for ad in ads:  # the fallback text lists every ad with its number, title and link
        assert f"{ad['n']}. {ad['title']}" in payload["text"] and ad["url"] in payload["text"]


def test_the_card_save_button_payload_saves_that_ad(jobseeker):
    messages = jobseeker.say("jobb som kock i Göteborg")
    ads = next(m["custom"]["ads"] for m in messages if isinstance(m.get("custom"), dict))
    second = ads[min(1, len(ads) - 1)]
    answer = jobseeker.say_text(f'/save_job{{"ad_number": {second["n"]}}}')
    assert second["title"] in answer and "parat" in answer, answer
    saved = jobseeker.say("visa mina sparade jobb")
    saved_ads = next(m["custom"]["ads"] for m in saved if isinstance(m.get("custom"), dict))
    assert saved_ads[0]["id"] == second["id"]
