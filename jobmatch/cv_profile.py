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
Occupations are the job titles of the experience section (a CV without one: any line outside the
education, skills and languages sections): "kundservice" under Kompetenser is a skill, not a job
held, and "Undersköterskeutbildning" under Utbildning is a course. docs/cv.md has the whole story,
scripts/bench_cv.py the figures.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from lingua import Language, LanguageDetectorBuilder

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
SECTIONS = ("experience", "education", "skills", "languages", "wish", "other")  # what headings open
_NO_OCCUPATIONS = {"education", "skills", "languages"}


@dataclass
class CvOccupation:
    """An occupation held, as a taxonomy concept, with the years the CV gives for it (an occupation
    imported from another service whose label names no concept has no concept id)."""
    concept_id: str | None
    label: str
    ssyk_code: str
    years: int | None = None


@dataclass
class CvSkill:
    concept_id: str | None
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
            occupations=[CvOccupation(o.get("concept_id"), o["label"], o.get("ssyk_code") or "", o.get("years"))
                         for o in data.get("occupations") or ()],
            skills=[CvSkill(s.get("concept_id"), s["label"]) for s in data.get("skills") or ()],
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
    """One language's words (folded), each mapped to what it means."""
    occupations: dict[str, str]       # name → Swedish term the vocabulary resolves
    skills: dict[str, str]            # name → Swedish skill label or synonym
    headings: dict[str, str]          # heading → section
    education: dict[str, str]         # word → level
    languages: dict[str, str]         # language name → ISO code
    extent: dict[str, str]            # word → heltid/deltid
    licence_words: tuple[str, ...]    # "körkort", "driving licence"
    present_words: tuple[str, ...]    # "nu", "present": an open year range ends today
    since_words: tuple[str, ...]      # "sedan", "since": "since 2015"
    year_words: tuple[str, ...]       # "år", "years": "5 år som ..."
    wish_words: tuple[str, ...]       # "önskad ort", "preferred location"
    name_labels: tuple[str, ...]      # "namn:": a line that gives a person's name (never a place)
    not_skills: frozenset[str]        # words of the language that are Swedish skill keys by chance
    date_words: frozenset[str]        # months, "nu"/"present", "to"/"till": what a date is made of
    prefixes: tuple[str, ...]         # letters glued onto the next word: Arabic و ("and"), ب, ل
    places: dict[str, str]            # foreign place name → Swedish name


def fold(text: str) -> str:
    """Folded text in any script (swedish.anyscript): lower case, no diacritics, Arabic/Persian letter
    variants unified, words separated by one space."""
    return " ".join(fold_any(text or "").split())


@lru_cache(maxsize=1)
def _raw_tables() -> dict[str, dict]:
    data = yaml.safe_load((DATA / "cv_words.yml").read_text("utf-8"))
    out = {}
    for code in CV_LANGUAGES:
        path = NLU_NAMES / f"{code}.yml"
        nlu = (yaml.safe_load(path.read_text("utf-8")) or {}) if path.exists() else {}
        out[code] = {"own": data.get(code) or {}, "nlu": nlu}
    return out


@lru_cache(maxsize=len(CV_LANGUAGES))
def _tables(code: str) -> _Words:
    """The words a CV in `code` is read with. The closed lists (headings, education, languages,
    extent, licence, date and wish words) also take Swedish and English: CVs written in Sweden mix
    them ("Körkort: B" in a Somali CV, "Skills" in an Arabic one). Occupations and skills stay the
    language's own: English "chef" is a cook, Swedish "chef" a manager."""
    raw = _raw_tables()
    own, nlu = raw[code]["own"], raw[code]["nlu"]
    mixed = [own, *(raw[c]["own"] for c in ("sv", "en") if c != code)]

    def merged(key: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for source in mixed:
            for name, meaning in _inverse(source.get(key)).items():
                out.setdefault(name, meaning)
        return out

    def phrases(key: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fold(w) for source in mixed for w in source.get(key) or ()))

    return _Words(
        occupations={**_inverse(nlu.get("occupations")), **_inverse(own.get("occupations"))},  # ours win
        skills=_inverse(own.get("skills"), meaning_is_a_name=True),
        headings=merged("headings"), education=merged("education"),
        languages={**_cldr_language_names(code), **merged("languages")},
        extent=merged("extent"), licence_words=phrases("licence_words"), present_words=phrases("present_words"),
        since_words=phrases("since_words"), year_words=phrases("year_words"), wish_words=phrases("wish_words"),
        name_labels=phrases("name_labels"), not_skills=frozenset(fold(w) for w in own.get("not_skills") or ()),
        prefixes=tuple(own.get("prefixes") or ()),
        date_words=_date_words(code, phrases("present_words") + phrases("since_words") + phrases("range_words")),
        places={name: place for c in CV_LANGUAGES for name, place in _inverse(raw[c]["nlu"].get("places")).items()},
    )


