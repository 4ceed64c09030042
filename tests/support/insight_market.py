"""A small labour market for the insight tests, written straight into the tables (no embedding).

Kiruna this quarter (1 Oct–27 Nov 2026 12:00) against the same stretch of the quarter before
(1 Jul–27 Aug 12:00): undersköterskor 12 against 6, lagerarbetare 7 against 7, two new
hamnarbetare; ads between the windows and in other towns must not be counted for Kiruna.
`write_index` makes it a loadable embedded index (the web app's JOBBCOACH_INDEX), `searchers`
leaves distinct jobseekers' searches in a store.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from jobmatch.ads import Ad
from jobmatch.local_store import LocalStore
from store import supply

KIRUNA, LULEA, NORRBOTTEN, MALMO, SKANE = "2584", "2580", "25", "1280", "12"
BJURHOLM, VASTERBOTTEN = "2403", "24"  # a small place: three ads
UNDERSKOTERSKA = ("Y3QA_5pk_uXd", "Undersköterska, hemtjänst och äldreboende", "5321",
                  "Undersköterskor, hemtjänst, äldreboende m.fl.")
LAGERARBETARE = ("sizv_uPq_nWf", "Lagerarbetare", "4322", "Lager- och terminalpersonal")
HAMNARBETARE = ("", "Hamnarbetare", "9331", "Hamnarbetare")
TRUCK, EXCEL = "CiMi_7ax_tXs", "5wab_aFK_gdL"
THIS_QUARTER, LAST_QUARTER, BETWEEN = "2026-10-15T09:00:00", "2026-07-20T09:00:00", "2026-09-10T09:00:00"


def market() -> tuple[list[Ad], list[list[str]]]:
    """The ads and the skills read from each (as the index build would have read them)."""
    rows = []

    def add(n, occupation, municipality, region, published, skills=()):
        occ_id, occ_label, ssyk, group = occupation
        for _ in range(n):
            rows.append((Ad(id=f"ad{len(rows)}", headline=occ_label, occupation_id=occ_id, occupation_label=occ_label,
                            group_id=f"g{ssyk}", group_label=group, ssyk=ssyk, municipality_code=municipality,
                            region_code=region, publication_date=published), list(skills)))

    add(12, UNDERSKOTERSKA, KIRUNA, NORRBOTTEN, THIS_QUARTER)
    add(6, UNDERSKOTERSKA, KIRUNA, NORRBOTTEN, LAST_QUARTER)
    add(7, LAGERARBETARE, KIRUNA, NORRBOTTEN, THIS_QUARTER, [TRUCK])
    add(7, LAGERARBETARE, KIRUNA, NORRBOTTEN, LAST_QUARTER, [TRUCK])
    add(2, HAMNARBETARE, KIRUNA, NORRBOTTEN, THIS_QUARTER, [TRUCK])
    add(30, LAGERARBETARE, KIRUNA, NORRBOTTEN, BETWEEN, [TRUCK])      # between the windows
    add(25, LAGERARBETARE, LULEA, NORRBOTTEN, THIS_QUARTER, [TRUCK, EXCEL])
    add(40, LAGERARBETARE, MALMO, SKANE, THIS_QUARTER, [TRUCK])
    add(9, UNDERSKOTERSKA, MALMO, SKANE, THIS_QUARTER, [EXCEL])
    add(3, UNDERSKOTERSKA, LULEA, NORRBOTTEN, THIS_QUARTER)
    add(3, HAMNARBETARE, BJURHOLM, VASTERBOTTEN, THIS_QUARTER)
    return [ad for ad, _ in rows], [skills for _, skills in rows]


SEARCHED_AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def write_index(directory: Path) -> Path:
    """The market as an embedded index a MatchService can load (dummy vectors: insight needs none)."""
    ads, skills = market()
    store = LocalStore(directory)
    model = "hashing:insight-test"
    store.set_info("model", model)
    store.set_info("dim", "4")
    store.put_vectors(model, {ad.id: np.ones(4, np.float32) / 2 for ad in ads})
    store.upsert_ads((ad, ad.id, model) for ad in ads)
    store.finalize()
    store.db.execute("DELETE FROM history_skills")  # the market's own skills, not those read from its words
    store.record_history_skills(ads, skills)
    store.db.commit()
    store.close()
    return directory


def searchers(url: str, count: int, municipality: str, region: str, prefix: str, *, occupation_id: str = "",
              group_code: str = "", skill_ids: tuple[str, ...] = (), at: datetime = SEARCHED_AT) -> None:
    """`count` distinct jobseekers, each with one search for the same thing in the same place."""
    for person in range(count):
        supply.record_search(f"{prefix}{person}", at - timedelta(minutes=person), occupation_id=occupation_id or None,
                             group_code=group_code or None, skill_ids=list(skill_ids),
                             municipality_code=municipality, region_code=region, url=url)
