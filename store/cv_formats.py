"""A jobseeker's structured profile out and in, in open formats: JSON Resume, Europass, Jobbcoach JSON.

The profile is the dict of jobmatch.cv_profile.CvProfile.to_dict() (occupations and skills as
JobTech taxonomy concepts, years per occupation, education level, ISO language codes, licence
classes, the municipality, the extent). store/ may not import jobmatch, so the shape is checked
here by pydantic models of its own (`StructuredProfile`); every reader raises `CvFormatError` with
a message that says which field is wrong.

What the open formats have no field for travels in `x-` extension fields (both formats allow
additional properties), so a round trip through either loses nothing; a document written by another
service has no `x-` fields, and its occupations and skills then come back with a label and no
concept id, for the caller to resolve against the taxonomy (jobmatch.cv_profile.resolve_concepts).
Dates: a profile keeps years of experience, not employment dates, so an export gives no start or
end dates; an import turns start and end dates into years.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal
from xml.etree import ElementTree

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from swedish.places import UnknownPlaceError, municipality

JOBBCOACH_FORMAT = "jobbcoach-profile"
JOBBCOACH_VERSION = 1
JSON_RESUME_SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
EUROPASS_XSD_VERSION = "V3.4"
FORMATS = ("jobbcoach", "json_resume", "europass")  # JSON documents; Europass also as XML (to_europass_xml)
EDUCATION_LEVELS = ("grundskola", "gymnasium", "yrkeshogskola", "hogskola", "forskarniva")
# The European Qualifications Framework level of each (what Europass and other EU services speak):
# Swedish compulsory school EQF 2, upper secondary 4, higher vocational (YH) 5, a bachelor 6,
# doctoral level 8 (the Swedish SeQF referencing of 2015).
EQF_LEVEL = {"grundskola": 2, "gymnasium": 4, "yrkeshogskola": 5, "hogskola": 6, "forskarniva": 8}
LEVEL_OF_EQF = {1: "grundskola", 2: "grundskola", 3: "gymnasium", 4: "gymnasium", 5: "yrkeshogskola",
                6: "hogskola", 7: "hogskola", 8: "forskarniva"}
MAX_ITEMS = 200  # more occupations or skills than this is not a CV


class CvFormatError(ValueError):
    """A document that is not a profile in the format it claims; the message names the field."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class ProfileOccupation(_Model):
    concept_id: str | None = Field(None, max_length=40)
    label: str = Field(min_length=1, max_length=200)
    ssyk_code: str | None = Field(None, pattern=r"^(\d{4})?$")
    years: int | None = Field(None, ge=0, le=60)


class ProfileSkill(_Model):
    concept_id: str | None = Field(None, max_length=40)
    label: str = Field(min_length=1, max_length=200)


class StructuredProfile(_Model):
    """The structured profile as stored and exported (jobmatch.cv_profile.CvProfile's fields)."""
    occupations: list[ProfileOccupation] = Field(default_factory=list, max_length=MAX_ITEMS)
    skills: list[ProfileSkill] = Field(default_factory=list, max_length=MAX_ITEMS)
    education_level: Literal[EDUCATION_LEVELS] | None = None  # type: ignore[valid-type]
    languages: list[str] = Field(default_factory=list, max_length=50)
    driving_licences: list[str] = Field(default_factory=list, max_length=20)
    municipality: str | None = Field(None, max_length=100)
    municipality_code: str | None = Field(None, pattern=r"^\d{4}$")
    extent: Literal["heltid", "deltid"] | None = None
    cv_language: str | None = Field(None, pattern=r"^[a-z]{2}$")

    @field_validator("languages")
    @classmethod
    def _language_codes(cls, codes: list[str]) -> list[str]:
        bad = [c for c in codes if not (len(c) == 2 and c.isascii() and c.isalpha() and c.islower())]
        if bad:
            raise ValueError(f"languages are ISO 639-1 codes such as 'sv', not {bad}")
        return list(dict.fromkeys(codes))

    @field_validator("driving_licences")
    @classmethod
    def _licence_classes(cls, classes: list[str]) -> list[str]:
        bad = [c for c in classes if c not in LICENCE_CLASSES]
        if bad:
            raise ValueError(f"driving licences are classes such as 'B' or 'CE', not {bad}")
        return list(dict.fromkeys(classes))


