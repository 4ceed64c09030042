"""Every text the bot says exists in every language (bot/languages/<code>/*.yml), in the same shape.

Fails with the list of what is missing, so a new Swedish response in the domain cannot ship
without its translations. Button payloads that are intents ("/search_jobs") must stay identical;
payloads that are text the user "says" are translated (an Arabic user's button must not send
Swedish text, which would read as a switch to Swedish).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from nlu import languages

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_DIR = ROOT / "bot" / "domain"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def domain_responses() -> dict[str, list[dict]]:
    responses: dict[str, list[dict]] = {}
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        responses.update(content.get("responses") or {})
    return responses


def catalogue(code: str) -> dict[str, list[dict]]:
    responses: dict[str, list[dict]] = {}
    for path in sorted((languages.CATALOGUE_DIR / code).glob("*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, variations in (content.get("responses") or {}).items():
            assert name not in responses, f"{path.name}: {name} defined twice in {code}"
            responses[name] = variations
    return responses


OTHER_LANGUAGES = [code for code in languages.codes() if code != languages.default_code()]


def test_languages_are_configured_with_their_folders():
    assert languages.default_code() == "sv"
    assert set(OTHER_LANGUAGES) == {"en", "ar", "so", "uk", "fa"}
    for code in OTHER_LANGUAGES:
        assert (languages.CATALOGUE_DIR / code).is_dir(), code
    assert languages.get("ar").direction == "rtl" and languages.get("fa").direction == "rtl"
    assert languages.get("uk").direction == "ltr"


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_every_domain_response_exists_in(code):
    missing = sorted(set(domain_responses()) - set(catalogue(code)))
    assert not missing, f"{len(missing)} responses have no {code} translation: {missing}"


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_translations_have_the_swedish_shape(code):
    swedish = domain_responses()
    problems = []
    for name, variations in catalogue(code).items():
        if name not in swedish:
            problems.append(f"{name}: not a response of the domain")
            continue
        sv_vars = {v for variation in swedish[name] for v in PLACEHOLDER.findall(variation.get("text", ""))}
        for variation in variations:
            text = variation.get("text", "")
            if not text.strip() and not variation.get("custom"):
                problems.append(f"{name}: empty text")
            unknown = set(PLACEHOLDER.findall(text)) - sv_vars
            if unknown:
                problems.append(f"{name}: placeholders {unknown} that the Swedish text does not have")
        sv_payloads = [b["payload"] for b in swedish[name][0].get("buttons", []) if b["payload"].startswith("/")]
        for variation in variations:
            payloads = [b["payload"] for b in variation.get("buttons", []) if b["payload"].startswith("/")]
            if payloads != sv_payloads:
                problems.append(f"{name}: intent payloads {payloads} differ from Swedish {sv_payloads}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_translations_are_not_swedish(code):
    """A catalogue entry that is still the Swedish text is a missing translation in disguise."""
    swedish = domain_responses()
    same = [name for name, variations in catalogue(code).items() if name in swedish
            and variations[0].get("text") and variations[0].get("text") == swedish[name][0].get("text")]
    assert not same, f"{code}: untranslated copies of Swedish: {same}"


def test_every_fallback_button_title_exists_in_every_language_for_an_intent_of_the_domain():
    titles = yaml.safe_load((ROOT / "bot" / "languages" / "intent_titles.yml").read_text(encoding="utf-8"))
    intents: set[str] = set()
    for path in DOMAIN_DIR.glob("*.yml"):
        intents.update(i if isinstance(i, str) else next(iter(i))
                       for i in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("intents") or [])
    missing = [f"{intent}: {code}" for intent, by_language in titles.items()
               for code in languages.codes() if not (by_language or {}).get(code)]
    assert not missing, missing
    retrieval = {"cv_help", "interview_help"}  # Rasa adds them from the NLU data (bot/domain/nlu.yml)
    assert set(titles) <= intents | retrieval, set(titles) - intents - retrieval
