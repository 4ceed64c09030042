"""Read the dates people write in a sick report, and say dates back, in the conversation's language.

Swedish first: 'idag', 'sedan i måndags', 'om en vecka', 'från och med 30 november', '3 dec',
'2026-12-03'. Relative words are resolved against the injectable clock (actions/clock.py, passed in
as `today`); a weekday alone means the nearest one in the direction that makes sense (an absence
started on the last Monday, one ends on the next). Lead-in words ("sedan", "från och med",
"tillbaka") are dropped first. dateparser reads what the Swedish rules do not, in the conversation's
language and in Swedish ('för två dagar sedan', 'last Monday', 'завтра', 'منذ أمس'); measured on 60
Swedish phrasings (scripts/bench_dates.py, reports/dialogue/dates.md) dateparser alone got fewer
right than these rules, and the two together the most, so both are kept in that order. A phrase
dateparser cannot read whole ("since yesterday") is searched for a date inside it.

Dates are said back with Babel (CLDR): weekday and month names and the words for yesterday, today
and tomorrow exist there for every language we speak, so no date word is written in this code.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import dateparser
from babel import Locale
from babel.dates import format_date
from dateparser.search import search_dates

from nlu import languages
from nlu.entity_values import NUMBER_WORDS
from nlu.textnorm import normalise

WEEKDAYS = ["mandag", "tisdag", "onsdag", "torsdag", "fredag", "lordag", "sondag"]
# "i måndags" is the Monday that has passed (Swedish past-tense weekday form).
PAST_WEEKDAYS = ["mandags", "tisdags", "onsdags", "torsdags", "fredags", "lordags", "sondags"]
LEAD_INS = ("fran och med", "fr o m", "from", "sedan", "sen", "fran", "fr", "till och med", "t o m", "tom",
            "tillbaka", "ungefar", "cirka", "ca", "typ", "kanske", "runt", "nog", "jag ar", "jag var", "ar", "blev",
            "sjuk", "hemma", "borta", "till")
UNITS = {"dag": 1, "dagar": 1, "dygn": 1, "vecka": 7, "veckor": 7, "v": 7}
MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "maj": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
          "okt": 10, "nov": 11, "dec": 12}
RELATIVE = {"idag": 0, "i dag": 0, "imorgon": 1, "i morgon": 1, "imorn": 1, "i morn": 1, "igar": -1, "i gar": -1,
            "i forrgar": -2, "iforrgar": -2, "overimorgon": 2, "i overmorgon": 2, "nu": 0}


def means_unknown(text: str, language: str | None = None) -> bool:
    """'vet inte', "don't know", 'لا أعرف': the jobseeker does not know the date yet.

    The phrases are data (`phrases: dont_know` in bot/languages/languages.yml)."""
    return languages.says(text, language, "dont_know")


def parse_date(text: str, today: date, prefer: str = "past", language: str | None = None) -> date | None:
    """A date in free text, or None. prefer='past' for 'från', 'future' for 'tillbaka'.

    `language` is the conversation's (slot `language`); Swedish is always read too."""
    if not text:
        return None
    folded = strip_lead_ins(normalise(text))
    return (rule_based(folded, today, prefer) or relative_span(folded, today)
            or with_dateparser(text, today, prefer, language))


def strip_lead_ins(folded: str) -> str:
    """'sedan i måndags' -> 'i mandags', 'från och med 30 november' -> '30 november'."""
    changed = True
    while changed:
        changed = False
        for lead in LEAD_INS:
            if folded.startswith(lead + " "):
                folded, changed = folded[len(lead) + 1:], True
    return folded


def relative_span(folded: str, today: date) -> date | None:
    """'om en vecka', 'om 3 dagar', 'for två dagar sedan', 'nästa vecka', 'i mandags'."""
    for index, weekday in enumerate(PAST_WEEKDAYS):
        if re.search(rf"\b(i )?{weekday}\b", folded):
            delta = (today.weekday() - index) % 7 or 7
            return today - timedelta(days=delta)
    if match := re.search(r"\b(om|for|efter) (\w+|\d+) (dagar|dag|dygn|veckor|vecka|v)\b( sedan| sen)?", folded):
        count = int(match[2]) if match[2].isdigit() else NUMBER_WORDS.get(match[2])
        if count is None:
            return None
        days = count * UNITS[match[3]]
        return today - timedelta(days=days) if match[1] == "for" or match[4] else today + timedelta(days=days)
    if re.search(r"\b(nasta vecka|efter helgen|nasta mandag)\b", folded):
        return today + timedelta(days=7 - today.weekday())
    return None