LICENCE_CLASSES = ("AM", "A1", "A2", "A", "B", "BE", "Utökad B", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE")


def validate_profile(profile: dict[str, Any]) -> dict[str, Any]:
    """The profile, checked and normalised (a municipality named without its code gets it);
    CvFormatError names what is wrong."""
    return _with_place_code(_parse(StructuredProfile, profile, "profile").model_dump())


def _parse(model: type[_Model], document: Any, what: str) -> Any:
    if not isinstance(document, dict):
        raise CvFormatError(f"{what}: expected a JSON object, got {type(document).__name__}")
    try:
        return model.model_validate(document)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or what}: {e['msg']}" for e in error.errors()[:5])
        raise CvFormatError(f"{what}: {problems}") from None


def _with_place_code(profile: dict[str, Any]) -> dict[str, Any]:
    """A municipality named without its code gets the code (swedish.places); an unknown name is dropped."""
    if profile.get("municipality") and not profile.get("municipality_code"):
        try:
            place = municipality(profile["municipality"])
            profile["municipality"], profile["municipality_code"] = place.label, place.municipality_code
        except UnknownPlaceError:
            profile["municipality"] = None
    return profile


# --- Jobbcoach JSON ---------------------------------------------------------------------------

def to_jobbcoach(profile: dict[str, Any]) -> dict[str, Any]:
    """Jobbcoach's own format: the profile as is, with a format name and version."""
    return {"format": JOBBCOACH_FORMAT, "version": JOBBCOACH_VERSION, "profile": validate_profile(profile)}


def profile_from_jobbcoach(document: Any) -> dict[str, Any]:
    if not isinstance(document, dict) or document.get("format") != JOBBCOACH_FORMAT:
        raise CvFormatError(f"not a Jobbcoach profile: 'format' must be {JOBBCOACH_FORMAT!r}")
    if document.get("version") != JOBBCOACH_VERSION:
        raise CvFormatError(f"Jobbcoach profile version {document.get('version')!r} is not {JOBBCOACH_VERSION}")
    return validate_profile(document.get("profile"))


# --- JSON Resume (v1.0.0) -----------------------------------------------------------------------

class _JrLocation(_Model):
    city: str | None = Field(None, max_length=100)
    countryCode: str | None = Field(None, max_length=3)


class _JrBasics(_Model):
    label: str | None = Field(None, max_length=200)
    location: _JrLocation | None = None
    x_extent: str | None = Field(None, alias="x-extent")
    x_drivingLicences: list[str] = Field(default_factory=list, alias="x-drivingLicences")
    x_cvLanguage: str | None = Field(None, alias="x-cvLanguage")


class _JrTaxonomy(_Model):
    conceptId: str | None = Field(None, max_length=40)
    ssykCode: str | None = None


class _JrWork(_Model):
    position: str | None = Field(None, max_length=200)
    startDate: str | None = None
    endDate: str | None = None
    x_taxonomy: _JrTaxonomy | None = Field(None, alias="x-taxonomy")
    x_years: int | None = Field(None, alias="x-years", ge=0, le=60)


class _JrEducation(_Model):
    studyType: str | None = Field(None, max_length=200)
    x_eqfLevel: int | None = Field(None, alias="x-eqfLevel", ge=1, le=8)


class _JrSkill(_Model):
    name: str | None = Field(None, max_length=200)
    x_taxonomy: _JrTaxonomy | None = Field(None, alias="x-taxonomy")


class _JrLanguage(_Model):
    language: str | None = Field(None, max_length=100)
    x_code: str | None = Field(None, alias="x-code")


class _JsonResume(_Model):
    basics: _JrBasics = Field(default_factory=_JrBasics)
    work: list[_JrWork] = Field(default_factory=list, max_length=MAX_ITEMS)
    education: list[_JrEducation] = Field(default_factory=list, max_length=MAX_ITEMS)
    skills: list[_JrSkill] = Field(default_factory=list, max_length=MAX_ITEMS)
    languages: list[_JrLanguage] = Field(default_factory=list, max_length=50)


