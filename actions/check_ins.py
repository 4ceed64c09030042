"""Check-ins that arrive: the coach plans a message for later, and says it when it is due.

Planning writes a row of the durable schedule (store.check_ins); the web app's scheduler
(web/check_ins.py) turns a due row of kind K into the external event EXTERNAL_K in this
conversation, and a rule runs one of the actions below (the weekly one is coaching's, in
actions/coaching.py). Each looks again, at delivery time, whether
the jobseeker still wants to hear from the coach: "sluta påminna mig" or an erasure in between
means silence.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import timedelta

from actions import clock
from actions.conversation import JobbcoachAction
from jobbcoach_settings import get_settings
from store import check_ins
from store.jobseekers import check_ins_allowed

WEEKLY = "weekly_check_in"
AFTER_INTERVIEW = "interview_follow_up"
AFTER_HANDOFF = "handoff_follow_up"
# Rasa's name for the widget's channel is "rest"; the schedule names channels as the push does.
CHANNEL_NAMES = {"rest": "web", None: "web"}


def channel_of(tracker) -> str:
    channel = tracker.get_latest_input_channel()
    return CHANNEL_NAMES.get(channel, channel)


def plan_weekly(tracker) -> None:
    """The next weekly check-in, a week from now (moved out of quiet hours by the schedule)."""
    check_ins.schedule(tracker.sender_id, WEEKLY, clock.now() + timedelta(days=7), channel_of(tracker))


def plan_follow_up(tracker, kind: str) -> None:
    """A gentle follow-up some days from now, unless the jobseeker asked the coach to stop."""
    if check_ins_allowed(tracker.sender_id):
        days = get_settings().check_in_follow_up_days
        check_ins.schedule(tracker.sender_id, kind, clock.now() + timedelta(days=days), channel_of(tracker))


class FollowUp(JobbcoachAction, ABC):
    """A follow-up some days after something the jobseeker did: said only if they still want to
    hear from the coach. Abstract (its response is the subclass's), so it is never registered."""

    @property
    @abstractmethod
    def response(self) -> str:
        """The domain response this follow-up says."""

    async def act(self, dispatcher, tracker, domain):
        if check_ins_allowed(tracker.sender_id):
            dispatcher.utter_message(response=self.response)
        return []


class ActionInterviewFollowUp(FollowUp):
    """A few days after a practice interview: did a real one come up, shall we practise again?"""

    response = "utter_interview_follow_up"

    def name(self) -> str:
        return "action_interview_follow_up"


class ActionHandoffFollowUp(FollowUp):
    """A few days after asking for a caseworker: did they get help, is there more to do here?"""

    response = "utter_handoff_follow_up"

    def name(self) -> str:
        return "action_handoff_follow_up"
