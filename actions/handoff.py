"""Human handoff: queue a request with the reason for caseworkers, and say honestly what happens next."""

from __future__ import annotations

from actions import clock
from actions.conversation import JobbcoachAction, clear_question, latest_text

NEXT_STEPS = ("En handläggare ser din förfrågan i sin kö och svarar dig här i chatten, oftast inom en arbetsdag "
              "(vardagar). Du behöver inte vänta kvar – svaret finns här när du kommer tillbaka. Är det bråttom kan "
              "du ringa Arbetsförmedlingen på 0771-416 416.")


def recent_topics(tracker, limit: int = 3) -> list[str]:
    """The intents of the last few messages: context for the caseworker when no reason is given."""
    topics: list[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if name and name not in topics and name != "human_handoff":
                topics.append(name)
            if len(topics) >= limit:
                break
    return topics


class ActionRequestHandoff(JobbcoachAction):
    """Records the request (one open request per person: a second one adds to the reason)."""

    def name(self) -> str:
        return "action_request_handoff"

    async def act(self, dispatcher, tracker, domain):
        from store.handoffs import request_handoff

        reason = latest_text(tracker)
        topics = recent_topics(tracker)
        if topics:
            reason = (reason + "\n" if reason else "") + "Samtalet handlade om: " + ", ".join(topics)
        _, is_new = request_handoff(tracker.sender_id, reason or None, clock.now())
        if is_new:
            dispatcher.utter_message(text=f"Självklart, jag har bett en handläggare att kontakta dig. {NEXT_STEPS} "
                                          "Under tiden hjälper jag gärna till med annat.")
        else:
            dispatcher.utter_message(text="Du står redan i kön till en handläggare, och jag har lagt till det du "
                                          f"skrev. {NEXT_STEPS}")
        return [clear_question()]
