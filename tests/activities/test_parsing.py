"""Reading activity sentences in every language: kind, employer, occupation and date.

These sentences are not training examples (nlu/data/**/activities.yml): they test the action's own
reading, which works without the NLU's entities, as when the model missed them."""

from __future__ import annotations

from datetime import date

import pytest

from actions.activity_log import month_asked, read_activity

TODAY = date(2026, 12, 2)  # a Wednesday
YESTERDAY = date(2026, 12, 1)
MONDAY = date(2026, 11, 30)

CASES = [
    # language, sentence, kind, employer, occupation, day
    ("sv", "jag sökte jobb som kock på Hav Krog i går", "application", "Hav Krog", "Kock", YESTERDAY),
    ("sv", "jag var på intervju hos ICA", "interview", "ICA", None, TODAY),
    ("sv", "ringde Securitas om ett jobb", "contact", "Securitas", None, TODAY),
    ("sv", "Igår. Sökte jobb hos Lidl som snickare", "application", "Lidl", "Träarbetare/Snickare", YESTERDAY),
    ("sv", "Ringde Jobbtorget i Malmö. Var på intervju hos Willys i fredags", "interview", "Jobbtorget", None,
     date(2026, 11, 27)),
    ("sv", "gick en kurs i truckkörning", "course", None, None, TODAY),
    ("sv", "sökte jobb hos ica i måndags", "application", "ica", None, MONDAY),
    ("sv", "Sökte jobbet som undersköterska på Sahlgrenska", "application", "Sahlgrenska", "Undersköterska", TODAY),
    ("sv", "mejlade Manpower om ett lagerjobb i Malmö", "contact", "Manpower", "Lagerarbetare", TODAY),
    ("sv", "sökte jobb som lagerarbetare hos Postnord den 25 november", "application", "Postnord", "Lagerarbetare",
     date(2026, 11, 25)),
    ("en", "I applied for a job as a chef at Hav Krog yesterday", "application", "Hav Krog", "Kock, à la carte",
     YESTERDAY),
    ("en", "I had an interview at ICA on Monday", "interview", "ICA", None, MONDAY),
    ("en", "i called securitas about a job", "contact", "securitas", None, TODAY),
    ("ar", "قدمت على وظيفة طباخ في ICA امبارح", "application", "ICA", "Kock, à la carte", YESTERDAY),
    ("ar", "عملت مقابلة عمل عند Lidl", "interview", "Lidl", None, TODAY),
    ("so", "waxaan codsaday shaqo ICA shalay", "application", "ICA", None, YESTERDAY),
    ("so", "waxaan aaday waraysi shaqo Lidl", "interview", "Lidl", None, TODAY),
    ("uk", "вчора подав заявку на роботу кухаря в ICA", "application", "ICA", "Kock, à la carte", YESTERDAY),
    ("uk", "була на співбесіді в Сільпо", "interview", "Сільпо", None, TODAY),
    ("uk", "пройшов курс водія навантажувача", "course", None, None, TODAY),
    ("fa", "دیروز برای کار آشپزی در ICA درخواست دادم", "application", "ICA", "Kock, à la carte", YESTERDAY),
    ("fa", "مصاحبه کاری داشتم با شرکت Securitas", "interview", "Securitas", None, TODAY),
]


@pytest.mark.parametrize(("language", "text", "kind", "employer", "occupation", "day"), CASES,
                         ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_an_activity_sentence_is_read(language, text, kind, employer, occupation, day):
    read = read_activity(text, TODAY, language)
    assert (read.kind, read.employer, read.occupation, read.day) == (kind, employer, occupation, day)
    assert not read.future


def test_the_nlu_entities_win_over_the_words():
    entities = [{"entity": "employer", "value": "Hav Krog"},
                {"entity": "occupation", "value": "Kock, à la carte", "raw_value": "kock"},
                {"entity": "date", "value": "i måndags"}]
    read = read_activity("sökte som kock hos hav krog i måndags", TODAY, "sv", entities)
    assert (read.employer, read.occupation, read.day) == ("Hav Krog", "Kock", MONDAY)


@pytest.mark.parametrize(("language", "text"), [
    ("sv", "jag ska på intervju hos Lidl i morgon"),
    ("en", "I will have an interview at ICA tomorrow"),
    ("uk", "завтра буду на співбесіді в ICA"),
])
def test_what_is_not_done_yet_is_future(language, text):
    assert read_activity(text, TODAY, language).future


@pytest.mark.parametrize(("language", "text", "month"), [
    ("sv", "vad gjorde jag förra månaden?", "2026-11"),
    ("en", "what did I do last month", "2026-11"),
    ("ar", "شو عملت الشهر الماضي", "2026-11"),
    ("sv", "vad har jag gjort i oktober", "2026-10"),
    ("en", "show what I did in October", "2026-10"),
    ("sv", "vad har jag gjort den här månaden?", None),
    ("en", "may I see what I did this month", None),
    ("uk", "що я зробив у жовтні", "2026-10"),
])
def test_the_month_a_question_names(language, text, month):
    assert month_asked(text, TODAY, language) == month
