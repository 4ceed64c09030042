"""The month's activity report (aktivitetsrapport) as a file: GET /activity-report/<report>.pdf|.csv.

Who may download it: whoever holds the link the bot gave in the chat. A plain link cannot carry the
widget's X-Jobbcoach-Sender header, and Telegram and Slack users have no header at all, so the link
is the capability: it names the report row and expires, and its HMAC (store.activities.check_link,
with a key derived from the secret this app shares with the action server, web.push.internal_token)
covers the row's sender and month, so no other jobseeker's report can be reached by changing a
number. A request that does carry a widget header must carry the report's own sender.

The file is made on each request from the store and never written to disk; `Cache-Control: no-store`
keeps it out of browser and proxy caches. The document is Swedish (it goes to Arbetsförmedlingen);
its words are bot/languages/activity_report.yml, shared with the text the bot gives to copy.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from babel.dates import format_date
from fastapi import APIRouter, Header, HTTPException, Query
from fastapi import Path as PathParam
from fastapi.responses import Response
from fpdf import FPDF
from fpdf.fonts import FontFace
from starlette.concurrency import run_in_threadpool

from jobbcoach_settings import clock
from store import activities
from web.chat_identity import SENDER_HEADER
from web.push import internal_token

CATALOGUE = Path(__file__).resolve().parents[1] / "bot" / "languages" / "activity_report.yml"
# A font with every letter a jobseeker may type (å, é, ü, ğ, Cyrillic…): fpdf2's built-in fonts stop
# at Latin-1. Debian's DejaVu (fonts-dejavu-core, present wherever Chromium is installed).
FONT_CANDIDATES = (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
                   Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"))
DEADLINE_DAY = 14
MEDIA_TYPES = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
# Widths of the PDF table's columns (day, what, employer, occupation, kind) in mm of an A4 page.
COLUMN_WIDTHS = (22, 62, 34, 30, 42)

# Not in the open API document at /docs: a link the bot hands one jobseeker, not an API for others.
router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Any]:
    return yaml.safe_load(CATALOGUE.read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=1)
def _font_path() -> Path | None:
    """A TrueType font covering more than Latin-1, or None (then other letters print as '?'; the
    CSV and the chat's text keep them)."""
    return next((path for path in FONT_CANDIDATES if path.is_file()), None)


# --- the document --------------------------------------------------------------------------------

def month_label(month: str) -> str:
    return format_date(activities.month_bounds(month)[0], "LLLL yyyy", locale="sv")


def deadline(month: str) -> date:
    return activities.month_bounds(month)[1].replace(day=DEADLINE_DAY)


def document(sender_id: str, month: str) -> dict[str, Any]:
    """Everything the files show: title, period, headings, rows, footer (words from the catalogue)."""
    words = catalogue()
    rows = activities.document_rows(activities.activities_in_month(sender_id, month), words)
    return {
        "title": words["title"],
        "period": words["period"].format(month=month_label(month)),
        "columns": list(words["columns"].items()),
        "rows": rows,
        "footer": words["footer"].format(created=clock.today().isoformat(),
                                         deadline=format_date(deadline(month), "d MMMM yyyy", locale="sv")),
        "empty": words["no_activities"],
        "filename": words["filename"].format(month=month),
    }


def _csv_cell(value: str) -> str:
    """A cell that a spreadsheet never runs as a formula (= + - @ at the start stay text)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def build_csv(doc: dict[str, Any]) -> bytes:
    """UTF-8 with a BOM (Excel then reads å, ä, ö), semicolons (Swedish Excel's list separator)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([heading for _key, heading in doc["columns"]])
    for row in doc["rows"]:
        writer.writerow([_csv_cell(row[key]) for key, _heading in doc["columns"]])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def build_pdf(doc: dict[str, Any]) -> bytes:
    """An A4 page (or more) with the title, the period, a table of the activities and the footer."""
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(f"{doc['title']} – {doc['period']}")
    pdf.set_creator("Jobbcoach")
    font = _font_path()
    family, heading_style = "Helvetica", FontFace(emphasis="BOLD")
    if font:
        pdf.add_font("Report", "", str(font))
        family = "Report"
        bold = font.with_name(font.stem + "-Bold.ttf")
        if bold.is_file():
            pdf.add_font("Report", "B", str(bold))
        else:
            heading_style = FontFace(emphasis="")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font(family, size=16)
    pdf.cell(0, 10, _printable(doc["title"], font), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=12)
    pdf.cell(0, 8, _printable(doc["period"], font), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(family, size=9)
    if doc["rows"]:
        with pdf.table(col_widths=COLUMN_WIDTHS, text_align="LEFT", line_height=5,
                       headings_style=heading_style) as table:
            heading = table.row()
            for _key, title in doc["columns"]:
                heading.cell(_printable(title, font))
            for row in doc["rows"]:
                cells = table.row()
                for key, _title in doc["columns"]:
                    cells.cell(_printable(row[key], font))
    else:
        pdf.multi_cell(0, 6, _printable(doc["empty"], font), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(family, size=8)
    pdf.multi_cell(0, 4, _printable(doc["footer"], font), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _printable(text: str, font: Path | None) -> str:
    """Without a Unicode font, letters outside Latin-1 become '?' rather than an error."""
    if font:
        return text
    return text.replace("–", "-").replace("”", '"').encode("latin-1", "replace").decode("latin-1")


# --- the endpoint --------------------------------------------------------------------------------

def _refuse(status: int, detail: str) -> HTTPException:
    return HTTPException(status_code=status, detail=detail, headers=NO_STORE)


def authorised_report(report_id: int, expires: int, signature: str,
                      widget_sender: str | None) -> activities.ReportStatus:
    """The report this link opens, or an HTTPException: 403 for a wrong, tampered or foreign link,
    410 for an expired one (then the jobseeker asks the bot for a new link)."""
    report = activities.report_by_id(report_id)
    verdict = activities.check_link(internal_token(), report, expires, signature, clock.now())
    if verdict == "invalid":
        raise _refuse(403, "Länken till aktivitetsrapporten är ogiltig.")
    if widget_sender is not None and widget_sender != report.sender_id:
        raise _refuse(403, "Länken hör till en annan jobbsökare.")
    if verdict == "expired":
        raise _refuse(410, "Länken har gått ut. Skriv ”visa aktivitetsrapporten” till Jobbcoach så får du en ny.")
    return report


@router.get("/activity-report/{report_id}.{fmt}", summary="Ladda ner en månads aktivitetsrapport (utkast)")
async def download_report(
    report_id: Annotated[int, PathParam(ge=1, le=2**62)],
    fmt: Annotated[str, PathParam(pattern="^(pdf|csv)$")],
    expires: Annotated[int, Query(ge=0, le=2**40)],
    signature: Annotated[str, Query(min_length=64, max_length=64, pattern="^[0-9a-fA-F]{64}$")],
    x_jobbcoach_sender: Annotated[str | None, Header(alias=SENDER_HEADER)] = None,
) -> Response:
    report = await run_in_threadpool(authorised_report, report_id, expires, signature, x_jobbcoach_sender)
    doc = await run_in_threadpool(document, report.sender_id, report.month)
    body = await run_in_threadpool(build_pdf if fmt == "pdf" else build_csv, doc)
    headers = {**NO_STORE, "Content-Disposition": f'attachment; filename="{doc["filename"]}.{fmt}"',
               "X-Content-Type-Options": "nosniff"}
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)


__all__ = ["router", "build_csv", "build_pdf", "document"]