def to_json_resume(profile: dict[str, Any]) -> dict[str, Any]:
    """The profile as a JSON Resume document (schema v1.0.0, jsonresume.org). No name, e-mail or
    phone: the profile has none; the place is the municipality."""
    p = validate_profile(profile)
    basics: dict[str, Any] = {"x-drivingLicences": p["driving_licences"]}
    if p["occupations"]:
        basics["label"] = p["occupations"][0]["label"]
    if p["municipality"]:
        basics["location"] = {"city": p["municipality"], "countryCode": "SE"}
    if p["extent"]:
        basics["x-extent"] = p["extent"]
    if p["cv_language"]:
        basics["x-cvLanguage"] = p["cv_language"]
    return {
        "$schema": JSON_RESUME_SCHEMA,
        "basics": basics,
        "work": [{"position": o["label"], "x-years": o["years"],
                  "x-taxonomy": {"conceptId": o["concept_id"], "ssykCode": o["ssyk_code"]}} for o in p["occupations"]],
        "education": ([{"studyType": p["education_level"], "x-eqfLevel": EQF_LEVEL[p["education_level"]]}]
                      if p["education_level"] else []),
        "skills": [{"name": s["label"], "x-taxonomy": {"conceptId": s["concept_id"]}} for s in p["skills"]],
        "languages": [{"language": language_name(code), "x-code": code} for code in p["languages"]],
    }


def profile_from_json_resume(document: Any) -> dict[str, Any]:
    """A profile from a JSON Resume document (ours, or another service's: then without concept ids)."""
    resume = _parse(_JsonResume, document, "JSON Resume")
    occupations = []
    for work in resume.work:
        if not work.position:
            continue
        taxonomy = work.x_taxonomy or _JrTaxonomy()
        years = work.x_years if work.x_years is not None else _years_between(work.startDate, work.endDate)
        occupations.append({"concept_id": taxonomy.conceptId, "label": work.position,
                            "ssyk_code": taxonomy.ssykCode, "years": years})
    levels = [_level_of(e.x_eqfLevel, e.studyType) for e in resume.education]
    levels = [lvl for lvl in levels if lvl]
    profile = {
        "occupations": _merge_occupations(occupations),
        "skills": [{"concept_id": (s.x_taxonomy.conceptId if s.x_taxonomy else None), "label": s.name}
                   for s in resume.skills if s.name],
        "education_level": max(levels, key=EDUCATION_LEVELS.index) if levels else None,
        "languages": [code for code in (_language_code(lang.x_code or lang.language) for lang in resume.languages) if code],
        "driving_licences": resume.basics.x_drivingLicences,
        "municipality": resume.basics.location.city if resume.basics.location else None,
        "extent": resume.basics.x_extent,
        "cv_language": resume.basics.x_cvLanguage,
    }
    return validate_profile(profile)


# --- Europass (CV JSON, SkillsPassport schema V3.4) -----------------------------------------------

def to_europass(profile: dict[str, Any]) -> dict[str, Any]:
    """The profile as a Europass CV in its JSON form: the SkillsPassport / LearnerInfo document of the
    Europass schema V3.4 (the last version with a published JSON binding; the XML of the same version
    has the same element names). Education as EQF levels, languages as ISO 639-1 codes, driving
    licences as classes, the place as the municipality only (no identification beyond that)."""
    p = validate_profile(profile)
    learner: dict[str, Any] = {
        "WorkExperience": [{"Position": {"Label": o["label"], "x-taxonomy": {"conceptId": o["concept_id"],
                                                                             "ssykCode": o["ssyk_code"]}},
                            "x-years": o["years"]} for o in p["occupations"]],
        "Education": ([{"Level": {"Code": str(EQF_LEVEL[p["education_level"]]), "Label": p["education_level"]}}]
                      if p["education_level"] else []),
        "Skills": {
            "Linguistic": {"ForeignLanguage": [{"Description": {"Code": c, "Label": language_name(c)}}
                                               for c in p["languages"]]},
            "Driving": {"Description": p["driving_licences"]},
            "JobRelated": {"Description": ", ".join(s["label"] for s in p["skills"]),
                           "x-taxonomy": [{"conceptId": s["concept_id"], "label": s["label"]} for s in p["skills"]]},
        },
    }
    if p["occupations"]:
        learner["Headline"] = {"Type": {"Code": "preferred_job"}, "Description": {"Label": p["occupations"][0]["label"]}}
    if p["municipality"]:
        learner["Identification"] = {"ContactInfo": {"Address": {"Contact": {
            "Municipality": p["municipality"], "Country": {"Code": "SE"}}}}}
    if p["extent"] or p["cv_language"]:
        learner["x-jobbcoach"] = {"extent": p["extent"], "cvLanguage": p["cv_language"]}
    return {"SkillsPassport": {"DocumentInfo": {"DocumentType": "ECV", "XSDVersion": EUROPASS_XSD_VERSION},
                               "LearnerInfo": learner}}


