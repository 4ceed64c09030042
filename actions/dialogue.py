"""A short reply ('Umeå', 'snickare', '5') that no offer or topic explains.

What 'ja', 'nej' and short answers mean after the bot's offers and questions is decided by rules
conditioned on the slots `offer` and `topic` (bot/data/rules_offers.yml, rules_context.yml). This
action is only the rule for an `inform` without any such context: a place or an occupation starts a
search, a date or a sick type asks about a sick report, anything else gets the menu.
"""

from __future__ import annotations

from actions.conversation import JobbcoachAction, latest_entity, offer
from actions.job_search import ActionSearchJobs


class ActionAnswerInform(JobbcoachAction):
    """The most likely meaning of a bare answer with no question before it."""

    def name(self) -> str:
        return "action_answer_inform"

    async def act(self, dispatcher, tracker, domain):
        if latest_entity(tracker, "occupation") or latest_entity(tracker, "location"):
            return await ActionSearchJobs().act(dispatcher, tracker, domain)
        if latest_entity(tracker, "sick_type") or latest_entity(tracker, "date"):
            dispatcher.utter_message(response="utter_offer_sick_report")
            return [offer("report_sick")]
        dispatcher.utter_message(response="utter_unsure_menu")
        return []


class ActionForgetOffer(JobbcoachAction):
    """Ends a rule that answered an offer with a plain response ('nej' to a reminder): the offer is
    done, so a later 'ja' cannot take it up again. (JobbcoachAction clears the offer by itself.)"""

    def name(self) -> str:
        return "action_forget_offer"

    async def act(self, dispatcher, tracker, domain):
        return []
