"""The dialogue suite: multi-turn conversations covering every flow, with expectations on every reply.

Written for this suite, apart from the NLU training data (other wordings than nlu/data), including
the failure kinds of issue 17: follow-ups after a search or a demand answer, changes of mind,
"ja" to the bot's own offers, questions about listed ads, questions inside the practice interview,
colloquial dates, privacy questions, capabilities, criticism.
"""

from __future__ import annotations

from itertools import cycle

from tests.dialogue.dsl import Conversation, turn

# Patterns shared by the variations of a response.
HITS = r"lediga jobb|ledigt jobb|nummer \d+–\d+|finns det \d+|hittade \d+"
GOODBYE = r"Hej då|Ha det bra|Vi hörs"
SAVED = r"Sparat|sparat"
MENU_ONLY = r"Vad vill du göra\?$"
DEMAND = r"flest annonser|söks mest|senaste 90 dagarna"
ASK_WHAT = r"Vad för slags jobb|Vilket slags jobb"
PRIVACY = r"sparar|Vad:|handläggare"
CONFIRM_DELETE = r"raderar allt|raderar din sparade profil"
FIRST_QUESTION = r"Fråga 1 av 5"
CRITICISM = r"Förlåt|Tack för att du säger|rätt i"
FEELING = r"tungt|nej-svar|jobbigt|dålig dag"
CAPABILITIES = r"söka lediga jobb|leta jobb åt dig"

CITIES = ["Malmö", "Göteborg", "Stockholm", "Umeå", "Linköping"]
# Occupations with open ads in every city of the test index (tests/conftest.py), so a search lists ads.
OCCUPATIONS = ["sjuksköterska", "undersköterska", "kock"]
# (occupation, a city of the test index where it has open ads)
FOUND = [("sjuksköterska", "Linköping"), ("undersköterska", "Umeå"), ("kock", "Malmö"), ("lärare", "Göteborg"),
         ("städare", "Stockholm"), ("säljare", "Malmö"), ("frisör", "Stockholm"), ("busschaufför", "Malmö"),
         ("elektriker", "Göteborg"), ("snickare", "Stockholm")]

CONVERSATIONS: list[Conversation] = []


def add(name: str, flow: str, *turns) -> None:
    CONVERSATIONS.append(Conversation(name, flow, tuple(turns)))


# --- small talk, capabilities, criticism, out of scope ---------------------------------------------
for i, (hello, thanks, bye) in enumerate([
        ("hej", "tack", "hej då"), ("hejsan!", "tack så mycket", "ha det bra"),
        ("god morgon", "tackar", "vi hörs"), ("tjena", "tack för hjälpen", "hejdå"),
        ("hallå där", "stort tack", "bye")]):
    add(f"small talk {i}", "smalltalk",
        turn(hello, r"Jobbcoach", buttons=(r"Söka jobb",)),
        turn(thanks, r"Varsågod|Så lite|Ingen orsak"),
        turn(bye, GOODBYE))

for i, question in enumerate(["vad kan du hjälpa mig med?", "vad kan du göra?", "vad kan du hjälpa till med då",
                              "vad kan du egentligen göra", "vilka saker kan du hjälpa mig med",
                              "vad kan jag använda dig till?", "va kan du göra"]):
    add(f"capabilities {i}", "capabilities",
        turn(question, CAPABILITIES, lacks=r"jag är en chattbot|Jag är en chattbot"))

for i, insult in enumerate(["du är värdelös", "du fattar ju ingenting", "det där var inte alls det jag frågade",
                            "vilken dålig bot", "du svarar fel hela tiden", "du förstår inte vad jag skriver"]):
    add(f"criticism {i}", "criticism", turn(insult, CRITICISM, lacks=FEELING))

for i, feeling in enumerate(["jag får bara nej hela tiden", "jag orkar inte söka mer jobb, det är så tungt",
                             "känner mig så misslyckad, ingen vill anställa mig"]):
    add(f"feeling down {i}", "coaching", turn(feeling, FEELING + r"|Tack för att du berättar"))