class _EpLabel(_Model):
    Code: str | None = None
    Label: str | None = Field(None, max_length=200)


class _EpYear(_Model):
    Year: int | None = Field(None, ge=1900, le=2100)


class _EpPeriod(_Model):
    From: _EpYear | None = None
    To: _EpYear | None = None
    Current: bool = False


class _EpPosition(_EpLabel):
    x_taxonomy: _JrTaxonomy | None = Field(None, alias="x-taxonomy")


class _EpWork(_Model):
    Position: _EpPosition | None = None
    Period: _EpPeriod | None = None
    x_years: int | None = Field(None, alias="x-years", ge=0, le=60)


class _EpEducation(_Model):
    Title: str | None = None
    Level: _EpLabel | None = None


class _EpLanguage(_Model):
    Description: _EpLabel | None = None


class _EpLinguistic(_Model):
    MotherTongue: list[_EpLanguage] = Field(default_factory=list, max_length=20)
    ForeignLanguage: list[_EpLanguage] = Field(default_factory=list, max_length=50)


class _EpTaxonomySkill(_Model):
    conceptId: str | None = None
    label: str = Field(min_length=1, max_length=200)


class _EpJobRelated(_Model):
    Description: str | None = Field(None, max_length=20_000)
    x_taxonomy: list[_EpTaxonomySkill] | None = Field(None, alias="x-taxonomy")


class _EpDriving(_Model):
    Description: list[str] = Field(default_factory=list, max_length=20)

    @field_validator("Description", mode="before")
    @classmethod
    def _none_is_no_licence(cls, value: Any) -> Any:
        return [] if value is None else value  # an empty <Description/> in XML


class _EpSkills(_Model):
    Linguistic: _EpLinguistic = Field(default_factory=_EpLinguistic)
    Driving: _EpDriving = Field(default_factory=_EpDriving)
    JobRelated: _EpJobRelated = Field(default_factory=_EpJobRelated)


class _EpContact(_Model):
    Municipality: str | None = Field(None, max_length=100)


class _EpAddress(_Model):
    Contact: _EpContact | None = None


class _EpContactInfo(_Model):
    Address: _EpAddress | None = None


class _EpIdentification(_Model):
    ContactInfo: _EpContactInfo | None = None


class _EpExtras(_Model):
    extent: str | None = None
    cvLanguage: str | None = None


class _EpLearner(_Model):
    Identification: _EpIdentification | None = None
    WorkExperience: list[_EpWork] = Field(default_factory=list, max_length=MAX_ITEMS)
    Education: list[_EpEducation] = Field(default_factory=list, max_length=MAX_ITEMS)
    Skills: _EpSkills = Field(default_factory=_EpSkills)
    x_jobbcoach: _EpExtras | None = Field(None, alias="x-jobbcoach")


class _EpPassport(_Model):
    LearnerInfo: _EpLearner


class _Europass(_Model):
    SkillsPassport: _EpPassport


