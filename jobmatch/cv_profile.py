"""A CV's text read into what matching needs: occupations, skills, experience, education, languages,
licences, the wished municipality and extent. Nothing else.

A CV names much more than matching needs (a name, a personal number, an address, a phone number,
references). None of it is read: the profile is built only from taxonomy concepts found in the
words and from a few closed lists (education levels, language codes, licence classes, heltid/
deltid), so a personal detail has no field to land in. The place is kept as a municipality only.

CVs come in any of the bot's six languages. Swedish words are read through the same vocabulary as
a search (jobmatch.understand / vocab: taxonomy labels, our synonyms); the other languages through
name tables: the NLU's own (nlu/taxonomy_names/<code>.yml, read as data, jobmatch does not import
nlu) and jobmatch/data/cv_words.yml (section headings, education, languages, skills, licence and
extent words per language), each mapping a word to the Swedish term the vocabulary resolves.
Occupations count only outside the education, skills and languages sections: "kundservice" under
Kompetenser is a skill, not a job held, and "Undersköterskeutbildning" is a course.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from swedish.anyscript import fold_any
from swedish.places import find_places
from swedish.text import normalise

from .vocab import Concept, vocabulary

DATA = Path(__file__).with_name("data")
NLU_NAMES = Path(__file__).resolve().parents[1] / "nlu" / "taxonomy_names"
CV_LANGUAGES = ("sv", "en", "ar", "so", "uk", "fa")
# Education levels, lowest first; a CV's level is the highest it names. The EQF level beside each
# is what Europass speaks (store/cv_formats.py).
EDUCATION_LEVELS = ("grundskola", "gymnasium", "yrkeshogskola", "hogskola", "forskarniva")
EXTENTS = ("heltid", "deltid")
# A year range longer than this is a typo ("1015-2020"), not experience.
MAX_YEARS_PER_JOB = 45
SECTIONS = ("experience", "education", "skills", "languages", "wish", "other")
_NO_OCCUPATIONS = {"education", "skills", "languages"}


@dataclass
class CvOccupation:
    """An occupation held (or wished), as a taxonomy concept, with the years the CV gives for it."""
    concept_id: str
    label: str
    ssyk_code: str
    years: int | None = None


@dataclass
class CvSkill:
    concept_id: str
    label: str


@dataclass
class CvProfile:
    """What matching needs from a CV, and nothing more (no name, contact details or address)."""
    occupations: list[CvOccupation] = field(default_factory=list)
    skills: list[CvSkill] = field(default_factory=list)
    education_level: str | None = None          # one of EDUCATION_LEVELS
    languages: list[str] = field(default_factory=list)  # ISO 639-1 codes: "sv", "en", "ar"
    driving_licences: list[str] = field(default_factory=list)  # taxonomy licence classes: "B", "CE"
    municipality: str | None = None             # the municipality's name ("Göteborg")
    municipality_code: str | None = None        # its SCB code ("1480")
    extent: str | None = None                   # "heltid" or "deltid"
    cv_language: str | None = None              # the language the CV is written in

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CvProfile:
        """The inverse of to_dict; unknown keys are ignored, so an older or newer export still reads."""
        data = dict(data or {})
        return cls(
            occupations=[CvOccupation(o["concept_id"], o["label"], o.get("ssyk_code", ""), o.get("years"))
                         for o in data.get("occupations") or ()],
            skills=[CvSkill(s["concept_id"], s["label"]) for s in data.get("skills") or ()],
            education_level=data.get("education_level"),
            languages=list(data.get("languages") or ()),
            driving_licences=list(data.get("driving_licences") or ()),
            municipality=data.get("municipality"),
            municipality_code=data.get("municipality_code"),
            extent=data.get("extent"),
            cv_language=data.get("cv_language"),
        )

    def matching_text(self) -> str:
        """The profile as a Swedish text for jobmatch.service's match_profile (occupations, their
        years and the skills): the query the parsed profile is matched by, not shown to anyone."""
        parts = []
        for occupation in self.occupations:
            years = f" i {occupation.years} år" if occupation.years else ""
            parts.append(f"Har arbetat som {occupation.label}{years}.")
        if self.skills:
            parts.append("Kompetenser: " + ", ".join(s.label for s in self.skills) + ".")
        if self.driving_licences:
            parts.append("Körkort: " + ", ".join(self.driving_licences) + ".")
        return " ".join(parts)


# --- the word tables --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Words:
    """One language's words, folded, each mapped to what it means."""
    occupations: dict[str, str]       # folded name → Swedish term the vocabulary resolves
    skills: dict[str, str]            # folded name → Swedish skill label or synonym
    headings: dict[str, str]          # folded heading → section
    education: dict[str, str]         # folded word → level
    languages: dict[str, str]         # folded language name → ISO code
    extent: dict[str, str]            # folded word → heltid/deltid
    licence_words: tuple[str, ...]    # "körkort", "driving licence"
    present_words: tuple[str, ...]    # "nu", "present": an open year range ends today
    since_words: tuple[str, ...]      # "sedan", "since": "since 2015"
    year_words: tuple[str, ...]       # "år", "years": "5 år som ..."
    wish_words: tuple[str, ...]       # "önskad ort", "preferred location"
    places: dict[str, str]            # folded foreign place name → Swedish name