def with_dateparser(text: str, today: date, prefer: str, language: str | None = None) -> date | None:
    """dateparser's reading in the conversation's language and Swedish, relative to `today`.

    The whole text first; else the first date found inside it ("since yesterday" -> "yesterday").
    Dates more than a year off are distrusted."""
    base = datetime(today.year, today.month, today.day, 12)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past" if prefer == "past" else "future",
                "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    readable = reading_languages(language)
    try:
        parsed = dateparser.parse(text, languages=readable, settings=settings)
        if parsed is None:
            found = search_dates(text, languages=readable, settings=settings) or []
            parsed = next((when for words, when in found if not words.strip().isdigit()), None)
    except Exception:  # noqa: BLE001 - a library hiccup on odd input is "could not read", not a crash
        return None
    if parsed is None or abs((parsed.date() - today).days) > 366:
        return None
    return parsed.date()


def reading_languages(language: str | None) -> list[str]:
    """The conversation's language first, then Swedish (the default), each once."""
    default = languages.default_code()
    chosen = language if languages.get(language) else default
    return [chosen] if chosen == default else [chosen, default]


def rule_based(folded: str, today: date, prefer: str) -> date | None:
    """The hand-written rules: ISO dates, 'idag'/'igår', '3 dec', '3/12', weekdays, 'den 30'."""
    if match := re.search(r"(\d{4})\s*(\d{1,2})\s*(\d{1,2})", folded):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    for phrase, days in sorted(RELATIVE.items(), key=lambda item: -len(item[0])):
        if re.search(rf"\b{phrase}\b", folded):
            return today + timedelta(days=days)
    if match := re.search(r"\b(\d{1,2})\s*(?:e|a)?\s+([a-z]{3})[a-z]*\b", folded):
        month = MONTHS.get(match[2])
        if month:
            return _with_year(int(match[1]), month, today, prefer)
    if match := re.search(r"\b(\d{1,2})\s+(\d{1,2})\b", folded):  # "3/12" folds to "3 12"
        return _with_year(int(match[1]), int(match[2]), today, prefer)
    for index, weekday in enumerate(WEEKDAYS):
        if re.search(rf"\b{weekday}(en)?\b", folded):
            delta = index - today.weekday()
            if "nasta" in folded or (prefer == "future" and delta <= 0):
                delta += 7
            elif prefer == "past" and delta > 0 and "pa" not in folded.split():
                delta -= 7
            return today + timedelta(days=delta)
    if match := re.search(r"\bden (\d{1,2})\b", folded):
        day = int(match[1])
        try:
            candidate = today.replace(day=day)
        except ValueError:
            return None
        if prefer == "future" and candidate < today:
            month = today.month % 12 + 1
            year = today.year + (1 if month == 1 else 0)
            try:
                candidate = date(year, month, day)
            except ValueError:
                return None
        return candidate
    return None


def _with_year(day: int, month: int, today: date, prefer: str) -> date | None:
    try:
        candidate = date(today.year, month, day)
    except ValueError:
        return None
    # "3 jan" written in late December means next year; "28 dec" written in January, last year.
    if prefer == "future" and candidate < today - timedelta(days=60):
        candidate = candidate.replace(year=today.year + 1)
    elif prefer == "past" and candidate > today + timedelta(days=300):
        candidate = candidate.replace(year=today.year - 1)
    elif candidate < today - timedelta(days=300):
        candidate = candidate.replace(year=today.year + 1)
    return candidate


def say_date(day: date, today: date | None = None, language: str | None = None) -> str:
    """'i dag', 'i morgon', 'fredag 27 nov.' / 'today', 'Friday 27 Nov' – a date read back.

    Yesterday, today and tomorrow by their names, other days with the weekday, in the language's
    own words (CLDR through Babel)."""
    locale = babel_locale(language)
    if today is not None:
        named = relative_day_names(locale).get((day - today).days)
        if named and abs((day - today).days) <= 1:
            return named
    return format_date(day, "EEEE d MMM", locale=locale)


def short_date(day: date, language: str | None = None) -> str:
    """'3 dec.', '3 Dec', '3 груд.': an ad's deadline, day and month."""
    return format_date(day, "d MMM", locale=babel_locale(language))


def babel_locale(language: str | None) -> Locale:
    return Locale.parse(language if languages.get(language) else languages.default_code())


def relative_day_names(locale: Locale) -> dict[int, str]:
    """{-1: 'i går', 0: 'i dag', 1: 'i morgon'} from CLDR's day fields.

    Babel has no public function for these words; its locale data has them ("date_fields")."""
    fields = locale._data.get("date_fields", {}).get("day", {})  # noqa: SLF001 - see the docstring
    return {int(offset): str(name) for offset, name in dict(fields.get("relative", {})).items()}