def _cldr_language_names(code: str) -> dict[str, str]:
    """Every language with a two-letter code by its name in the CV's language, Swedish and English
    (CLDR, through Babel): "litauiska", "Tamil", "التاميلية" → "lt", "ta"."""
    out: dict[str, str] = {}
    for locale in dict.fromkeys((code, "sv", "en")):
        for iso, name in Locale.parse(locale).languages.items():
            if len(iso) == 2 and iso.isalpha():
                out.setdefault(fold(name), iso)
    return out


def _date_words(code: str, phrases: tuple[str, ...]) -> frozenset[str]:
    """Month names (CLDR's, through Babel, in the CV's language, Swedish and English) and the words of
    the date phrases, folded."""
    out = {token for phrase in phrases for token in phrase.split()}
    for locale in dict.fromkeys((code, "sv", "en")):
        months = Locale.parse(locale).months["format"]
        for width in ("wide", "abbreviated"):
            out.update(fold(name) for name in months[width].values())
    return frozenset(out)


def _inverse(section: dict[str, list[str]] | None, meaning_is_a_name: bool = False) -> dict[str, str]:
    """{meaning: [names]} → {folded name: meaning}; the first meaning listed wins a shared name. The
    meaning itself is a name only where it is a word of the text (a Swedish skill label), never where it
    is a code ("ar" would be Swedish "är")."""
    out: dict[str, str] = {}
    for meaning, names in (section or {}).items():
        for name in [*([meaning] if meaning_is_a_name else []), *(names or ())]:
            out.setdefault(fold(str(name)), str(meaning))
    return out


# --- reading ----------------------------------------------------------------------------------

@dataclass
class _Line:
    text: str       # as written
    folded: str
    section: str    # the section it stands in
    number: int     # its index among the CV's non-empty lines


def profile_from_cv_text(text: str, today: date | None = None) -> CvProfile:
    """The profile a CV's text gives (see the module docstring for what is read and what never is)."""
    today = today or date.today()
    language = cv_language(text)
    words = _tables(language)
    lines = _lines(text, words)
    profile = CvProfile(cv_language=language)
    job_titles = _read_occupations(lines, words, language, today, profile)
    education_lines = [ln for ln in lines if ln.section == "education"] or lines
    for line in lines:
        if _is_name_line(line, words):
            continue  # a first name can be a skill's name ("Petra", a booking system): never read one
        skill_line = line if line.number not in job_titles else _Line(
            job_titles[line.number], fold(job_titles[line.number]), line.section, line.number)
        for concept in _skills_in(skill_line, words, language):
            if all(s.concept_id != concept.id for s in profile.skills):
                profile.skills.append(CvSkill(concept.id, concept.label))
        for licence in _licences_in(line, words):
            if licence not in profile.driving_licences:
                profile.driving_licences.append(licence)
        if line.section == "languages" or not any(ln.section == "languages" for ln in lines):
            for code in _names_in(line.folded, words.languages, words.prefixes):
                if code not in profile.languages:
                    profile.languages.append(code)
        profile.extent = profile.extent or next(iter(_names_in(line.folded, words.extent)), None)
    levels = [lvl for ln in education_lines for lvl in _names_in(ln.folded, words.education)]
    profile.education_level = max(levels, key=EDUCATION_LEVELS.index) if levels else None
    place = _wished_place(lines, words)
    if place is not None:
        profile.municipality, profile.municipality_code = place.label, place.code
    return profile