def fold(text: str) -> str:
    """Folded text in any script (swedish.anyscript): lower case, no diacritics, Arabic/Persian letter
    variants unified, words separated by one space."""
    return " ".join(fold_any(text or "").split())


@lru_cache(maxsize=1)
def _tables() -> dict[str, _Words]:
    data = yaml.safe_load((DATA / "cv_words.yml").read_text("utf-8"))
    tables = {}
    for code in CV_LANGUAGES:
        own = data.get(code) or {}
        nlu = {}
        path = NLU_NAMES / f"{code}.yml"
        if path.exists():
            nlu = yaml.safe_load(path.read_text("utf-8")) or {}
        tables[code] = _Words(
            occupations={**_inverse(nlu.get("occupations")), **_inverse(own.get("occupations"))},
            skills=_inverse(own.get("skills")),
            headings=_inverse(own.get("headings")),
            education=_inverse(own.get("education")),
            languages=_inverse(own.get("languages")),
            extent=_inverse(own.get("extent")),
            licence_words=tuple(fold(w) for w in own.get("licence_words") or ()),
            present_words=tuple(fold(w) for w in own.get("present_words") or ()),
            since_words=tuple(fold(w) for w in own.get("since_words") or ()),
            year_words=tuple(fold(w) for w in own.get("year_words") or ()),
            wish_words=tuple(fold(w) for w in own.get("wish_words") or ()),
            places=_inverse(nlu.get("places")),
        )
    return tables


def _inverse(section: dict[str, list[str]] | None) -> dict[str, str]:
    """{meaning: [names]} → {folded name: meaning}; the first meaning listed wins a shared name."""
    out: dict[str, str] = {}
    for meaning, names in (section or {}).items():
        for name in [meaning, *(names or ())]:
            out.setdefault(fold(str(name)), str(meaning))
    return out


# --- reading ----------------------------------------------------------------------------------

def profile_from_cv_text(text: str, today: date | None = None) -> CvProfile:
    """The profile a CV's text gives (see the module docstring for what is read and what never is)."""
    today = today or date.today()
    language = cv_language(text)
    words = _tables()[language]
    sv = _tables()["sv"]
    profile = CvProfile(cv_language=language)
    section = "other"
    lines = [line for line in (text or "").splitlines() if line.strip()]
    occupation_years: dict[str, int | None] = {}
    for number, line in enumerate(lines):
        heading = _heading(line, words, sv)
        if heading:
            section = heading
            continue
        folded = fold(line)
        if section not in _NO_OCCUPATIONS:
            for concept in _occupations_in(line, folded, words, language):
                years = _years_near(lines, number, words, today)
                known = occupation_years.get(concept.id)
                if concept.id not in occupation_years:
                    profile.occupations.append(CvOccupation(concept.id, concept.label, concept.ssyk))
                occupation_years[concept.id] = years if known is None else known + (years or 0)
        for concept in _skills_in(line, folded, words, language):
            if all(s.concept_id != concept.id for s in profile.skills):
                profile.skills.append(CvSkill(concept.id, concept.label))
        for licence in _licences_in(line, folded, words, sv):
            if licence not in profile.driving_licences:
                profile.driving_licences.append(licence)
        if section == "languages" or _names_languages(folded, words, sv):
            for code in _languages_in(folded, words, sv):
                if code not in profile.languages:
                    profile.languages.append(code)
        level = _education_in(folded, words, sv)
        if level and (profile.education_level is None
                      or EDUCATION_LEVELS.index(level) > EDUCATION_LEVELS.index(profile.education_level)):
            profile.education_level = level
        profile.extent = profile.extent or _extent_in(folded, words, sv)
        _place_from(line, folded, words, profile, section)
    for occupation in profile.occupations:
        occupation.years = occupation_years.get(occupation.concept_id)
    return profile


