"""Generate extra entity-annotated examples for search_jobs and inform.

Why: DIET needs to see occupations and places in many slots of many sentence shapes to tag
unseen ones; hand-written data covers the phrasing, this covers the entity variety (taxonomy
head nouns, plurals, '-jobb' compounds, abbreviations, names without å/ä/ö). Deterministic
(fixed seed), so the committed file only changes when the lists below change:

    python nlu/scripts/gen_search_examples.py   # writes nlu/data/generated_search.yml
"""

from __future__ import annotations

import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "nlu" / "data" / "generated_search.yml"

OCCUPATIONS = [
    "snickare", "undersköterska", "underskoterska", "sjuksköterska", "lagerarbetare",
    "elektriker",  "programmerare", "systemutvecklare", "utvecklare", "kock",
     "städare", "lokalvårdare", "busschaufför", "lastbilschaufför", "truckförare",
    "barnskötare", "förskollärare", "forskollarare", "lärare", "personlig assistent", "vårdbiträde",
    "butikssäljare", "säljare", "kassapersonal", "kundtjänstmedarbetare", "ekonomiassistent",
    "redovisningsekonom", "svetsare", "målare", "murare", "plattsättare", "bilmekaniker",
    "frisör", "servitör", "servitris", "diskare", "bagare", "barista", "receptionist", "väktare",
    "brevbärare", "taxiförare", "montör", "maskinoperatör", "cnc-operatör", "it-tekniker",
    "supporttekniker", "webbutvecklare", "projektledare", "ingenjör", "civilingenjör", "läkare",
    "tandsköterska", "psykolog", "socialsekreterare", "elevassistent", "fritidsledare",
    "lagerarbetare", "vvs-montör", "rörmokare", "fastighetsskötare", "behandlingsassistent", "tolk",
    "florist", "bibliotekarie", "sjukskoterska", "larare", "stadare",
]
# plural/compound forms: only where the sentence wants a thing, not a title ("finns det {occj}")
OCCUPATION_COMPOUNDS = [
    "undersköterskor", "sjuksköterskor", "snickarjobb", "vårdjobb", "butiksjobb", "städjobb",
     "lagerjobben", "restaurangjobb", "it-jobb", "byggjobb",
     "lärarjobb", "sjuksköterskejobb", "säljjobb", "chaufförsjobb", "kundtjänstjobb",
    "programmerarjobb", "truckjobb", "vårdbiträdesjobb", "lagerarbetarjobb", "stadjobb",
]
LOCATIONS = [
    "Stockholm", "stockholm", "Sthlm", "Göteborg", "Goteborg", "Gbg", "Malmö", "malmo", "Uppsala",
    "Umeå", "Umea", "Linköping", "Linkoping", "Örebro", "Orebro", "Västerås", "Helsingborg",
    "Jönköping", "Norrköping", "Lund", "Gävle", "Sundsvall", "Luleå", "Lulea", "Borås", "Eskilstuna",
    "Karlstad", "Växjö", "Vaxjo", "Halmstad", "Kalmar", "Kristianstad", "Östersund", "Trollhättan",
    "Skövde", "Falun", "Kiruna", "Visby", "Södertälje", "Nacka", "Solna", "Huddinge", "Mölndal",
    "Skåne", "skane", "Västra Götaland", "Norrbotten", "Dalarna", "Värmland", "Halland",
    "Stockholms län", "Uppsala län", "Jämtland", "Småland", "Gotland", "Kungsbacka", "Ystad",
]
SEARCH_TEMPLATES = [
    "jag söker jobb som {occ} i {loc}",
    "söker jobb som {occ} i {loc}",
    "soker jobb som {occ} i {loc}",
    "finns det jobb som {occ} i {loc}",
    "finns det några {occ} jobb i {loc}",
    "lediga jobb {occ} {loc}",
    "{occ} {loc}",
    "{occj} i {loc}",
    "finns det {occj} i {loc}",
    "{occj} {loc}?",
    "några {occj}?",
    "jag vill ha {occj} i {loc}",
    "jobb som {occ}",
    "jag vill jobba som {occ}",
    "jag vill jobba i {loc}",
    "jobb i {loc}",
    "vilka jobb finns i {loc}",
    "har du jobb som {occ} i {loc}?",
    "visa jobb för {occ} i {loc}",
    "hitta jobb som {occ} åt mig",
    "kan du hitta {occ} jobb i {loc}",
    "nåt jobb som {occ} i {loc}?",
    "jag letar efter jobb som {occ} runt {loc}",
    "letar {occ} jobb nära {loc}",
    "jobb {occ} {loc} {ext}",
    "{extj} som {occ} i {loc}",
    "jag söker {extj} som {occ}",
    "{occ} på {ext} i {loc}",
    "{occj} {ext}",
    "{occ} {rem}",
    "jobb som {occ} på {rem}",
    "finns det {rem}jobb som {occ}",
    "annonser {occ} {loc}",
    "ge mig annonser för {occ} i {loc}",
    "jag är {occ} och söker jobb i {loc}",
    "jag vill flytta till {loc} och jobba som {occ}",
    "vad finns det för {occ} jobb i {loc}",
    "sök {occ} i {loc}",
    "hitta jobb i {loc}",
    "kan jag få jobb som {occ} i {loc}",
]
INFORM_TEMPLATES = ["{loc}", "{occ}", "i {loc}", "som {occ}", "{occ} i {loc}", "helst {loc}",
                    "jag vill jobba som {occ}", "{loc} eller i närheten", "inom {occ}"]
EXTENTS = ["heltid", "deltid", "halvtid"]
EXTENT_JOBS = ["heltidsjobb", "deltidsjobb", "heltidstjänst", "deltidstjänst", "heltid", "deltid"]
REMOTE = ["distans", "remote"]


def fill(template: str, rng: random.Random) -> str:
    occ = rng.choice(OCCUPATIONS)
    loc = rng.choice(LOCATIONS)
    text = template
    # occupation inside a compound like "{occ} jobb" stays a separate word on purpose
    text = text.replace("{occ}", f"[{occ}](occupation)")
    text = text.replace("{occj}", f"[{rng.choice(OCCUPATION_COMPOUNDS)}](occupation)")
    text = text.replace("{extj}", f"[{rng.choice(EXTENT_JOBS)}](employment_extent)")
    text = text.replace("{loc}", f"[{loc}](location)")
    text = text.replace("{ext}", f"[{rng.choice(EXTENTS)}](employment_extent)")
    rem = rng.choice(REMOTE)
    if "{rem}jobb" in text:
        text = text.replace("{rem}jobb", f"[{rem}jobb](remote)")
    text = text.replace("{rem}", f"[{rem}](remote)")
    return text


def main() -> int:
    rng = random.Random(7)
    search = sorted({fill(t, rng) for t in SEARCH_TEMPLATES for _ in range(2)})
    inform = sorted({fill(t, rng) for t in INFORM_TEMPLATES for _ in range(3)})
    lines = ['version: "3.1"', "# Generated by nlu/scripts/gen_search_examples.py - do not edit by hand.",
             "nlu:", "- intent: search_jobs", "  examples: |"]
    lines += [f"    - {s}" for s in search]
    lines += ["- intent: inform", "  examples: |"]
    lines += [f"    - {s}" for s in inform]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(search)} search_jobs, {len(inform)} inform")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
