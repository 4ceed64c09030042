"""Personal data: tell new users once what is stored and why; delete it all on request.

Deleting is store.privacy.forget: every per-user table, the caseworkers' notes and tags, and the
chat history, which Rasa erases under the conversation's lock once this turn has been saved.
"""

from __future__ import annotations

import logging

from rasa_sdk.events import AllSlotsReset

from actions import clock
from actions.conversation import JobbcoachAction, ask, latest_text
from nlu.textnorm import normalise

logger = logging.getLogger(__name__)

PRIVACY_NOTICE = (
    "Bra att veta: jag sparar det som behövs för att hjälpa dig – dina mål, sparade jobb, sjukanmälningar, "
    "din profil om du ber mig spara den och vår chatt. Din handläggare kan se sjukanmälningar och om du vill "
    "prata med en människa. Jag sparar aldrig lösenord. Skriv ”ta med din profil” för att få ut allt, "
    "eller ”radera mina uppgifter” för att ta bort allt."
)
def wants_profile_only(text: str) -> bool:
    folded = normalise(text)
    return "profil" in folded and not any(w in folded for w in ("allt", "all ", "uppgifter", "konto", "data", "mig"))


class ActionAskDeleteData(JobbcoachAction):
    """'radera mina uppgifter': say exactly what goes, and ask before deleting anything."""

    def name(self) -> str:
        return "action_ask_delete_data"

    async def act(self, dispatcher, tracker, domain):
        buttons = [{"title": "Ja, radera", "payload": "/affirm"}, {"title": "Nej, behåll", "payload": "/deny"}]
        if wants_profile_only(latest_text(tracker)):
            dispatcher.utter_message(text="Vill du att jag raderar din sparade profil (texten och yrkena jag "
                                          "kände igen)? Det går inte att ångra.", buttons=buttons)
            return [ask("delete_profile")]
        dispatcher.utter_message(text="Vill du att jag raderar allt jag har sparat om dig – profil, mål, sparade "
                                      "jobb, sjukanmälningar, förfrågningar till handläggare och vår chatt? "
                                      "Det går inte att ångra.", buttons=buttons)
        return [ask("delete_all")]


def delete_all(dispatcher, tracker) -> list:
    from store.privacy import forget

    forget(tracker.sender_id, during_turn=True)
    dispatcher.utter_message(text="Klart. Jag har raderat allt jag hade sparat om dig, och vår chatt raderas "
                                  "så fort det här svaret är skickat. Välkommen tillbaka om du vill börja om.")
    return [AllSlotsReset()]


def delete_profile(dispatcher, tracker) -> list:
    from store.profiles import delete_profile as remove

    removed = remove(tracker.sender_id)
    dispatcher.utter_message(text="Klart, din profil är raderad." if removed else
                             "Du hade ingen sparad profil, så det fanns inget att radera.")
    return []


def show_privacy_notice_once(dispatcher, sender_id: str) -> bool:
    """The notice for a sender who has not seen it; remembered in the store (survives sessions)."""
    from store.jobseekers import ensure_jobseeker, mark_privacy_notice_shown, privacy_notice_due

    ensure_jobseeker(sender_id)
    if not privacy_notice_due(sender_id):
        return False
    dispatcher.utter_message(text=PRIVACY_NOTICE)
    mark_privacy_notice_shown(sender_id, clock.now())
    return True