def _lines(text: str, words: _Words) -> list[_Line]:
    """The CV's lines with the section each stands in; a heading line opens a section
    ("Arbetslivserfarenhet"); a "Heading: content" line ("Språk: svenska", "Körkort: B") opens it and
    is read whole, so the heading's word still tells what the content is. A sentence wrapped over
    several lines (a CV written as prose) is joined into one line first."""
    out: list[_Line] = []
    section = "other"
    for raw in _unwrapped(text or ""):
        heading, rest = _heading(raw, words)
        if heading:
            section = heading
            if not rest.strip():
                continue
        out.append(_Line(raw, fold(raw), section, len(out)))
    return out


# A line this long that does not end a sentence goes on in the next one (prose wrapped by an editor).
# CV list lines ("Undersköterska, Vårdboendet Solgläntan, Göteborg, 2015 – nu") stay under it.
WRAPPED_LINE_CHARS = 70
_SENTENCE_END = (".", ":", "!", "?", ";", "。", "؟")


def _unwrapped(text: str) -> list[str]:
    out: list[str] = []
    continues = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continues = False
            continue
        if continues and out:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        continues = len(out[-1]) >= WRAPPED_LINE_CHARS and not out[-1].endswith(_SENTENCE_END)
    return out


def _heading(line: str, words: _Words) -> tuple[str | None, str]:
    whole = fold(line)
    if whole in words.headings and len(whole.split()) <= 5:
        return words.headings[whole], ""
    for separator in (":", "："):
        if separator in line:
            head, rest = line.split(separator, 1)
            if fold(head) in words.headings:
                return words.headings[fold(head)], rest
    return None, line


def cv_language(text: str) -> str:
    """The CV's language among the bot's six (lingua, offline, over the whole text); Swedish when
    lingua cannot tell (a CV of names and numbers only)."""
    found = _language_detector().detect_language_of(text or "")
    return _LINGUA_CODES.get(found, "sv") if found is not None else "sv"


_LINGUA_CODES = {Language.SWEDISH: "sv", Language.ENGLISH: "en", Language.ARABIC: "ar", Language.SOMALI: "so",
                 Language.UKRAINIAN: "uk", Language.PERSIAN: "fa"}


@lru_cache(maxsize=1)
def _language_detector():
    """Lingua over the six languages only (built once, ~0.3 s): a whole CV is long enough for it."""
    return LanguageDetectorBuilder.from_languages(*_LINGUA_CODES).build()


# --- occupations and their years ----------------------------------------------------------------

_SEGMENT = re.compile(r"[,،;|:]| [-–—] |(?<=\d)\s*[-–—]\s*| (?:at|på|hos|vid) ")


def _read_occupations(lines: list[_Line], words: _Words, language: str, today: date,
                      profile: CvProfile) -> dict[int, str]:
    """Occupations held: in the experience section the job title of each line (its first part that
    is not a date: "Undersköterska, Vårdboendet X, Göteborg" → "Undersköterska"), with the years on
    that line or the next; in a CV without an experience heading every mention on any line outside
    education, skills and languages, each with the years of its own part of the sentence ("bagare
    sedan 2016 och innan dess butiksbiträde mellan 2013 och 2016"). Returns the job lines' titles by
    line number (the rest of such a line is employer and place, not skills)."""
    has_experience = any(ln.section == "experience" for ln in lines)
    years_of: dict[str, int | None] = {}
    titles: dict[int, str] = {}
    for line in lines:
        if has_experience and line.section != "experience":
            continue
        if not has_experience and line.section in _NO_OCCUPATIONS:
            continue
        if has_experience:
            title = _job_title(line.text, words)
            found = [(c, None) for c in _occupations_in(title, words, language)]
            if found:
                titles[line.number] = title
                years = _years_of_job(lines, line, words, language, today, has_experience)
                found = [(c, years) for c, _ in found]
        else:
            found = _mentions_with_years(line, words, language, today)
        for concept, years in found:
            if concept.id not in years_of:
                profile.occupations.append(CvOccupation(concept.id, concept.label, concept.ssyk))
                years_of[concept.id] = years
            elif years is not None:
                years_of[concept.id] = (years_of[concept.id] or 0) + years
    for occupation in profile.occupations:
        occupation.years = years_of.get(occupation.concept_id)
    return titles