for i, question in enumerate(["är du en robot?", "pratar jag med en människa"]):
    add(f"bot challenge {i}", "smalltalk", turn(question, r"chattbot|datorprogram"))

for i, question in enumerate(["vad blir det för väder imorgon", "kan du beställa en pizza åt mig",
                              "vem vann melodifestivalen"]):
    add(f"out of scope {i}", "smalltalk", turn(question, r"tyvärr|kan bara"), )

# --- job search, follow-ups that keep the topic ------------------------------------------------------
pairs = list(zip(cycle(OCCUPATIONS), [(a, b) for a in CITIES for b in CITIES if a != b]))
for i, (occupation, (first, second)) in enumerate(pairs[:16]):
    follow_up = [f"och i {second} då?", f"i {second} då", f"och {second}?", f"finns det nåt i {second.lower()}?",
                 f"hur ser det ut i {second}"][i % 5]
    add(f"search then follow-up place {i}", "search_follow_up",
        turn(f"jobb som {occupation} i {first}", HITS, ads=True),
        turn(follow_up, second, ads=True, lacks=GOODBYE))

for i, (text, city) in enumerate([("jobb med djur", "Uppsala"), ("jobb där jag får jobba med människor", "Malmö"),
                                  ("jobb utomhus", "Göteborg"), ("jobb med datorer", "Stockholm"),
                                  ("jobb inom ekonomi", "Umeå")]):
    add(f"free text search then place {i}", "search_follow_up",
        turn(f"jag söker {text}", HITS + r"|inga lediga jobb"),
        turn(f"finns det nåt i {city.lower()}?", city, lacks=ASK_WHAT + "|" + GOODBYE))

for i, (occupation, city) in enumerate(FOUND):
    add(f"search, more, refine {i}", "search",
        turn(f"finns det lediga jobb som {occupation} i {city}?", HITS, ads=True),
        turn("visa fler", r"nummer \d+–\d+|alla|bredda", lacks=GOODBYE),
        turn("bara heltid", r"heltid"))

for i, city in enumerate(CITIES + CITIES[:1]):
    add(f"bare occupation after a search {i}", "search_follow_up",
        turn(f"jobb i {city}", HITS, ads=True),
        turn(f"{OCCUPATIONS[i % len(OCCUPATIONS)]} istället", city, ads=True))

for i, (start, answer) in enumerate([("jag söker jobb", "sjuksköterska"), ("kan du hitta jobb åt mig", "kock"),
                                     ("jag vill ha ett jobb", "undersköterska i Malmö"),
                                     ("hjälp mig hitta jobb", "frisör")]):
    add(f"bot asks what, answer searches {i}", "search",
        turn(start, ASK_WHAT),
        turn(answer, HITS, ads=True))

for i, start in enumerate(["jag söker jobb i Göteborg", "lediga jobb i Malmö tack"]):
    add(f"place first then occupation {i}", "search",
        turn(start, HITS + "|" + ASK_WHAT),
        turn("kock", r"kock|Kock", ads=True))

# --- changes of mind ---------------------------------------------------------------------------------
for i, (first, change, expect) in enumerate([
        ("jobb som kock i Malmö", "nej förresten, jag vill hellre köra buss", r"buss"),
        ("lagerjobb i Göteborg", "äh glöm det, jag vill jobba som snickare istället", r"snickare"),
        ("jobb som städare i Stockholm", "nej vänta, jag vill hellre bli undersköterska", r"undersköterska"),
        ("säljare i Umeå", "förresten, jag vill hellre jobba som lärare", r"lärare"),
        ("jag söker jobb", "nej förresten, jag vill hellre köra buss", r"buss"),
        ("kock i Linköping", "jag har ändrat mig, visa jobb som elektriker", r"elektriker")]):
    add(f"change of mind {i}", "change_of_mind",
        turn(first),
        turn(change, expect, lacks=r"Okej! Säg till om det är något annat|Inga problem\. Hör av dig"))

