"""The CV upload doors over real HTTP: the web app under uvicorn on 127.0.0.1, a fake Rasa HTTP API
beside it that records the external events. A readable file becomes EXTERNAL_cv_received with its
profile (and nothing in the store, no file on disk); each bad kind becomes EXTERNAL_cv_file_problem
with its kind; the widget's identity, the internal door's token and the size limits are enforced."""

from __future__ import annotations

import ast
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest

from jobmatch.cv_files import MAX_FILE_BYTES
from store import cv_formats
from store.db import session_scope
from store.models import PER_USER_TABLES
from tests.cv_upload.files import BAD_FILES, CV_TEXT, docx_file, pdf
from tests.support.fake_http import JsonHandler, serve
from tests.support.servers import base_env
from tests.support.store_db import fresh_store_url
from tests.support.web import start_web_app

pytestmark = pytest.mark.server

RASA_TOKEN = "cv-test-rasa-token"
INTERNAL_TOKEN = "cv-test-internal-token"
WIDGET = "0123456789abcdef0123456789abcdef"
PDF_TYPE = "application/pdf"


class FakeRasa:
    """Rasa's trigger_intent as the web app calls it: each call recorded; 200 unless told to fail."""

    def __init__(self) -> None:
        self.calls: list[dict] = []
        self.status = 200
        fake = self

        class Handler(JsonHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                url = urlsplit(self.path)
                fake.calls.append({"path": url.path, "query": {k: v[0] for k, v in parse_qs(url.query).items()},
                                   "body": self.body()})
                self.answer(fake.status, {"tracker": {}})

        self.server, self.url = serve(Handler)

    def last(self) -> dict:
        assert self.calls, "the web app did not tell Rasa"
        return self.calls[-1]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Web:
    def __init__(self, url: str, store_url: str, tmp: Path, rasa: FakeRasa) -> None:
        self.url, self.store_url, self.tmp, self.rasa = url, store_url, tmp, rasa

    def upload(self, data: bytes, filename: str = "cv.pdf", content_type: str = PDF_TYPE,
               sender: str | None = WIDGET) -> httpx.Response:
        headers = {"Content-Type": content_type, "X-Jobbcoach-Filename": quote(filename)}
        if sender:
            headers["X-Jobbcoach-Sender"] = sender
        return httpx.post(f"{self.url}/api/chat/cv", content=data, headers=headers, timeout=60)

    def rows_for(self, sender: str) -> int:
        with session_scope(self.store_url) as session:
            return sum(session.query(table).filter(table.sender_id == sender).count() for table in PER_USER_TABLES)


@pytest.fixture(scope="module")
def web(tmp_path_factory) -> Iterator[Web]:
    work = tmp_path_factory.mktemp("cv-upload-web")
    store_url = fresh_store_url(work, "jobbcoach.db")
    tmp = work / "tmp"  # the web app's temporary directory: it must stay empty (no file is spooled)
    tmp.mkdir()
    rasa = FakeRasa()
    env = base_env(JOBBCOACH_VAR=str(work), JOBBCOACH_DB_URL=store_url, JOBBCOACH_INTERNAL_TOKEN=INTERNAL_TOKEN,
                   JOBBCOACH_CHECK_IN_POLL_SECONDS="0", JOBBCOACH_TRACKER_DB=str(work / "tracker.db"),
                   JOBBCOACH_RATE_PROFILE="1000/minute", TMPDIR=str(tmp))
    server = start_web_app(work, env, rasa.url, RASA_TOKEN, name="cv-upload-web")
    yield Web(server.url, store_url, tmp, rasa)
    server.stop()
    rasa.close()


def test_a_pdf_cv_becomes_its_profile_in_the_dialogue_and_nothing_is_kept(web):
    response = web.upload(pdf())
    assert response.status_code == 200, response.text
    assert response.json() == {"read": True, "problem": None}
    assert response.headers["cache-control"] == "no-store"
    call = web.rasa.last()
    assert call["path"] == f"/conversations/{WIDGET}/trigger_intent"
    assert call["query"] == {"output_channel": "rest", "token": RASA_TOKEN}  # the REST channel pushes to the widget
    assert call["body"]["name"] == "EXTERNAL_cv_received"
    profile = call["body"]["entities"]["cv_profile"]
    assert [o["label"] for o in profile["occupations"]] == ["Lagerarbetare"]
    assert profile["municipality"] == "Umeå" and profile["extent"] == "heltid"
    assert profile["driving_licences"] == ["B"]
    text = json.dumps(profile, ensure_ascii=False)
    assert "Karin" not in text and "Storgatan" not in text and "070" not in text  # no personal details
    assert web.rows_for(WIDGET) == 0  # nothing in the store before the jobseeker says yes
    assert list(web.tmp.iterdir()) == []  # and no file on disk


@pytest.mark.parametrize(("filename", "content_type", "make"), [
    ("cv.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx_file),
    ("cv.txt", "text/plain; charset=utf-8", lambda: CV_TEXT.encode()),
])
def test_word_and_text_files_are_read_too(web, filename, content_type, make):
    assert web.upload(make(), filename, content_type).json()["read"] is True
    assert web.rasa.last()["body"]["entities"]["cv_profile"]["occupations"][0]["label"] == "Lagerarbetare"


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_each_bad_file_is_told_to_the_dialogue_by_its_kind_and_leaves_nothing(web, kind):
    filename, content_type, make = BAD_FILES[kind]
    sender = f"{kind.encode().hex():0<32}"[:32]
    response = web.upload(make(), filename, content_type, sender=sender)
    assert response.status_code == 200, response.text
    assert response.json() == {"read": False, "problem": kind}
    call = web.rasa.last()
    assert call["path"] == f"/conversations/{sender}/trigger_intent"
    assert call["body"] == {"name": "EXTERNAL_cv_file_problem", "entities": {"cv_file_problem": kind}}
    assert web.rows_for(sender) == 0 and list(web.tmp.iterdir()) == []


def test_a_declared_size_over_the_limit_is_answered_without_reading_the_body(web):
    """A client that says it sends 50 MB is answered at once: the body is never read (raw socket,
    since an HTTP client will not send a length it does not mean)."""
    host, port = urlsplit(web.url).hostname, urlsplit(web.url).port
    with socket.create_connection((host, port), timeout=30) as connection:
        connection.sendall((f"POST /api/chat/cv HTTP/1.1\r\nHost: {host}\r\nX-Jobbcoach-Sender: {WIDGET}\r\n"
                            f"Content-Type: text/plain\r\nContent-Length: {50 * 1024 * 1024}\r\n\r\n").encode()
                           + b"Lagerarbetare")
        answer = ""
        while "}" not in answer:  # the headers and the JSON body may come in separate reads
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk.decode("utf-8", "replace")
    assert answer.startswith("HTTP/1.1 200"), answer
    assert '"problem":"too_large"' in answer
    assert web.rasa.last()["body"]["entities"] == {"cv_file_problem": "too_large"}


def test_an_exported_json_resume_comes_back_in_as_a_profile(web):
    profile = {"occupations": [{"concept_id": "GQSf_fnq_kjF", "label": "Truckförare", "ssyk_code": "8344",
                                "years": 5}],
               "skills": [], "education_level": "gymnasium", "languages": ["sv"], "driving_licences": ["B", "C"],
               "municipality": "Umeå", "municipality_code": "2480", "extent": "heltid", "cv_language": "sv"}
    document = json.dumps(cv_formats.export_profile(profile, "json_resume"), ensure_ascii=False).encode()
    response = web.upload(document, "jobbcoach-profil-json_resume.json", "application/json")
    assert response.json() == {"read": True, "problem": None}
    back = web.rasa.last()["body"]["entities"]["cv_profile"]
    assert back["occupations"][0]["label"] == "Truckförare" and back["occupations"][0]["years"] == 5
    assert back["driving_licences"] == ["B", "C"]


def test_a_json_file_that_is_no_profile_is_the_wrong_type(web):
    assert web.upload(b'{"hello": "world"}', "cv.json", "application/json").json()["problem"] == "wrong_type"
    assert web.upload(b"{not json", "cv.json", "application/json").json()["problem"] == "unreadable"


def test_only_the_widgets_own_sender_ids_may_upload(web):
    calls = len(web.rasa.calls)
    assert web.upload(pdf(), sender=None).status_code == 422
    assert web.upload(pdf(), sender="5123456789").status_code == 422  # a Telegram chat id
    assert len(web.rasa.calls) == calls


def test_rasa_down_is_a_503_the_widget_may_resend(web):
    web.rasa.status = 503
    try:
        assert web.upload(pdf()).status_code == 503
    finally:
        web.rasa.status = 200


def test_the_internal_door_wants_loopback_and_the_token(web):
    url = f"{web.url}/internal/cv"
    params = {"sender_id": "5123456789", "channel": "telegram"}
    assert httpx.post(url, params=params, content=pdf(), timeout=30).status_code == 401
    wrong = httpx.post(url, params=params, content=pdf(), headers={"X-Jobbcoach-Internal": "nope"}, timeout=30)
    assert wrong.status_code == 401
    response = httpx.post(url, params=params, content=pdf(), timeout=60,
                          headers={"X-Jobbcoach-Internal": INTERNAL_TOKEN, "Content-Type": PDF_TYPE,
                                   "X-Jobbcoach-Filename": quote("mitt cv.pdf")})
    assert response.json() == {"read": True, "problem": None}
    call = web.rasa.last()
    assert call["path"] == "/conversations/5123456789/trigger_intent"
    assert call["query"]["output_channel"] == "telegram"  # Rasa's Telegram channel answers
    assert call["body"]["name"] == "EXTERNAL_cv_received"


def test_a_document_the_channel_refused_before_downloading_is_still_answered(web):
    response = httpx.post(f"{web.url}/internal/cv", timeout=30,
                          params={"sender_id": "5123456789", "channel": "telegram", "problem": "too_large"},
                          headers={"X-Jobbcoach-Internal": INTERNAL_TOKEN})
    assert response.json() == {"read": False, "problem": "too_large"}
    assert web.rasa.last()["body"] == {"name": "EXTERNAL_cv_file_problem", "entities": {"cv_file_problem": "too_large"}}


def test_the_telegram_channel_and_the_reader_agree_on_the_size_limit():
    """The channel runs in Rasa's runtime and cannot import the reader: its constant is read as source."""
    source = (Path(__file__).resolve().parents[2] / "bot" / "channels" / "telegram.py").read_text(encoding="utf-8")
    assignment = next(node for node in ast.parse(source).body if isinstance(node, ast.Assign)
                      and getattr(node.targets[0], "id", None) == "MAX_DOCUMENT_BYTES")
    assert eval(compile(ast.Expression(assignment.value), "telegram.py", "eval"), {}) == MAX_FILE_BYTES  # noqa: S307
