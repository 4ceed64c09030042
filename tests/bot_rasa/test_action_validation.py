"""The compiled validator of the action server's answers accepts and rejects what Rasa's did."""

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot import action_validation

VALID = {"events": [{"event": "slot", "name": "topic", "value": "search"}],
         "responses": [{"response": "utter_greet"}]}
INVALID = [{"events": "not a list"}, {"events": [{"no_event_key": 1}]}, {"responses": "not a list"}]


@pytest.fixture()
def action():
    return RemoteAction("action_search_jobs", None)


def test_a_valid_answer_passes_both_ways(action):
    assert RemoteAction._validate_action_result(action, VALID)
    assert action_validation.validate_action_result(action, VALID)


@pytest.mark.parametrize("answer", INVALID)
def test_an_invalid_answer_is_rejected_as_rasa_rejects_it(action, answer):
    with pytest.raises(jsonschema.ValidationError) as rasa_error:
        RemoteAction._validate_action_result(action, answer)
    with pytest.raises(jsonschema.ValidationError) as ours:
        action_validation.validate_action_result(action, answer)
    assert ours.value.message == rasa_error.value.message
    assert "Failed to validate Action server response" in ours.value.message


def test_install_replaces_rasa_s_method_and_checks_the_schema_once(action, monkeypatch):
    original = RemoteAction._validate_action_result
    checks = []
    action_validation._validator.cache_clear()
    validator_class = jsonschema.validators.validator_for(RemoteAction.action_response_format_spec())
    monkeypatch.setattr(validator_class, "check_schema", classmethod(lambda cls, schema: checks.append(1)))
    try:
        action_validation.install()
        for _ in range(5):
            assert action._validate_action_result(VALID)
    finally:
        RemoteAction._validate_action_result = original
        action_validation._validator.cache_clear()
    assert len(checks) == 1
