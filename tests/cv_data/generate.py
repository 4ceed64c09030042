"""Build the CV test set's files from the CVs written in cvs_<language>.yml.

    .venvs/app/bin/python tests/cv_data/generate.py

Writes, for each CV: source/<id>.txt (its text), expected/<id>.json (the expected profile, with the
taxonomy concept ids of the labels written in the YAML, looked up by exact label in
jobmatch/data/taxonomy.json, so a typo in a label fails here), and files/<id>.pdf|.docx|.odt|.txt made
with fpdf2, python-docx and odfpy the way a word processor would (headings, paragraphs; the PDF
with an embedded Unicode font). And the bad files that can be committed (bad/): a scanned PDF (an
image of text, no text layer), a password-protected PDF, a zip-bomb DOCX and an .exe renamed .pdf.
The empty and the oversized file are made at test time. The outputs are committed, so tests do not
depend on this script or on the fonts it uses.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

import docx
import pypdf
import yaml
from fpdf import FPDF
from odf.opendocument import OpenDocumentText
from odf.style import Style, TextProperties
from odf.text import H, P
from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Latin, Arabic, Cyrillic glyphs
FORMATS = ("txt", "pdf", "docx", "odt")
BOMB_BYTES = 300 * 1024 * 1024  # what the zip bomb's document.xml claims to inflate to


def load_cvs() -> dict[str, dict]:
    cvs: dict[str, dict] = {}
    for path in sorted(HERE.glob("cvs_*.yml")):
        language = path.stem.removeprefix("cvs_")  # cvs_fresh.yml names each CV's language
        for cv_id, cv in yaml.safe_load(path.read_text("utf-8")).items():
            cvs[cv_id] = {**cv, "language": cv.get("language", language)}
    return cvs


def taxonomy_ids() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    taxonomy = json.loads((ROOT / "jobmatch" / "data" / "taxonomy.json").read_text("utf-8"))
    occupations = {label: (cid, ssyk) for cid, (label, ssyk) in taxonomy["occupations"].items()}
    skills = {label: cid for cid, label in taxonomy["skills"].items()}
    return occupations, skills


def expected_profile(cv: dict, occupations: dict, skills: dict) -> dict:
    """The YAML's expected profile with concept ids; exits on a label the taxonomy does not have."""
    want = cv["expected"]
    missing = [o["label"] for o in want["occupations"] if o["label"] not in occupations]
    missing += [s for s in want["skills"] if s not in skills]
    if missing:
        sys.exit(f"labels not in the taxonomy: {missing}")
    return {
        "occupations": [{"concept_id": occupations[o["label"]][0], "label": o["label"],
                         "ssyk_code": occupations[o["label"]][1], "years": o.get("years")}
                        for o in want["occupations"]],
        "skills": [{"concept_id": skills[s], "label": s} for s in want["skills"]],
        "education_level": want.get("education_level"),
        "languages": want.get("languages") or [],
        "driving_licences": want.get("driving_licences") or [],
        "municipality": want.get("municipality"),
        "extent": want.get("extent"),
        "cv_language": cv["language"],
    }


def blocks(text: str) -> list[tuple[str, str]]:
    """(kind, line): the first line is the title, a line followed by indented content is a heading."""
    lines = text.rstrip("\n").split("\n")
    out = []
    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else ""
        previous = lines[number - 1] if number else ""
        is_heading = number == 0 or (line and not previous.strip() and following.strip() and len(line.split()) <= 4)
        out.append(("heading" if is_heading else "para", line))
    return out


def to_pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    for kind, line in blocks(text):
        pdf.set_font("DejaVu", size=14 if kind == "heading" else 11)
        pdf.multi_cell(0, 7, line or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def to_docx(text: str) -> bytes:
    document = docx.Document()
    for kind, line in blocks(text):
        if kind == "heading" and line:
            document.add_heading(line, level=1)
        else:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_odt(text: str) -> bytes:
    document = OpenDocumentText()
    bold = Style(name="Heading", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold", fontsize="14pt"))
    document.styles.addElement(bold)
    for kind, line in blocks(text):
        if kind == "heading" and line:
            document.text.addElement(H(outlinelevel=1, stylename=bold, text=line))
        else:
            document.text.addElement(P(text=line))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def scanned_pdf(text: str) -> bytes:
    """A PDF whose page is a picture of a CV, as a scanner makes it: no text layer at all."""
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 28)
    for number, line in enumerate(text.split("\n")[:40]):
        draw.text((80, 80 + number * 40), line, fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=210)
    return bytes(pdf.output())


def password_pdf(data: bytes) -> bytes:
    """The same CV behind a password (RC4-128: pypdf writes and detects it without extra libraries)."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="hemligt", owner_password="hemligt", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zip_bomb_docx(data: bytes) -> bytes:
    """A real DOCX whose document.xml inflates to BOMB_BYTES: a few hundred kB on disk."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                bomb.writestr(item, source.read(item.filename))
        with bomb.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1024 * 1024)
            for _ in range(BOMB_BYTES // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def fake_exe() -> bytes:
    """The first bytes of a Windows program (an MZ/PE header and nothing that runs), named .pdf."""
    header = bytearray(512)
    header[0:2] = b"MZ"
    header[0x3C:0x40] = (0x80).to_bytes(4, "little")
    header[0x80:0x84] = b"PE\x00\x00"
    header[0x4E:0x4E + 39] = b"This program cannot be run in DOS mode."
    return bytes(header)


def main() -> None:
    occupations, skills = taxonomy_ids()
    for folder in ("source", "expected", "files", "bad"):
        (HERE / folder).mkdir(exist_ok=True)
    cvs = load_cvs()
    makers = {"txt": lambda t: t.encode("utf-8"), "pdf": to_pdf, "docx": to_docx, "odt": to_odt}
    for cv_id, cv in cvs.items():
        text = cv["text"]
        (HERE / "source" / f"{cv_id}.txt").write_text(text, "utf-8")
        profile = expected_profile(cv, occupations, skills)
        (HERE / "expected" / f"{cv_id}.json").write_text(json.dumps(profile, ensure_ascii=False, indent=2) + "\n", "utf-8")
        for fmt in FORMATS:
            (HERE / "files" / f"{cv_id}.{fmt}").write_bytes(makers[fmt](text))
    first = cvs["sv01"]["text"]
    (HERE / "bad" / "scanned.pdf").write_bytes(scanned_pdf(first))
    (HERE / "bad" / "password.pdf").write_bytes(password_pdf(to_pdf(first)))
    (HERE / "bad" / "zip_bomb.docx").write_bytes(zip_bomb_docx(to_docx(first)))
    (HERE / "bad" / "program.pdf").write_bytes(fake_exe())
    print(f"{len(cvs)} CVs in {len(FORMATS)} formats, 4 bad files")


if __name__ == "__main__":
    main()
