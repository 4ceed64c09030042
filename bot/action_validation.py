"""Validate the action server's answers with one compiled JSON schema validator.

Rasa 3.6 checks every answer of the action server with `jsonschema.validate(result, spec)`, which
first checks the *schema itself* against the JSON Schema meta-schema and builds a new validator —
on every call of every action. py-spy on the Rasa server during the dialogue suite put that at 6 %
of the process's time per message. The schema never changes, so it is checked and compiled once
here; an invalid answer still raises the same `ValidationError` with Rasa's explanation.

Installed by `bot.rasa_main`; nothing is patched merely by importing this module.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _validator():
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    spec = RemoteAction.action_response_format_spec()
    cls = validator_for(spec)
    cls.check_schema(spec)  # once, as jsonschema.validate would on every call
    return cls(spec)


def validate_action_result(self, result: dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result with the compiled validator (same errors)."""
    from jsonschema import ValidationError, exceptions
    from rasa.shared.constants import DOCS_BASE_URL

    error = exceptions.best_match(_validator().iter_errors(result))
    if error is None:
        return True
    if isinstance(error, ValidationError):
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions")
    raise error


def install() -> None:
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = validate_action_result
