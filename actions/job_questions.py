"""Questions about a listed ad: 'när är sista ansökningsdag för nummer 1?', 'vem är arbetsgivaren för den
andra', 'hur söker jag det sista jobbet'. Answered from the ad itself; nothing is saved.

Which ad: the number or ordinal in the message (see job_search.shown_ad), else the ad talked about
last (slot `ad_in_focus`). What is asked: the `ad_field` entity (NLU), else the ad's summary.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk.events import SlotSet

from actions.conversation import JobbcoachAction, entity_value, latest_text
from actions.hit_format import deadline_text
from actions.job_search import shown_ad
from jobmatch.service import get_service
from nlu.anyscript import fold_any
from nlu.textnorm import normalise

FIELDS = ("deadline", "employer", "place", "extent", "requirements", "apply", "link")
# The headings under which ads in the sample list what they ask of the applicant.
REQUIREMENT_HEADINGS = ("vi soker dig som", "krav", "kvalifikation", "du har", "vi ser garna", "meriterande",
                        "din profil", "om dig")
MAX_REQUIREMENTS = 6


# When the NLU found no ad_field entity: the same fields from Swedish cue words (folded), most
# specific first. A safety net for wordings the training data lacks, not the primary reader.
FIELD_CUES = (("deadline", ("sista ansokningsdag", "sista dag", "nar stanger", "deadline", "till nar", "hur lange")),
              ("employer", ("arbetsgivare", "foretag", "vem ar det", "vem jobbar")),
              ("apply", ("hur soker", "hur ansoker", "ansoka", "skicka ansokan", "hur gor jag for att soka")),
              ("requirements", ("krav", "kravs", "kvalifikation", "erfarenhet", "korkort")),
              ("extent", ("heltid", "deltid", "omfattning", "timmar")),
              ("link", ("lank", "lanken", "lasa mer", "annonsen")),
              ("place", ("var ligger", "vart ligger", "vilken ort", "vilken stad", "var ar")))

# The same cues in our other languages (folded with fold_any, which keeps every script).
OTHER_LANGUAGE_CUES = (
    ("deadline", ("deadline", "last day", "apply by", "closing date", "until when", "when does it close",
                  "اخر موعد", "اخر يوم", "متى ينتهي", "لغاية متى", "مهلت", "اخرین روز", "تا کی",
                  "waqtiga ugu dambeeya", "maalinta ugu dambeysa", "goorma la xirayaa",
                  "останній день", "крайній термін", "до якого", "до коли", "термін подачі")),
    ("employer", ("employer", "which company", "who is hiring", "صاحب العمل", "الشركة", "اي شركة", "کارفرما",
                  "شرکت", "kee shirkad", "loo shaqeeye", "shirkadda", "роботодавець", "яка компанія", "компанія")),
    ("apply", ("how do i apply", "how to apply", "how can i apply", "كيف اقدم", "كيف اتقدم", "التقديم",
               "چطور درخواست", "چگونه درخواست", "سطح درخواست", "sidee u codsadaa", "sidee loo codsadaa",
               "як подати", "як податися", "як відгукнутися")),
    ("requirements", ("requirements", "what do they require", "what do they need", "qualifications",
                      "المطلوب", "الشروط", "المتطلبات", "شرایط", "چه می خواهند", "چی لازمه",
                      "shuruudaha", "maxaa looga baahan yahay", "вимоги", "що потрібно", "що вимагають")),
    ("extent", ("full time", "part time", "hours", "دوام", "ساعات", "ساعت کاری", "تمام وقت", "پاره وقت",
                "waqti buuxa", "saacadaha", "графік", "повний день", "скільки годин")),
    ("link", ("link", "the ad", "read more", "الرابط", "رابط", "لینک", "linkiga", "xiriirka", "посилання")),
    ("place", ("where is it", "which city", "where is the job", "اين", "وين", "في اي مدينة", "کجاست", "کجا",
               "xagee", "meeshee", "де це", "в якому місті", "де знаходиться")),
)


def asked_field(tracker) -> str | None:
    """The canonical ad_field of the message (deadline, employer, …), None when it does not say."""
    value = entity_value(tracker, "ad_field")
    if value and normalise(value) in FIELDS:
        return normalise(value)
    folded = normalise(latest_text(tracker))
    for field, cues in FIELD_CUES:
        if any(cue in folded for cue in cues):
            return field
    padded = f" {fold_any(latest_text(tracker))} "
    for field, cues in OTHER_LANGUAGE_CUES:
        if any(f" {fold_any(cue)} " in padded or (len(cue) > 5 and fold_any(cue) in padded) for cue in cues):
            return field
    return None


def requirements_of(description: str, skills: list[str]) -> list[str]:
    """The bullet lines under a requirements heading ('Vi söker dig som har:'), else the ad's skills."""
    found: list[str] = []
    collecting = False
    for raw in description.splitlines():
        line = raw.strip()
        folded = normalise(line)
        if not line:
            collecting = collecting and not found
            continue
        if line.endswith(":") or any(folded.startswith(h) for h in REQUIREMENT_HEADINGS):
            collecting = any(h in folded for h in REQUIREMENT_HEADINGS)
            continue
        if collecting and line.startswith(("-", "•", "*")):
            found.append(line.lstrip("-•* ").strip())
        elif collecting and found:
            collecting = False
    return (found or [s for s in skills if s])[:MAX_REQUIREMENTS]


