"""A CV file (PDF, DOCX, ODT or plain text) read into its text, safely.

The file comes from a stranger, so it is only ever *parsed*, by well-kept libraries (pypdf,
python-docx, odfpy), never opened by a program that could run what it carries (macros, scripts,
embedded files are ignored). Before any parser sees it the bytes are checked: the size, that the
content is what the name says (an .exe renamed .pdf is refused by its first bytes), and for the
two zip-based formats the uncompressed size the archive *claims* (a zip bomb is refused before a
byte of it is inflated). Every refusal is a `CvFileError` with a `kind` the caller turns into a
clear answer (web/cv_api.py: 413/415/422; the chat: a polite message per kind).
The caller keeps nothing: this module works on bytes in memory and writes no file.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal

import docx
import pypdf
from odf import teletype
from odf.opendocument import load as load_odf

logger = logging.getLogger(__name__)

CvFormat = Literal["pdf", "docx", "odt", "txt"]
ErrorKind = Literal["too_large", "too_many_pages", "no_text", "encrypted", "zip_bomb", "wrong_type",
                    "unreadable", "empty"]
ERROR_KINDS: tuple[str, ...] = ("too_large", "too_many_pages", "no_text", "encrypted", "zip_bomb",
                                "wrong_type", "unreadable", "empty")

# A CV is a few pages: a text-only PDF of 4 pages is ~60 kB, a DOCX with a photo ~1-2 MB. 5 MB lets
# any honest CV through (a scanned one too) and keeps a parse in memory cheap.
MAX_FILE_BYTES = 5 * 1024 * 1024
# Twenty pages is several times a long CV (Arbetsförmedlingen advises one or two); more is a
# thesis or a book, which would only blur the profile and cost parsing time.
MAX_PAGES = 20
# DOCX and ODT are zip archives. Their text XML compresses about 5-10x, so an honest CV of 5 MB
# inflates to well under 50 MB; a zip bomb claims gigabytes. Checked on the sizes the archive
# declares, before anything is inflated.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
# A single member inflating more than 200x is not XML or a photo (XML ~10x, JPEG ~1x) but a bomb.
MAX_COMPRESSION_RATIO = 200
MAX_ARCHIVE_MEMBERS = 2_000
# Text beyond this is cut: the matcher reads at most jobmatch.query.MAX_PROFILE_CHARS (20,000) anyway.
MAX_TEXT_CHARS = 60_000
# A PDF with fewer letters than this in all its pages is a scan (an image of text): there is
# nothing to read without OCR, which we do not run.
MIN_LETTERS = 20

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a password-protected Office file (or an old .doc)
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_EXTENSIONS: dict[str, CvFormat] = {".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".txt": "txt", ".text": "txt"}
_CONTENT_TYPES: dict[str, CvFormat] = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
    "text/plain": "txt",
}


@dataclass
class CvDocument:
    """The text of a CV file, its format and (PDF only) its page count."""
    text: str
    format: CvFormat
    pages: int | None = None


class CvFileError(ValueError):
    """Why a file cannot be read as a CV; `kind` is one of ERROR_KINDS, `detail` says more (Swedish-free
    technical English for logs and API clients; the jobseeker's words come from the caller's catalogue)."""

    def __init__(self, kind: ErrorKind, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


def read_cv_file(data: bytes, filename: str, content_type: str | None = None) -> CvDocument:
    """The text of a CV file; raises CvFileError when it is empty, too big, not what its name says,
    password-protected, a zip bomb, a scan without text, too long or otherwise unreadable."""
    if not data:
        raise CvFileError("empty", "the file is empty")
    if len(data) > MAX_FILE_BYTES:
        raise CvFileError("too_large", f"{len(data)} bytes, at most {MAX_FILE_BYTES}")
    expected = declared_format(filename, content_type)
    actual = sniff_format(data)
    if expected == "docx" and actual == "ole":
        raise CvFileError("encrypted", "a password-protected Word file (or an old .doc, which is not supported)")
    if actual != expected:
        raise CvFileError("wrong_type", f"the name says {expected}, the content is {actual}")
    reader = {"pdf": _read_pdf, "docx": _read_docx, "odt": _read_odt, "txt": _read_txt}[expected]
    document = reader(data)
    document.text = _tidy(document.text)
    if not document.text.strip():
        kind: ErrorKind = "no_text" if expected == "pdf" else "empty"
        raise CvFileError(kind, "the file has no text")
    return document


def declared_format(filename: str, content_type: str | None = None) -> CvFormat:
    """The format the name (else the content type) says; wrong_type for anything we do not read."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if not suffix and content_type:
        base = content_type.split(";")[0].strip().lower()
        if base in _CONTENT_TYPES:
            return _CONTENT_TYPES[base]
    raise CvFileError("wrong_type", f"unsupported file type {suffix or content_type or 'unknown'!r}"
                                    " (PDF, DOCX, ODT or TXT)")