def cv_language(text: str) -> str:
    """The CV's language among the bot's six, by script and by which table's words occur most."""
    folded = fold(text)
    tokens = folded.split()
    if not tokens:
        return "sv"
    arabic = sum(1 for c in folded if "\u0600" <= c <= "\u06ff")
    cyrillic = sum(1 for c in folded if "\u0400" <= c <= "\u04ff")
    if cyrillic > arabic and cyrillic > len(folded) * 0.2:
        return "uk"
    if arabic > len(folded) * 0.2:
        return "fa" if any(c in folded for c in "پچژگ") or _hits(tokens, "fa") > _hits(tokens, "ar") else "ar"
    scores = {code: _hits(tokens, code) for code in ("sv", "en", "so")}
    return max(scores, key=lambda code: (scores[code], code == "sv"))


def _hits(tokens: list[str], code: str) -> int:
    marks = _language_marks()[code]
    return sum(1 for t in tokens if t in marks)


@lru_cache(maxsize=1)
def _language_marks() -> dict[str, frozenset[str]]:
    data = yaml.safe_load((DATA / "cv_words.yml").read_text("utf-8"))
    return {code: frozenset(fold(" ".join((data.get(code) or {}).get("marks") or ())).split())
            for code in CV_LANGUAGES}


def _heading(line: str, words: _Words, sv: _Words) -> str | None:
    """The section a short line opens ("Arbetslivserfarenhet", "Work experience:")."""
    folded = fold(line).strip()
    if not folded or len(folded.split()) > 4:
        return None
    return words.headings.get(folded) or sv.headings.get(folded)


def _occupations_in(line: str, folded: str, words: _Words, language: str) -> list[Concept]:
    """Occupations a line names: Swedish through the vocabulary, other languages through the tables."""
    vocab = vocabulary()
    found: list[Concept] = []
    if language == "sv":
        for concept, _, _ in vocab.find_all(line, kinds=("occupation",)):
            if concept not in found:
                found.append(concept)
        return _first_per_key(found)
    for swedish in _names_in(folded, words.occupations):
        for concept in _resolve_occupation(swedish):
            if concept not in found:
                found.append(concept)
    return found


def _first_per_key(found: list[Concept]) -> list[Concept]:
    return found


@lru_cache(maxsize=2048)
def _resolve_occupation(swedish: str) -> tuple[Concept, ...]:
    """The occupation concept a Swedish term names (the first, best-ranked one)."""
    hits = [c for c in vocabulary().lookup(normalise(swedish)) if c.kind == "occupation"]
    return tuple(hits[:1])


def _names_in(folded: str, table: dict[str, str]) -> list[str]:
    """Meanings of the table's names found in the folded line, longest name first, no overlaps."""
    tokens = folded.split()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for n in range(min(6, len(tokens) - i), 0, -1):
            meaning = table.get(" ".join(tokens[i:i + n]))
            if meaning is not None:
                if meaning not in out:
                    out.append(meaning)
                i += n
                break
        else:
            i += 1
    return out


def _skills_in(line: str, folded: str, words: _Words, language: str) -> list[Concept]:
    vocab = vocabulary()
    found = [c for c, _, _ in vocab.find_all(line, kinds=("skill",))]
    for swedish in _names_in(folded, words.skills):
        found += [c for c in vocab.lookup(normalise(swedish)) if c.kind == "skill"][:1]
    return found


_LICENCE_CLASS = re.compile(r"\b(AM|A1|A2|BE|B|C1E|C1|CE|C|D1E|D1|DE|D|A)\b")


def _licences_in(line: str, folded: str, words: _Words, sv: _Words) -> list[str]:
    """Licence classes on a line that speaks of a driving licence ("B-körkort", "Driving licence: B, CE")."""
    if not any(w in folded for w in (*words.licence_words, *sv.licence_words)):
        return []
    return list(dict.fromkeys(_LICENCE_CLASS.findall(line.upper().replace("-", " "))))


def _names_languages(folded: str, words: _Words, sv: _Words) -> bool:
    return False


