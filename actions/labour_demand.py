"""Labour demand in the chat: what employers ask for this quarter, and where.

Three questions, told apart by the entities of the message (intent labour_demand):
- a place ("vad söker arbetsgivare i Kiruna just nu?"): the occupation groups and skills most asked
  for there this quarter, with counts and the change against the same stretch of the quarter before;
- an occupation ("var finns det flest jobb som lagerarbetare?"): the places with most of its ads,
  and the skills its ads ask for;
- both ("vilka kompetenser efterfrågas för undersköterskor i Skåne?"): the skills asked for in its
  ads there.
A place with few ads is said plainly ("bara 7 annonser"), not ranked (jobmatch.insight.FEW_ADS).

Follow-ups keep what the last answer was about: the slots `demand_place` and `demand_occupation`
hold it, and the topic "demand" makes a bare "och i Malmö då?" or "och för kockar?" come here
(bot/data/rules_context.yml) with the other half kept. A new labour_demand question starts afresh.
Counts are for the occupation's SSYK group, which is what ads are filed under.
"""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.conversation import JobbcoachAction, latest_entity, latest_intent, latest_text, offer, set_topic
from jobmatch.service import get_service
from jobmatch.understand import understand
from nlu import taxonomy, translated_names

TOP = 5
PERIOD = "quarter"  # "just nu": this quarter so far
CHANGE_SHOWN_FROM = 0.10  # a change under 10 % is "→": the same, within the noise of a quarter


def trend_mark(item: dict) -> str:
    """'↑ 25 %', '↓ 12 %', '→' for a real change; '+2' when the numbers are too small for a per cent."""
    ratio = item.get("change_ratio")
    if ratio is None:
        change = item.get("change", 0)
        return f"{change:+d}" if change else ""
    if ratio >= CHANGE_SHOWN_FROM:
        return f"↑ {round(ratio * 100)} %"
    if ratio <= -CHANGE_SHOWN_FROM:
        return f"↓ {round(-ratio * 100)} %"
    return "→"


def numbered_lines(items: list[dict], with_trend: bool = True) -> str:
    """'1. Lager- och terminalpersonal – 32 (↑ 25 %)': labels and counts as data lines."""
    lines = []
    for number, item in enumerate(items[:TOP], start=1):
        mark = trend_mark(item) if with_trend else ""
        lines.append(f"{number}. {item['label']} – {item['recent']}" + (f" ({mark})" if mark else ""))
    return "\n".join(lines)


def skill_list(skills: list[dict]) -> str:
    """'MS Excel (25), truckkort (32)': the skills on one line, for answers where they come second."""
    return ", ".join(f"{s['label']} ({s['recent']})" for s in skills[:TOP])


def send_chart(dispatcher, items: list[dict]) -> None:
    """The counts as a bar chart for a channel that draws one (the widget); Telegram and Slack send
    a typed payload without text as nothing, so they keep the text answer alone."""
    dispatcher.utter_message(json_message={"type": "bar_chart", "bars": [
        {"label": item["label"], "value": item["recent"]} for item in items[:TOP]]})


def place_in_message(tracker):
    """(entity, place) named in this message: the location entity, else a place in the words."""
    entity = latest_entity(tracker, "location")
    place = taxonomy.find_place(str(entity["value"])) if entity else None
    if place is None and latest_text(tracker):
        place = translated_names.find_place(latest_text(tracker))  # "وظائف في ستوكهولم" too
    return entity, place


def find_occupation(value: str):
    """The taxonomy occupation of an entity value: its name in any of our languages, else what
    matching reads the Swedish word as (inflections the NLU's table lacks: "kockar", "städarna")."""
    found = translated_names.find_occupation(value)
    if found is None:
        occupation_id = understand(value).occupation_id
        found = taxonomy.get_occupation(occupation_id) if occupation_id else None
    return found


def occupation_in_message(tracker):
    entity = latest_entity(tracker, "occupation")
    return entity, (find_occupation(str(entity["value"])) if entity else None)


def kept(tracker, slot: str, find):
    value = tracker.get_slot(slot)
    return find(value) if value else None


def area_codes(place) -> dict[str, str | None]:
    if place.kind == "municipality":
        return {"municipality_code": place.municipality_code}
    return {"region_code": place.region_code}


