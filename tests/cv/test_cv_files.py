"""Reading CV files: each format gives its text, each bad file its own CvFileError kind, nothing crashes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobmatch.cv_files import (
    MAX_FILE_BYTES,
    MAX_PAGES,
    CvFileError,
    logical_order,
    read_cv_file,
)

DATA = Path(__file__).resolve().parents[1] / "cv_data"
FILES = DATA / "files"
BAD = DATA / "bad"


def kind_of(data: bytes, name: str, content_type: str | None = None) -> str:
    with pytest.raises(CvFileError) as caught:
        read_cv_file(data, name, content_type)
    return caught.value.kind


@pytest.mark.parametrize("fmt", ["pdf", "docx", "odt", "txt"])
def test_each_format_gives_the_cv_text(fmt):
    document = read_cv_file((FILES / f"sv01.{fmt}").read_bytes(), f"cv.{fmt}")
    assert document.format == fmt
    assert "Undersköterska, Vårdboendet Solgläntan, Göteborg" in document.text
    assert "Truckkort, MS Excel, HLR" in document.text
    assert document.pages == (1 if fmt == "pdf" else None)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "odt", "txt"])
def test_arabic_comes_out_in_reading_order_from_every_format(fmt):
    document = read_cv_file((FILES / f"ar02.{fmt}").read_bytes(), f"cv.{fmt}")
    assert "الخبرة العملية" in document.text
    assert "سائق شاحنة" in document.text


def test_a_right_to_left_line_drawn_from_the_left_is_turned_back():
    drawn = "ةيلمعلا ةربخلا\n،يروبيتوي ،ركنش ةكرش ،ةنحاش قئاس2017 – نآلا\nPython"
    turned = logical_order(drawn).split("\n")
    assert turned[0] == "الخبرة العملية"
    assert turned[1].startswith("الآن – 2017 سائق شاحنة")
    assert turned[2] == "Python"
    assert logical_order("الخبرة العملية\nسائق شاحنة") == "الخبرة العملية\nسائق شاحنة"  # already readable


def test_the_content_type_decides_when_the_name_has_no_extension():
    assert read_cv_file((FILES / "en01.docx").read_bytes(), "cv",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document").format == "docx"


def test_text_in_windows_1252_is_read_too():
    assert read_cv_file("Undersköterska i Malmö".encode("cp1252"), "cv.txt").text == "Undersköterska i Malmö"


def test_a_scanned_pdf_has_no_text():
    assert kind_of((BAD / "scanned.pdf").read_bytes(), "scan.pdf") == "no_text"


def test_a_password_protected_pdf_is_refused():
    assert kind_of((BAD / "password.pdf").read_bytes(), "cv.pdf") == "encrypted"


def test_a_password_protected_word_file_is_refused():
    office_container = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # how Word stores an encrypted .docx
    assert kind_of(office_container, "cv.docx") == "encrypted"


def test_a_password_protected_odt_is_refused():
    source = zipfile.ZipFile(io.BytesIO((FILES / "sv01.odt").read_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as locked:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "META-INF/manifest.xml":
                data = data.replace(b"</manifest:manifest>",
                                    b"<manifest:file-entry><manifest:encryption-data/></manifest:file-entry></manifest:manifest>")
            locked.writestr(item, data)
    assert kind_of(buffer.getvalue(), "cv.odt") == "encrypted"


def test_a_zip_bomb_docx_is_refused_before_it_is_inflated():
    data = (BAD / "zip_bomb.docx").read_bytes()
    assert len(data) < 1_000_000  # a few hundred kB that claim 300 MB
    with pytest.raises(CvFileError) as caught:
        read_cv_file(data, "cv.docx")
    assert caught.value.kind == "zip_bomb"
    assert "inflates to" in caught.value.detail


def test_a_program_renamed_pdf_is_not_what_its_name_says():
    assert kind_of((BAD / "program.pdf").read_bytes(), "cv.pdf") == "wrong_type"


def test_a_word_file_named_pdf_is_not_what_its_name_says():
    assert kind_of((FILES / "sv01.docx").read_bytes(), "cv.pdf") == "wrong_type"


def test_a_type_we_do_not_read_is_refused_by_its_name():
    assert kind_of(b"MZ\x90\x00", "setup.exe") == "wrong_type"
    assert kind_of((FILES / "sv01.txt").read_bytes(), "cv.rtf") == "wrong_type"


def test_an_empty_file_is_empty():
    assert kind_of(b"", "cv.pdf") == "empty"
    assert kind_of(b" \n\n ", "cv.txt") == "empty"


def test_an_oversized_file_is_too_large_whatever_it_holds():
    assert kind_of(b"%PDF-1.7\n" + b"0" * MAX_FILE_BYTES, "cv.pdf") == "too_large"


def test_a_pdf_of_more_pages_than_a_cv_is_refused():
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for page in range(MAX_PAGES + 1):
        pdf.add_page()
        pdf.cell(0, 10, f"Sida {page + 1}: erfarenhet som lagerarbetare")
    assert kind_of(bytes(pdf.output()), "cv.pdf") == "too_many_pages"


def test_a_broken_pdf_is_unreadable_not_a_crash():
    data = (FILES / "sv01.pdf").read_bytes()
    assert kind_of(data[:200], "cv.pdf") == "unreadable"


def test_a_broken_docx_is_unreadable_not_a_crash():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>not closed")
    assert kind_of(buffer.getvalue(), "cv.docx") == "unreadable"


def test_binary_bytes_named_txt_are_not_text():
    assert kind_of(bytes(range(256)) * 4, "cv.txt") == "wrong_type"


# Whatever bytes arrive under whatever name, the reader answers with a document or a CvFileError.
NAMES = ("cv.pdf", "cv.docx", "cv.odt", "cv.txt")
SEEDS = {name: (FILES / f"sv01.{name.rsplit('.', 1)[1]}").read_bytes() for name in NAMES}


def read_or_refuse(data: bytes, name: str) -> None:
    try:
        document = read_cv_file(data, name)
    except CvFileError as error:
        assert error.kind in ("too_large", "too_many_pages", "no_text", "encrypted", "zip_bomb", "wrong_type",
                              "unreadable", "empty")
    else:
        assert document.text.strip()


@given(data=st.binary(max_size=4096), name=st.sampled_from(NAMES))
@settings(max_examples=150, deadline=None, database=None)
def test_random_bytes_never_crash_the_reader(data, name):
    read_or_refuse(data, name)


@given(name=st.sampled_from(NAMES), cuts=st.lists(st.tuples(st.integers(0, 10**7), st.binary(min_size=1, max_size=8)),
                                                  min_size=1, max_size=6))
@settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_damaged_real_files_never_crash_the_reader(name, cuts):
    data = bytearray(SEEDS[name])
    for position, junk in cuts:
        at = position % len(data)
        data[at:at + len(junk)] = junk
    read_or_refuse(bytes(data), name)
