"""The open matching API: contract shape, names or codes for places, 422/404, real HTTP via uvicorn."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from web.match_api import create_match_app

from .conftest import NOW


@pytest.fixture(scope="module")
def client(service, monkeypatch_module):
    monkeypatch_module.setenv("JOBBCOACH_NOW", NOW.isoformat())
    return TestClient(create_match_app(service))


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_match_contract_shape(client):
    r = client.get("/api/match", params={"q": "jobba med barn", "limit": 5})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"hits", "total", "understood", "alternatives"}
    assert 0 < len(body["hits"]) <= 5 and body["total"] >= len(body["hits"])
    for hit in body["hits"]:
        assert set(hit) == {"id", "headline", "employer", "municipality", "deadline", "url", "score", "reason",
                            "reasons", "skills", "matched_skills", "missing_skills"}
        assert isinstance(hit["score"], float) and hit["reason"].startswith("Matchar")


@pytest.mark.parametrize("name", ["Umeå", "umea", "2480", "UMEÅ"])
def test_municipality_by_name_or_code(client, name):
    body = client.get("/api/match", params={"q": "undersköterska", "municipality": name}).json()
    assert body["hits"] and {h["municipality"] for h in body["hits"]} == {"Umeå"}


def test_region_by_name_and_paging(client):
    first = client.get("/api/match", params={"q": "lager", "region": "Norrbotten", "limit": 3}).json()
    second = client.get("/api/match", params={"q": "lager", "region": "25", "limit": 3, "offset": 3}).json()
    assert {h["municipality"] for h in first["hits"] + second["hits"]} == {"Luleå"}
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}


@pytest.mark.parametrize("params, fragment", [
    ({"q": "kock", "limit": 0}, "limit"), ({"q": "kock", "limit": 500}, "limit"),
    ({"q": "kock", "offset": -1}, "offset"), ({"q": "x" * 1001}, "q"),
    ({"q": "kock", "municipality": "Narnia"}, "okänd kommun"), ({"q": "kock", "region": "Atlantis"}, "okänt län"),
    ({"q": "kock", "extent": "ibland"}, "extent"),
])
def test_bad_input_is_422_with_a_clear_message(client, params, fragment):
    r = client.get("/api/match", params=params)
    assert r.status_code == 422
    assert fragment in r.text


def test_profile_endpoint(client):
    cv = "Jag har jobbat som barnskötare på förskola i fem år. Jag tycker om att leka och skapa med barn."
    r = client.post("/api/match/profile", json={"text": cv, "limit": 5})
    assert r.status_code == 200 and r.json()["hits"]
    assert client.post("/api/match/profile", json={"text": ""}).status_code == 422
    assert client.post("/api/match/profile", json={"text": "a" * 20_001}).status_code == 422
    assert client.post("/api/match/profile", json={"text": cv, "colour": "blå"}).status_code == 422


def test_demand_ad_and_health(client):
    demand = client.get("/api/demand", params={"municipality": "Luleå", "top": 3}).json()
    assert demand["municipality_code"] == "2580" and len(demand["occupation_groups"]) <= 3
    assert demand["ads_recent"] > 0
    assert client.get("/api/demand", params={"top": 99}).status_code == 422
    hit = client.get("/api/match", params={"q": "kock", "limit": 1}).json()["hits"][0]
    ad = client.get(f"/api/ads/{hit['id']}").json()
    assert ad["id"] == hit["id"] and ad["headline"] == hit["headline"] and ad["description"]
    assert client.get("/api/ads/999999999").status_code == 404
    assert client.get("/api/ads/bad id!").status_code in (404, 422)
    health = client.get("/api/health").json()
    assert health["ok"] is True and health["ads"] > 200


def test_missing_index_is_503_not_a_crash(tmp_path):
    from jobmatch.service import MatchService
    broken = TestClient(create_match_app(MatchService(index_dir=tmp_path / "none")))
    r = broken.get("/api/match", params={"q": "kock"})
    assert r.status_code == 503 and "python -m jobmatch build" in r.json()["detail"]
    assert broken.get("/api/health").json()["ok"] is False


def test_real_http_through_uvicorn(service):
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_match_app(service), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if server.started:
                break
            time.sleep(0.05)
        r = httpx.get(f"http://127.0.0.1:{port}/api/match", params={"q": "elektriker", "municipality": "Umeå"}, timeout=30)
        assert r.status_code == 200 and r.json()["hits"]
        assert httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=10).json()["paths"]["/api/match"]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
