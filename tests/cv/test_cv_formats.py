"""The structured profile out and in: JSON Resume, Europass and Jobbcoach JSON round trips, documents
written by other services, clear errors; the store keeps it, exports it and erases it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from jobmatch.cv_profile import resolve_concepts
from store import privacy
from store.cv_formats import (
    FORMATS,
    CvFormatError,
    detect_format,
    export_profile,
    import_profile,
    profile_from_europass,
    profile_from_europass_xml,
    profile_from_json_resume,
    to_europass,
    to_europass_xml,
    to_json_resume,
    validate_profile,
)
from store.jobseekers import export_everything
from store.profiles import get_profile, get_structured_profile, save_profile, save_structured_profile
from tests.support.store_db import fresh_store_url

DATA = Path(__file__).resolve().parents[1] / "cv_data"
CV_IDS = sorted(p.stem for p in (DATA / "expected").glob("*.json"))
AT = datetime(2026, 11, 27, 12, tzinfo=UTC)


def expected(cv_id: str) -> dict:
    return json.loads((DATA / "expected" / f"{cv_id}.json").read_text("utf-8"))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("cv_id", CV_IDS)
def test_every_profile_of_the_test_set_survives_export_and_import(cv_id, fmt):
    profile = validate_profile(expected(cv_id))
    document = json.loads(json.dumps(export_profile(profile, fmt)))  # through real JSON text
    assert detect_format(document) == fmt
    assert import_profile(document) == profile


def test_json_resume_has_the_schema_and_no_personal_fields():
    document = to_json_resume(expected("sv01"))
    assert document["$schema"].endswith("/v1.0.0/schema.json")
    assert document["basics"]["location"] == {"city": "Mölndal", "countryCode": "SE"}
    assert set(document["basics"]) <= {"label", "location", "x-extent", "x-drivingLicences", "x-cvLanguage"}
    assert document["work"][0] == {"position": "Undersköterska, hemtjänst och äldreboende", "x-years": 11,
                                   "x-taxonomy": {"conceptId": "Y3QA_5pk_uXd", "ssykCode": "5321"}}
    assert {"language": "Arabic", "x-code": "ar"} in document["languages"]


def test_europass_speaks_eqf_levels_and_licence_classes():
    learner = to_europass(expected("sv02"))["SkillsPassport"]["LearnerInfo"]
    assert learner["Education"] == [{"Level": {"Code": "4", "Label": "gymnasium"}}]
    assert learner["Skills"]["Driving"]["Description"] == ["CE"]
    assert learner["Identification"]["ContactInfo"]["Address"]["Contact"]["Municipality"] == "Jönköping"
    assert "Name" not in json.dumps(learner) and "Email" not in json.dumps(learner)


def test_a_json_resume_from_another_service_becomes_a_profile_with_concepts():
    document = {
        "basics": {"name": "Kim Andersson", "email": "kim@example.com", "phone": "070-1234567",
                   "location": {"address": "Storgatan 1", "city": "Umeå", "countryCode": "SE"}},
        "work": [{"name": "Region Västerbotten", "position": "Undersköterska", "startDate": "2018-03-01"},
                 {"position": "Lagerarbetare", "startDate": "2012-01", "endDate": "2016-06"}],
        "education": [{"institution": "Umeå universitet", "studyType": "Bachelor", "x-eqfLevel": 6}],
        "skills": [{"name": "Kundtjänst"}, {"name": "Excel"}],
        "languages": [{"language": "Swedish", "fluency": "Native"}, {"language": "Somali"}],
    }
    profile = resolve_concepts(profile_from_json_resume(document))
    assert [(o["concept_id"], o["label"]) for o in profile["occupations"]] == [
        ("Y3QA_5pk_uXd", "Undersköterska, hemtjänst och äldreboende"), ("sizv_uPq_nWf", "Lagerarbetare")]
    assert profile["occupations"][1]["years"] == 4
    assert [s["concept_id"] for s in profile["skills"]] == ["aMyW_hB7_TpU", "5wab_aFK_gdL"]
    assert (profile["education_level"], profile["languages"]) == ("hogskola", ["sv", "so"])
    assert (profile["municipality"], profile["municipality_code"]) == ("Umeå", "2480")
    assert "Kim" not in json.dumps(profile) and "Storgatan" not in json.dumps(profile)


def test_a_europass_cv_from_another_service_becomes_a_profile():
    document = {"SkillsPassport": {"LearnerInfo": {
        "Identification": {"PersonName": {"FirstName": "Kim"},
                           "ContactInfo": {"Address": {"Contact": {"AddressLine": "Storgatan 1",
                                                                   "Municipality": "Luleå"}}}},
        "WorkExperience": [{"Period": {"From": {"Year": 2015}, "To": {"Year": 2020}},
                            "Position": {"Label": "Svetsare"}}],
        "Education": [{"Level": {"Code": "4"}}],
        "Skills": {"Linguistic": {"MotherTongue": [{"Description": {"Code": "ar"}}],
                                  "ForeignLanguage": [{"Description": {"Label": "English"}}]},
                   "Driving": {"Description": ["b", "C"]},
                   "JobRelated": {"Description": "MIG-svetsning, TIG-svetsning"}}}}}
    profile = resolve_concepts(profile_from_europass(document))
    assert [(o["label"], o["years"]) for o in profile["occupations"]] == [("Svetsare, manuell", 5)]
    assert [s["label"] for s in profile["skills"]] == ["MIG-svetsning", "TIG-svetsning"]
    assert profile["languages"] == ["ar", "en"]
    assert profile["driving_licences"] == ["B", "C"]
    assert (profile["education_level"], profile["municipality"]) == ("gymnasium", "Luleå")


@pytest.mark.parametrize(("document", "fmt", "says"), [
    ([1, 2], "json_resume", "expected a JSON object"),
    ({"work": "undersköterska"}, "json_resume", "work"),
    ({"work": [{"position": "Kock", "x-years": 300}]}, "json_resume", "x-years"),
    ({"SkillsPassport": {}}, "europass", "LearnerInfo"),
    ({"format": "jobbcoach-profile", "version": 7, "profile": {}}, "jobbcoach", "version 7"),
    ({"format": "jobbcoach-profile", "version": 1, "profile": {"languages": ["Svenska"]}}, "jobbcoach", "ISO 639-1"),
    ({"format": "jobbcoach-profile", "version": 1, "profile": {"driving_licences": ["X9"]}}, "jobbcoach", "classes"),
    ({"hello": "world"}, None, "not a Jobbcoach profile, a JSON Resume or a Europass CV"),
])
def test_a_wrong_document_gets_an_error_that_names_the_problem(document, fmt, says):
    with pytest.raises(CvFormatError) as caught:
        import_profile(document, fmt)
    assert says in str(caught.value)


def test_an_unknown_format_name_is_an_error():
    with pytest.raises(CvFormatError, match="unknown format 'xml'"):
        export_profile(expected("sv01"), "xml")


def test_the_store_keeps_the_structured_profile_with_the_profile_and_erasure_takes_it(tmp_path):
    url = fresh_store_url(tmp_path)
    save_profile("anna", "Jag är undersköterska", [], "Göteborg", AT, url=url)
    saved = save_structured_profile("anna", expected("sv01"), AT, url=url)
    assert get_structured_profile("anna", url=url) == saved
    row = get_profile("anna", url=url)
    assert row["text"] == "Jag är undersköterska"  # the pasted text stays beside it
    assert row["occupations"][0]["concept_id"] == "Y3QA_5pk_uXd" and row["location"] == "Mölndal"
    assert export_everything("anna", url)["profile"]["structured"] == saved
    privacy.forget("anna", url=url, tracker_url=f"sqlite:///{tmp_path / 'no-tracker.db'}")
    assert get_structured_profile("anna", url=url) is None and get_profile("anna", url=url) is None


def test_a_structured_profile_alone_makes_a_profile_row_without_text(tmp_path):
    url = fresh_store_url(tmp_path)
    save_structured_profile("bo", expected("uk02"), AT, url=url)
    assert get_profile("bo", url=url)["text"] == ""
    with pytest.raises(CvFormatError):
        save_structured_profile("bo", {"extent": "ibland"}, AT, url=url)
    assert get_structured_profile("bo", url=url)["municipality"] == "Göteborg"  # the bad one changed nothing


@pytest.mark.parametrize("cv_id", CV_IDS)
def test_every_profile_survives_europass_xml(cv_id):
    profile = validate_profile(expected(cv_id))
    xml = to_europass_xml(profile)
    assert xml.startswith('<SkillsPassport xmlns="http://europass.cedefop.europa.eu/Europass">')
    assert profile_from_europass_xml(xml) == profile


def test_europass_xml_from_another_service_is_read():
    xml = """<?xml version="1.0" encoding="UTF-8"?>
    <SkillsPassport xmlns="http://europass.cedefop.europa.eu/Europass" locale="sv-SE">
      <LearnerInfo>
        <Identification><PersonName><FirstName>Kim</FirstName></PersonName>
          <ContactInfo><Address><Contact><Municipality>Kiruna</Municipality></Contact></Address></ContactInfo></Identification>
        <WorkExperienceList>
          <WorkExperience><Period><From year="2016"><Year>2016</Year></From><Current>true</Current></Period>
            <Position><Label>Lastbilschaufför</Label></Position></WorkExperience>
        </WorkExperienceList>
        <Skills><Driving><Description><Licence>C</Licence><Licence>CE</Licence></Description></Driving></Skills>
      </LearnerInfo>
    </SkillsPassport>"""
    profile = resolve_concepts(profile_from_europass_xml(xml))
    assert [(o["label"], o["concept_id"]) for o in profile["occupations"]] == [("Fjärrbilsförare", "BNz8_F9J_y2L")]
    assert profile["occupations"][0]["years"] is not None
    assert (profile["driving_licences"], profile["municipality"]) == (["C", "CE"], "Kiruna")
    assert "Kim" not in json.dumps(profile)


@pytest.mark.parametrize(("xml", "says"), [
    ('<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]><SkillsPassport>&a;</SkillsPassport>',
     "document type declaration"),
    ("<SkillsPassport><LearnerInfo>", "not well-formed"),
    ("<Resume/>", "root element must be SkillsPassport"),
    ("<SkillsPassport/>", "LearnerInfo"),
])
def test_bad_europass_xml_gets_a_clear_error(xml, says):
    with pytest.raises(CvFormatError, match=says):
        profile_from_europass_xml(xml)