# --- the bot's offer to widen -----------------------------------------------------------------------
for i, (occupation, city) in enumerate([("busschaufför", "Malmö"), ("elektriker", "Göteborg"),
                                        ("snickare", "Stockholm"), ("kock", "Linköping"), ("frisör", "Malmö")]):
    add(f"widen offer taken {i}", "widen",
        turn(f"jobb som {occupation} i {city}", ads=True),
        turn("visa fler", r"breddar|bredda"),
        turn(["ja", "ja gärna", "ja tack", "okej", "gör det"][i], r"finns det|hittade|kan inte bredda",
             lacks=r"Vad vill du göra\?$"))

# --- questions about listed ads --------------------------------------------------------------------
AD_QUESTIONS = [
    ("när är sista ansökningsdag för nummer 1?", r"nummer 1", r"Sista ansökningsdag för nummer 1|till och med|ingen sista"),
    ("vem är arbetsgivaren för den andra", r"nummer 2", r"Arbetsgivaren|är hos|säger inte vilken"),
    ("hur söker jag det sista jobbet", r"nummer \d", r"söker nummer|Ansökan till nummer"),
    ("vad krävs för nummer 3?", r"nummer 3", r"söker de|vill arbetsgivaren|inga tydliga krav"),
    ("var ligger nummer 2?", r"nummer 2", r"ligger i"),
    ("är nummer 1 heltid eller deltid", r"nummer 1", r"heltid|deltid|omfattning|inte angiven"),
    ("kan du ge mig länken till den första", r"nummer 1", r"https?://"),
    ("berätta mer om nummer 2", r"nummer 2", r"Arbetsgivare:"),
    ("när stänger ansökan för tvåan", r"nummer 2", r"till och med|Sista ansökningsdag|ingen sista"),
    ("vilket företag är nummer 4", r"nummer 4", r"Arbetsgivaren|är hos|säger inte"),
]
for i, (question, which, answer) in enumerate(AD_QUESTIONS):
    city = CITIES[i % len(CITIES)]
    add(f"question about a listed ad {i}", "ad_questions",
        turn(f"lediga jobb i {city}", HITS, ads=True),
        turn(question, which, answer, lacks=SAVED))

for i, city in enumerate(CITIES):
    add(f"ask then save {i}", "ad_questions",
        turn(f"jobb som sjuksköterska i {city}", HITS, ads=True),
        turn("vem är arbetsgivare för nummer 2?", r"nummer 2", lacks=SAVED),
        turn("och när är sista dagen att söka?", r"nummer 2", lacks=SAVED),
        turn("spara nummer 2", SAVED),
        turn("visa mina sparade jobb", r"sparade jobb \(1\)", ads=True))

for i, city in enumerate(CITIES[:3]):
    add(f"save without a list {i}", "ad_questions",
        turn("spara nummer 2", r"Sök först"),
        turn(f"jobb som kock i {city}", ads=True),
        turn("spara nummer 9", r"inget nummer 9"))

# --- labour demand and its follow-ups ---------------------------------------------------------------
for i, (first, second) in enumerate([("Umeå", "malmo"), ("Linköping", "Göteborg"), ("Malmö", "Stockholm"),
                                     ("Göteborg", "Umeå"), ("Stockholm", "linköping")]):
    follow = [f"och i {second}?", f"och i {second} då?", f"{second} då", f"än i {second}?",
              f"hur ser det ut i {second}"][i]
    add(f"demand then place {i}", "demand",
        turn(f"vilka yrken söks i {first}?", DEMAND, first),
        turn(follow, DEMAND, ads=False, lacks=GOODBYE))

for i, region in enumerate(["Skåne", "Västra Götaland", "Stockholms län", "Västerbotten"]):
    add(f"demand per region {i}", "demand",
        turn([f"vad finns det mest av i {region}?", f"vilka jobb söks mest i {region}",
              f"vad behövs det folk till i {region}", f"vilka yrken är efterfrågade i {region}"][i], DEMAND,
             lacks=r"som matchar ”mest"))

for i, city in enumerate(["Malmö", "Göteborg", "Stockholm"]):
    add(f"demand then yes to a search {i}", "demand",
        turn(f"vilka yrken behövs i {city}", DEMAND),
        turn("ja", HITS, ads=True))

