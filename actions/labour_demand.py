"""Labour demand: 'vilka yrken söks i Linköping?' → the most advertised occupations, with the trend.

Sets the topic to "demand", so a bare place afterwards ('och i Malmö då?') asks about that place
(rules), and offers a search in the top occupation there (offer search_suggested).
"""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.conversation import JobbcoachAction, latest_entity, latest_text, offer, set_topic
from jobmatch.service import get_service
from nlu import taxonomy, translated_names

TOP = 5


def trend_mark(item: dict) -> str:
    """'↑ 25 %', '↓ 12 %', '→' or 'ny': the change against the 90 days before, in signs not words."""
    ratio = item.get("change_ratio")
    if ratio is None:
        return "ny" if item.get("previous", 0) == 0 else ""
    percent = round(ratio * 100)
    if percent >= 10:
        return f"↑ {percent} %"
    if percent <= -10:
        return f"↓ {abs(percent)} %"
    return "→"


def demand_lines(occupations: list[dict]) -> str:
    """'1. Undersköterska – 34 (↑ 25 %)': the top occupations as data lines."""
    lines = []
    for number, item in enumerate(occupations[:TOP], start=1):
        mark = trend_mark(item)
        lines.append(f"{number}. {item['label']} – {item['recent']}" + (f" ({mark})" if mark else ""))
    return "\n".join(lines)


def place_asked(tracker):
    """The place of the message (entity, else taxonomy in the text), else the one talked about before."""
    entity = latest_entity(tracker, "location")
    place = taxonomy.find_place(str(entity["value"])) if entity else None
    if place is None and latest_text(tracker):
        place = translated_names.find_place(latest_text(tracker))  # "وظائف في ستوكهولم" too
    if place is None and entity is None and tracker.get_slot("location"):
        place = taxonomy.find_place(tracker.get_slot("location"))
    return entity, place


class ActionLabourDemand(JobbcoachAction):
    """Answers for a municipality or region; asks where when the message and the slots do not say."""

    def name(self) -> str:
        return "action_labour_demand"

    async def act(self, dispatcher, tracker, domain):
        entity, place = place_asked(tracker)
        if place is None:
            if entity:
                dispatcher.utter_message(response="utter_unknown_place", place=entity["value"])
            else:
                dispatcher.utter_message(response="utter_ask_demand_place")
            return [offer("demand_place"), set_topic("demand")]
        if place.kind == "municipality":
            demand = get_service().demand(municipality_code=place.municipality_code)
        else:
            demand = get_service().demand(region_code=place.region_code)
        occupations = demand.get("occupations") or []
        events = [SlotSet("location", place.label), set_topic("demand")]
        if not occupations:
            dispatcher.utter_message(response="utter_demand_too_few", place=place.label)
            return events
        top = occupations[0]["label"]
        dispatcher.utter_message(response="utter_demand_list", place=place.label, lines=demand_lines(occupations),
                                 top=top.lower())
        return events + [SlotSet("suggested_search", {"occupation": top, "location": place.label}),
                         offer("search_suggested")]