def _mentions_with_years(line: _Line, words: _Words, language: str, today: date) -> list[tuple[Concept, int | None]]:
    """Each occupation a prose line mentions, with the years in the words from it to the next mention
    (the line's years when it mentions one occupation, however often)."""
    mentions = _mentions(line.text, words, language)
    distinct = list(dict.fromkeys(c for c, _ in mentions))
    if len(distinct) <= 1:
        return [(c, _years_on(line.folded, words, today)) for c in distinct]
    tokens = _tokens_for(line.text, language)
    out: list[tuple[Concept, int | None]] = []
    for index, (concept, start) in enumerate(mentions):
        end = mentions[index + 1][1] if index + 1 < len(mentions) else len(tokens)
        out.append((concept, _years_on(" ".join(tokens[start:end]), words, today)))
    return out


def _job_title(text: str, words: _Words) -> str:
    """The first part of an experience line that is not a date ("2019 – nu  Systemutvecklare, Fintech
    AB" → "Systemutvecklare"; "Jan 2021 – Present: Dentist, Clinic" → "Dentist"; "الآن – 2017 سائق
    شاحنة، …" from a PDF → "سائق شاحنة"): its title."""
    for segment in _SEGMENT.split(text):
        if segment.strip() and not _is_date(segment, words):
            return segment
    return text


def _is_date(segment: str, words: _Words) -> bool:
    """Only years, months, "nu"/"present" and range words: "03/2017 – pågående", "Jan 2021"."""
    return all(t.isdigit() or t in words.date_words for t in fold(segment).split())


def _tokens_for(text: str, language: str) -> list[str]:
    """The tokens occupation mentions are counted in: the vocabulary's for Swedish, folded ones else."""
    return normalise(text).split() if language == "sv" else fold(text).split()


def _mentions(text: str, words: _Words, language: str) -> list[tuple[Concept, int]]:
    """(occupation, first token) of each mention in the text, in order."""
    if language == "sv":
        out, seen = [], set()
        for concept, start, end in vocabulary().find_all(text, kinds=("occupation",)):
            if (start, end) not in seen:
                seen.add((start, end))
                out.append((concept, start))
        return out
    out = []
    for swedish, start in _names_at(fold(text), words.occupations, words.prefixes):
        out += [(concept, start) for concept in _resolve_occupation(swedish)]
    return out


def _occupations_in(text: str, words: _Words, language: str) -> list[Concept]:
    """Occupations a text names, each once: Swedish through the vocabulary (the first concept of each
    phrase), other languages through their name tables."""
    return list(dict.fromkeys(c for c, _ in _mentions(text, words, language)))


@lru_cache(maxsize=2048)
def _resolve_occupation(swedish: str) -> tuple[Concept, ...]:
    """The occupation concept a Swedish term names (the first, best-ranked one)."""
    hits = [c for c in vocabulary().lookup(normalise(swedish)) if c.kind == "occupation"]
    return tuple(hits[:1])


def _years_of_job(lines: list[_Line], line: _Line, words: _Words, language: str, today: date,
                  has_experience: bool) -> int | None:
    """Years of a job: the year ranges on its line ("2015–2020", "2019 – nu", "sedan 2015", "5 år"),
    else on the next line when that one names no job of its own (a CV that puts the dates under the title)."""
    years = _years_on(line.folded, words, today)
    if years is not None or line.number + 1 >= len(lines):
        return years
    following = lines[line.number + 1]
    title = _job_title(following.text, words) if has_experience else following.text
    if following.section != line.section or _occupations_in(title, words, language):
        return None
    return _years_on(following.folded, words, today)