for i, city in enumerate(["Umeå", "Linköping"]):
    add(f"demand asks where {i}", "demand",
        turn("vilka yrken söks mest just nu?", r"Vilken ort|Var vill du"),
        turn(city, DEMAND, city))

# --- labour-market insight (issue 16): groups and skills of a place, where an occupation's ads are,
# an occupation's skills in a county; each follow-up keeps the other half of the question
INSIGHT_OVERVIEW = r"söker arbetsgivare i|finns bara \d+ annonser"
INSIGHT_PLACES = r"Flest annonser för"
INSIGHT_SKILLS = r"efterfrågas det här oftast|för få annonser för"
for i, (first, second) in enumerate([("Umeå", "Göteborg"), ("Linköping", "Malmö"), ("Göteborg", "Stockholm")]):
    ask = [f"vad letar arbetsgivarna efter i {first} nu?", f"vad vill arbetsgivare ha i {first} just nu",
           f"vad e det för jobb som söks i {first} detta kvartal"][i]
    add(f"insight of a place, then another place {i}", "insight",
        turn(ask, INSIGHT_OVERVIEW, first, lacks=r"som matchar ”"),
        turn([f"och i {second} då?", f"{second} då?", f"hur är det i {second}"][i], second, ads=False,
             lacks=GOODBYE))

for i, occupation in enumerate(["undersköterska", "kock", "lagerarbetare"]):
    ask = [f"var i landet finns flest jobb som {occupation}?", f"vart finns det mest jobb för {occupation}",
           f"i vilka kommuner söks det {occupation}"][i]
    add(f"insight where an occupation is asked for {i}", "insight",
        turn(ask, INSIGHT_PLACES, lacks=(GOODBYE, r"som matchar ”")))

for i, (occupation, region, other) in enumerate([("sjuksköterskor", "Skåne", "kockar"),
                                                 ("undersköterskor", "Stockholms län", "lärare"),
                                                 ("lagerarbetare", "Västra Götaland", "städare")]):
    ask = [f"vilka kompetenser vill de ha av {occupation} i {region}?",
           f"vad för kunskaper efterfrågas för {occupation} i {region}",
           f"vad måste man kunna som {occupation} i {region}?"][i]
    add(f"insight of an occupation's skills in a county {i}", "insight",
        turn(ask, INSIGHT_SKILLS, region),
        turn(f"och för {other}?", INSIGHT_SKILLS, region, lacks=GOODBYE))

# --- practice interview ------------------------------------------------------------------------------
STAR = ("På mitt förra jobb på ett lager var det kaos inför jul. Min uppgift var att få ut alla order i tid. "
        "Jag tog initiativ och planerade om plockningen i zoner. Det ledde till att vi blev klara två dagar tidigare.")
for i, (start, clarify) in enumerate([("kan vi öva på en intervju", "vad menar du?"),
                                      ("jag vill öva intervju", "jag förstår inte frågan"),
                                      ("öva intervju", "hur menar du"),
                                      ("kan du intervjua mig", "kan du förklara frågan"),
                                      ("träna på intervjufrågor", "vad menar du med det")]):
    add(f"practice: clarification is explained {i}", "practice",
        turn(start, FIRST_QUESTION),
        turn(clarify, r"en minut|kort bild|jobbsammanhang", lacks=r"Fråga 2 av 5|STAR:"),
        turn("Jag heter Sara och har jobbat i butik i tre år, där jag hade ansvar för kassan.", r"STAR:",
             r"Fråga 2 av 5"))

for i, non_answer in enumerate([".", "ok", "?", "asdf", "...", "hmm"]):
    add(f"practice: non-answer asked again {i}", "practice",
        turn("öva intervju", FIRST_QUESTION),
        turn(non_answer, r"inget riktigt svar|lite kort", FIRST_QUESTION, lacks=r"Fråga 2 av 5|Tack för svaret"))

add("practice: dont know gets a hint", "practice",
    turn("öva intervju", FIRST_QUESTION),
    turn("vet inte", r"Ingen fara|Helt okej", lacks=r"Fråga 2 av 5"))

