"""The widget's interface strings: every string in every language, and every string the script uses."""

from __future__ import annotations

import json
import re

import pytest

from tests.support.servers import REPO
from web.widget import LANGUAGES

I18N = REPO / "web" / "widget" / "i18n"
SCRIPT = (REPO / "web" / "widget" / "static" / "jobbcoach-widget.js").read_text(encoding="utf-8")


def strings(code: str) -> dict[str, str]:
    return json.loads((I18N / f"{code}.json").read_text(encoding="utf-8"))


def test_the_script_and_the_server_offer_the_same_languages() -> None:
    in_script = re.findall(r'\{ code: "(\w+)", name: "[^"]+", dir: "(ltr|rtl)" \}', SCRIPT)
    assert [code for code, _ in in_script] == list(LANGUAGES)
    assert {code for code, direction in in_script if direction == "rtl"} == {"ar", "fa"}
    assert sorted(p.stem for p in I18N.glob("*.json")) == sorted(LANGUAGES)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_string_exists_in_every_language(code: str) -> None:
    swedish, other = strings("sv"), strings(code)
    assert set(other) == set(swedish), f"{code}: missing {set(swedish) - set(other)}, extra {set(other) - set(swedish)}"
    for key, text in other.items():
        assert text.strip(), (code, key)
        assert set(re.findall(r"\{\w+\}", text)) == set(re.findall(r"\{\w+\}", swedish[key])), (code, key)


def test_every_string_the_script_uses_is_defined() -> None:
    used = set(re.findall(r'this\.(?:t|speaker)\("(\w+)"', SCRIPT))
    used |= set(re.findall(r'this\.label\([^;]*?, "(\w+)"(?:, "[\w-]+")?\)', SCRIPT))
    assert used, "the pattern finds the script's strings"
    assert used <= set(strings("sv")), used - set(strings("sv"))
    assert not set(strings("sv")) - used, f"strings nobody uses: {set(strings('sv')) - used}"
