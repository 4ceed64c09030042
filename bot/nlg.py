"""Rasa NLG that answers in the jobseeker's language (endpoints.yml: `nlg: type: bot.nlg.MultilingualNLG`).

Why catalogues and not conditional variations in the domain: see docs/languages.md. In short, the
Swedish domain stays readable and owned by the feature engineers, each language lives in its own
folder (``bot/languages/<code>/*.yml``, same response names and shape as the domain), and a
missing translation falls back to Swedish instead of failing.

How a response is chosen: the language is the ``language=`` keyword an action passed with
``utter_message`` (needed right after a switch, when the slot event is not applied yet), else the
slot ``language``, else the default. The responses of that language's catalogue replace the
Swedish ones of the same name; everything else (channel variations, conditions, ``{slot}`` and
keyword interpolation) is Rasa's own templated generator.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from nlu import languages

logger = logging.getLogger(__name__)

LANGUAGE_SLOT = "language"
Responses = dict[str, list[dict[str, Any]]]


def load_catalogue(folder: Path) -> Responses:
    """All responses of one language folder; a name defined twice is an error (say where)."""
    responses: Responses = {}
    for path in sorted(folder.glob("*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, variations in (content.get("responses") or {}).items():
            if name in responses:
                raise ValueError(f"{path}: response {name} is already defined in another file")
            responses[name] = variations
    return responses


def load_catalogues(base: Path = languages.CATALOGUE_DIR) -> dict[str, Responses]:
    """{code: responses} for every configured language except the default (the domain is that)."""
    default = languages.default_code()
    return {code: load_catalogue(base / code) for code in languages.codes() if code != default}


class MultilingualNLG(TemplatedNaturalLanguageGenerator):
    """Templated generator with one response table per language, Swedish filling the gaps."""

    def __init__(self, endpoint_config: EndpointConfig | None = None,
                 domain: Domain | None = None, catalogues: dict[str, Responses] | None = None) -> None:
        super().__init__(domain.responses if domain else {})
        self.catalogues = load_catalogues() if catalogues is None else catalogues
        self._per_language = {
            code: TemplatedNaturalLanguageGenerator({**self.responses, **catalogue})
            for code, catalogue in self.catalogues.items()
        }
        logger.debug("MultilingualNLG: %s", {c: len(r) for c, r in self.catalogues.items()})

    def generator_for(self, language: str | None) -> TemplatedNaturalLanguageGenerator:
        return self._per_language.get(language or "", self)

    async def generate(self, utter_action: str, tracker: DialogueStateTracker, output_channel: str,
                       **kwargs: Any) -> dict[str, Any] | None:
        filled_slots = tracker.current_slot_values()
        language = kwargs.pop(LANGUAGE_SLOT, None) or filled_slots.get(LANGUAGE_SLOT)
        generator = self.generator_for(language)
        response = generator.generate_from_slots(utter_action, filled_slots, output_channel, **kwargs)
        if response is None and generator is not self:
            response = self.generate_from_slots(utter_action, filled_slots, output_channel, **kwargs)
        return response