_YEAR = re.compile(r"(?:19|20)\d\d")
RANGE_GAP_TOKENS = 4  # "2013 – 2016", "03 2017 – 02 2021", "mellan 2013 och 2016", "from 2014 to 2019"


def _years_on(folded: str, words: _Words, today: date) -> int | None:
    """The years a text gives, all its periods added: ranges of two years (in either order: a
    right-to-left line may come out of a PDF turned), a year with "nu"/"present" beside it or after
    "sedan"/"since" (until today), else "5 år"/"5 years". None when it gives none."""
    tokens = folded.split()
    at = [i for i, t in enumerate(tokens) if _YEAR.fullmatch(t)]
    total, found, used = 0, False, set()
    for n, i in enumerate(at):
        if i in used:
            continue
        partner = at[n + 1] if n + 1 < len(at) and at[n + 1] - i <= RANGE_GAP_TOKENS else None
        if partner is not None:
            span = _span(*sorted((int(tokens[i]), int(tokens[partner]))))
            used.add(partner)
        elif _open_ended(tokens, i, words):
            span = _span(int(tokens[i]), today.year)
        else:
            continue
        if span is not None:
            total, found = total + span, True
    if found:
        return total
    match = re.search(r"\b(\d{1,2})\s+(\S+)", folded)
    if match and match.group(2) in words.year_words:
        return int(match.group(1))
    return None


def _open_ended(tokens: list[str], i: int, words: _Words) -> bool:
    """A year that starts a period lasting until today: "2019 – nu", "sedan 2015", and "الآن – 2017"
    (a right-to-left line out of a PDF)."""
    rest = tokens[i + 1:i + 5]
    while rest and rest[0] in words.date_words and not any(p.split()[0] == rest[0] for p in words.present_words):
        rest = rest[1:]  # "2020 to present", "2019 till nu"
    after = " ".join(rest[:3]) + " "
    before = " " + " ".join(tokens[max(0, i - 3):i])
    return (any(after.startswith(p + " ") for p in words.present_words)
            or any(before.endswith(" " + p) for p in (*words.since_words, *words.present_words)))


def _span(start: int, end: int) -> int | None:
    return end - start if 0 <= end - start <= MAX_YEARS_PER_JOB else None


def _has_phrase(folded: str, phrases: tuple[str, ...]) -> bool:
    padded = f" {folded} "
    return any(f" {p} " in padded for p in phrases)


def _names_at(folded: str, table: dict[str, str], prefixes: tuple[str, ...] = ()) -> list[tuple[str, int]]:
    """(meaning, first token) of each of the table's names in the folded text, longest name first,
    no overlaps; a word the table lacks is tried again without a glued-on prefix ("والسويدية")."""
    tokens = folded.split()
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(tokens):
        for n in range(min(6, len(tokens) - i), 0, -1):
            phrase = tokens[i:i + n]
            meaning = table.get(" ".join(phrase))
            for prefix in prefixes if meaning is None else ():
                if phrase[0].startswith(prefix) and len(phrase[0]) > len(prefix) + 2:
                    meaning = table.get(" ".join([phrase[0][len(prefix):], *phrase[1:]]))
                    if meaning is not None:
                        break
            if meaning is not None:
                out.append((meaning, i))
                i += n
                break
        else:
            i += 1
    return out


def _names_in(folded: str, table: dict[str, str], prefixes: tuple[str, ...] = ()) -> list[str]:
    """The meanings of the table's names in the folded text, each once, in order."""
    return list(dict.fromkeys(meaning for meaning, _ in _names_at(folded, table, prefixes)))



# --- skills, licences, place ----------------------------------------------------------------------

def _skills_in(line: _Line, words: _Words, language: str) -> list[Concept]:
    """Taxonomy skills a line names: the vocabulary's (Swedish labels and the Latin-script names every
    language writes alike: "Python", "Excel"), then the language's own skill names."""
    vocab = vocabulary()
    tokens = normalise(line.text).split()
    found = [c for c, start, end in vocab.find_all(line.text, kinds=("skill",))
             if " ".join(tokens[start:end]) not in words.not_skills]
    for swedish in _names_in(line.folded, words.skills):
        concept = skill_named(swedish)
        found += [concept] if concept else []
    return found