def profile_from_europass(document: Any) -> dict[str, Any]:
    """A profile from a Europass CV (JSON, schema V3.4: ours, or another service's)."""
    learner = _parse(_Europass, document, "Europass").SkillsPassport.LearnerInfo
    occupations = []
    for work in learner.WorkExperience:
        if not (work.Position and work.Position.Label):
            continue
        taxonomy = work.Position.x_taxonomy or _JrTaxonomy()
        years = work.x_years if work.x_years is not None else _period_years(work.Period)
        occupations.append({"concept_id": taxonomy.conceptId, "label": work.Position.Label,
                            "ssyk_code": taxonomy.ssykCode, "years": years})
    job_related = learner.Skills.JobRelated
    if job_related.x_taxonomy is not None:
        skills = [{"concept_id": s.conceptId, "label": s.label} for s in job_related.x_taxonomy]
    else:
        skills = [{"concept_id": None, "label": part.strip()}
                  for part in (job_related.Description or "").split(",") if part.strip()]
    levels = [_level_of(_int(e.Level.Code) if e.Level else None, e.Level.Label if e.Level else e.Title)
              for e in learner.Education]
    levels = [lvl for lvl in levels if lvl]
    linguistic = learner.Skills.Linguistic
    languages = [_language_code(lang.Description.Code or lang.Description.Label)
                 for lang in [*linguistic.MotherTongue, *linguistic.ForeignLanguage] if lang.Description]
    contact = (learner.Identification and learner.Identification.ContactInfo
               and learner.Identification.ContactInfo.Address and learner.Identification.ContactInfo.Address.Contact)
    extras = learner.x_jobbcoach or _EpExtras()
    profile = {
        "occupations": _merge_occupations(occupations),
        "skills": skills,
        "education_level": max(levels, key=EDUCATION_LEVELS.index) if levels else None,
        "languages": [code for code in languages if code],
        "driving_licences": [c.strip().upper() for c in learner.Skills.Driving.Description if c.strip()],
        "municipality": contact.Municipality if contact else None,
        "extent": extras.extent,
        "cv_language": extras.cvLanguage,
    }
    return validate_profile(profile)


# --- shared helpers ---------------------------------------------------------------------------

def export_profile(profile: dict[str, Any], fmt: str) -> dict[str, Any]:
    """The profile in one of FORMATS."""
    writers = {"jobbcoach": to_jobbcoach, "json_resume": to_json_resume, "europass": to_europass}
    if fmt not in writers:
        raise CvFormatError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    return writers[fmt](profile)


def import_profile(document: Any, fmt: str | None = None) -> dict[str, Any]:
    """A profile from a document in one of FORMATS (recognised by its shape when fmt is None)."""
    readers = {"jobbcoach": profile_from_jobbcoach, "json_resume": profile_from_json_resume,
               "europass": profile_from_europass}
    fmt = fmt or detect_format(document)
    if fmt not in readers:
        raise CvFormatError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    return readers[fmt](document)


def detect_format(document: Any) -> str:
    if isinstance(document, dict):
        if document.get("format") == JOBBCOACH_FORMAT:
            return "jobbcoach"
        if "SkillsPassport" in document:
            return "europass"
        if any(key in document for key in ("basics", "work", "$schema")):
            return "json_resume"
    raise CvFormatError("not a Jobbcoach profile, a JSON Resume or a Europass CV")


def language_name(code: str) -> str:
    """A language's English name ("sv" → "Swedish"), what other services read in these formats."""
    return Locale("en").languages.get(code, code)


def _language_code(value: str | None) -> str | None:
    """An ISO 639-1 code from a code or a language's English or Swedish name ("Swedish", "svenska")."""
    if not value:
        return None
    value = value.strip()
    if len(value) == 2 and value.isalpha():
        return value.lower()
    return _language_codes_by_name().get(value.lower())


def _language_codes_by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for locale in ("en", "sv"):
        try:
            for code, name in Locale(locale).languages.items():
                if len(code) == 2:
                    names.setdefault(name.lower(), code)
        except UnknownLocaleError:  # pragma: no cover - both ship with babel
            continue
    return names


def _level_of(eqf: int | None, label: str | None) -> str | None:
    if label and label in EDUCATION_LEVELS:
        return label
    return LEVEL_OF_EQF.get(eqf) if eqf else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _years_between(start: str | None, end: str | None, today: date | None = None) -> int | None:
    """Whole years between two ISO 8601 dates ("2015-03", "2019"); no end date means until today."""
    start_year = _year_of(start)
    if start_year is None:
        return None
    end_year = _year_of(end) or (today or date.today()).year
    return end_year - start_year if 0 <= end_year - start_year <= 60 else None


