"""Ads, indexes and stores for the job-alert tests: real indexes built by the project's CLI.

The ads are JobSearch hits of our own making (the shape jobmatch.ads.ad_from_hit reads), so a test
says exactly which ad is new, where and of which occupation. Indexes use the `hashing` embedder:
alerts match on taxonomy concepts and words, never on vectors, and it needs no model (a build of
a few ads takes about a second).
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from jobmatch.alerts import ArrivalLedger
from jobmatch.local_index import latest_version
from tests.support.servers import APP_PYTHON, REPO, base_env

# Taxonomy concepts of the ads below (jobmatch/data/taxonomy.json).
LAGER = {"occupation": ("sizv_uPq_nWf", "Lagerarbetare"), "group": ("kLyY_rwr_aJr", "Lager- och terminalpersonal", "4322")}
KOCK = {"occupation": ("JbJw_as4_S93", "Kock, à la carte"), "group": ("BStc_SJh_DKG", "Kockar och kallskänkor", "5120")}
STAD = {"occupation": ("dYo1_D8c_87U", "Städare/Lokalvårdare"), "group": ("Z6TY_xDf_Yup", "Städare", "9111")}
PLACES = {"Jönköping": ("0680", "Jönköpings län", "06"), "Malmö": ("1280", "Skåne län", "12"),
          "Umeå": ("2480", "Västerbottens län", "24")}


def hit(ad_id: str, headline: str, kind: dict, place: str, published: str = "2026-11-20T08:00:00",
        deadline: str = "2026-12-31T23:59:59", description: str = "") -> dict:
    occupation_id, occupation_label = kind["occupation"]
    group_id, group_label, ssyk = kind["group"]
    code, region, region_code = PLACES[place]
    address = {"municipality": place, "municipality_code": code, "region": region, "region_code": region_code}
    return {"id": ad_id, "headline": headline, "webpage_url": f"https://arbetsformedlingen.se/platsbanken/annonser/{ad_id}",
            "application_deadline": deadline, "publication_date": published,
            "description": {"text": description or f"{headline}. Vi söker dig som vill jobba hos oss i {place}."},
            "employer": {"name": f"Arbetsgivare {ad_id} AB"},
            "working_hours_type": {"label": "Heltid"}, "employment_type": {"label": "Vanlig anställning"},
            "occupation": {"concept_id": occupation_id, "label": occupation_label},
            "occupation_group": {"concept_id": group_id, "label": group_label, "legacy_ams_taxonomy_id": ssyk},
            "workplace_address": address, "removed": False}


BASE = [
    hit("900001", "Lagerarbetare till centrallager", LAGER, "Jönköping"),
    hit("900002", "Kock till restaurang", KOCK, "Malmö"),
    hit("900003", "Städare kvällstid", STAD, "Umeå"),
    hit("900004", "Truckvan lagerarbetare", LAGER, "Malmö"),
]
NEW_LAGER_JONKOPING = hit("900101", "Orderplockare, lager i Jönköping", LAGER, "Jönköping", published="2026-11-26T09:00:00")
NEW_KOCK_MALMO = hit("900102", "Kock à la carte", KOCK, "Malmö", published="2026-11-26T10:00:00")
NEW_STAD_UMEA = hit("900103", "Lokalvårdare dagtid", STAD, "Umeå", published="2026-11-26T11:00:00")
LATER_LAGER_JONKOPING = hit("900201", "Lagermedarbetare, skift", LAGER, "Jönköping", published="2026-11-27T09:00:00")


def build_index(index_dir: Path, hits: list[dict]) -> None:
    """`python -m jobmatch build` on these ads: a new snapshot, as a rebuild or a sync publishes one."""
    source = index_dir.parent / f"{index_dir.name}-source.jsonl"
    source.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in hits), encoding="utf-8")
    env = base_env()
    env.pop("JOBBCOACH_EMBEDDER", None)
    subprocess.run([str(APP_PYTHON), "-m", "jobmatch", "build", "--source", str(source), "--index", str(index_dir),
                    "--embedder", "hashing", "--quiet"], cwd=REPO, env=env, check=True, capture_output=True,
                   timeout=300)


def wait_for_round(work: Path, index: Path, timeout: float = 60) -> None:
    """Until the web app's digest round has seen the newest snapshot (its arrival ledger says so)."""
    wanted = latest_version(index)
    ledger_file = work / "alerts" / "arrivals.sqlite"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ledger_file.exists():
            with ArrivalLedger(ledger_file) as ledger:
                if ledger.get("version") == wanted:
                    return
        time.sleep(0.2)
    raise AssertionError(f"no digest round for snapshot {wanted} within {timeout} s")
