"""Pushed messages, job-ad cards and languages in headless Chromium against the real web app and bot.

A push is what Rasa's REST channel (a reminder that fired) or the job alerts do: POST /internal/push
with the internal token. The widget must show it within 2 s while open, once after a reload, and
still after the web app restarted while the message waited.
"""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from jobbcoach_settings import get_settings
from store.saved_jobs import saved_jobs
from tests.support.web import RestartableWebApp
from tests.widget.widget_page import WidgetPage, open_widget, push

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

# Screenshots of this run; reports/widget/ holds the ones committed as the record (copy them there).
REPORTS = get_settings().var_dir / "screenshots" / "widget"


def var_dir(stack) -> Path:
    return Path(stack.env["JOBBCOACH_VAR"])


def job_ads(*titles: str) -> dict:
    ads = [{"n": n, "id": f"test-{n}", "title": title, "employer": "Byggbolaget i Umeå AB", "place": "Umeå",
            "extent": "Heltid", "deadline": "2026-12-14", "reason": "Du söker jobb som snickare i Umeå",
            "url": f"https://arbetsformedlingen.se/platsbanken/annonser/{n}"} for n, title in enumerate(titles, 1)]
    return {"custom": {"type": "job_ads", "text": "\n".join(f"{a['n']}. {a['title']}" for a in ads), "ads": ads}}


def last_user_text(stack, sender: str) -> str:
    tracker = httpx.get(f"{stack.rasa_url}/conversations/{sender}/tracker", params={"token": stack.rasa_token},
                        timeout=30).json()
    return [e["text"] for e in tracker["events"] if e["event"] == "user"][-1]


def test_a_pushed_message_appears_within_two_seconds_and_once_after_a_reload(page: Page, web_app, stack) -> None:
    widget = WidgetPage(page).open(web_app.url)
    widget.say("hej")
    widget.wait_for_stream()
    news = f"Det har kommit nya jobb som snickare ({uuid.uuid4().hex[:6]})."

    sent = time.monotonic()
    push(web_app.url, var_dir(stack), widget.sender_id(), {"text": news})
    expect(widget.bot_messages.filter(has_text=news)).to_have_count(1, timeout=2_000)
    assert time.monotonic() - sent < 2.5  # 2 s for the message, the rest is the test's own polling

    page.reload()
    widget.input.wait_for()
    widget.wait_for_stream()
    time.sleep(1)  # a duplicate would come over the stream now
    expect(widget.bot_messages.filter(has_text=news)).to_have_count(1)
    # In its place in time: after the greeting's answer, as it came.
    assert widget.log.locator(".jc-msg").last.inner_text().endswith(news)


def test_a_message_pushed_while_away_is_shown_when_the_jobseeker_comes_back(browser, stack, tmp_path: Path) -> None:
    """Queued while no page is open, through a restart of the web app, then shown once."""
    env = {**stack.env, "JOBBCOACH_VAR": str(tmp_path)}  # own token; the same store (the outbox is there)
    server = RestartableWebApp(tmp_path, env, stack.rasa_url, stack.rasa_token, "web-push-restart").start()
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    try:
        widget = open_widget(context, server.url)
        widget.say("hej")
        sender = widget.sender_id()
        widget.page.close()

        push(server.url, tmp_path, sender, {"text": "Medan du var borta: tre nya jobb."},
             {"text": "Och en påminnelse om veckans mål."})
        server.stop()
        server.start()

        widget = open_widget(context, server.url)
        page = widget.page
        widget.wait_for_stream()
        first = widget.bot_messages.filter(has_text="Medan du var borta")
        expect(first).to_have_count(1)
        texts = widget.bot_messages.all_inner_texts()
        assert [i for i, t in enumerate(texts) if "Medan du var borta" in t][0] < \
               [i for i, t in enumerate(texts) if "veckans mål" in t][0]  # in the order they were pushed
        page.reload()
        widget.wait_for_stream()
        time.sleep(1)
        expect(widget.bot_messages.filter(has_text="Medan du var borta")).to_have_count(1)
    finally:
        context.close()
        server.stop()


def test_ads_are_cards_and_spara_saves_the_ad(page: Page, web_app, stack) -> None:
    widget = WidgetPage(page).open(web_app.url)
    widget.say("jag söker jobb som snickare i Umeå")
    widget.wait_for_stream()
    if not widget.log.locator(".jc-card").count():  # the search's own cards, else the same as a push
        push(web_app.url, var_dir(stack), widget.sender_id(), job_ads("Snickare", "Träarbetare"))
    cards = widget.log.locator(".jc-card")
    expect(cards.first).to_be_visible()
    first = cards.first
    expect(first.locator(".jc-card-title")).to_have_text(re.compile(r"^1\. \S"))
    expect(first.locator(".jc-card-deadline")).to_contain_text("Sista ansökningsdag")
    read = first.get_by_role("link", name=re.compile("Läs annonsen"))
    assert "noopener" in (read.get_attribute("rel") or "") and read.get_attribute("target") == "_blank"

    before = widget.bot_count()
    first.get_by_role("button", name="Spara").click()
    expect(widget.user_messages.last).to_have_text(re.compile("Spara jobb nummer 1"))
    answers = widget.wait_for_answers(before)
    assert last_user_text(stack, widget.sender_id()) == '/save_job{"ad_number": 1}'
    assert any("sparat" in answer.lower() for answer in answers), answers
    assert len(saved_jobs(widget.sender_id(), url=stack.db_url)) == 1
    expect(first.get_by_role("button", name=re.compile("Sparad"))).to_be_disabled()


