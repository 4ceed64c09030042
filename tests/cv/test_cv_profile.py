"""A CV's text into a profile: the test set's expected profiles, and nothing personal in any of them."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from jobmatch.cv_files import read_cv_file
from jobmatch.cv_profile import CvProfile, cv_language, profile_from_cv_text, resolve_concepts

DATA = Path(__file__).resolve().parents[1] / "cv_data"
TODAY = date(2026, 11, 27)  # the date the expected years are counted to
CV_IDS = sorted(p.stem for p in (DATA / "expected").glob("*.json"))
FORMATS = ("pdf", "docx", "odt", "txt")


def expected(cv_id: str) -> dict:
    return json.loads((DATA / "expected" / f"{cv_id}.json").read_text("utf-8"))


def parsed(cv_id: str, fmt: str = "txt") -> dict:
    path = DATA / "files" / f"{cv_id}.{fmt}"
    return profile_from_cv_text(read_cv_file(path.read_bytes(), path.name).text, today=TODAY).to_dict()


def f1(got: set, want: set) -> tuple[int, int, int]:
    return len(got & want), len(got - want), len(want - got)


def micro_f1(field: str, ids: list[str], fmt: str) -> float:
    tp = fp = fn = 0
    for cv_id in ids:
        got = {item["concept_id"] for item in parsed(cv_id, fmt)[field]}
        want = {item["concept_id"] for item in expected(cv_id)[field]}
        a, b, c = f1(got, want)
        tp, fp, fn = tp + a, fp + b, fn + c
    return 2 * tp / (2 * tp + fp + fn)


def test_the_test_set_has_at_least_30_cvs_in_six_languages_and_four_formats():
    assert len(CV_IDS) >= 30
    assert {expected(i)["cv_language"] for i in CV_IDS} == {"sv", "en", "ar", "so", "uk", "fa"}
    for cv_id in CV_IDS:
        assert all((DATA / "files" / f"{cv_id}.{fmt}").exists() for fmt in FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("field", ["occupations", "skills"])
def test_occupations_and_skills_reach_the_bar_in_every_format(field, fmt):
    assert micro_f1(field, CV_IDS, fmt) >= 0.85


@pytest.mark.parametrize("field", ["occupations", "skills"])
def test_the_fresh_cvs_written_after_the_tables_reach_the_bar_too(field):
    fresh = [i for i in CV_IDS if i.startswith("fresh_")]
    assert len(fresh) >= 12
    assert micro_f1(field, fresh, "txt") >= 0.85


def test_a_swedish_cv_gives_the_whole_profile():
    assert parsed("sv01") == {**expected("sv01"), "municipality_code": "1481"}


def test_every_cv_is_read_in_its_language():
    for cv_id in CV_IDS:
        text = (DATA / "source" / f"{cv_id}.txt").read_text("utf-8")
        assert cv_language(text) == expected(cv_id)["cv_language"], cv_id


_PERSONAL = [re.compile(p) for p in (
    r"@",                                  # e-mail
    r"\d{6}[-+]?\d{4}",                    # personnummer
    r"\d{3}[- ]?\d{3} ?\d{2} ?\d{2}",      # phone
    r"(gatan|vägen|stråket)\b",            # street
)]


@pytest.mark.parametrize("cv_id", CV_IDS)
def test_no_profile_holds_a_personal_detail(cv_id):
    text = (DATA / "source" / f"{cv_id}.txt").read_text("utf-8")
    profile_json = json.dumps(parsed(cv_id), ensure_ascii=False)
    for pattern in _PERSONAL:
        assert not pattern.search(profile_json), (cv_id, pattern.pattern)
    surname = surname_in(text)
    assert surname and surname not in profile_json, (cv_id, surname)


_TITLE_LINES = {"CV", "RESUME", "CURRICULUM VITAE", "PERSONUPPGIFTER", "السيرة الذاتية", "سيرة ذاتية", "رزومه", "РЕЗЮМЕ"}


def surname_in(text: str) -> str:
    """The last word of the CV's name line (every CV of the set opens with a title or the name)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and ln.strip().upper() not in _TITLE_LINES]
    line = re.sub(r"^CV\s*[–-]\s*", "", lines[0])
    introduced = re.search(r"heter (\w+ \w+)", line)  # "Hej! Jag heter Petra Holm och bor i Gävle"
    if introduced:
        return introduced.group(1).split()[-1]
    return re.split(r"[—·|,]", line.split(":", 1)[-1])[0].split()[-1]