def how_to_apply(description: str) -> str | None:
    """The ad's own sentence about applying ('Ansök via …', 'Skicka din ansökan …'), if it has one."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n", description):
        folded = normalise(sentence)
        if ("ansok" in folded or "ansokan" in folded or "skicka" in folded) and "sista ansokningsdag" not in folded:
            return sentence.strip()
    return None


def answer(dispatcher, field: str | None, entry: dict[str, Any], ad: Any, language: str | None = None) -> None:
    """One response per field, filled from the ad (or from what the list showed, when the ad is gone)."""
    title = entry.get("headline") or getattr(ad, "headline", "")
    values = {"n": entry["n"], "title": title}
    employer = entry.get("employer") or getattr(ad, "employer", "")
    place = entry.get("municipality") or getattr(ad, "municipality", "")
    deadline = deadline_text(entry.get("deadline") or getattr(ad, "deadline", ""), language)
    url = entry.get("url") or getattr(ad, "url", "")
    extent = entry.get("extent") or getattr(ad, "extent", "")
    description = getattr(ad, "description", "") or ""
    if field == "deadline":
        if deadline:
            dispatcher.utter_message(response="utter_job_deadline", deadline=deadline, **values)
        else:
            dispatcher.utter_message(response="utter_job_no_deadline", **values)
    elif field == "employer":
        dispatcher.utter_message(response="utter_job_employer" if employer else "utter_job_no_employer",
                                 employer=employer, **values)
    elif field == "place":
        dispatcher.utter_message(response="utter_job_place", place=place or getattr(ad, "region", "") or "–",
                                 **values)
    elif field == "extent":
        remote = getattr(ad, "remote", False)
        dispatcher.utter_message(response="utter_job_extent_remote" if remote else "utter_job_extent",
                                 extent=(extent or "inte angiven").lower(), **values)
    elif field == "requirements":
        wanted = requirements_of(description, list(getattr(ad, "skills", []) or []))
        if wanted:
            dispatcher.utter_message(response="utter_job_requirements",
                                     requirements="\n".join(f"• {item}" for item in wanted), **values)
        else:
            dispatcher.utter_message(response="utter_job_no_requirements", url=url, **values)
    elif field == "apply":
        own = how_to_apply(description)
        response = "utter_job_apply_with_note" if own else "utter_job_apply"
        dispatcher.utter_message(response=response, url=url, deadline=deadline or "–", note=own or "", **values)
    elif field == "link":
        dispatcher.utter_message(response="utter_job_link", url=url, **values)
    else:
        dispatcher.utter_message(response="utter_job_summary", employer=employer or "–", place=place or "–",
                                 extent=(extent or "–").lower(), deadline=deadline or "–", url=url, **values)


class ActionAnswerAboutJob(JobbcoachAction):
    """Answers a question about a shown ad; the ad becomes the one in focus for the next question."""

    def name(self) -> str:
        return "action_answer_about_job"

    async def act(self, dispatcher, tracker, domain):
        entry = shown_ad(tracker, dispatcher, "ask")
        if entry is None:
            return []
        ad = get_service().get_ad(entry.get("id", ""))
        answer(dispatcher, asked_field(tracker), entry, ad, tracker.get_slot("language"))
        dispatcher.utter_message(response="utter_job_question_hint", n=entry["n"])
        return [SlotSet("ad_in_focus", float(entry["n"]))]