def test_a_card_says_which_of_the_ads_skills_the_jobseeker_has(page: Page, web_app, stack) -> None:
    widget = WidgetPage(page).open(web_app.url)
    widget.say("hej")
    widget.wait_for_stream()
    message = job_ads("Truckförare")
    message["custom"]["ads"][0]["skills"] = {"have": ["B-körkort", "Lagerarbete"], "missing": ["Truckkort A"],
                                             "have_count": 2, "total": 3}
    push(web_app.url, var_dir(stack), widget.sender_id(), message)
    card = widget.log.locator(".jc-card").filter(has_text="Truckförare")
    expect(card.locator(".jc-card-skills")).to_have_text("Du har 2 av 3 kompetenser som annonsen nämner")
    expect(card.locator(".jc-card-missing")).to_have_text("Saknas: Truckkort A")


def test_cards_are_text_only_keyboard_reachable_and_fit_360_pixels(browser, web_app, stack) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    try:
        widget = open_widget(context, web_app.url)
        page = widget.page
        widget.say("hej")
        widget.wait_for_stream()
        hostile = '<img src=x onerror="window.__pwned=1">Snickare med ett mycket långt yrkesnamn utan mellanrum'
        push(web_app.url, var_dir(stack), widget.sender_id(), job_ads(hostile, "Träarbetare"))
        card = widget.log.locator(".jc-card").first
        expect(card).to_contain_text("<img src=x onerror=")
        assert widget.log.locator(".jc-card img").count() == 0
        assert page.evaluate("window.__pwned") is None

        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        for part in (".jc-card", ".jc-card-actions a", ".jc-card-save", ".jc-card-ask"):
            box = page.locator(part).first.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, (part, box)
            assert part == ".jc-card" or box["height"] >= 44, (part, box)

        # Tab from the message box backwards reaches "Fråga om jobbet"; Enter prefills the question.
        widget.input.focus()
        widget.tab_to("jc-card-ask", "'Fråga om jobbet'", backwards=True, presses=30)
        page.keyboard.press("Enter")
        expect(widget.input).to_be_focused()
        expect(widget.input).to_have_value(re.compile(r"^Om jobb nummer 2: $"))
        REPORTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(REPORTS / "widget-cards-360.png"))
    finally:
        context.close()


def test_arabic_by_keyboard_turns_the_panel_right_to_left_and_is_remembered(page: Page, web_app, stack) -> None:
    widget = WidgetPage(page).open(web_app.url)
    widget.say("hej")
    panel = page.locator(".jc-panel")
    expect(panel).to_have_attribute("dir", "ltr")

    widget.tab_to("jc-language", "the language menu", presses=30)
    before = widget.bot_count()
    page.keyboard.press("ArrowDown")  # Svenska -> English
    page.keyboard.press("ArrowDown")  # -> العربية
    expect(panel).to_have_attribute("dir", "rtl")
    expect(panel).to_have_attribute("lang", "ar")
    expect(page.get_by_label("اكتب رسالتك")).to_be_visible()
    # The bot is told once, where the arrow keys stopped.
    deadline = time.monotonic() + 60
    while last_user_text(stack, widget.sender_id()) != '/set_language{"language":"ar"}':
        assert time.monotonic() < deadline, last_user_text(stack, widget.sender_id())
        time.sleep(0.5)
    widget.wait_for_answers(before)
    tracker = httpx.get(f"{stack.rasa_url}/conversations/{widget.sender_id()}/tracker",
                        params={"token": stack.rasa_token}, timeout=30).json()
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"][-2:] == [
        "hej", '/set_language{"language":"ar"}']
    # Mixed scripts: each message decides its own direction, whatever the panel's.
    assert all(d == "auto" for d in widget.log.locator(".jc-msg").evaluate_all("ms => ms.map(m => m.dir)"))
    widget.wait_for_stream()
    push(web_app.url, var_dir(stack), widget.sender_id(), {"text": "Nya jobb i Umeå: 3 st."},
         {"text": "وظائف جديدة في أوميو"})
    swedish = widget.bot_messages.filter(has_text="Nya jobb i Umeå").locator(".jc-text")
    arabic = widget.bot_messages.filter(has_text="وظائف جديدة").locator(".jc-text")
    expect(arabic).to_have_count(1)
    assert swedish.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"

    page.reload()
    page.get_by_label("اكتب رسالتك").wait_for()
    expect(panel).to_have_attribute("dir", "rtl")
    expect(page.locator(".jc-language")).to_have_value("ar")
    assert not any("/set_language" in t for t in widget.user_messages.all_inner_texts())
    REPORTS.mkdir(parents=True, exist_ok=True)
    page.locator(".jc-panel").screenshot(path=str(REPORTS / "widget-arabic.png"))
