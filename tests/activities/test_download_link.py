"""The report's download link through the real web app (uvicorn on a loopback port, its own store):
a valid link gives the month's PDF and CSV built on request and never cached; an expired, tampered,
foreign or other-sender link is refused."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import httpx
import pytest
from pypdf import PdfReader

from store import activities
from tests.activities.conftest import SECRET
from tests.support.servers import base_env
from tests.support.store_db import fresh_store_url
from tests.support.web import start_web_app

pytestmark = pytest.mark.server

NOW = "2026-12-01T09:00:00"
ANNA = "0123456789abcdef0123456789abcdef"  # a widget sender (32 hex characters)
BERT = "fedcba9876543210fedcba9876543210"


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    work = tmp_path_factory.mktemp("activity-report-web")
    url = fresh_store_url(work, "jobbcoach.db")
    activities.log_activity(ANNA, date(2026, 11, 26), "application", "jag sökte jobb som kock på Hav Krog",
                            employer="Hav Krog", occupation="Kock", url=url)
    activities.log_activity(ANNA, date(2026, 11, 27), "interview", "intervju hos ICA", employer="ICA", url=url)
    activities.log_activity(BERT, date(2026, 11, 20), "contact", "ringde Bertbolaget", employer="Bertbolaget", url=url)
    at = datetime.fromisoformat(NOW + "+01:00")
    reports = {sender: activities.mark_drafted(sender, "2026-11", at, url=url) for sender in (ANNA, BERT)}
    env = base_env(JOBBCOACH_VAR=str(work), JOBBCOACH_DB_URL=url, JOBBCOACH_INTERNAL_TOKEN=SECRET,
                   JOBBCOACH_NOW=NOW, JOBBCOACH_CHECK_IN_POLL_SECONDS="0", JOBBCOACH_TRACKER_DB=str(work / "tracker.db"))
    server = start_web_app(work, env, "http://127.0.0.1:9", None, name="activity-report-web")
    yield server.url, reports
    server.stop()


def link(report, fmt="pdf", days=7, secret=SECRET) -> str:
    expires = int((datetime.fromisoformat(NOW + "+01:00") + timedelta(days=days)).timestamp())
    return activities.download_path(report.id, fmt, expires, activities.link_signature(secret, report, expires))


def test_a_valid_link_gives_the_pdf_of_that_month_uncached(web):
    base, reports = web
    response = httpx.get(base + link(reports[ANNA]), timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    assert 'filename="aktivitetsrapport-2026-11.pdf"' in response.headers["content-disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Hav Krog" in text and "ICA" in text and "Bertbolaget" not in text


def test_the_same_link_gives_the_csv(web):
    base, reports = web
    response = httpx.get(base + link(reports[ANNA], "csv"), timeout=30)
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Datum;Vad du gjorde;Arbetsgivare;Yrke/tjänst;Typ av aktivitet"
    assert lines[1:] == ["2026-11-26;jag sökte jobb som kock på Hav Krog;Hav Krog;Kock;Sökt jobb",
                         "2026-11-27;intervju hos ICA;ICA;–;Anställningsintervju"]


def test_the_widget_of_the_same_jobseeker_may_send_its_header(web):
    base, reports = web
    response = httpx.get(base + link(reports[ANNA], "csv"), headers={"X-Jobbcoach-Sender": ANNA}, timeout=30)
    assert response.status_code == 200


def test_an_expired_link_is_gone(web):
    base, reports = web
    response = httpx.get(base + link(reports[ANNA], days=-1), timeout=30)
    assert response.status_code == 410 and "gått ut" in response.json()["detail"]
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("change", ["signature", "expiry", "report", "secret"])
def test_a_tampered_link_is_refused(web, change):
    base, reports = web
    path = link(reports[ANNA])
    if change == "signature":
        path = path[:-1] + ("0" if path[-1] != "0" else "1")
    elif change == "expiry":
        path = path.replace("expires=", "expires=1")  # a later expiry, same signature
    elif change == "report":  # Bert's report id with Anna's signature
        path = path.replace(f"/activity-report/{reports[ANNA].id}.", f"/activity-report/{reports[BERT].id}.")
    else:
        path = link(reports[ANNA], secret="not-the-shared-secret")
    response = httpx.get(base + path, timeout=30)
    assert response.status_code == 403
    assert "Hav Krog" not in response.text


def test_another_widget_sender_is_refused_even_with_a_valid_link(web):
    base, reports = web
    response = httpx.get(base + link(reports[ANNA]), headers={"X-Jobbcoach-Sender": BERT}, timeout=30)
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/activity-report/1.docx?expires=1&signature=" + "0" * 64,
                                  "/activity-report/x.pdf?expires=1&signature=" + "0" * 64,
                                  "/activity-report/1.pdf?expires=1&signature=nothex",
                                  "/activity-report/1.pdf", "/activity-report/999999.pdf?expires=1&signature=" + "0" * 64])
def test_malformed_or_unknown_links_get_a_clear_error(web, path):
    base, _reports = web
    response = httpx.get(base + path, timeout=30)
    assert response.status_code in (403, 404, 422)
    assert response.status_code != 500