def test_a_surname_that_is_a_municipality_is_not_the_place():
    profile = profile_from_cv_text("Johan Berg\nErfarenhet\nElektriker 2010 – 2020\nSöker heltid.", today=TODAY)
    assert profile.municipality is None


def test_the_wished_place_wins_over_the_address():
    profile = profile_from_cv_text("Anna Ek\nStorgatan 1, 411 01 Göteborg\n\nErfarenhet\nKock 2015 – 2020\n\n"
                                   "Önskad ort: Borås", today=TODAY)
    assert (profile.municipality, profile.municipality_code) == ("Borås", "1490")


def test_a_yrkeskompetensbevis_is_no_licence_class():
    profile = profile_from_cv_text("Erfarenhet\nLastbilschaufför 2010 – nu\n\nBehörigheter\nCE-körkort, YKB", today=TODAY)
    assert profile.driving_licences == ["CE"]
    assert profile.occupations[0].years == 16


def test_years_of_the_same_occupation_at_two_employers_add_up():
    profile = profile_from_cv_text("Arbetslivserfarenhet\nKock, Restaurang A, 2010–2014\nKock, Restaurang B, 2016 – nu",
                                   today=TODAY)
    assert [(o.label, o.years) for o in profile.occupations] == [("Kock, à la carte", 14)]


def test_a_course_is_no_occupation_and_a_skill_heading_no_job():
    profile = profile_from_cv_text("Erfarenhet\nLagerarbetare 2019 – nu\n\nUtbildning\nUndersköterskeutbildning, "
                                   "Komvux\n\nKompetenser\nKundservice, truckkort", today=TODAY)
    assert [o.label for o in profile.occupations] == ["Lagerarbetare"]
    assert {s.label for s in profile.skills} == {"Kundtjänst", "Utbildningsbevis enligt TLP 10 för truckförare"}


def test_an_empty_or_wordless_text_gives_an_empty_profile():
    assert profile_from_cv_text("", today=TODAY).to_dict() == CvProfile(cv_language="sv").to_dict()
    assert profile_from_cv_text("12345 67890\n---", today=TODAY).occupations == []


def test_to_dict_and_from_dict_are_inverse_and_forgive_unknown_keys():
    profile = profile_from_cv_text((DATA / "source" / "sv03.txt").read_text("utf-8"), today=TODAY)
    data = profile.to_dict()
    assert CvProfile.from_dict({**data, "added_later": 1}).to_dict() == data


def test_the_matching_text_names_occupations_years_and_skills_in_swedish():
    text = CvProfile.from_dict(parsed("ar02")).matching_text()
    assert "Fjärrbilsförare i 9 år" in text and "Lagerarbetare" in text
    assert "Utbildningsbevis enligt TLP 10 för truckförare" in text and "CE" in text


def test_labels_from_another_service_are_resolved_to_taxonomy_concepts():
    profile = resolve_concepts({"occupations": [{"concept_id": None, "label": "Undersköterska", "years": 4},
                                                {"concept_id": None, "label": "nurse"},
                                                {"concept_id": None, "label": "Astronaut på Mars"}],
                                "skills": [{"concept_id": None, "label": "Kundtjänst"},
                                           {"concept_id": None, "label": "forklift licence"}]})
    assert [(o["concept_id"], o.get("years")) for o in profile["occupations"]] == [
        ("Y3QA_5pk_uXd", 4), ("bXNH_MNX_dUR", None), (None, None)]
    assert [s["concept_id"] for s in profile["skills"]] == ["aMyW_hB7_TpU", "CiMi_7ax_tXs"]
