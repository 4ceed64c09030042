"""Build Jobbcoach's compact taxonomy tables and Rasa lookup tables from a JobTech taxonomy dump.

Usage (from the repository root):
    python nlu/scripts/build_taxonomy.py --taxonomy ../shared/data/jobtech/taxonomy

Writes (all committed, so the bot runs without the dump):
    nlu/taxonomy_data/occupations.json   occupations, SSYK groups and a folded-key index
    swedish/data/places.json             municipalities, regions, localities and a folded-key index
                                         (the one place table: swedish.places reads it)
    nlu/data/lookups/occupation.yml      Rasa lookup table (surface forms incl. plural/compound)
    nlu/data/lookups/location.yml        Rasa lookup table (names, genitives, abbreviations)

Only names and codes are taken from the dump (facts); JobTech's prose descriptions are never copied.
The colloquial synonyms below are the project's own. Stdlib only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from nlu.textnorm import normalise  # noqa: E402

# Colloquial or generic words -> a key that the generated index already knows (folded form of a
# label part).  Written by the project; checked at build time so a newer taxonomy can't break it
# silently.
OCCUPATION_SYNONYMS: dict[str, str] = {
    "programmerare": "systemutvecklare",
    "utvecklare": "systemutvecklare",
    "mjukvaruutvecklare": "systemutvecklare",
    "systemutvecklare": "systemutvecklare",
    "developer": "systemutvecklare",
    "kodare": "systemutvecklare",
    "it": "it tekniker",
    "data": "it tekniker",
    "support": "helpdesktekniker",
    "it support": "helpdesktekniker",
    "lager": "lagerarbetare",
    "lagerarbete": "lagerarbetare",
    "lagerpersonal": "lagerarbetare",
    "lagermedarbetare": "lagerarbetare",
    "plock": "lagerarbetare",
    "truck": "truckforare",
    "elektriker": "installationselektriker",
    "el": "installationselektriker",
    "snickare": "snickare",
    "bygg": "snickare",
    "timmerman": "snickare",
    "stad": "stadare",
    "lokalvard": "lokalvardare",
    "stadning": "stadare",
    "kock": "kock a la carte",
    "restaurang": "restaurangbitrade",
    "servitris": "servitor",
    "kassa": "kassapersonal",
    "kassor": "kassapersonal",
    "butik": "butikssaljare",
    "butiksbitrade": "butikssaljare",
    "saljare": "innesaljare",
    "forsaljning": "innesaljare",
    "salj": "innesaljare",
    "telefonforsaljare": "telefonforsaljare",
    "kundtjanst": "kundtjanstmedarbetare",
    "kundservice": "kundtjanstmedarbetare",
    "callcenter": "kundtjanstmedarbetare",
    "vard": "underskoterska",
    "omsorg": "vardbitrade",
    "hemtjanst": "underskoterska",
    "usk": "underskoterska",
    "underskoterska": "underskoterska",
    "sjukskoterska": "sjukskoterska grundutbildad",
    "ssk": "sjukskoterska grundutbildad",
    "sjuksyster": "sjukskoterska grundutbildad",
    "larare": "larare i grundskolan arskurs 4 6",
    "fritids": "fritidspedagog",
    "forskola": "forskollarare",
    "dagis": "barnskotare",
    "barnskotare": "barnskotare",
    "chauffor": "distributionsforare",
    "lastbil": "distributionsforare",
    "lastbilsforare": "distributionsforare",
    "lastbilschauffor": "distributionsforare",
    "buss": "bussforare",
    "taxi": "taxiforare",
    "bud": "budbilsforare",
    "mekaniker": "bilmekaniker",
    "bilmek": "bilmekaniker",
    "rormokare": "vvs montor",
    "rorlaggare": "vvs montor",
    "vvs": "vvs montor",
    "svets": "svetsare manuell",
    "svetsare": "svetsare manuell",
    "malare": "malare",
    "ekonom": "ekonomiassistent",
    "ekonomi": "ekonomiassistent",
    "redovisning": "redovisningsekonom",
    "personlig assistent": "personlig assistent",
    "assistent": "personlig assistent",
    "pa": "personlig assistent",
    "vakt": "vaktare",
    "sakerhet": "vaktare",
    "fastighet": "fastighetsskotare",
    "frisor": "frisor",
    "bagare": "bagare",
    "diskare": "diskare",
    "disk": "diskare",
    "montor": "montor metallprodukter",
    "montering": "montor metallprodukter",
    "fabrik": "maskinoperator",
    "industri": "maskinoperator",
    "produktion": "maskinoperator",
    "cnc": "cnc operator",
    "receptionist": "receptionist",
    "reception": "receptionist",
    "stadare": "stadare",
    "brevbarare": "brevbarare",
    "posten": "brevbarare",
    "barista": "barista",
    "cafe": "barista",
    "kafe": "barista",
    "tolk": "tolk",
    "ingenjor": "civilingenjor maskin",
    "projektledare": "projektledare it",
    "lakare": "lakare",
    "doktor": "lakare",
    "tandlakare": "tandlakare",
    "psykolog": "psykolog",
    "ux": "ux designer",
    "webbutvecklare": "frontend utvecklare",
    "frontend": "frontend utvecklare",
    "backend": "backend utvecklare",
    "testare": "mjukvarutestare",
}

# Fallback targets tried in order when a synonym's first target is missing in a given dump.
_SYNONYM_FALLBACKS = {
    "distributionsforare": ["lastbilsforare", "fjarrbilsforare"],
    "bilmekaniker": ["fordonstekniker"],
    "vvs montor": ["rorlaggare"],
    "maskinoperator": ["processoperator", "maskinoperator livsmedel"],
    "civilingenjor maskin": ["civilingenjor bygg"],
    "mjukvarutestare": ["testare", "systemtestare", "testledare"],
    "ux designer": ["interaktionsdesigner", "webbdesigner"],
    "redovisningsekonom": ["redovisningskonsult"],
    "kock a la carte": ["kock storhushall"],
    "restaurangbitrade": ["restaurangbitrade", "koksbitrade"],
    "fastighetsskotare": ["fastighetsskotare", "fastighetstekniker"],
    "fritidspedagog": ["larare i fritidshem"],
    "cnc operator": ["cnc operator fms operator"],
    "montor metallprodukter": ["montor"],
    "installationselektriker": ["elektriker"],
    "telefonforsaljare": ["telefonforsaljare", "innesaljare"],
    "innesaljare": ["butikssaljare fackhandel"],
    "butikssaljare": ["butikssaljare medarbetare dagligvaror", "butikssaljare fackhandel"],
}

# Short common words that must never be read as an occupation or a place on their own.
STOPWORDS = {
    "jag", "du", "vi", "de", "det", "den", "en", "ett", "och", "att", "som", "i", "pa", "av",
    "for", "med", "till", "har", "ar", "var", "vara", "kan", "vill", "ska", "jobb", "jobba",
    "arbete", "hej", "ja", "nej", "mer", "fler", "alla", "nu", "idag", "bra", "mark", "are",
    "ale", "boden", "sala", "mora", "habo", "vaxjo_", "ovriga", "chef", "lar", "tid",
}

# Place abbreviations and everyday names -> folded municipality/region label.
PLACE_SYNONYMS: dict[str, str] = {
    "sthlm": "stockholm", "sthlms": "stockholm", "stockholms stad": "stockholm",
    "gbg": "goteborg", "gbgs": "goteborg", "gtb": "goteborg", "gote": "goteborg",
    "gothenburg": "goteborg", "goteborgs stad": "goteborg",
    "malmoe": "malmo", "uppsala stad": "uppsala",
    "skane": "skane lan", "vastra gotaland": "vastra gotalands lan", "vg": "vastra gotalands lan",
    "vastra gotalandsregionen": "vastra gotalands lan", "norrbotten": "norrbottens lan",
    "vasterbotten": "vasterbottens lan", "jamtland": "jamtlands lan", "dalarna": "dalarnas lan",
    "varmland": "varmlands lan", "halland": "hallands lan", "blekinge": "blekinge lan",
    "gotland": "gotlands lan", "orebro lan": "orebro lan", "smaland": "jonkopings lan",
    "ostergotland": "ostergotlands lan", "sodermanland": "sodermanlands lan", "sormland": "sodermanlands lan",
    "vastmanland": "vastmanlands lan", "gavleborg": "gavleborgs lan", "vasternorrland": "vasternorrlands lan",
    "uppland": "uppsala lan", "kronoberg": "kronobergs lan", "kalmar lan": "kalmar lan",
    "stockholms lan": "stockholms lan", "storstockholm": "stockholms lan", "stor stockholm": "stockholms lan",
    "norrkoping": "norrkoping", "hbg": "helsingborg", "jkpg": "jonkoping", "lkpg": "linkoping",
}

# Municipality names that are everyday words: matched only right after a place preposition.
AMBIGUOUS_PLACES = {"vara", "mark", "are", "ale", "boden", "sala", "mora", "habo", "lund", "gnosjo_",
                    "tanum", "salem", "orust", "bjuv", "kil", "ockelbo_", "hylte", "storuman_"}


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def occupation_keys(label: str) -> list[tuple[int, str]]:
    """(rank, folded key) pairs for one label; lower rank wins a shared key."""
    keys = [(0, normalise(label))]
    for part in label.split("/"):
        part = part.strip()
        if not part:
            continue
        keys.append((1, normalise(part)))
        head = part.split(",")[0].split(":")[0].strip()
        keys.append((2, normalise(head)))
    # keys need a real word: "2:e Styrman" must not make "2" an occupation
    return [(r, k) for r, k in keys
            if len(k) >= 3 and any(c.isalpha() for c in k) and k not in STOPWORDS]


def inflections(word: str) -> list[str]:
    """Plural, definite and '-jobb' compound forms of a Swedish occupation noun (any case)."""
    w = word.lower()
    forms = [w]
    if w.endswith("are"):
        forms += [w[:-1] + "na", w[:-1] + "n", w[:-1] + "jobb", w + "jobb"]
    elif w.endswith("a"):
        forms += [w[:-1] + "or", w[:-1] + "orna", w + "n", w[:-1] + "ejobb", w[:-1] + "jobb"]
    elif w.endswith("e"):
        forms += [w + "r", w + "n", w + "jobb"]
    else:
        forms += [w + "er", w + "en", w + "erna", w + "jobb"]
    return forms


def build_occupations(tax: Path) -> tuple[dict, list[str]]:
    occs = read_jsonl(tax / "occupations.jsonl")
    groups = {g["concept_id"]: g for g in read_jsonl(tax / "occupation_groups_ssyk4.jsonl")}
    out_groups: dict[str, list] = {}
    out_occs: dict[str, list] = {}
    best: dict[str, tuple] = {}
    surface: set[str] = set()
    for o in sorted(occs, key=lambda o: o["concept_id"]):
        gid = o["occupation_group_concept_id"]
        g = groups.get(gid, {})
        out_groups[gid] = [o["ssyk_code"], o["occupation_group_label"],
                           o.get("occupation_field_label") or g.get("occupation_field_label", "")]
        out_occs[o["concept_id"]] = [o["label"], gid]
        for rank, key in occupation_keys(o["label"]):
            cand = (rank, len(o["label"]), o["concept_id"])
            if key not in best or cand < best[key]:
                best[key] = cand
        for part in o["label"].split("/"):
            head = part.split(",")[0].split(":")[0].strip()
            if head and len(head.split()) <= 3 and normalise(head) not in STOPWORDS and len(head) > 2:
                if len(head.split()) == 1:
                    for form in inflections(head):
                        surface.add(form)
                        surface.add(normalise(form))
                else:
                    surface.add(head.lower())
                    surface.add(normalise(head))
    index = {k: v[2] for k, v in best.items()}
    missing = []
    for syn, target in OCCUPATION_SYNONYMS.items():
        for t in [target] + _SYNONYM_FALLBACKS.get(target, []):
            if t in index:
                index[syn] = index[t]
                break
        else:
            missing.append(f"{syn} -> {target}")
            continue
        if " " not in syn:
            surface.update(inflections(syn))
        else:
            surface.add(syn)
    surface = {s for s in surface if s not in STOPWORDS and len(s) > 2}
    data = {"groups": out_groups, "occupations": out_occs, "index": dict(sorted(index.items()))}
    return data, sorted(surface), missing


def build_places(tax: Path) -> tuple[dict, list[str], list[str]]:
    regions = read_jsonl(tax / "regions.jsonl")
    munis = read_jsonl(tax / "municipalities.jsonl")
    out_regions = {r["concept_id"]: [r["region_code"], r["label"]] for r in regions}
    out_munis = {m["concept_id"]: [m["municipality_code"], m["label"], m["region_concept_id"]] for m in munis}
    index: dict[str, str] = {}
    surface: set[str] = set()
    for r in regions:
        label = r["label"]
        base = label[:-4] if label.endswith(" län") else label
        stem = base[:-1] if base.endswith("s") and not base.endswith("ss") else base
        for form in {label, base, stem, stem + "s län" if not stem.endswith("s") else stem + " län"}:
            index.setdefault(normalise(form), r["concept_id"])
            surface.update({form.lower(), normalise(form)})
    for m in munis:  # municipalities win over same-named regions ("Stockholm")
        label = m["label"]
        forms = {label}
        if not label.endswith("s"):
            forms.add(label + "s")
        for form in forms:
            index[normalise(form)] = m["concept_id"]
            if normalise(form) not in AMBIGUOUS_PLACES:
                surface.update({form.lower(), normalise(form)})
    missing = []
    for syn, target in PLACE_SYNONYMS.items():
        if target in index:
            index[syn] = index[target]
            surface.add(syn)
        else:
            missing.append(f"{syn} -> {target}")
    code_to_muni = {m["municipality_code"]: m["concept_id"] for m in munis}
    localities: dict[str, str] = {}
    places_file = tax / "places.json"
    if places_file.exists():
        for p in json.loads(places_file.read_text(encoding="utf-8")):
            key = normalise(p.get("label", ""))
            muni = code_to_muni.get(p.get("kommunkod", ""))
            if key and muni and key not in index and key not in STOPWORDS and len(key) > 3:
                localities.setdefault(key, muni)
    data = {"regions": out_regions, "municipalities": out_munis,
            "index": dict(sorted(index.items())), "localities": dict(sorted(localities.items())),
            "ambiguous": sorted(AMBIGUOUS_PLACES)}
    return data, sorted(surface), missing


def write_lookup(path: Path, name: str, items: list[str]) -> None:
    lines = ['version: "3.1"', "# Generated by nlu/scripts/build_taxonomy.py - do not edit by hand.",
             "nlu:", f"- lookup: {name}", "  examples: |"]
    lines += [f"    - {item}" for item in items]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


DEFAULT_OUT = ROOT / "nlu" / "taxonomy_data"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--taxonomy", required=True, type=Path, help="folder with the JobTech *.jsonl files")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--lookups", type=Path, default=ROOT / "nlu" / "data" / "lookups")
    args = ap.parse_args(argv)
    occ_data, occ_surface, occ_missing = build_occupations(args.taxonomy)
    place_data, place_surface, place_missing = build_places(args.taxonomy)
    args.out.mkdir(parents=True, exist_ok=True)
    args.lookups.mkdir(parents=True, exist_ok=True)
    places_out = args.out.parent.parent / "swedish" / "data" if args.out == DEFAULT_OUT else args.out
    for folder, name, data in ((args.out, "occupations.json", occ_data), (places_out, "places.json", place_data)):
        (folder / name).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                                     encoding="utf-8")
    write_lookup(args.lookups / "occupation.yml", "occupation", occ_surface)
    write_lookup(args.lookups / "location.yml", "location", place_surface)
    for miss in occ_missing + place_missing:
        print(f"warning: synonym target not in taxonomy: {miss}", file=sys.stderr)
    print(f"{len(occ_data['occupations'])} occupations, {len(occ_data['index'])} occupation keys, "
          f"{len(place_data['municipalities'])} municipalities, {len(place_data['index'])} place keys, "
          f"{len(occ_surface)}+{len(place_surface)} lookup entries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