def _languages_in(folded: str, words: _Words, sv: _Words) -> list[str]:
    return [*_names_in(folded, words.languages), *_names_in(folded, sv.languages)]


def _education_in(folded: str, words: _Words, sv: _Words) -> str | None:
    levels = [*_names_in(folded, words.education), *_names_in(folded, sv.education)]
    return max(levels, key=EDUCATION_LEVELS.index) if levels else None


def _extent_in(folded: str, words: _Words, sv: _Words) -> str | None:
    found = [*_names_in(folded, words.extent), *_names_in(folded, sv.extent)]
    return found[0] if found else None


_YEAR = r"(?:19|20)\d\d"
_RANGE = re.compile(rf"({_YEAR})\s*(?:[-–—]|to|till|ilaa|до|تا|الى|إلى|حتى)?\s*({_YEAR})?")


def _years_near(lines: list[str], number: int, words: _Words, today: date) -> int | None:
    """Years of a job: a year range on its line or the next ("2015–2020", "2019 – nu"), or "5 år"."""
    for line in lines[number:number + 2]:
        years = _years_on(fold(line), words, today)
        if years is not None:
            return years
    return None


def _years_on(folded: str, words: _Words, today: date) -> int | None:
    match = re.search(rf"({_YEAR})\D{{0,6}}({_YEAR})", folded)
    if match:
        start, end = int(match.group(1)), int(match.group(2))
        return end - start if 0 <= end - start <= MAX_YEARS_PER_JOB else None
    match = re.search(rf"({_YEAR})", folded)
    if match and any(w in folded for w in (*words.present_words, *words.since_words)):
        span = today.year - int(match.group(1))
        return span if 0 <= span <= MAX_YEARS_PER_JOB else None
    match = re.search(r"\b(\d{1,2})\s+(\w+)", folded)
    if match and match.group(2) in words.year_words:
        return int(match.group(1))
    return None


def _place_from(line: str, folded: str, words: _Words, profile: CvProfile, section: str) -> None:
    """The wished municipality (a line naming a wish wins over any earlier place, e.g. the address)."""
    wished = section == "wish" or any(w in folded for w in words.wish_words)
    if profile.municipality and not wished:
        return
    for swedish in _names_in(folded, words.places):
        line = f"{line} {swedish}"
    for place, _ in find_places(line):
        if place.kind == "municipality":
            profile.municipality, profile.municipality_code = place.label, place.code
            return


def resolve_concepts(profile: dict[str, Any]) -> dict[str, Any]:
    """A profile imported from another service names occupations and skills by label only: give each
    the taxonomy concept its label names (Swedish labels through the vocabulary, other languages
    through the name tables); a label nothing names keeps no concept id."""
    resolved = dict(profile)
    resolved["occupations"] = [_resolved_occupation(o) for o in profile.get("occupations") or ()]
    resolved["skills"] = [_resolved_skill(s) for s in profile.get("skills") or ()]
    return resolved


def _resolved_occupation(occupation: dict[str, Any]) -> dict[str, Any]:
    if occupation.get("concept_id"):
        return dict(occupation)
    concept = _occupation_named(occupation.get("label") or "")
    if concept is None:
        return {**occupation, "concept_id": None}
    return {**occupation, "concept_id": concept.id, "label": concept.label, "ssyk_code": concept.ssyk}


def _occupation_named(label: str) -> Concept | None:
    hits = _resolve_occupation(label)
    if hits:
        return hits[0]
    folded = fold(label)
    for words in _tables().values():
        if folded in words.occupations and (hits := _resolve_occupation(words.occupations[folded])):
            return hits[0]
    found = [c for c, _, _ in vocabulary().find_all(label, kinds=("occupation",))]
    return found[0] if found else None


def _resolved_skill(skill: dict[str, Any]) -> dict[str, Any]:
    if skill.get("concept_id"):
        return dict(skill)
    label = skill.get("label") or ""
    hits = [c for c in vocabulary().lookup(normalise(label)) if c.kind == "skill"]
    if not hits:
        folded = fold(label)
        for words in _tables().values():
            if folded in words.skills:
                hits = [c for c in vocabulary().lookup(normalise(words.skills[folded])) if c.kind == "skill"]
                break
    if not hits:
        return {**skill, "concept_id": None}
    return {"concept_id": hits[0].id, "label": hits[0].label}