def _period_years(period: _EpPeriod | None, today: date | None = None) -> int | None:
    if period is None or period.From is None or period.From.Year is None:
        return None
    end = period.To.Year if period.To and period.To.Year else (today or date.today()).year
    return end - period.From.Year if 0 <= end - period.From.Year <= 60 else None


def _year_of(value: str | None) -> int | None:
    if value and len(value) >= 4 and value[:4].isdigit():
        return int(value[:4])
    return None


def _merge_occupations(occupations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per occupation (by concept id, else label): a CV lists the same job at two employers."""
    merged: dict[str, dict[str, Any]] = {}
    for occupation in occupations:
        key = occupation["concept_id"] or occupation["label"].lower()
        if key in merged:
            known = merged[key]
            if occupation["years"] is not None:
                known["years"] = (known["years"] or 0) + occupation["years"]
        else:
            merged[key] = dict(occupation)
    return list(merged.values())


# --- Europass XML (the same V3.4 document as XML) -------------------------------------------------

EUROPASS_NAMESPACE = "http://europass.cedefop.europa.eu/Europass"
MAX_XML_BYTES = 1024 * 1024  # a profile's Europass XML is a few kB; a megabyte is room for any CV
_LISTED = {"WorkExperience", "Education", "MotherTongue", "ForeignLanguage", "x-taxonomy"}  # <XList><X/>…


def to_europass_xml(profile: dict[str, Any]) -> str:
    """The Europass document of `to_europass` as Europass XML (schema V3.4: the same element names,
    repeated elements inside <…List>, licences as <Driving><Description><Licence>)."""
    document = to_europass(profile)["SkillsPassport"]
    root = ElementTree.Element("SkillsPassport", {"xmlns": EUROPASS_NAMESPACE})
    _xml_children(root, document)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=False)


def _xml_children(parent: ElementTree.Element, value: dict[str, Any]) -> None:
    for key, item in value.items():
        if item is None:
            continue
        if key in _LISTED and isinstance(item, list):
            holder = ElementTree.SubElement(parent, f"{key}List")
            for element in item:
                _xml_value(ElementTree.SubElement(holder, key), element)
        elif key == "Description" and isinstance(item, list):  # Driving
            holder = ElementTree.SubElement(parent, key)
            for licence in item:
                ElementTree.SubElement(holder, "Licence").text = str(licence)
        else:
            _xml_value(ElementTree.SubElement(parent, key), item)


def _xml_value(element: ElementTree.Element, value: Any) -> None:
    if isinstance(value, dict):
        _xml_children(element, value)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = str(value)


def profile_from_europass_xml(text: str | bytes) -> dict[str, Any]:
    """A profile from Europass XML (V3.4: ours, or another service's). The XML is a stranger's: a
    document type declaration (where entity tricks live) is refused before parsing, and so is
    anything over MAX_XML_BYTES."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    if len(raw) > MAX_XML_BYTES:
        raise CvFormatError(f"Europass XML: larger than {MAX_XML_BYTES} bytes")
    if b"<!DOCTYPE" in raw.upper() or b"<!ENTITY" in raw.upper():
        raise CvFormatError("Europass XML: a document type declaration is not accepted")
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError as error:
        raise CvFormatError(f"Europass XML: not well-formed ({error})") from None
    if _local(root.tag) != "SkillsPassport":
        raise CvFormatError("Europass XML: the root element must be SkillsPassport")
    return profile_from_europass({"SkillsPassport": _xml_to_json(root) or {}})


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xml_to_json(element: ElementTree.Element) -> Any:
    """Element → the JSON shape of to_europass: <XList> → a list, Driving's <Licence>s → a list."""
    children = list(element)
    if not children:
        return (element.text or "").strip() or None
    name = _local(element.tag)
    if name.endswith("List") and all(_local(c.tag) == name[:-4] for c in children):
        return [_xml_to_json(c) for c in children]
    if all(_local(c.tag) == "Licence" for c in children):
        return [(c.text or "").strip() for c in children]
    out: dict[str, Any] = {}
    for child in children:
        key = _local(child.tag)
        if key.endswith("List") and key[:-4] in _LISTED:
            out[key[:-4]] = _xml_to_json(child) if len(child) else []
        else:
            out[key] = _xml_to_json(child)
    return out
