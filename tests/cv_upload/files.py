"""CV files made at test time, one per thing the upload must handle: a real CV as PDF, DOCX and text,
and a file of each bad kind (jobmatch.cv_files.ERROR_KINDS). Written for these tests."""

from __future__ import annotations

import io
import zipfile

import docx
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from jobmatch.cv_files import MAX_FILE_BYTES

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # å, ä, ö
CV_LINES = [
    "Karin Lind",
    "Storgatan 4, 903 26 Umeå · 070-111 22 33",
    "",
    "Arbetslivserfarenhet",
    "Lagerarbetare, Dagab, Umeå, 2018 – nu",
    "Plock och pack, inleverans och truckkörning.",
    "",
    "Utbildning",
    "Handels- och administrationsprogrammet, gymnasiet",
    "",
    "Kompetenser",
    "Truckkort, orderplock, MS Excel",
    "",
    "Körkort",
    "B-körkort",
    "",
    "Önskemål",
    "Heltid i Umeå",
]
CV_TEXT = "\n".join(CV_LINES)


def pdf(lines: list[str] = CV_LINES, pages: int = 1) -> bytes:
    document = FPDF()
    document.add_font("DejaVu", fname=FONT)
    document.set_font("DejaVu", size=11)
    for _ in range(pages):
        document.add_page()
        for line in lines:
            document.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(document.output())


def docx_file(lines: list[str] = CV_LINES) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def scanned_pdf() -> bytes:
    """Pages with only a drawing on them: what a scan without a text layer gives the reader."""
    document = FPDF()
    document.add_page()
    document.rect(20, 20, 170, 120, style="F")
    return bytes(document.output())


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf())))
    writer.encrypt(user_password="hemligt", owner_password="hemligare")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zip_bomb_docx() -> bytes:
    """A DOCX whose document.xml inflates about a thousandfold: refused before it is inflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            for _ in range(60):
                member.write(b"\0" * (1024 * 1024))
    return buffer.getvalue()


def renamed_program() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 2000  # a Windows program's first bytes


def too_large() -> bytes:
    return b"Lagerarbetare. " * (MAX_FILE_BYTES // 15 + 1)


# kind -> (file name, content type, bytes)
BAD_FILES = {
    "no_text": ("cv.pdf", "application/pdf", scanned_pdf),
    "encrypted": ("cv.pdf", "application/pdf", encrypted_pdf),
    "zip_bomb": ("cv.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", zip_bomb_docx),
    "wrong_type": ("cv.pdf", "application/pdf", renamed_program),
    "too_many_pages": ("cv.pdf", "application/pdf", lambda: pdf(pages=21)),
    "too_large": ("cv.txt", "text/plain", too_large),
    "empty": ("cv.txt", "text/plain", lambda: b""),
    "unreadable": ("cv.pdf", "application/pdf", lambda: b"%PDF-1.7\n" + b"\xff\xfe garbage " * 200),
}
