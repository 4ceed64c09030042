"""The practice interview's content: which questions to ask and what to say about each answer.

Feedback looks at three things a recruiter notices: length (too short says little, too long loses
the listener), a concrete example, and the STAR structure – situation, task, action, result.
Kept free of Rasa so it can be tested and tuned on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlu.textnorm import normalise

QUESTION_COUNT = 5

GENERAL_QUESTIONS = [
    "Berätta lite om dig själv.",
    "Varför söker du just det här jobbet?",
    "Berätta om en gång när du löste ett problem på jobbet, i skolan eller på fritiden.",
    "Berätta om en situation när du samarbetade med andra för att nå ett mål.",
    "Vilka är dina största styrkor, och kan du ge ett exempel på när du använde dem?",
    "Berätta om en gång när något gick fel. Hur hanterade du det?",
    "Var ser du dig själv om ett par år?",
]

# Occupation-specific questions by words in the occupation's label or field (folded, no å/ä/ö).
FIELD_QUESTIONS: list[tuple[tuple[str, ...], list[str]]] = [
    (("underskoterska", "sjukskoterska", "vard", "omsorg", "personlig assistent", "skotare", "halso"), [
        "Berätta om en gång när en patient eller brukare var orolig eller upprörd. Vad gjorde du?",
        "Hur ser du till att du följer hygienrutiner och rapporterar viktiga saker till kollegor?",
    ]),
    (("lager", "truck", "logistik", "transport", "chauffor", "forare", "bud"), [
        "Berätta om en gång när det var högt tempo och mycket att göra. Hur prioriterade du?",
        "Hur tänker du kring säkerhet när du arbetar med fordon, truck eller tunga lyft?",
    ]),
    (("kock", "restaurang", "servit", "kok", "bagare", "cafe", "diskare"), [
        "Berätta om en stressig kväll i köket eller i serveringen. Hur höll du kvaliteten uppe?",
        "Hur arbetar du med hygien och allergier?",
    ]),
    (("butik", "salj", "kassa", "kundtjanst", "kundservice", "saljare"), [
        "Berätta om en gång när du hjälpte en missnöjd kund. Hur slutade det?",
        "Hur skulle du göra för att sälja mer till en kund som bara tittar?",
    ]),
    (("utvecklare", "programmerare", "it", "system", "data", "tekniker", "support"), [
        "Berätta om ett tekniskt problem du har löst. Hur gick du tillväga?",
        "Hur håller du dina kunskaper uppdaterade?",
    ]),
    (("snickare", "bygg", "elektriker", "maskin", "svets", "montor", "installat", "malare", "ror"), [
        "Berätta om ett arbete du är stolt över. Vad var din del i det?",
        "Hur ser du till att jobbet blir säkert och rätt gjort, även när det är bråttom?",
    ]),
    (("larare", "barnskotare", "forskola", "fritid", "elevassistent", "pedagog"), [
        "Berätta om en gång när ett barn eller en elev behövde extra stöd. Vad gjorde du?",
        "Hur gör du för att skapa trygghet i en grupp?",
    ]),
    (("stad", "lokalvard", "lokalvardare", "fastighet"), [
        "Hur planerar du ditt arbete så att du hinner allt med god kvalitet?",
        "Berätta om en gång när en kund inte var nöjd med städningen. Vad gjorde du?",
    ]),
    (("ekonom", "redovisning", "administrat", "assistent", "handlaggare", "lon"), [
        "Berätta om en gång när du hittade ett fel i siffror eller underlag. Vad gjorde du?",
        "Hur håller du ordning när du har många ärenden samtidigt?",
    ]),
]


def occupation_questions(occupation: str | None) -> list[str]:
    if not occupation:
        return []
    folded = normalise(occupation)
    for keys, questions in FIELD_QUESTIONS:
        if any(key in folded for key in keys):
            return questions
    return [f"Vad tror du är det viktigaste i jobbet som {occupation.lower()}, och hur visar du det?"]


def choose_questions(occupation: str | None) -> list[str]:
    """Five questions: opening, motivation, then occupation-specific ones, then STAR-type ones."""
    specific = occupation_questions(occupation)[:2]
    general = [GENERAL_QUESTIONS[0], GENERAL_QUESTIONS[1]]
    rest = [q for q in GENERAL_QUESTIONS[2:] if q not in general]
    questions = general + specific + rest
    return questions[:QUESTION_COUNT]


SITUATION = ("nar jag", "en gang", "pa mitt", "pa min", "pa vart", "pa forra", "forra jobbet", "tidigare jobb",
             "nar vi", "under min", "under en", "det var", "jag jobbade", "jag arbetade", "pa praktiken", "i skolan")
TASK = ("uppgift", "ansvar", "skulle", "behovde", "malet", "mal var", "var tvungen", "fick i uppdrag", "problemet")
ACTION = ("jag gjorde", "jag tog", "jag pratade", "jag borjade", "jag bestamde", "jag forklarade", "jag hjalpte",
          "jag losade", "jag ringde", "jag satte", "jag foreslog", "jag planerade", "jag organiserade",
          "jag sag till", "jag lyssnade", "jag frågade", "jag fragade", "jag ordnade", "jag visade", "jag fixade",
          "sa jag", "darfor", "jag valde")
RESULT = ("resultat", "ledde till", "det blev", "till slut", "sa att", "vilket", "det gjorde att", "kunden blev",
          "lyckades", "fick beröm", "fick berom", "blev nojd", "blev klart", "i slutandan", "efterat", "larde mig")
EXAMPLE = ("till exempel", "t ex", "tex", "en gang", "nar jag", "exempel", "senast", "forra veckan", "i fjol")


@dataclass(frozen=True)
class AnswerFeedback:
    """What the bot says about one answer, and the points behind it (for the summary)."""

    text: str
    words: int
    has_example: bool
    star_parts: tuple[str, ...]

    @property
    def score(self) -> int:
        length_ok = 25 <= self.words <= 250
        return int(length_ok) + int(self.has_example) + min(len(self.star_parts), 4)


def _has(folded: str, cues: tuple[str, ...]) -> bool:
    return any(re.search(rf"\b{re.escape(cue)}", folded) for cue in cues)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]


def feedback_for(answer: str) -> AnswerFeedback:
    folded = normalise(answer)
    words = len(folded.split())
    star = tuple(name for name, cues in (("situation", SITUATION), ("uppgift", TASK), ("handling", ACTION),
                                         ("resultat", RESULT)) if _has(folded, cues))
    has_example = _has(folded, EXAMPLE) or bool(re.search(r"\b\d+\b", folded)) or "situation" in star
    notes: list[str] = []
    good: list[str] = []
    if words < 12:
        notes.append("Svaret är väldigt kort – försök säga två–fyra meningar till")
    elif words < 25:
        notes.append("Bra början, men utveckla gärna lite mer")
    elif words > 250:
        notes.append("Svaret är långt – på en intervju räcker ofta en till två minuter, välj det viktigaste")
    else:
        good.append("lagom längd")
    if has_example:
        good.append("ett konkret exempel")
    else:
        notes.append("Ge ett konkret exempel från något du har gjort – det gör svaret trovärdigt")
    if len(star) == 4:
        good.append("hela STAR-strukturen")
    elif len(star) >= 2:
        good.append("delar av STAR (" + ", ".join(star) + ")")
        missing = [p for p in ("situation", "uppgift", "handling", "resultat") if p not in star]
        notes.append("Lägg till " + " och ".join(missing) + " så blir berättelsen komplett")
    else:
        notes.append("Prova STAR: beskriv Situationen, din Uppgift, vad du gjorde (Handling) och Resultatet")
    opening = ("Bra! Du har med " + _and(good) + ".") if good else "Tack för svaret!"
    text = opening + (" Tips: " + ". ".join(notes) + "." if notes else " Fortsätt så!")
    return AnswerFeedback(text, words, has_example, star)


def summary(feedbacks: list[AnswerFeedback]) -> str:
    """A short, encouraging summary of the whole practice."""
    if not feedbacks:
        return "Vi hann inte med några frågor den här gången."
    with_example = sum(f.has_example for f in feedbacks)
    full_star = sum(len(f.star_parts) >= 3 for f in feedbacks)
    short = sum(f.words < 25 for f in feedbacks)
    strengths, practise = [], []
    if with_example >= len(feedbacks) / 2:
        strengths.append("du ger konkreta exempel")
    else:
        practise.append("att ge ett konkret exempel i varje svar")
    if full_star >= len(feedbacks) / 2:
        strengths.append("dina berättelser har en tydlig struktur")
    else:
        practise.append("STAR: situation, uppgift, handling och resultat")
    if short > len(feedbacks) / 2:
        practise.append("att utveckla svaren lite mer")
    count = len(feedbacks)
    text = f"Bra jobbat – du svarade på {count} {'fråga' if count == 1 else 'frågor'}!"
    if strengths:
        text += " Det här gör du bra: " + " och ".join(strengths) + "."
    if practise:
        text += " Öva gärna mer på " + ", ".join(practise) + "."
    return text + " Vill du öva igen, skriv ”öva intervju”."