add("practice: STAR feedback names what is there and what lacks", "practice",
    turn("öva intervju", FIRST_QUESTION),
    turn("Jag är social och gillar människor.", r"S – · T – · A – · R –", r"Tips:"),
    turn(STAR, r"S ✓ · T ✓ · A ✓ · R ✓", r"Fråga 3 av 5"))

add("practice: whole interview with summary", "practice",
    turn("öva intervju", FIRST_QUESTION),
    turn(STAR, r"Fråga 2 av 5"),
    turn("Jag vill jobba här för att ni har bra rykte och jag gillar logistik, jag har jobbat på lager i två år.",
         r"Fråga 3 av 5"),
    turn(STAR, r"Fråga 4 av 5"),
    turn(STAR, r"Fråga 5 av 5"),
    turn(STAR, r"5 frågor|frågor besvarade"))

for i, stop in enumerate(["avbryt", "jag vill sluta", "sluta"]):
    add(f"practice: stopped {i}", "practice",
        turn("öva intervju", FIRST_QUESTION),
        turn(STAR, r"Fråga 2 av 5"),
        turn(stop, r"avbryter|slutar öva"),
        turn("hej", r"Jobbcoach"))

add("practice: for the occupation searched", "practice",
    turn("jobb som kock i Malmö", ads=True),
    turn("kan vi öva intervju", r"kock", FIRST_QUESTION))

add("practice: a human asked for inside it", "practice",
    turn("öva intervju", FIRST_QUESTION),
    turn("jag vill prata med en människa", r"handläggare", FIRST_QUESTION))

# --- CV and interview help with fitting follow-ups ---------------------------------------------------
for i, question in enumerate(["hur skriver jag ett bra cv?", "hur långt ska cvt vara", "ska jag ha bild på cv:t"]):
    add(f"cv help then yes to matching {i}", "cv_help",
        turn(question, r"matchar din erfarenhet|vilka lediga jobb det passar|din erfarenhet passar"),
        turn("ja", r"Berätta om dig själv|Beskriv din erfarenhet"))

for i, question in enumerate(["hur skriver man ett personligt brev", "vad ska stå i personligt brev"]):
    add(f"cover letter then yes to a search {i}", "cv_help",
        turn(question, r"brevet|brev"),
        turn("ja", ASK_WHAT + "|" + HITS))

add("no experience then a search", "cv_help",
    turn("jag har ingen erfarenhet, vad skriver jag i cv", r"Många jobb kräver ingen erfarenhet|utan lång erfarenhet"),
    turn("ja", HITS + r"|inga lediga jobb"))

for i, question in enumerate(["jag ska på intervju imorgon, tips?", "hur förbereder jag mig inför en intervju",
                              "vad ska jag ha på mig på intervjun"]):
    add(f"interview help then practice {i}", "interview_help",
        turn(question, r"öva|Öva|intervjuare"),
        turn("ja", FIRST_QUESTION))

add("cv follow-ups vary", "cv_help",
    turn("hur skriver jag ett bra cv?", r"matchar|passar"),
    turn("nej", r"en annan gång|finns kvar"),
    turn("hur skriver man personligt brev", r"brev"),
    turn("nej", r"söka|redo"))

# --- sick report with colloquial dates --------------------------------------------------------------
for i, (start, kind, since, back, expect_from, expect_back) in enumerate([
        ("jag är sjuk", None, "sedan i måndags", "om en vecka", r"måndag 23 nov", r"fredag 4 dec"),
        ("jag vill sjukanmäla mig", "jag själv", "från och med 30 november", "om 2 veckor", r"30 nov", r"11 dec"),
        ("jag är sjuk idag", None, None, "vet inte", r"i ?dag", r"Tillbaka: –"),
        ("jag vabbar", None, "sen igår", "om 3 dagar", r"i ?går", r"30 nov"),
        ("sjukanmälan", "mitt barn är sjukt", "i tisdags", "på måndag", r"tisdag 24 nov", r"måndag 30 nov"),
        ("jag är förkyld och kan inte komma", None, "sedan i onsdags", "tisdag", r"onsdag 25 nov", r"tisdag 1 dec"),
        ("jag vill anmäla frånvaro", "jag är sjuk själv", "i förrgår", "i morgon", r"onsdag 25 nov", r"i morgon")]):
    turns = [turn(start, r"anmäla frånvaro|sjukanmälan")]
    if kind:
        turns.append(turn(kind, r"Från vilket datum"))
    if since:
        turns.append(turn(since, r"tillbaka", lacks=r"kunde inte läsa"))
    turns.append(turn(back, r"aktivitet|möte", lacks=r"kunde inte läsa"))
    turns.append(turn("inget", r"Stämmer det här", expect_from, expect_back))
    turns.append(turn("ja", r"kvittonummer"))
    add(f"sick report with dates {i}", "sick_report", *turns)

