"""Job alerts, the matching half: which newly arrived ads fit which saved searches, in one batch.

A digest round asks this for every alert at once after an index update, so it is built for
10,000 alerts in well under a second rather than for one rich search:

- **Alerts match by what the words name, not by meaning.** An alert reads its words once
  (`read_alert`, the same `understand` the search uses: occupation, its SSYK group, everyday words
  like "lagerjobb", licences, the place) and an ad fits when its occupation or group is named, its
  place is the alert's, and (for words the taxonomy does not know) every content word is in the
  ad. No embeddings: an alert interrupts the jobseeker later, so a "liknande yrke" guess that a
  search may show is noise in a digest, and without vectors the whole round is set look-ups.
- **The whole group counts.** "säg till när det kommer jobb som kock" wants cooks, à la carte or
  not: an ad of the occupation's SSYK group fits, as the search's widened "närliggande yrken" does.
- **New means new to the index**, not a recent publication date: `ArrivalLedger` remembers when
  each ad id was first seen in a published snapshot (an ad published last week and synced today is
  new to everyone who watches). An alert counts the ads first seen at or after its watermark (its
  creation, then its last digest) that it was not sent before (`sent`).

jobmatch imports nothing of ours; the caller hands in the alerts as `AlertQuery` values and the
ads of the current snapshot.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from swedish.places import UnknownPlaceError, find_place, municipality, region

from .ads import Ad
from .compact_text import keyword_text
from .swedish_text import content_stems
from .understand import understand

# Words of an alert that say "a job" and nothing about which one ("bevaka", "nya jobb", "säg till").
ALERT_FILLER = frozenset(content_stems(
    "bevaka bevakning bevakningar bevakar säg till meddela notis notiser avisering aviseringar påminn "
    "påminnelse när det kommer kommit nytt nya jobb jobben lediga ledig tjänster platser annonser "
    "prenumerera prenumeration skicka mig mej om finns"))
BASELINE = 0.0  # "first seen" of the ads already in the index when the ledger started: before every alert


@dataclass(frozen=True)
class AlertReading:
    """What an alert's words name, as filters (read once per distinct alert text)."""

    occupation_ids: frozenset[str] = frozenset()
    group_codes: frozenset[str] = frozenset()
    skill_ids: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()          # content stems the taxonomy did not know: all must be in the ad
    municipality_code: str | None = None
    region_code: str | None = None
    occupation: str | None = None        # label of the first occupation named (shown back)
    place: str | None = None             # label of the place

    @property
    def names_anything(self) -> bool:
        """A reading that would match every ad in Sweden is no alert ("bevaka jobb")."""
        return bool(self.occupation_ids or self.group_codes or self.skill_ids or self.words
                    or self.municipality_code or self.region_code)


@lru_cache(maxsize=65_536)
def read_alert(query: str, occupation: str | None = None, place: str | None = None) -> AlertReading:
    """Read an alert: the occupation the chat recognised (a taxonomy label) or else the words, and
    the place by its label or name ("Jönköping", "Skåne"), else the one the words name.

    Cached: 10,000 alerts share far fewer distinct texts, and a round re-reads them all."""
    text = occupation or query or ""
    understood = understand(text)
    code, kind, label = understood.place_code, understood.place_kind, understood.place
    if place:
        found = _place(place)
        if found is not None:
            code, kind, label = found.code, found.kind, found.label
    elif code is None and occupation and query:  # "bevaka kock i Malmö": the place is in the words
        in_query = understand(query)
        code, kind, label = in_query.place_code, in_query.place_kind, in_query.place
    concepts = bool(understood.occupation_ids or understood.group_codes)
    words = () if concepts or understood.skill_ids else tuple(
        w for w in dict.fromkeys(content_stems(understood.leftover)) if w not in ALERT_FILLER)
    return AlertReading(
        occupation_ids=frozenset(understood.occupation_ids), group_codes=frozenset(understood.group_codes),
        skill_ids=frozenset(understood.skill_ids) if not concepts else frozenset(), words=words,
        municipality_code=code if kind == "municipality" else None,
        region_code=code if kind == "region" else None,
        occupation=understood.occupation or understood.group, place=label)


def _place(value: str):
    for finder in (municipality, region):
        try:
            return finder(value)
        except UnknownPlaceError:
            continue
    return find_place(value)


@dataclass(frozen=True)
class AlertQuery:
    """One alert as the batch matcher takes it."""

    key: int
    reading: AlertReading
    since: float                    # epoch seconds: ads first seen at or after this are new to it
    sent: frozenset[str] = frozenset()


