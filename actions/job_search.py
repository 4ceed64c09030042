"""Job search: understand what and where the jobseeker wants, ask the matching service, answer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.hit_format import hits_message
from jobmatch.service import SearchQuery, get_service
from nlu import taxonomy

PAGE_SIZE = 5


def latest_entity(tracker: Tracker, name: str) -> str | None:
    """The value of an entity in the latest message, else the slot of the same name."""
    values = list(tracker.get_latest_entity_values(name))
    return values[0] if values else tracker.get_slot(name)


def build_query(tracker: Tracker) -> tuple[SearchQuery, str]:
    """A SearchQuery from the latest message and slots, and a Swedish phrase describing it."""
    text = tracker.latest_message.get("text") or ""
    occupation_text = latest_entity(tracker, "occupation")
    location_text = latest_entity(tracker, "location")
    occupation = taxonomy.find_occupation(occupation_text) if occupation_text else None
    place = taxonomy.find_place(location_text) if location_text else None

    query = SearchQuery(
        text=text,
        occupation_id=occupation.concept_id if occupation else None,
        municipality_code=place.municipality_code if place and place.kind == "municipality" else None,
        region_code=place.region_code if place and place.kind == "region" else None,
    )
    what = (occupation.label if occupation else occupation_text) or "det du beskrev"
    described = f"som {what.lower()}" if occupation or occupation_text else "som matchar det du skrev"
    if place:
        described += f" i {place.label}"
    return query, described


class ActionSearchJobs(Action):
    """Search ads for the latest message and show the first page."""

    def name(self) -> str:
        return "action_search_jobs"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        query, described = build_query(tracker)
        result = get_service().search(query, limit=PAGE_SIZE, offset=0)
        if not result.hits:
            dispatcher.utter_message(text=f"Jag hittade tyvärr inga lediga jobb {described} just nu.")
            return []
        dispatcher.utter_message(
            text=f"Här är {len(result.hits)} av {result.total} jobb {described}:\n\n{hits_message(result.hits)}"
        )
        return [SlotSet("occupation", latest_entity(tracker, "occupation")),
                SlotSet("location", latest_entity(tracker, "location"))]