for i, answer in enumerate(["jag själv, sedan i måndags", "mitt barn är sjukt sen igår"]):
    add(f"sick report: who and since when in one answer {i}", "sick_report",
        turn("jag vill sjukanmäla mig", r"anmäla frånvaro|sjukanmälan"),
        turn(answer, r"tillbaka", lacks=r"Från vilket datum|kunde inte läsa"))

add("sick report: unreadable date then a good one", "sick_report",
    turn("jag är sjuk", r"anmäla frånvaro|sjukanmälan"),
    turn("blå", r"kunde inte läsa"),
    turn("igår", r"tillbaka", lacks=r"kunde inte läsa"))

for i, (change, expect) in enumerate([("nej förresten, jag vill söka jobb som kock i Malmö", HITS),
                                      ("vad sparar ni om mig?", PRIVACY),
                                      ("avbryt", r"avbryter sjukanmälan"),
                                      ("vad kan du hjälpa mig med?", CAPABILITIES),
                                      ("jag vill öva intervju istället", FIRST_QUESTION)]):
    add(f"sick report interrupted {i}", "sick_report",
        turn("jag är sjuk", r"anmäla frånvaro|sjukanmälan"),
        turn(change, expect))

add("sick report: digression then the form goes on", "sick_report",
    turn("jag är sjuk", r"Från vilket datum"),
    turn("vem kan se mina uppgifter?", PRIVACY, r"Från vilket datum"),
    turn("idag", r"tillbaka"))

add("my sick reports", "sick_report", turn("visa mina sjukanmälningar", r"inga sjukanmälningar|Dina sjukanmälningar"))

# --- privacy: questions answered, deletion only when asked and confirmed -----------------------------
for i, question in enumerate(["vad sparar ni om mig?", "vem kan se det jag skriver?", "hur länge sparas mina uppgifter",
                              "varför sparar ni saker om mig", "hur får jag ut mina uppgifter", "delar ni min data",
                              "sparas chatten?"]):
    add(f"privacy question {i}", "privacy",
        turn("hej", r"Jobbcoach"),  # a new jobseeker first hears the short notice; the answer comes after
        turn(question, r"Vad:|Varför|Bra fråga", lacks=CONFIRM_DELETE + r"|Klart\. Jag har raderat"))

add("delete asked, then no", "privacy",
    turn("radera mina uppgifter", r"raderar allt", r"går inte att ångra"),
    turn("nej", r"raderar ingenting|inget raderas"),
    turn("ja", lacks=r"raderat"))
add("delete asked and confirmed", "privacy",
    turn("jag vill att ni tar bort allt om mig", r"raderar allt"),
    turn("ja", r"raderat allt"))
add("delete profile asked and confirmed", "privacy",
    turn("radera min profil", r"raderar din sparade profil"),
    turn("ja", r"profil"))
add("stale delete offer", "privacy",
    turn("radera mina uppgifter", r"raderar allt"),
    turn("jobb som kock i Malmö", ads=True),
    turn("ja", lacks=r"raderat"))
add("export", "privacy", turn("ta med min profil", r"inget sparat|JSON"))

# --- goals and reminders ------------------------------------------------------------------------------
for i, (start, number) in enumerate([("jag vill sätta ett mål", "5"), ("sätt ett veckomål", "tre"),
                                     ("jag vill ha ett veckomål", "10"), ("jag vill ha ett mål", "4")]):
    add(f"goal asked then number {i}", "goals",
        turn(start, r"Hur många"),
        turn(number, r"ansökningar den här veckan"),
        turn("nej", r"ingen påminnelse"),
        turn("ja", lacks=r"påminner dig|hör av mig om en vecka"))