class ActionLabourDemand(JobbcoachAction):
    """Answers for a place, an occupation or both; asks where when nothing says."""

    def name(self) -> str:
        return "action_labour_demand"

    async def act(self, dispatcher, tracker, domain):
        place_entity, place = place_in_message(tracker)
        occupation_entity, occupation = occupation_in_message(tracker)
        if place_entity and place is None:
            dispatcher.utter_message(response="utter_unknown_place", place=place_entity["value"])
            return [offer("demand_place"), set_topic("demand")]
        if occupation_entity and occupation is None:
            dispatcher.utter_message(response="utter_insight_unknown_occupation", occupation=occupation_entity["value"])
            return [set_topic("demand")]
        if latest_intent(tracker) != "labour_demand":  # a follow-up: keep the other half of the question
            place = place or kept(tracker, "demand_place", taxonomy.find_place)
            occupation = occupation or kept(tracker, "demand_occupation", taxonomy.find_occupation)
        elif not (place or occupation):  # "vad söks just nu?": where we talked about
            place = kept(tracker, "demand_place", taxonomy.find_place) or kept(tracker, "location", taxonomy.find_place)
        if not (place or occupation):
            dispatcher.utter_message(response="utter_ask_demand_place")
            return [offer("demand_place"), set_topic("demand")]
        events = [SlotSet("demand_place", place.label if place else None),
                  SlotSet("demand_occupation", occupation.label if occupation else None), set_topic("demand")]
        if occupation and place:
            return events + self.skills_for(dispatcher, occupation, place)
        if occupation:
            return events + self.places_for(dispatcher, occupation)
        return events + [SlotSet("location", place.label)] + self.overview(dispatcher, place)

    @staticmethod
    def overview(dispatcher, place) -> list:
        demand = get_service().insight_demand(period=PERIOD, top=TOP, **area_codes(place))
        period, groups = demand["period"], demand["occupation_groups"]
        values = {"place": place.label, "quarter": period["quarter"], "year": period["year"],
                  "ads": demand["ads_recent"]}
        if not groups:
            dispatcher.utter_message(response="utter_insight_none", **values)
            return []
        if demand["few"]:
            dispatcher.utter_message(response="utter_insight_few", groups=numbered_lines(groups, with_trend=False),
                                     region=place.region_label, **values)
            return []
        top = groups[0]["label"]
        dispatcher.utter_message(response="utter_insight_overview", groups=numbered_lines(groups),
                                 skills=numbered_lines(demand["skills"]) or "–", top=top.lower(), **values)
        send_chart(dispatcher, groups)
        return [SlotSet("suggested_search", {"occupation": top, "location": place.label}), offer("search_suggested")]

    @staticmethod
    def places_for(dispatcher, occupation) -> list:
        service = get_service()
        places = service.insight_places(occupation.ssyk_code, period=PERIOD, top=TOP)
        period = places["period"]
        values = {"occupation": occupation.group_label.lower(), "quarter": period["quarter"], "year": period["year"]}
        if not places["places"]:
            dispatcher.utter_message(response="utter_insight_places_none", **values)
            return []
        skills = service.insight_demand(period=PERIOD, top=TOP, occupation=occupation.ssyk_code)["skills"]
        dispatcher.utter_message(response="utter_insight_places", places=numbered_lines(places["places"]),
                                 skills=skill_list(skills) or "–", first=places["places"][0]["label"], **values)
        send_chart(dispatcher, places["places"])
        return []

    @staticmethod
    def skills_for(dispatcher, occupation, place) -> list:
        demand = get_service().insight_demand(period=PERIOD, top=TOP, occupation=occupation.ssyk_code,
                                              **area_codes(place))
        period = demand["period"]
        values = {"occupation": occupation.group_label.lower(), "place": place.label, "quarter": period["quarter"],
                  "year": period["year"], "ads": demand["ads_recent"]}
        if not demand["skills"]:
            dispatcher.utter_message(response="utter_insight_skills_none", **values)
            return []
        dispatcher.utter_message(response="utter_insight_skills", skills=numbered_lines(demand["skills"]), **values)
        send_chart(dispatcher, demand["skills"])
        return [SlotSet("suggested_search", {"occupation": occupation.label, "location": place.label}),
                offer("search_suggested")]
