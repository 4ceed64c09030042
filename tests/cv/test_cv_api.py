"""The open API's CV door over real HTTP: the web app (uvicorn) on loopback with a store of its own."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import httpx
import pytest
import yaml

from jobmatch.cv_files import MAX_FILE_BYTES
from tests.support.servers import base_env
from tests.support.store_db import fresh_store_url
from tests.support.web import start_web_app

pytestmark = pytest.mark.server
DATA = Path(__file__).resolve().parents[1] / "cv_data"
MESSAGES = yaml.safe_load((Path(__file__).resolve().parents[2] / "web" / "cv_api_messages.yml").read_text("utf-8"))
SENDER = "0123456789abcdef0123456789abcdef"
OTHER = "fedcba9876543210fedcba9876543210"
TYPES = {"pdf": "application/pdf", "txt": "text/plain",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "odt": "application/vnd.oasis.opendocument.text"}


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    work = tmp_path_factory.mktemp("cv-web")
    url = fresh_store_url(work, "jobbcoach.db")
    env = base_env(JOBBCOACH_VAR=str(work), JOBBCOACH_DB_URL=url, JOBBCOACH_TRACKER_DB=str(work / "tracker.db"),
                   JOBBCOACH_RATE_PROFILE="1000/minute")
    server = start_web_app(work, env, "http://127.0.0.1:9", None, name="cv-web")
    yield server.url, url.removeprefix("sqlite:///")
    server.stop()


def parse(web, data: bytes, name: str, content_type: str = "application/octet-stream") -> httpx.Response:
    return httpx.post(f"{web[0]}/api/profile/parse", files={"file": (name, data, content_type)}, timeout=60)


def profile_rows(web) -> int:
    with sqlite3.connect(web[1]) as db:
        return db.execute("SELECT count(*) FROM profiles").fetchone()[0]


@pytest.mark.parametrize("fmt", ["pdf", "docx", "odt", "txt"])
def test_a_cv_file_becomes_a_profile_and_nothing_is_stored(web, fmt):
    response = parse(web, (DATA / "files" / f"uk02.{fmt}").read_bytes(), f"cv.{fmt}", TYPES[fmt])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["format"] == fmt
    profile = body["profile"]
    assert [(o["label"], o["years"]) for o in profile["occupations"]] == [("Fjärrbilsförare", 12), ("Lagerarbetare", 3)]
    assert profile["driving_licences"] == ["C", "CE", "B"]
    assert (profile["municipality"], profile["extent"], profile["cv_language"]) == ("Göteborg", "heltid", "uk")
    assert "andrii" not in response.text.lower()
    assert profile_rows(web) == 0


@pytest.mark.parametrize(("name", "data", "status", "kind"), [
    ("scan.pdf", (DATA / "bad" / "scanned.pdf").read_bytes(), 422, "no_text"),
    ("cv.pdf", (DATA / "bad" / "password.pdf").read_bytes(), 422, "encrypted"),
    ("cv.docx", (DATA / "bad" / "zip_bomb.docx").read_bytes(), 422, "zip_bomb"),
    ("cv.pdf", (DATA / "bad" / "program.pdf").read_bytes(), 415, "wrong_type"),
    ("cv.exe", b"MZ\x90\x00", 415, "wrong_type"),
    ("cv.txt", b"", 422, "empty"),
    ("cv.pdf", (DATA / "files" / "sv01.pdf").read_bytes()[:300], 422, "unreadable"),
])
def test_each_bad_file_gets_its_status_and_a_clear_message(web, name, data, status, kind):
    response = parse(web, data, name)
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert detail["kind"] == kind
    assert (detail["message"], detail["message_en"]) == (MESSAGES[kind]["sv"], MESSAGES[kind]["en"])
    assert profile_rows(web) == 0


def test_an_oversized_file_is_413(web):
    response = parse(web, b"%PDF-1.7\n" + b"0" * MAX_FILE_BYTES, "cv.pdf", "application/pdf")
    assert response.status_code == 413
    assert response.json()["detail"]["message"] == "Filen är för stor. Ett CV får vara högst 5 MB."


def test_a_request_without_a_file_is_422(web):
    assert httpx.post(f"{web[0]}/api/profile/parse", timeout=30).status_code == 422


def test_import_saves_the_profile_and_export_gives_it_back_in_each_format(web):
    headers = {"X-Jobbcoach-Sender": SENDER}
    assert httpx.get(f"{web[0]}/api/profile/export", headers=headers, timeout=30).status_code == 404
    parsed = parse(web, (DATA / "files" / "sv03.pdf").read_bytes(), "cv.pdf", "application/pdf").json()["profile"]
    resume = {"basics": {"location": {"city": "Stockholm"}},
              "work": [{"position": o["label"], "x-years": o["years"],
                        "x-taxonomy": {"conceptId": o["concept_id"], "ssykCode": o["ssyk_code"]}}
                       for o in parsed["occupations"]],
              "skills": [{"name": s["label"]} for s in parsed["skills"]]}
    imported = httpx.post(f"{web[0]}/api/profile/import", json=resume, headers=headers, timeout=30)
    assert imported.status_code == 200, imported.text
    assert [s["concept_id"] for s in imported.json()["profile"]["skills"]] == [s["concept_id"] for s in parsed["skills"]]
    exported = httpx.get(f"{web[0]}/api/profile/export", params={"format": "json_resume"}, headers=headers, timeout=30)
    assert exported.status_code == 200
    assert [w["position"] for w in exported.json()["work"]] == ["Systemutvecklare/Programmerare", "Frontend-utvecklare"]
    europass = httpx.get(f"{web[0]}/api/profile/export", params={"format": "europass"}, headers=headers, timeout=30).json()
    again = httpx.post(f"{web[0]}/api/profile/import", params={"format": "europass"}, json=europass,
                       headers={"X-Jobbcoach-Sender": OTHER}, timeout=30)
    assert again.json()["profile"] == imported.json()["profile"]  # Europass carried it all to a new conversation
    own = httpx.get(f"{web[0]}/api/profile/export", params={"format": "jobbcoach"}, headers=headers, timeout=30).json()
    assert own["format"] == "jobbcoach-profile" and own["profile"] == imported.json()["profile"]
    xml = httpx.get(f"{web[0]}/api/profile/export", params={"format": "europass_xml"}, headers=headers, timeout=30)
    assert xml.headers["content-type"].startswith("application/xml")
    from_xml = httpx.post(f"{web[0]}/api/profile/import/europass-xml", content=xml.content,
                          headers={"X-Jobbcoach-Sender": OTHER, "Content-Type": "application/xml"}, timeout=30)
    assert from_xml.status_code == 200, from_xml.text
    assert from_xml.json()["profile"] == imported.json()["profile"]


def test_europass_xml_with_entities_is_refused(web):
    response = httpx.post(f"{web[0]}/api/profile/import/europass-xml",
                          content=b'<!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]><SkillsPassport>&a;</SkillsPassport>',
                          headers={"X-Jobbcoach-Sender": SENDER, "Content-Type": "application/xml"}, timeout=30)
    assert response.status_code == 422
    assert "document type declaration" in response.text and "root:" not in response.text


def test_a_document_that_is_no_profile_is_422_with_the_reason(web):
    response = httpx.post(f"{web[0]}/api/profile/import", json={"work": "kock"},
                          headers={"X-Jobbcoach-Sender": SENDER}, timeout=30)
    assert response.status_code == 422
    assert "work" in json.dumps(response.json())


def test_export_and_import_need_a_widget_sender(web):
    assert httpx.get(f"{web[0]}/api/profile/export", timeout=30).status_code == 422
    assert httpx.get(f"{web[0]}/api/profile/export", headers={"X-Jobbcoach-Sender": "telegram-123"},
                     timeout=30).status_code == 422
    assert httpx.post(f"{web[0]}/api/profile/import", json={}, timeout=30).status_code == 422


def test_an_unknown_format_is_refused(web):
    response = httpx.get(f"{web[0]}/api/profile/export", params={"format": "xml"},
                         headers={"X-Jobbcoach-Sender": SENDER}, timeout=30)
    assert response.status_code == 422


def test_a_file_bigger_than_the_json_limit_but_within_the_cv_limit_is_read(web):
    text = "Arbetslivserfarenhet\nLagerarbetare, Postnord, 2019 – nu\n" + "Plock och packning av order.\n" * 60_000
    assert len(text.encode()) > 1_500_000  # over the app's 512 kB JSON limit and Starlette's 1 MB spool size
    response = parse(web, text.encode(), "cv.txt", "text/plain")
    assert response.status_code == 200, response.text
    assert [o["label"] for o in response.json()["profile"]["occupations"]] == ["Lagerarbetare"]


def test_a_body_far_over_the_limit_is_cut_off_with_413(web):
    response = parse(web, b"x" * (6 * 1024 * 1024), "cv.txt", "text/plain")
    assert response.status_code == 413
    assert response.json()["detail"]["kind"] == "too_large"


def test_a_body_that_is_not_multipart_is_422(web):
    response = httpx.post(f"{web[0]}/api/profile/parse", content=b"%PDF-1.7", headers={"Content-Type": "application/pdf"},
                          timeout=30)
    assert response.status_code == 422
    assert "multipart/form-data" in response.text
