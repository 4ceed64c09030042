"""A conversation as case notes (journal): who said or did what, when, in one timeline.

The JSON, CSV and PDF exports all read this: the jobseeker's and the bot's messages, the
caseworkers' notes and tags, and the handoff cases' steps (asked for, taken, waiting, closed,
reviewed). Rasa's bookkeeping (`action_listen`, predicted actions, slot changes, sessions) is
left out: a case file is read by people. A bot event whose metadata names a `caseworker` is a
caseworker's message written through the live handoff and is shown as theirs.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from fpdf import FPDF

from store.models import HandoffRequest, Note, Tag
from web.console import timefmt
from web.console.queues import STATUS_NAMES

FONT_CANDIDATES = (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"))


@dataclass
class Entry:
    at: datetime
    who: str  # "Jobbsökare", "Jobbcoach", "Handläggare anna"
    kind: str  # message | note | tag | case
    text: str

    def row(self) -> dict[str, str]:
        return {"tid": timefmt.fmt(self.at), "vem": self.who, "typ": KINDS[self.kind], "text": self.text}


KINDS = {"message": "meddelande", "note": "anteckning", "tag": "tagg", "case": "ärende"}


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def timeline(events: list[dict[str, Any]], notes: list[Note], tags: list[Tag],
             handoffs: list[HandoffRequest]) -> list[Entry]:
    entries: list[Entry] = []
    for ev in events:
        kind, stamp = ev.get("event"), ev.get("timestamp")
        if stamp is None or kind not in ("user", "bot"):
            continue
        at = datetime.fromtimestamp(stamp, UTC)
        text = ev.get("text") or ""
        if kind == "user":
            entries.append(Entry(at, "Jobbsökare", "message", text))
            continue
        caseworker = (ev.get("metadata") or {}).get("caseworker")
        buttons = [b.get("title") for b in (ev.get("data") or {}).get("buttons") or [] if b.get("title")]
        if buttons:
            text += "\n[knappar: " + " | ".join(buttons) + "]"
        entries.append(Entry(at, f"Handläggare {caseworker}" if caseworker else "Jobbcoach", "message", text))
    for note in notes:
        entries.append(Entry(_aware(note.created_at), f"Handläggare {note.author}", "note", note.text))
    for tag in tags:
        entries.append(Entry(_aware(tag.created_at), f"Handläggare {tag.author}", "tag", tag.tag))
    for h in handoffs:
        label = "Brådskande överlämning" if h.urgent else "Överlämning"
        entries.append(Entry(_aware(h.created_at), "Jobbsökare", "case",
                             f"{label} begärd" + (f": {h.reason}" if h.reason else "")))
        if h.taken_at and h.taken_by:
            entries.append(Entry(_aware(h.taken_at), f"Handläggare {h.taken_by}", "case", "Har ärendet"))
        if h.waiting_since:
            entries.append(Entry(_aware(h.waiting_since), f"Handläggare {h.taken_by or '?'}", "case",
                                 "Väntar på jobbsökaren"))
        if h.closed_at:
            entries.append(Entry(_aware(h.closed_at), f"Handläggare {h.closed_by or h.taken_by or '?'}", "case",
                                 "Stängde ärendet"))
        if h.reviewed_at:
            entries.append(Entry(_aware(h.reviewed_at), f"Handläggare {h.reviewed_by}", "case", "Granskade ärendet"))
    order = {"message": 0, "case": 1, "note": 2, "tag": 3}
    return sorted(entries, key=lambda e: (e.at, order[e.kind]))


def document(sender_id: str, language: str | None, entries: list[Entry], handoffs: list[HandoffRequest],
             stored: dict | None = None) -> dict[str, Any]:
    doc = {
        "sender_id": sender_id,
        "language": language,
        "exported_at": timefmt.fmt(datetime.now(UTC)),
        "entries": [{**asdict(e), "at": timefmt.local(e.at).isoformat(), "time": timefmt.fmt(e.at)} for e in entries],
        "handoffs": [{"id": h.id, "status": h.status, "status_name": STATUS_NAMES.get(h.status, h.status),
                      "urgent": h.urgent, "team": h.team, "taken_by": h.taken_by, "closed_by": h.closed_by,
                      "reviewed_by": h.reviewed_by} for h in handoffs],
    }
    if stored is not None:
        # The store's half (goals, saved jobs, profile, sick reports…): what store.privacy would
        # erase, so an export for a data-access request is complete.
        doc["stored"] = stored
    return doc


def csv_cell(value: str) -> str:
    """Neutralise spreadsheet formulas: a message starting with = + - @ stays text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def build_csv(sender_id: str, entries: list[Entry]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["jobbsökare", "tid", "vem", "typ", "text"])
    for entry in entries:
        row = entry.row()
        writer.writerow([csv_cell(v) for v in (sender_id, row["tid"], row["vem"], row["typ"], row["text"])])
    return buffer.getvalue()


@lru_cache(maxsize=1)
def _font() -> Path | None:
    return next((path for path in FONT_CANDIDATES if path.is_file()), None)


def _printable(text: str, font: Path | None) -> str:
    if font:
        return text
    return text.encode("latin-1", "replace").decode("latin-1")


def build_pdf(sender_id: str, entries: list[Entry]) -> bytes:
    """A4 case notes: a heading, then one block per entry (time, who, what) - a journal, not a grid."""
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(f"Journal {sender_id}")
    pdf.set_creator("Jobbcoach handläggarkonsol")
    font = _font()
    family, bold = "Helvetica", "B"
    if font:
        pdf.add_font("Journal", "", str(font))
        bold_file = font.with_name(font.stem + "-Bold.ttf")
        if bold_file.is_file():
            pdf.add_font("Journal", "B", str(bold_file))
        else:
            bold = ""
        family = "Journal"
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font(family, bold, 15)
    pdf.multi_cell(0, 8, _printable(f"Journal – jobbsökare {sender_id}", font), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 9)
    pdf.multi_cell(0, 5, _printable(f"Utskriven {timefmt.fmt(datetime.now(UTC))} ur Jobbcoachs handläggarkonsol. "
                                    "Innehåller personuppgifter.", font), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    if not entries:
        pdf.multi_cell(0, 6, "Inget finns sparat.", new_x="LMARGIN", new_y="NEXT")
    for entry in entries:
        row = entry.row()
        pdf.set_font(family, bold, 9)
        pdf.multi_cell(0, 5, _printable(f"{row['tid']}  {row['vem']}  ({row['typ']})", font),
                       new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 10)
        pdf.multi_cell(0, 5, _printable(row["text"] or "–", font), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())
