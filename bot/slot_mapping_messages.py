"""Let the custom slot-mapping actions speak.

Rasa 3.6 runs the custom slot-mapping actions before every prediction and keeps the SlotSet and
BotUttered events they return (ActionExtractSlots._run_custom_action), and the processor sends the
BotUttered ones to the channel; but the validation step in between
(ActionExtractSlots._execute_validation_action) keeps only the SlotSet events, so a message such as
"I'll answer in English from now on" or the privacy notice for a new jobseeker, said by
action_detect_language when the first message's language is known, never arrives.

`install()` makes the validation step keep those messages, in their order, before the slots.
It is installed by `bot.rasa_main`; nothing is patched merely by importing this module.
"""

from __future__ import annotations

from typing import Any

from rasa.core.actions.action import ActionExtractSlots
from rasa.shared.core.events import BotUttered


def install() -> None:
    """Wrap ActionExtractSlots._execute_validation_action once; calling this again changes nothing."""
    validate = ActionExtractSlots._execute_validation_action
    if getattr(validate, "_jobbcoach_keeps_messages", False):
        return

    async def validate_and_keep_messages(self: Any, extraction_events: list, *args: Any, **kwargs: Any) -> list:
        messages = [event for event in extraction_events if isinstance(event, BotUttered)]
        validated = await validate(self, extraction_events, *args, **kwargs)
        return messages + [event for event in validated if not isinstance(event, BotUttered)]

    validate_and_keep_messages._jobbcoach_keeps_messages = True  # type: ignore[attr-defined]
    ActionExtractSlots._execute_validation_action = validate_and_keep_messages  # type: ignore[method-assign]
