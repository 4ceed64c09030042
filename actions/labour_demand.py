"""Labour demand: 'vilka yrken söks i Linköping?' → the most advertised occupations, with the trend."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.conversation import JobbcoachAction, ask, clear_question, latest_entity, latest_text
from nlu import taxonomy

TOP = 5


def trend_text(item: dict) -> str:
    """'fler än förra kvartalet (+25 %)' – the change against the 90 days before."""
    ratio = item.get("change_ratio")
    if ratio is None:
        return "nytt sedan förra perioden" if item.get("previous", 0) == 0 else ""
    percent = round(ratio * 100)
    if percent >= 10:
        return f"ökar, +{percent} %"
    if percent <= -10:
        return f"minskar, {percent} %"
    return "ungefär som förut"


def demand_message(place_label: str, demand: dict) -> str:
    occupations = demand.get("occupations") or []
    if not occupations:
        return (f"Jag hittar för få annonser i {place_label} de senaste 90 dagarna för att säga vilka yrken som söks. "
                "Prova gärna länet eller en större ort i närheten.")
    lines = []
    for number, item in enumerate(occupations[:TOP], start=1):
        trend = trend_text(item)
        lines.append(f"{number}. {item['label']} – {item['recent']} annonser" + (f" ({trend})" if trend else ""))
    return (f"Det här är de yrken som har flest annonser i {place_label} de senaste 90 dagarna, jämfört med "
            f"perioden före:\n\n" + "\n".join(lines) + "\n\nVill du se lediga jobb i något av dem? Skriv till exempel "
            f"”jobb som {occupations[0]['label'].lower()} i {place_label}”.")


class ActionLabourDemand(JobbcoachAction):
    """Answers for a municipality or region; asks where when the message and the slots do not say."""

    def name(self) -> str:
        return "action_labour_demand"

    async def act(self, dispatcher, tracker, domain):
        from jobmatch.service import get_service

        entity = latest_entity(tracker, "location")
        place = taxonomy.find_place(str(entity["value"])) if entity else None
        if place is None and latest_text(tracker):
            place = taxonomy.find_place(latest_text(tracker))
        if place is None and tracker.get_slot("location"):
            place = taxonomy.find_place(tracker.get_slot("location"))
        if place is None:
            if entity:
                dispatcher.utter_message(text=f"Jag känner inte igen orten ”{entity['value']}”. Vilken kommun eller "
                                              "vilket län menar du?")
            else:
                dispatcher.utter_message(text="Vilken ort eller vilket län vill du veta mer om? Skriv till exempel "
                                              "”Linköping” eller ”Skåne”.")
            return [ask("demand_place")]
        if place.kind == "municipality":
            demand = get_service().demand(municipality_code=place.municipality_code)
        else:
            demand = get_service().demand(region_code=place.region_code)
        dispatcher.utter_message(text=demand_message(place.label, demand))
        return [SlotSet("location", place.label), clear_question()]
