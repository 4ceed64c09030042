"""The website chat widget in headless Chromium against the real web app, Rasa and action server.

Assertions are on behaviour that stays while the bot's data grows: a greeting is answered by
"Jobbcoach", buttons send their payload and show their title, text is never markup.
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
from tests.support.servers import free_port
from tests.support.web import RestartableWebApp, start_web_app
from tests.widget.widget_page import WidgetPage, open_widget

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

# Screenshots of this run; reports/widget/ holds the ones committed as the record (copy them there).
REPORTS = get_settings().var_dir / "screenshots" / "widget"
UNREACHABLE = re.compile("går inte att nå")


def test_greeting_is_answered_in_the_widget(page: Page, web_app) -> None:
    widget = WidgetPage(page).open(web_app.url)
    expect(page).to_have_title(re.compile("Jobbcoach"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")

    answers = widget.say("hej")

    assert any("Jobbcoach" in answer for answer in answers), answers
    expect(widget.user_messages.last).to_contain_text("hej")
    # New messages land in the polite live region, so screen readers read them out.
    expect(widget.log).to_have_attribute("aria-live", "polite")
    assert re.fullmatch(r"[0-9a-f]{32}", widget.sender_id() or "")


def test_clicking_a_button_sends_it_and_shows_its_title(page: Page, web_app) -> None:
    widget = WidgetPage(page).open(web_app.url)
    widget.say("hej")
    choices = widget.bot_messages.nth(widget.bot_count() - 1).get_by_role("button")  # fixed: not `.last`
    assert choices.count() > 0, "the greeting offers buttons"
    title = choices.first.inner_text()

    before = widget.bot_count()
    choices.first.click()

    expect(widget.user_messages.last).to_have_text(re.compile(re.escape(title)))
    answers = widget.wait_for_answers(before)
    assert answers and all(answer.strip() for answer in answers)
    # A question's buttons answer it once; the user's text, not the payload, is what shows.
    expect(choices.first).to_be_disabled()
    assert not any(text.startswith("/") for text in widget.user_messages.all_inner_texts())


def test_history_survives_a_reload(page: Page, web_app) -> None:
    widget = WidgetPage(page).open(web_app.url)
    widget.say("hej")
    sender = widget.sender_id()
    shown_before = widget.log.locator(".jc-msg").all_inner_texts()

    page.reload()
    widget.input.wait_for()

    expect(widget.log.locator(".jc-msg")).to_have_count(len(shown_before))
    assert widget.log.locator(".jc-msg").all_inner_texts() == shown_before
    assert widget.sender_id() == sender
    # The conversation goes on where it was.
    answers = widget.say("hej igen")
    assert answers


def test_keyboard_only_use(page: Page, web_app) -> None:
    widget = WidgetPage(page).open(web_app.url)

    # From the top of the page, Tab reaches the message box.
    widget.tab_to("jc-input", "the message box", presses=15)
    assert _focus_is_visible(page)

    before = widget.bot_count()
    page.keyboard.type("hej")
    page.keyboard.press("Enter")
    widget.wait_for_answers(before)
    expect(page.locator(".jc-input")).to_be_focused()

    # Shift+Tab walks back through the answer's buttons; Enter on one sends it.
    widget.tab_to("jc-choice", "an answer button", backwards=True, presses=10)
    assert _focus_is_visible(page)
    title = page.evaluate("document.activeElement.textContent")
    before = widget.bot_count()
    page.keyboard.press("Enter")
    expect(widget.user_messages.last).to_have_text(re.compile(re.escape(title)))
    widget.wait_for_answers(before)

    # Escape closes the panel and gives focus to the launcher; Enter opens it again.
    page.keyboard.press("Escape")
    launcher = page.get_by_role("button", name="Chatta med Jobbcoach")
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(page.locator(".jc-input")).to_be_focused()


def _focus_is_visible(page: Page) -> bool:
    return page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    }""")