@dataclass
class Arrivals:
    """The ads of one snapshot with the time each was first seen, indexed for the batch."""

    ads: Sequence[Ad]
    first_seen: Sequence[float]
    skills: Sequence[frozenset[str]] | None = None   # skill concept ids per ad (LocalIndex.skills)
    open_after: float | None = None                  # epoch seconds: ads whose deadline is before are left out
    _by_occupation: dict[str, list[int]] = field(default_factory=dict, init=False)
    _by_group: dict[str, list[int]] = field(default_factory=dict, init=False)
    _by_place: dict[str, list[int]] = field(default_factory=dict, init=False)
    _stems: dict[int, frozenset[str]] = field(default_factory=dict, init=False)
    _rows: list[int] = field(default_factory=list, init=False)

    def index(self, oldest: float) -> None:
        """Postings of the ads first seen at or after `oldest` (the earliest watermark of the round)."""
        by_occupation, by_group, by_place = defaultdict(list), defaultdict(list), defaultdict(list)
        rows = []
        for row, (ad, seen) in enumerate(zip(self.ads, self.first_seen, strict=True)):
            if seen < oldest or ad.removed or not self._open(ad):
                continue
            rows.append(row)
            if ad.occupation_id:
                by_occupation[ad.occupation_id].append(row)
            if ad.ssyk:
                by_group[ad.ssyk].append(row)
            if ad.municipality_code:
                by_place["m" + ad.municipality_code].append(row)
            if ad.region_code:
                by_place["r" + ad.region_code].append(row)
        self._by_occupation, self._by_group, self._by_place, self._rows = by_occupation, by_group, by_place, rows

    def _open(self, ad: Ad) -> bool:
        if self.open_after is None or not ad.deadline:
            return True
        try:
            return datetime.fromisoformat(ad.deadline[:19]).timestamp() >= self.open_after
        except ValueError:
            return True

    def _stems_of(self, row: int) -> frozenset[str]:
        stems = self._stems.get(row)
        if stems is None:
            stems = self._stems[row] = frozenset(content_stems(keyword_text(self.ads[row])))
        return stems

    def candidates(self, reading: AlertReading) -> Iterable[int]:
        """Rows the reading's concepts (or, without any, its place) point to; filters come after."""
        if reading.occupation_ids or reading.group_codes:
            rows: set[int] = set()
            for concept in reading.occupation_ids:
                rows.update(self._by_occupation.get(concept, ()))
            for group in reading.group_codes:
                rows.update(self._by_group.get(group, ()))
            return rows
        if reading.municipality_code:
            return self._by_place.get("m" + reading.municipality_code, ())
        if reading.region_code:
            return self._by_place.get("r" + reading.region_code, ())
        return self._rows

    def fits(self, row: int, reading: AlertReading) -> bool:
        ad = self.ads[row]
        if reading.municipality_code and ad.municipality_code != reading.municipality_code:
            return False
        if reading.region_code and ad.region_code != reading.region_code:
            return False
        if reading.skill_ids and not (self.skills is not None and reading.skill_ids <= self.skills[row]):
            return False
        return not reading.words or all(w in self._stems_of(row) for w in reading.words)


def match_alerts(alerts: Sequence[AlertQuery], arrivals: Arrivals) -> dict[int, list[Ad]]:
    """For each alert with something new: its new, unsent, open, fitting ads, newest first.

    One pass builds postings over the ads that are new to at least one alert; each alert then looks
    at the few rows its concepts point to. Measured by scripts/bench_alerts.py (reports/alerts/)."""
    if not alerts:
        return {}
    arrivals.index(min(a.since for a in alerts))
    found: dict[int, list[Ad]] = {}
    for alert in alerts:
        reading = alert.reading
        if not reading.names_anything:
            continue
        rows = [r for r in arrivals.candidates(reading)
                if arrivals.first_seen[r] >= alert.since and arrivals.ads[r].id not in alert.sent
                and arrivals.fits(r, reading)]
        if rows:
            ads = [arrivals.ads[r] for r in rows]
            ads.sort(key=lambda ad: (ad.publication_date, ad.id), reverse=True)
            found[alert.key] = ads
    return found


class ArrivalLedger:
    """When each ad id was first seen in a published snapshot, and which snapshot was last handled.

    A small SQLite file of the caller's choosing (the web app keeps it in var/alerts/), written only
    by the digest round. The first snapshot it sees is the baseline (its ads count as old to every
    alert); ads that leave the index are forgotten, so the file stays the size of the index.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.executescript("CREATE TABLE IF NOT EXISTS arrivals (id TEXT PRIMARY KEY, first_seen REAL NOT NULL);"
                              "CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT);")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> ArrivalLedger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM info WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO info VALUES (?,?)", (key, value))
        self.db.commit()

    def observe(self, ids: Sequence[str], now: float) -> list[float]:
        """Record a snapshot's ids; returns each one's first-seen time, in the order given."""
        known = dict(self.db.execute("SELECT id, first_seen FROM arrivals"))
        seen_at = BASELINE if not known and self.get("baseline") is None else now
        present = set(ids)
        fresh = [(i, seen_at) for i in present if i not in known]
        gone = [(i,) for i in known if i not in present]
        with self.db:
            self.db.executemany("INSERT INTO arrivals VALUES (?,?)", fresh)
            self.db.executemany("DELETE FROM arrivals WHERE id=?", gone)
            self.db.execute("INSERT OR IGNORE INTO info VALUES ('baseline', ?)", (str(now),))
        known.update(fresh)
        return [known[i] for i in ids]


def describe_alert(query: str, occupation: str | None = None, place: str | None = None) -> str:
    """How an alert is named back to the jobseeker: "lagerarbetare i Jönköping", or the words in quotes.

    Built from the Swedish taxonomy labels, like the search's description (docs/languages.md: phrases
    built from data stay Swedish inside a translated sentence). One function for the chat's
    confirmation and the digest, so the jobseeker recognises the alert in both."""
    reading = read_alert(query, occupation, place)
    what = (occupation or reading.occupation or "").split(",")[0].split("/")[0].strip().lower()  # "Städare/Lokalvårdare"
    if not what:
        what = (query or "").strip()
    return f"{what} i {reading.place}" if reading.place and reading.place.lower() not in what.lower() else what