def sniff_format(data: bytes) -> str:
    """What the first bytes say the file is: pdf, docx, odt, ole, txt or 'binary'/'zip'."""
    if data.startswith(_PDF_MAGIC):
        return "pdf"
    if data.startswith(_OLE_MAGIC):
        return "ole"
    if data.startswith(_ZIP_MAGIC):
        return _zip_kind(data)
    return "txt" if _looks_like_text(data) else "binary"


def _zip_kind(data: bytes) -> str:
    """docx or odt by their tell-tale members (a zip bomb is still only listed here, not inflated)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if ("mimetype" in names and archive.getinfo("mimetype").file_size < 200
                    and archive.read("mimetype").strip() == _ODT_MIMETYPE):
                return "odt"
    except Exception:  # noqa: BLE001 - zipfile and zlib raise many kinds for a damaged archive
        return "binary"
    return "zip"


def _looks_like_text(data: bytes) -> bool:
    """Plain text: no NUL bytes and decodable (UTF-8, UTF-16 with a BOM, or Latin-1 without control
    characters other than whitespace)."""
    try:
        _decode_text(data)
    except UnicodeDecodeError:
        return False
    return True


def _decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise UnicodeDecodeError("utf-8", data, 0, 1, "NUL byte in text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="strict")  # Windows Notepad's old default in Sweden
        if any(ord(c) < 32 and c not in "\t\n\r\f" for c in text):
            raise
        return text


def _read_txt(data: bytes) -> CvDocument:
    return CvDocument(_decode_text(data), "txt", None)


def _read_pdf(data: bytes) -> CvDocument:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _opens_without_password(reader):
            raise CvFileError("encrypted", "the PDF is password-protected")
        pages = len(reader.pages)
        if pages > MAX_PAGES:
            raise CvFileError("too_many_pages", f"{pages} pages, at most {MAX_PAGES}")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except CvFileError:
        raise
    except Exception as error:  # noqa: BLE001 - a broken PDF can fail anywhere inside pypdf
        logger.info("Unreadable PDF: %s", error)
        raise CvFileError("unreadable", "the PDF could not be read") from error
    if sum(c.isalpha() for c in text) < MIN_LETTERS:
        raise CvFileError("no_text", "the PDF has no text (a scanned image?)")
    return CvDocument(logical_order(text), "pdf", pages)


_RTL_LETTER = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LTR_RUN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 .,:@_+/\-]*[A-Za-z0-9])?")
_SCRIPT_SEAM = re.compile(r"(?<=[\u0600-\u06ff])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[\u0600-\u06ff])")
_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def logical_order(text: str) -> str:
    """Arabic and Persian lines as they are read, when the PDF stores them as they are drawn.

    A PDF holds glyphs in drawing order, and many writers (word processors, fpdf2) draw right-to-left
    text from its left end, so the extracted line comes out reversed ("ةربخلا" for "الخبرة"). The
    tell: in Arabic and Persian the article ال starts words and the endings ها, ی end them; reversed,
    they end and start words. When the reversed tells win, each right-to-left line is turned back
    (Latin and ASCII-digit runs inside it kept as written, brackets mirrored).
    """
    tokens = [t for t in text.split() if _RTL_LETTER.search(t)]
    if not tokens:
        return text
    logical = sum(t.startswith("ال") or t.endswith(("ها", "ی", "ي")) for t in tokens)
    drawn = sum(t.endswith("لا") or t.startswith(("اه", "ی", "ي")) for t in tokens)
    if drawn <= logical:
        return text
    return "\n".join(_turned(line) if _RTL_LETTER.search(line) else line for line in text.split("\n"))


def _turned(line: str) -> str:
    turned = line[::-1].translate(_MIRRORED)
    turned = _LTR_RUN.sub(lambda m: m.group(0)[::-1], turned)
    return _SCRIPT_SEAM.sub(" ", turned)


def _opens_without_password(reader: pypdf.PdfReader) -> bool:
    """Some PDFs are encrypted only against editing, with an empty password for reading."""
    try:
        return reader.decrypt("") != pypdf.PasswordType.NOT_DECRYPTED
    except Exception:  # noqa: BLE001 - e.g. AES without the optional crypto library: still locked to us
        return False


def check_archive(data: bytes) -> None:
    """Refuse a zip whose declared contents are too big, too many or too compressed (a zip bomb)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise CvFileError("zip_bomb", f"{len(members)} members in the archive")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise CvFileError("zip_bomb", f"the archive inflates to {total} bytes")
    for member in members:
        if member.file_size > 1_000_000 and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
            raise CvFileError("zip_bomb", f"{member.filename} is compressed {member.file_size // max(member.compress_size, 1)}x")