@lru_cache(maxsize=1)
def _skills_by_label() -> dict[str, Concept]:
    return {normalise(c.label): c for c in vocabulary().concepts.values() if c.kind == "skill"}


def skill_named(name: str) -> Concept | None:
    """The taxonomy skill a Swedish label or synonym names ("Kundtjänst", "truckkort"): the label
    first, since a synonym of an occupation may share its words."""
    key = normalise(name)
    concept = _skills_by_label().get(key)
    if concept is None:
        concept = next((c for c in vocabulary().lookup(key) if c.kind == "skill"), None)
    return concept


_LICENCE_CLASS = re.compile(r"(?<![\w-])(AM|A1|A2|BE|B|C1E|C1|CE|C|D1E|D1|DE|D|A)(?![\w])")


def _licences_in(line: _Line, words: _Words) -> list[str]:
    """Licence classes: the vocabulary's licence phrases ("B-körkort", "CE-körkort") anywhere, and
    upper-case classes on a line that speaks of a driving licence ("Driving licence: B, CE")."""
    tokens = normalise(line.text).split()
    found = [c.label for c, start, end in vocabulary().find_all(line.text, kinds=("licence",))
             if c.label in LICENCE_CLASSES and _LICENCE_KEY.search(" ".join(tokens[start:end]))]
    if _has_phrase(line.folded, words.licence_words):
        found += _LICENCE_CLASS.findall(line.text)
    return list(dict.fromkeys(found))


_LICENCE_KEY = re.compile(r"korkort|behorighet")  # "b körkort", "ce behörighet"; not "ykb" (a certificate)
LICENCE_CLASSES = ("AM", "A1", "A2", "A", "B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE")


def _wished_place(lines: list[_Line], words: _Words):
    """The municipality the jobseeker wants to work in: a place on a wish line ("Önskad ort:",
    "Söker heltid i Umeå", a wish section) wins; else the place of the contact lines at the top (the
    municipality of the address, never the street); else the first place elsewhere outside the
    experience and education sections. The first line is skipped (a CV's first line is a name, and
    Berg, Mora and Ale are surnames too), as is any line labelled as a name."""
    best, best_rank = None, -1
    first_heading = next((ln.number for ln in lines if ln.section != "other"), len(lines))
    for line in lines:
        if _is_name_line(line, words):
            continue
        if line.section == "wish" or _has_phrase(line.folded, words.wish_words):
            rank = 3
        elif line.number < first_heading:
            rank = 2
        elif line.section in ("experience", "education"):
            continue
        else:
            rank = 1
        if rank <= best_rank:
            continue
        place = _municipality_in(line)
        if place is not None:
            best, best_rank = place, rank
    return best


def _is_name_line(line: _Line, words: _Words) -> bool:
    """The CV's first line (a name, in nearly every CV) or a line labelled as a name ("Namn:")."""
    return line.number == 0 or _has_phrase(" ".join(line.folded.split()[:3]), words.name_labels)


def _municipality_in(line: _Line):
    text = line.text
    for swedish in _names_in(line.folded, _tables("sv").places):
        text = f"{text} {swedish}"
    for place, _ in find_places(text):
        if place.kind == "municipality":
            return place
    return None


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
    for words in (_tables(code) for code in CV_LANGUAGES):
        if folded in words.occupations and (hits := _resolve_occupation(words.occupations[folded])):
            return hits[0]
    found = [c for c, _, _ in vocabulary().find_all(label, kinds=("occupation",))]
    return found[0] if found else None


def _resolved_skill(skill: dict[str, Any]) -> dict[str, Any]:
    if skill.get("concept_id"):
        return dict(skill)
    label = skill.get("label") or ""
    concept = skill_named(label)
    if concept is None:
        folded = fold(label)
        swedish = next((t.skills[folded] for t in map(_tables, CV_LANGUAGES) if folded in t.skills), None)
        concept = skill_named(swedish) if swedish else None
    if concept is None:
        return {**skill, "concept_id": None}
    return {"concept_id": concept.id, "label": concept.label}
