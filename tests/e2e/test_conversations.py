"""Whole conversations through the REST webhook against the real Rasa and action servers.

Each test is its own jobseeker. A new session is started the way a channel does it, with the
`/session_start` message; the store (goals, saved jobs, sick reports) is read directly to check that
what the bot said it stored really is there, for the console to see.
"""

from __future__ import annotations

import re
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from store.goals import goal_for_week
from store.saved_jobs import saved_jobs
from store.sick_reports import sick_reports

pytestmark = pytest.mark.e2e

ADS_URL = "https://arbetsformedlingen.se/platsbanken/annonser/"
MONDAY = date(2026, 11, 23)  # the week of the pinned "now", Friday 27 Nov 2026


def numbered_headlines(answer: str) -> dict[int, str]:
    """{1: 'Snickare till…', …} from a list of hits."""
    return {int(m[1]): m[2].split(" – ")[0] for m in re.finditer(r"^(\d+)\. (.+)$", answer, re.M)}


def test_job_search_pages_and_refines(jobseeker):
    first = jobseeker.say_text("jag söker jobb i Stockholm")
    assert ADS_URL in first and "Stockholm" in first, first
    assert sorted(numbered_headlines(first)) == [1, 2, 3, 4, 5]
    more = jobseeker.say_text("visa fler")
    assert sorted(numbered_headlines(more)) == [6, 7, 8, 9, 10], more
    refined = jobseeker.say_text("visa bara heltid")
    assert "heltid" in refined and "Stockholm" in refined, refined
    elsewhere = jobseeker.say_text("byt ort till Malmö")
    assert "Malmö" in elsewhere and "heltid" in elsewhere, elsewhere


def test_job_search_asks_what_when_the_message_does_not_say(jobseeker):
    answer = jobseeker.say_text("jag söker jobb")
    assert re.search(r"Vad för slags jobb|Vilket slags jobb", answer), answer
    answer = jobseeker.say_text("undersköterska")
    # The test index holds nursing-assistant ads in every one of its municipalities: a list is due.
    assert ADS_URL in answer and "nderskötersk" in answer.lower(), answer


def test_practice_interview_gives_feedback_and_a_summary(jobseeker):
    answer = jobseeker.say_text("kan vi öva på en intervju")
    assert "Fråga 1 av 5" in answer, answer
    answers = [
        "Jag heter Sara och har jobbat i butik i tre år, senast på ICA där jag hade ansvar för kassan.",
        "Jag tycker om att hjälpa människor och jag vill utvecklas inom service.",
        "En gång på mitt förra jobb blev en kund arg för att en vara var slut. Min uppgift var att lösa det. "
        "Jag lyssnade, beställde varan och ringde kunden. Det ledde till att kunden blev nöjd och kom tillbaka.",
        "Vi var tre som skulle göra om hela butiken på en helg. Jag planerade vem som gjorde vad, "
        "och till slut blev vi klara i tid.",
    ]
    for number, text in enumerate(answers, start=2):
        answer = jobseeker.say_text(text)
        assert "STAR:" in answer, answer  # feedback names the STAR parts the answer had
        assert f"Fråga {number} av 5" in answer, answer
    summary = jobseeker.say_text("Jag är noggrann, till exempel dubbelkollar jag alltid kassan innan jag går hem.")
    assert "5 frågor" in summary, summary


def test_practice_interview_stops_on_avbryt(jobseeker):
    assert "Fråga 1 av 5" in jobseeker.say_text("jag vill öva intervju")
    answer = jobseeker.say_text("avbryt")
    # the stop response has variations ("vi avbryter övningen", "vi slutar öva här"): no next question
    assert "Fråga 2" not in answer and ("avbryter" in answer or "slutar öva" in answer), answer
    assert "Fråga" not in jobseeker.say_text("hej")


def test_sick_report_is_confirmed_and_stored_with_a_receipt(stack, jobseeker):
    answer = jobseeker.say_text("jag vabbar idag")
    assert "tillbaka" in answer, answer  # kind and date came with the first message
    assert "Missar du" in jobseeker.say_text("vet inte")
    summary = jobseeker.say_text("möte med min handläggare")
    assert "Stämmer det här?" in summary and "vab" in summary and re.search(r"\bi ?dag\b", summary), summary
    receipt_answer = jobseeker.say_text("ja")
    receipt = re.search(r"SJ-\d{6}-[0-9A-F]{4}", receipt_answer)
    assert receipt, receipt_answer
    [stored] = sick_reports(jobseeker.sender, url=stack.db_url)
    assert (stored.receipt, stored.kind, stored.from_date, stored.expected_back, stored.activity) == (
        receipt.group(), "vab", date(2026, 11, 27), None, "möte med min handläggare")
    assert receipt.group() in jobseeker.say_text("visa mina sjukanmälningar")


def test_goal_check_in_in_a_new_session_and_goal_survives(stack, jobseeker):
    answer = jobseeker.say_text("jag vill söka 5 jobb i veckan")
    assert "5 ansökningar" in answer, answer
    jobseeker.say_text("nej tack")
    progress = jobseeker.say_text("jag har sökt 2 jobb idag")
    assert "2 av 5" in progress, progress
    check_in = jobseeker.say_text("/session_start")
    assert "välkommen tillbaka" in check_in.lower() and "2 av 5" in check_in, check_in
    assert goal_for_week(jobseeker.sender, MONDAY, ZoneInfo("Europe/Stockholm"), url=stack.db_url).target == 5
    assert "3 av 5" in jobseeker.say_text("jag har skickat iväg en ansökan")


def test_saved_jobs_survive_a_new_session(stack, jobseeker):
    answer = jobseeker.say_text("jag söker jobb i Linköping")
    headlines = numbered_headlines(answer)
    assert 2 in headlines, answer
    assert "sparat" in jobseeker.say_text("spara nummer 2").lower()
    jobseeker.say_text("/session_start")
    saved = jobseeker.say_text("visa mina sparade jobb")
    assert headlines[2] in saved, saved
    assert saved_jobs(jobseeker.sender, url=stack.db_url)[0]["headline"] == headlines[2]


def test_new_user_hears_what_is_stored_once(jobseeker):
    first = jobseeker.say_text("hej")
    assert "sparar" in first and "radera mina uppgifter" in first, first
    assert "radera mina uppgifter" not in jobseeker.say_text("/session_start")


def test_labour_demand_names_occupations_with_trend(jobseeker):
    answer = jobseeker.say_text("vilka yrken söks i Linköping?")
    assert "Linköping" in answer and "1. " in answer and "annonser" in answer, answer


def test_radera_mina_uppgifter_deletes_the_store_and_the_chat(stack, jobseeker):
    import sqlite3
    import time

    from store.jobseekers import export_everything

    jobseeker.say_text("jag vill söka 3 jobb i veckan")
    jobseeker.say_text("nej tack")
    assert "går inte att ångra" in jobseeker.say_text("radera mina uppgifter")
    assert "raderat allt" in jobseeker.say_text("ja")
    assert export_everything(jobseeker.sender, url=stack.db_url)["weekly_goals"] == []
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with sqlite3.connect(stack.tracker_db) as db:
            left = db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (jobseeker.sender,)).fetchone()[0]
        if left == 0:
            break
        time.sleep(0.5)
    assert left == 0
    assert "sparar" in jobseeker.say_text("hej")  # a new jobseeker again: the notice comes back
