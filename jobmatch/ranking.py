"""The one ranking: both index backends hand over candidates, this module scores, cuts and explains.

Why one module: the embedded index and PostgreSQL used to rank differently (RRF over different
keyword engines, a group blend on one side only). Now a backend only *retrieves* (filters, the
dense top, the keyword top, the ads of the understood groups) and returns per candidate the same
raw features; scoring, the relevance cut-off and the reasons are computed here, identically.

Score of a candidate (linear, so that a cut-off on it means something):
    dense  = (1 − GROUP_BLEND)·cos(ad, query) + GROUP_BLEND·cos(centroid of the ad's SSYK group, query)
             (a CV's chunks combined as 0.7·max + 0.3·mean)
    score  = dense + w.keyword·bm25/max(bm25) + w.occupation·[ad's occupation named]
             + w.group·[ad's group named] + w.skill·(share of the named skills the ad asks for)
The weights are per query type (short occupation names, skills, free text, CVs) and were chosen
on data (scripts/bench_match.py --tune; reports/match/tuning.json): see WEIGHTS.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .ads import Ad
from .understand import Understood

# Share of an ad's dense score taken from its occupation group's centroid (mean of the group's ad
# vectors): colloquial queries ("jobba med barn") match the idea of an occupation better than any
# single ad's wording. Tuned with the weights below.
GROUP_BLEND = 0.5
DEPTH = 200           # candidates each retrieval contributes
MEANING_GROUPS = 3    # groups whose centroid is nearest the query contribute their ads as candidates


@dataclass(frozen=True)
class Weights:
    keyword: float
    occupation: float
    group: float
    skill: float
    min_dense: float   # the relevance cut-off for ads the words did not name (see WEIGHTS below)
    blend: float = 0.5  # share of the dense score taken from the ad's group centroid
    min_dense_unknown: float = 1.0  # the cut-off when no word of the query occurs in any ad


# Chosen on data by `scripts/bench_match.py --tune` (reports/match/tuning.json): a grid over the
# keyword and skill weights, the blend, the cut-offs and (CVs) the named-group weight, per query
# type as understood, maximising on the "tune" half of jobmatch/eval/queries.yml the mean of
# precision@10 (answerable queries) and 1/0 for an empty/non-empty answer where nothing relevant
# exists; reported on both halves (reports/match/report.md). What the data said:
#  * keyword (BM25): small but positive for free text and CVs (0.02: dense scores of the top ads lie
#    within ~0.01 of each other, so 0.02 reorders them by shared words); ~0 where an occupation was
#    named (the group filter already did the work).
#  * skill: 0 everywhere — named skills already act through understanding (truckkort → truck and
#    warehouse groups, C/CE → truck drivers) and are shown per hit (matched/missing); as an extra
#    score they did not help on this set, so that part is switched off (it stays a weight).
#  * min_dense (the cut-off for ads the words did not name): 0.80 for free text, skills and CVs; with
#    this model the cosine of nonsense and of vague wishes overlap ("asdfgh qwerty" 0.83, "dela ut
#    post" 0.83), so a higher absolute cut-off loses real answers. What does separate them is
#    whether any word of the query occurs in any ad: if none does, min_dense_unknown (0.86-0.88).
#    For a named occupation 0.87: its own group's ads always pass; other ads only above 0.87 (a thin
#    group is topped up with its nearest neighbours, whose reason then says "liknar").
WEIGHTS: dict[str, Weights] = {
    "occupation": Weights(keyword=0.005, occupation=0.05, group=1.0, skill=0.0, min_dense=0.87, blend=0.7),
    # skills alone: only 4 such queries in the tune half; their optimum (blend 0.3) did not hold on
    # the test half, so they share free text's weights
    "skill": Weights(keyword=0.02, occupation=0.0, group=0.0, skill=0.0, min_dense=0.80, blend=0.5,
                     min_dense_unknown=0.88),
    "free": Weights(keyword=0.02, occupation=0.0, group=0.0, skill=0.0, min_dense=0.80, blend=0.5,
                    min_dense_unknown=0.88),
    "cv": Weights(keyword=0.02, occupation=0.03, group=0.03, skill=0.0, min_dense=0.80, blend=0.5),
}


@dataclass
class Candidates:
    """Raw features of the retrieved ads, row-aligned; built by a backend, scored here."""
    ads: list[Ad]
    sims: np.ndarray          # [n, q] cosine of each ad vector with each query vector
    group_sims: np.ndarray    # [n, q] cosine of each ad's group centroid with each query vector
    bm25: np.ndarray          # [n] keyword score (0: no shared word)
    skills: list[frozenset[str]]  # taxonomy skill/licence ids each ad names
    filtered: int = 0         # ads passing the filters
    known_words: int = 0      # query words that occur in some ad (0: nonsense, or words no ad uses)


@dataclass
class Scored:
    ad: Ad
    score: float
    dense: float
    named_occupation: bool
    named_group: bool
    matched_skills: list[str] = field(default_factory=list)


def _combine(m: np.ndarray) -> np.ndarray:
    if m.size == 0:
        return np.zeros(m.shape[0], np.float32)
    return m[:, 0] if m.shape[1] == 1 else 0.7 * m.max(axis=1) + 0.3 * m.mean(axis=1)


def dense_scores(cands: Candidates, blend: float = GROUP_BLEND) -> np.ndarray:
    if cands.sims.size == 0:
        return np.zeros(len(cands.ads), np.float32)
    return (1 - blend) * _combine(cands.sims) + blend * _combine(cands.group_sims)


def score(cands: Candidates, understood: Understood, mode: str = "hybrid",
          weights: Weights | None = None) -> list[Scored]:
    """Every candidate that passes the relevance cut-off, best first (ties by ad id).

    mode "dense" and "bm25" rank by that part alone (for the benchmark), with no cut-off.
    """
    n = len(cands.ads)
    if n == 0:
        return []
    w = weights or WEIGHTS[understood.query_type]
    blend = w.blend if mode == "hybrid" else GROUP_BLEND
    dense = dense_scores(cands, blend) if cands.sims.size else np.zeros(n, np.float32)
    top_kw = float(cands.bm25.max()) if n else 0.0
    keyword = cands.bm25 / top_kw if top_kw > 0 else np.zeros(n, np.float32)
    occ_ids, groups = set(understood.occupation_ids), set(understood.group_codes)
    skills = set(understood.requirement_ids)
    named_occ = np.array([a.occupation_id in occ_ids for a in cands.ads], bool)
    named_grp = np.array([a.ssyk in groups for a in cands.ads], bool)
    matched = [sorted(s & skills) for s in cands.skills]
    skill_share = np.array([len(m) / len(skills) if skills else 0.0 for m in matched], np.float32)
    if mode == "dense":
        total, keep = dense, np.ones(n, bool) if cands.sims.size else np.zeros(n, bool)
    elif mode == "bm25":
        total, keep = keyword, cands.bm25 > 0
    else:
        total = (dense + w.keyword * keyword + w.occupation * named_occ + w.group * named_grp
                 + w.skill * skill_share)
        floor = w.min_dense if cands.known_words or groups else w.min_dense_unknown
        # Ads of the named occupation's group always pass (and rank first: w.group); other ads only
        # when their meaning is close enough — for a named occupation that threshold is high, so a
        # thin group is topped up with its nearest neighbours only (their reason says "meaning").
        keep = named_grp | (dense >= floor) if cands.sims.size else named_grp | (cands.bm25 > 0)
        if groups and understood.query_type != "cv" and not named_grp.any():
            keep = named_grp  # nothing of the named kind here: say so (and offer alternatives), no stand-ins
    order = sorted(np.flatnonzero(keep).tolist(), key=lambda i: (-float(total[i]), cands.ads[i].id))
    return [Scored(cands.ads[i], float(total[i]), float(dense[i]), bool(named_occ[i]), bool(named_grp[i]),
                   matched[i]) for i in order]


# --- reasons ----------------------------------------------------------------------------------
MAX_SKILLS_IN_REASON = 3


def reasons_for(item: Scored, understood: Understood, skill_labels: dict[str, str],
                place_applied: bool, remote: bool | None = None) -> list[dict]:
    """Structured reasons naming only what really matched, most specific first."""
    ad = item.ad
    reasons: list[dict] = []
    if item.named_occupation:
        reasons.append({"kind": "occupation", "label": ad.occupation_label})
    elif item.named_group:
        # "liknande yrke" only for an occupation in the same SSYK group as one the jobseeker named
        related = ad.ssyk in understood.occupation_groups
        reasons.append({"kind": "group", "label": ad.occupation_label or ad.group_label, "related": related})
    for sid in item.matched_skills[:MAX_SKILLS_IN_REASON]:
        reasons.append({"kind": "skill", "label": skill_labels.get(sid, sid)})
    if not reasons and ad.occupation_label:
        reasons.append({"kind": "meaning", "label": ad.occupation_label})
    if place_applied and ad.municipality:
        reasons.append({"kind": "place", "label": ad.municipality})
    if remote and ad.remote:
        reasons.append({"kind": "place", "label": "distans/hybrid"})
    return reasons


def reason_text(reasons: list[dict]) -> str:
    """The Swedish one-liner for the API and the chat cards, built from the structured reasons."""
    parts = []
    for r in reasons:
        label = (r["label"] or "").lower() if r["kind"] in ("occupation", "group", "meaning") else r["label"]
        if r["kind"] == "group" and r.get("related"):
            parts.append(f"liknande yrke: {label}")
        elif r["kind"] == "meaning":
            parts.append(f"liknar det du beskrev: {label}")
        else:
            parts.append(label)
    return "Matchar: " + ", ".join(parts) if parts else "Matchar din sökning"