add("goal then yes to reminders, then stop them", "goals",
    turn("mitt mål är att söka 6 jobb i veckan", r"6 ansökningar"),
    turn("ja", r"om en vecka"),
    turn("sluta påminna mig", r"slutar påminna"))

add("goal then progress", "goals",
    turn("jag vill söka 5 jobb den här veckan", r"5 ansökningar"),
    turn("nej tack", r"ingen påminnelse"),
    turn("jag har sökt 2 jobb", r"2 av 5"))

add("progress asked", "goals",
    turn("jag har sökt jobb", r"Bra|bra|Snyggt|noterat"))

add("goal: no after the number question", "goals",
    turn("jag vill sätta ett mål", r"Hur många"),
    turn("nej", r"annan gång"))

# --- profile match ------------------------------------------------------------------------------------
EXPERIENCE = ("Jag har jobbat fem år på lager med truck och orderplock, och två år i butik i kassan. "
              "Jag har B-körkort och truckkort.")
add("profile match, saved", "profile",
    turn("vilka jobb passar mig", r"Berätta om dig själv|Beskriv din erfarenhet"),
    turn(EXPERIENCE, r"passar", ads=True),
    turn("ja", r"Sparat"))
add("profile match, not saved", "profile",
    turn("matcha min erfarenhet mot jobb", r"Berätta om dig själv|Beskriv din erfarenhet"),
    turn(EXPERIENCE, ads=True),
    turn("nej", r"sparar ingenting"))
add("profile match stopped", "profile",
    turn("vilka jobb passar mig", r"Berätta om dig själv|Beskriv din erfarenhet"),
    turn("avbryt", r"låter matchningen vara"))

# --- handoff ------------------------------------------------------------------------------------------
for i, ask in enumerate(["jag vill prata med en människa", "kan jag få prata med min handläggare",
                         "koppla mig till en person"]):
    add(f"handoff {i}", "handoff", turn(ask, r"handläggare"))

# "har min handläggare svarat?" (issue 18): before any request, and while one waits in the queue
for i, (ask, status) in enumerate([("har handläggaren hört av sig nåt?", "har någon handläggare svarat mig"),
                                   ("har jag fått nåt svar från min handläggare", "väntar fortfarande, har nån svarat?")]):
    add(f"handoff status {i}", "handoff",
        turn(ask, r"ingen förfrågan"),
        turn("jag vill prata med en handläggare", r"handläggare"),
        turn(status, r"väntat i handläggarnas kö", lacks=r"ingen förfrågan"))

# --- stale and missing offers -----------------------------------------------------------------------
add("yes without an offer gets the menu", "offers", turn("ja", r"Vad vill du göra|Vad ska vi göra"))
add("no without an offer", "offers", turn("nej", r"annat|Hör av dig"))
add("stale reminder offer", "offers",
    turn("mitt mål är 5 jobb", r"påminner dig|höra av mig"),
    turn("vilka yrken söks i Malmö", DEMAND),
    turn("nej tack", lacks=r"ingen påminnelse"))

# --- more wordings of the failure kinds of issue 17 ---------------------------------------------------
MORE_AD_QUESTIONS = [
    ("vad är sista dagen att söka nummer 3", r"nummer 3"),
    ("vilken arbetsgivare har den första?", r"nummer 1"),
    ("hur ansöker jag till nummer 2", r"nummer 2"),
    ("vad kräver de för den fjärde", r"nummer 4"),
    ("länk till nummer 5", r"nummer 5"),
    ("vart ligger jobbet nummer 1", r"nummer 1"),
    ("mer info om trean", r"nummer 3"),
    ("när går ansökningstiden ut för nummer 2?", r"nummer 2"),
]
for i, (question, which) in enumerate(MORE_AD_QUESTIONS):
    add(f"another question about a listed ad {i}", "ad_questions",
        turn(f"lediga jobb som sjuksköterska i {['Stockholm', 'Malmö', 'Göteborg'][i % 3]}", HITS, ads=True),
        turn(question, which, lacks=SAVED))

