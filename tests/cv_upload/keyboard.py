"""Choosing a CV file with the keyboard in the widget (the paper-clip button)."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.widget.widget_page import WidgetPage


def choose_by_keyboard(widget: WidgetPage, name: str, mime: str, data: bytes) -> None:
    """Tab to the paper clip and activate it as a keyboard user does (Enter, else Space), then pick the file.

    On a loaded machine Chromium now and then drops the first activation's file chooser; a person
    would press again, and so does this (the activation must still open the picker)."""
    widget.input.focus()
    widget.tab_to("jc-attach", "the paper-clip button", backwards=True)
    for key in ("Enter", "Space", "Enter"):
        try:
            with widget.page.expect_file_chooser(timeout=15_000) as chooser:
                widget.page.keyboard.press(key)
        except PlaywrightTimeout:
            continue
        chooser.value.set_files(files=[{"name": name, "mimeType": mime, "buffer": data}])
        return
    pytest.fail("neither Enter nor Space on the paper clip opened the file chooser")