def _read_docx(data: bytes) -> CvDocument:
    def read() -> list[str]:
        document = docx.Document(io.BytesIO(data))
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                lines.append("  ".join(dict.fromkeys(cell.text for cell in row.cells)))
        return lines

    return CvDocument("\n".join(_from_archive(data, "Word", read)), "docx", None)


def _read_odt(data: bytes) -> CvDocument:
    def read() -> list[str]:
        if _odf_is_encrypted(data):
            raise CvFileError("encrypted", "the ODT file is password-protected")
        return _odf_lines(load_odf(io.BytesIO(data)))

    return CvDocument("\n".join(_from_archive(data, "ODT", read)), "odt", None)


def _from_archive(data: bytes, what: str, read) -> list[str]:
    """Check the archive for a bomb, then read it; anything a damaged archive or its XML raises
    (zipfile, zlib, lxml, xml.sax, KeyError for a missing member …) is `unreadable`, never a crash."""
    try:
        check_archive(data)
        return read()
    except CvFileError:
        raise
    except Exception as error:  # noqa: BLE001 - a broken archive can fail anywhere inside the parsers
        logger.info("Unreadable %s file: %s", what, error)
        raise CvFileError("unreadable", f"the {what} file could not be read") from error


def _odf_lines(document) -> list[str]:
    """Headings and paragraphs in document order (tables' cells hold paragraphs too)."""
    lines: list[str] = []

    def walk(node) -> None:
        for child in node.childNodes:
            if getattr(child, "qname", None) in _ODF_TEXT_BLOCKS:
                lines.append(teletype.extractText(child))
            else:
                walk(child)

    walk(document.text)
    return lines


def _odf_is_encrypted(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            manifest = archive.read("META-INF/manifest.xml")
        except KeyError:
            return False
    return b"encryption-data" in manifest


_ODF_TEXT_BLOCKS = {("urn:oasis:names:tc:opendocument:xmlns:text:1.0", "h"),
                    ("urn:oasis:names:tc:opendocument:xmlns:text:1.0", "p")}


def _tidy(text: str) -> str:
    """Lines trimmed, runs of blank lines folded, capped at MAX_TEXT_CHARS."""
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()[:MAX_TEXT_CHARS]
