"""Dates as jobseekers write them: the old hand-written parser vs dateparser (Swedish) vs both.

"Now" is pinned to Friday 27 Nov 2026 (the tests' clock). The old parser is read from git (the
commit before dateparser was added), so the comparison stays reproducible. Writes
reports/dialogue/dates.md and prints the figures.
"""

from __future__ import annotations

import subprocess
import sys
import types
from datetime import date, datetime
from pathlib import Path

import dateparser

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from actions.dates import parse_date  # noqa: E402 - after the repo is importable

OLD_COMMIT = "98a82ab"
TODAY = date(2026, 11, 27)  # a Friday
# (text, prefer, expected ISO date); written for this benchmark, not taken from tests or training data.
CASES = [
    ("idag", "past", "2026-11-27"), ("igår", "past", "2026-11-26"), ("i går", "past", "2026-11-26"),
    ("i förrgår", "past", "2026-11-25"), ("imorgon", "future", "2026-11-28"), ("i morgon", "future", "2026-11-28"),
    ("sedan i måndags", "past", "2026-11-23"), ("i måndags", "past", "2026-11-23"),
    ("sen i tisdags", "past", "2026-11-24"), ("sedan i onsdags", "past", "2026-11-25"),
    ("i torsdags", "past", "2026-11-26"), ("från i fredags", "past", "2026-11-20"),
    ("sedan igår", "past", "2026-11-26"), ("från igår", "past", "2026-11-26"), ("sen idag", "past", "2026-11-27"),
    ("måndag", "past", "2026-11-23"), ("i onsdag", "past", "2026-11-25"), ("tisdag", "future", "2026-12-01"),
    ("på måndag", "future", "2026-11-30"), ("nästa måndag", "future", "2026-11-30"),
    ("om en vecka", "future", "2026-12-04"), ("om två veckor", "future", "2026-12-11"),
    ("om 2 veckor", "future", "2026-12-11"), ("om tre dagar", "future", "2026-11-30"),
    ("om 3 dagar", "future", "2026-11-30"), ("om fem dagar", "future", "2026-12-02"),
    ("för två dagar sedan", "past", "2026-11-25"), ("för 3 dagar sen", "past", "2026-11-24"),
    ("för en vecka sedan", "past", "2026-11-20"), ("nästa vecka", "future", "2026-11-30"),
    ("efter helgen", "future", "2026-11-30"),
    ("från och med 30 november", "past", "2026-11-30"), ("fr.o.m. 1 december", "future", "2026-12-01"),
    ("fr o m 25 nov", "past", "2026-11-25"), ("30 november", "past", "2026-11-30"),
    ("1 dec", "future", "2026-12-01"), ("3 dec", "future", "2026-12-03"), ("den 3 december", "future", "2026-12-03"),
    ("24 nov", "past", "2026-11-24"), ("3/12", "future", "2026-12-03"), ("26/11", "past", "2026-11-26"),
    ("2026-12-03", "future", "2026-12-03"), ("2026-11-25", "past", "2026-11-25"),
    ("den 30", "future", "2026-11-30"), ("den 25:e", "past", "2026-11-25"),
    ("tillbaka på måndag", "future", "2026-11-30"), ("typ på onsdag", "future", "2026-12-02"),
    ("kanske torsdag", "future", "2026-12-03"), ("sjuk sedan i måndags", "past", "2026-11-23"),
    ("jag är tillbaka om en vecka", "future", "2026-12-04"), ("från och med idag", "past", "2026-11-27"),
    ("till och med fredag", "future", "2026-12-04"), ("ca 2 dec", "future", "2026-12-02"),
    ("sedan 24 november", "past", "2026-11-24"), ("sen förra måndagen", "past", "2026-11-23"),
    ("i helgen", "past", "2026-11-21"), ("igar", "past", "2026-11-26"), ("imorn", "future", "2026-11-28"),
    ("mandag", "past", "2026-11-23"), ("om en vecka ungefär", "future", "2026-12-04"),
]


def old_parser():
    source = subprocess.run(["git", "show", f"{OLD_COMMIT}:actions/swedish_dates.py"], cwd=REPO, check=True,
                            capture_output=True, text=True).stdout
    # The old module took its month names from hit_format, which no longer has them.
    source = source.replace("from actions.hit_format import MONTHS_SV",
                            'MONTHS_SV = "jan feb mars april maj juni juli aug sep okt nov dec".split()')
    module = types.ModuleType("old_swedish_dates")
    exec(compile(source, "old_swedish_dates.py", "exec"), module.__dict__)  # noqa: S102 - our own old code
    return module.parse_date


def dateparser_only(text: str, today: date, prefer: str) -> date | None:
    settings = {"RELATIVE_BASE": datetime(today.year, today.month, today.day, 12),
                "PREFER_DATES_FROM": "past" if prefer == "past" else "future"}
    parsed = dateparser.parse(text, languages=["sv"], settings=settings)
    return parsed.date() if parsed else None


def score(parser) -> tuple[int, list[str]]:
    wrong = []
    for text, prefer, expected in CASES:
        try:
            got = parser(text, TODAY, prefer)
        except Exception as error:  # noqa: BLE001 - a crash counts as wrong
            got = f"error {error}"
        if str(got) != expected:
            wrong.append(f"{text!r}: {got} (expected {expected})")
    return len(CASES) - len(wrong), wrong


def main() -> int:
    results = {"old hand-written (before)": score(old_parser()), "dateparser alone (sv)": score(dateparser_only),
               "rules + dateparser (now)": score(parse_date)}
    lines = ["# Swedish dates: which parser reads the jobseekers' phrasings", "",
             f"{len(CASES)} phrasings, now = Friday {TODAY.isoformat()} (`scripts/bench_dates.py`).", "",
             "| parser | right | share |", "|---|---|---|"]
    lines += [f"| {name} | {right} | {right / len(CASES):.0%} |" for name, (right, _) in results.items()]
    for name, (_, wrong) in results.items():
        lines += ["", f"## Wrong: {name}", ""] + [f"- {w}" for w in wrong or ["none"]]
    out = REPO / "reports" / "dialogue" / "dates.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    for name, (right, _) in results.items():
        print(f"{name}: {right}/{len(CASES)}")
    print(f"-> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
