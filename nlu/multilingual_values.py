"""Canonical values of the closed entities for words in our other languages.

``nlu.entity_values`` reads Swedish ("tre", "heltid", "andra"); these tables add English, Arabic,
Somali, Ukrainian and Persian ("three", "تلاتة", "saddex", "три", "سه"; "full time", "دوام كامل"),
so the conversations get the same contract values: numbers as digit strings, "heltid"/"deltid",
"vab" when a child is sick. Arabic-Indic and Persian digits fold to ASCII (nlu.anyscript).
"""

from __future__ import annotations

import re

try:
    from nlu.anyscript import fold_any
except ImportError:  # pragma: no cover
    from anyscript import fold_any  # type: ignore

_NUMBERS = {
    1: "one first 1st واحد واحدة اول الاول الاولى اولى اولا kow koowaad hal mid один одна перший першу першa першої перша یک یکم اولی اولین",
    2: "two second 2nd اثنين اتنين تنين ثاني تاني الثاني التاني الثانية التانية تانية وظيفتين طلبين labo labaad другий другу два дві دو دوم دومی دومین",
    3: "three third 3rd ثلاثة تلاتة تلات ثلاث ثالث تالت الثالث التالت الثالثة التالتة saddex saddexaad три третій третю سه سوم سومی سومین",
    4: "four fourth 4th اربعة اربع رابع الرابع الرابعة afar afraad чотири четвертий четверту چهار چهارم چهارمی",
    5: "five fifth 5th خمسة خمس خامس الخامس الخامسة shan shanaad пять п'ять пять пятий п'ятий پنج پنجم",
    6: "six sixth ستة ست سادس lix lixaad шість шостий شش ششم",
    7: "seven seventh سبعة سبع سابع toddoba toddobaad сім сьомий هفت هفتم",
    8: "eight eighth ثمانية تمانية تمنية ثامن sideed sideedaad вісім восьмий هشت هشتم",
    9: "nine ninth تسعة تسع تاسع sagaal sagaalaad дев'ять девять дев'ятий نه نهم",
    10: "ten tenth عشرة عشر عاشر toban tobnaad десять десятий ده دهم",
}
NUMBER_WORDS = {fold_any(w): str(n) for n, words in _NUMBERS.items() for w in words.split()}
_FULL = ("full", "دوام كامل", "كامل", "فول تايم", "waqti buuxa", "buuxa", "повний", "повна", "повну", "повного",
         "полный", "تمام وقت", "تمام وقت", "تمام‌وقت", "تمام")
_PART = ("part", "دوام جزئي", "جزئي", "نص دوام", "بارت تايم", "waqti dhiman", "dhiman", "qayb", "часткова",
         "неповний", "неповна", "часткову", "неполный", "پاره وقت", "پاره‌وقت", "نیمه وقت", "نیمه")
_CHILD = ("child", "kid", "son", "daughter", "baby", "ابني", "بنتي", "ابنتي", "طفلي", "الولد", "ولدي", "اولادي", "البنت",
          "ilmo", "ilmaha", "wiil", "gabar", "caruur", "дитина", "дитиною", "син", "донька", "дочка", "малюк",
          "بچه", "پسرم", "دخترم", "فرزندم", "کودکم")

# Answers to "are you sick yourself, or at home with a sick child?" that mean oneself.
_OWN = ("me", "myself", "i am", "im", "i'm", "sick", "ill", "own", "my own", "fever", "flu",
        "انا", "أنا", "نفسي", "مريض", "مريضة", "مرضان", "تعبان", "تعبانة", "حمى", "زكام",
        "aniga", "anigu", "xanuunsan", "jiran", "buka", "bukaan", "qandho", "hargab",
        "я", "сам", "сама", "хворий", "хвора", "хворію", "захворів", "захворіла", "температура", "застуда",
        "من", "خودم", "مریض", "مریضم", "بیمار", "بیمارم", "تب", "سرماخوردگی", "سرما خوردم")


def canonical_number(text: str) -> str | None:
    folded = fold_any(text or "")
    digits = re.search(r"\d+", folded)
    if digits:
        return str(int(digits.group()))
    if folded in NUMBER_WORDS:
        return NUMBER_WORDS[folded]
    for word in folded.split():
        if word in NUMBER_WORDS:
            return NUMBER_WORDS[word]
    return None


def _mentions(folded: str, words: tuple[str, ...]) -> bool:
    padded = f" {folded} "
    return any(f" {fold_any(w)} " in padded or (len(w) > 4 and fold_any(w) in folded) for w in words)


def canonical_extent(text: str) -> str | None:
    folded = fold_any(text or "")
    if _mentions(folded, _PART):
        return "deltid"
    if _mentions(folded, _FULL):
        return "heltid"
    return None


def mentions_child(text: str) -> bool:
    """Whether a sick report in another language is about a child (Swedish "vab")."""
    return _mentions(fold_any(text or ""), _CHILD)


def mentions_own_illness(text: str) -> bool:
    """Whether an answer in another language says the jobseeker is sick themself ("me", "مريض", "я")."""
    return _mentions(fold_any(text or ""), _OWN)
