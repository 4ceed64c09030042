"""What a search was about, kept for the anonymous supply counts (store.supply): one call from the
search actions (job search, profile match) after the matcher has read the words.

The matcher's `understood` says which occupation, group, skills and place the words named; a place
that came from the conversation rather than the words (a slot) is taken from the `location` slot.
Recording must never cost the jobseeker their answer, so a failure here is logged and forgotten.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker

from actions import clock
from store.supply import record_search
from swedish.places import find_place, municipality, region

logger = logging.getLogger(__name__)


def _codes(understood: Any, tracker: Tracker) -> tuple[str | None, str | None]:
    """(municipality code, region code) of the place the search was about."""
    code, kind = getattr(understood, "place_code", None), getattr(understood, "place_kind", None)
    if code and kind == "municipality":
        place = municipality(code)
        return place.municipality_code, place.region_code
    if code and kind == "region":
        return None, region(code).region_code
    place = find_place(tracker.get_slot("location") or "")
    if place is None:
        return None, None
    return (place.municipality_code if place.kind == "municipality" else None), place.region_code


def note_search(tracker: Tracker, result: Any) -> None:
    """Keep the occupation, group, skills and place of one search (by sender id, erasable)."""
    understood = getattr(result, "understood", None)
    if understood is None:
        return
    try:
        municipality_code, region_code = _codes(understood, tracker)
        record_search(tracker.sender_id, clock.now(), occupation_id=understood.occupation_id,
                      group_code=understood.group_code, skill_ids=list(understood.requirement_ids),
                      municipality_code=municipality_code, region_code=region_code)
    except Exception:  # noqa: BLE001 - the count is a by-product; the search answer must go out
        logger.warning("Could not count a search for the insight figures", exc_info=True)