for i, (occupation, city, follow) in enumerate([
        ("kock", "Göteborg", "och i malmo?"), ("lärare", "Malmö", "i göteborg då?"),
        ("sjuksköterska", "Umeå", "och i stockholm då"), ("undersköterska", "Linköping", "finns det något i umea")]):
    add(f"follow-up without diacritics {i}", "search_follow_up",
        turn(f"jobb {occupation} {city}", HITS, ads=True),
        turn(follow, r"Malmö|Göteborg|Stockholm|Umeå", ads=True, lacks=GOODBYE))

for i, city in enumerate(["Malmö", "Göteborg", "Umeå"]):
    add(f"demand, a bare place, then a search {i}", "demand",
        turn("vilka yrken söks mest i Stockholm?", DEMAND),
        turn(city, DEMAND, city),
        turn(f"jobb som sjuksköterska i {city}", HITS, ads=True),
        turn("och i Linköping då?", r"Linköping", ads=True))

for i, (occupation, change) in enumerate([("sjuksköterska", "nej förresten, hellre kock"),
                                          ("kock", "nä, jag vill hellre jobba som undersköterska"),
                                          ("undersköterska", "glöm det, visa jobb som frisör istället")]):
    add(f"change of mind keeps the place {i}", "change_of_mind",
        turn(f"jobb som {occupation} i Malmö", HITS, ads=True),
        turn(change, r"kock|undersköterska|frisör", r"Malmö", ads=True))

for i, (offer_turn, pattern) in enumerate([("jag vill sätta ett mål på 5 jobb", r"påminner dig|höra av mig"),
                                           ("radera min profil", r"raderar din sparade profil")]):
    add(f"an offer is forgotten after another topic {i}", "offers",
        turn(offer_turn, pattern),
        turn("hur skriver jag ett bra cv?", r"CV|cv"),
        turn("nej", lacks=r"ingen påminnelse|raderar ingenting"))

for i, text in enumerate(["hej! vad kan du hjälpa mig med?", "vad kan du hjälpa mig med förutom jobb"]):
    add(f"capabilities in longer words {i}", "capabilities", turn(text, CAPABILITIES))

add("ads payload shape", "search",
    turn("jobb som sjuksköterska i Göteborg", HITS, ads=True),
    turn("spara nummer 1", SAVED))

# --- coaching that reaches out: job alerts, the activity log and report, follow-ups ----------------
ALERT_MADE = r"bevakar nya jobb|bevakar redan"
ACTIVITY_SAVED = r"Sparat|Noterat"
for i, (ask, what) in enumerate([("kan du hålla koll på städjobb i Stockholm åt mig", r"Stockholm"),
                                 ("jag vill att du säger till när det finns nya jobb som kock i Malmö", r"Malmö"),
                                 ("bevaka undersköterska umeå", r"Umeå")]):
    add(f"job alert made, listed and stopped {i}", "alerts",
        turn(ask, ALERT_MADE, what),
        turn("vilka bevakningar har jag nu?", r"bevakar nya jobb|bevakningar", what),
        turn("sluta bevaka det", r"slutar bevaka|tagit bort|Vilken bevakning"))

add("job alert without a kind of job asks what", "alerts",
    turn("jag vill ha en jobbevakning", r"Vad vill du att jag ska bevaka|bevakar nya jobb"))

for i, (done, pattern) in enumerate([("idag sökte jag jobb som undersköterska på Sahlgrenska", r"Sahlgrenska"),
                                     ("jag hade intervju hos Coop igår", r"Coop"),
                                     ("jag ringde Bravida och frågade om lediga jobb", r"Bravida")]):
    add(f"an activity is logged, then listed {i}", "activities",
        turn(done, ACTIVITY_SAVED, pattern),
        turn("vad har jag gjort hittills den här månaden?", r"har du gjort", pattern))

add("activity report asked for", "activities",
    turn("jag sökte jobb som kock på Hav Krog i måndags", ACTIVITY_SAVED),
    turn("kan jag få ett utkast till aktivitetsrapporten?", r"utkast|aktivitetsrapport"))