def test_markup_from_the_bot_or_the_user_is_shown_as_text(page: Page, web_app, stack) -> None:
    """A bot message with <script>, an onerror handler and a javascript: link is only text.

    The message is put into the real conversation through Rasa's tracker API, so it reaches the page
    the way every message does after a reload: Rasa -> web app history -> widget.
    """
    sender = uuid.uuid4().hex
    hostile = ('<script>window.__pwned = "script"</script><img src=x onerror="window.__pwned = \'img\'">'
               " [klicka](javascript:window.__pwned='link') https://arbetsformedlingen.se/platsbanken")
    bot_event = {"event": "bot", "text": hostile, "timestamp": time.time(),
                 "data": {"buttons": [{"title": "<b>fet</b>", "payload": "/greet"}]}}
    # Start the conversation first: appending to a tracker that does not exist yet makes Rasa run the
    # session start without an output channel, which fails when that action says something.
    stack.jobseeker(sender).say("hej")
    response = httpx.post(f"{stack.rasa_url}/conversations/{sender}/tracker/events",
                          params={"token": stack.rasa_token}, json=bot_event, timeout=30)
    response.raise_for_status()
    page.add_init_script(
        f"localStorage.setItem('jobbcoach.sender', '{sender}'); localStorage.setItem('jobbcoach.sender.started', '1');")

    widget = WidgetPage(page).open(web_app.url)
    message = widget.bot_messages.last
    expect(message).to_contain_text('<script>window.__pwned = "script"</script>')
    expect(message).to_contain_text("<img src=x onerror=")
    expect(message.get_by_role("button")).to_have_text("<b>fet</b>")
    assert message.locator("script, img, b").count() == 0
    # Only the https address became a link; the javascript: one stayed text.
    hrefs = message.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["https://arbetsformedlingen.se/platsbanken"]
    expect(message).to_contain_text("[klicka](javascript:")

    widget.say('<img src=x onerror="window.__pwned = \'user\'">')
    expect(widget.user_messages.last).to_have_text(re.compile(re.escape('<img src=x onerror="window.__pwned')))
    assert widget.user_messages.last.locator("img").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_unreachable_bot_shows_a_swedish_error_and_keeps_the_message(browser, stack,
                                                                       tmp_path: Path) -> None:
    """A web app whose Rasa address is a closed port: the widget says so and keeps the message."""
    closed = f"http://127.0.0.1:{free_port()}"
    lonely = start_web_app(tmp_path, stack.env, closed, stack.rasa_token, name="web-no-bot")
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    try:
        page = context.new_page()
        widget = WidgetPage(page).open(lonely.url)
        widget.input.fill("hej")
        page.keyboard.press("Enter")

        expect(widget.alert).to_be_visible(timeout=20_000)
        expect(widget.alert).to_contain_text(UNREACHABLE)
        expect(widget.alert.get_by_role("button", name="Försök igen nu")).to_be_visible()
        expect(widget.user_messages.last).to_have_text(re.compile("hej"))
        assert widget.bot_count() == 0
        status = httpx.get(f"{lonely.url}/api/chat/status", timeout=10).json()
        assert status == {"bot_reachable": False}
        REPORTS.mkdir(parents=True, exist_ok=True)
        page.locator(".jc-panel").screenshot(path=str(REPORTS / "widget-error.png"))
    finally:
        context.close()
        lonely.stop()


def test_message_is_delivered_after_the_connection_comes_back(browser, stack, tmp_path: Path) -> None:
    """The web app goes away mid-conversation and comes back on the same address: the widget retries."""
    server = RestartableWebApp(tmp_path, stack.env, stack.rasa_url, stack.rasa_token, "web-restarting").start()
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    try:
        widget = open_widget(context, server.url)
        widget.say("hej")

        server.stop()
        before = widget.bot_count()
        widget.input.fill("hej en gång till")
        widget.page.keyboard.press("Enter")
        expect(widget.alert).to_contain_text(UNREACHABLE, timeout=20_000)

        server.start()
        widget.wait_for_answers(before)
        expect(widget.alert).to_be_hidden()
        expect(widget.user_messages.last).to_have_text(re.compile("hej en gång till"))
    finally:
        context.close()
        server.stop()


def test_fits_a_360_pixel_phone_and_meets_contrast(browser, web_app) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    try:
        widget = open_widget(context, web_app.url)
        page = widget.page
        widget.say("hej")
        widget.say("jag söker jobb som snickare i Umeå")

        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        for part in (".jc-panel", ".jc-input", ".jc-send", ".jc-close"):
            box = page.locator(part).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, (part, box)
        for target in (".jc-send", ".jc-close"):
            box = page.locator(target).bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44, (target, box)  # touch target size
        low = page.evaluate(CONTRAST_CHECK)
        assert not low, f"text below WCAG AA contrast: {low}"
        REPORTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(REPORTS / "widget-360.png"))
    finally:
        context.close()


def test_screenshot_of_a_conversation(page: Page, web_app) -> None:
    """The screenshot committed to reports/widget/widget.png: a greeting and a job search."""
    widget = WidgetPage(page).open(web_app.url)
    widget.say("hej")
    answers = widget.say("jag söker jobb som snickare i Umeå")
    assert answers
    low = page.evaluate(CONTRAST_CHECK)
    assert not low, f"text below WCAG AA contrast: {low}"
    REPORTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(REPORTS / "widget.png"))


# WCAG 2.1 contrast of every visible, enabled text element in the widget against its background
# (the first opaque background up the tree); returns the elements below 4.5:1.
CONTRAST_CHECK = """() => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const low = [];
  document.querySelectorAll('.jc-root *').forEach(el => {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.disabled || el.closest('.jc-sr-only') || !el.getClientRects().length) return;
    const fg = lum(parse(getComputedStyle(el).color).slice(0, 3)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) low.push(`${el.className || el.tagName}: ${ratio.toFixed(2)}`);
  });
  return low;
}"""
