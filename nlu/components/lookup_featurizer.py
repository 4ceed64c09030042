"""Rasa graph component: Rasa's RegexFeaturizer with each lookup table compiled as a trie.

Why: Rasa turns a lookup table into one alternation, ``\\b(kock|kocken|...)\\b``, and Python's
``re`` tries every alternative at every position of a message. The occupation table holds some
22,000 spellings, so featurizing one message took ~30 ms, which was four minutes of every training
(7,900 examples) and a third of the NLU time of every message in production. The same entries as a
trie, ``\\b(?:k(?:ock(?:en|ar)?|...)|...)\\b``, fail on the first letter that leads nowhere: the
entries matched are the same (an entry that is a prefix of a longer one yields to the longer one,
which is what a lookup feature should mark), measured in reports/nlu/lookup-trie.md.

Everything else (regexes from nlu/data/regex.yml, the features, persistence, loading) is Rasa's.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.regex_featurizer import RegexFeaturizer
from rasa.nlu.utils import pattern_utils
from rasa.shared.nlu.training_data.training_data import TrainingData

_END = ""  # the trie key that marks "an entry ends here"


def trie_pattern(entries: Iterable[Text], word_boundaries: bool = True, fold_case: bool = True) -> Text:
    """One regex that matches exactly the given entries, as a trie of their characters."""
    trie: Dict[Text, Any] = {}
    for entry in entries:
        if not entry:
            continue
        node = trie
        for char in entry.lower() if fold_case else entry:
            node = node.setdefault(char, {})
        node[_END] = {}
    body = _trie_regex(trie)
    return f"(\\b{body}\\b)" if word_boundaries else f"({body})"


def _trie_regex(node: Dict[Text, Any]) -> Text:
    """The regex of one trie node: its branches as an alternation, optional where an entry ends."""
    branches = [re.escape(char) + _trie_regex(child) for char, child in sorted(node.items()) if char != _END]
    if not branches:
        return ""
    if len(branches) > 1:
        alternation = "(?:" + "|".join(branches) + ")"
    elif _END in node:
        alternation = "(?:" + branches[0] + ")"
    else:
        alternation = branches[0]
    # Greedy: the longer entry first, the entry ending here when the longer one does not match.
    return alternation + "?" if _END in node else alternation


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class TrieLookupFeaturizer(RegexFeaturizer):
    """RegexFeaturizer whose lookup-table patterns are tries (same features, a fraction of the time)."""

    def train(self, training_data: TrainingData) -> Resource:
        """Rasa's regex patterns as they are, then one trie pattern per lookup table."""
        patterns = pattern_utils.extract_patterns(
            training_data,
            use_lookup_tables=False,
            use_regexes=self._config["use_regexes"],
            use_word_boundaries=self._config["use_word_boundaries"],
        )
        if self._config["use_lookup_tables"]:
            patterns = self._lookup_patterns(training_data) + patterns
        if self.finetune_mode:
            self._merge_new_patterns(patterns)
        else:
            self.known_patterns = patterns
        self._persist()
        return self._resource

    def _lookup_patterns(self, training_data: TrainingData) -> List[Dict[Text, Text]]:
        """One pattern per lookup table; a table given as a file is read as Rasa reads it."""
        patterns = []
        for table in training_data.lookup_tables:
            elements = table["elements"]
            if not isinstance(elements, list):
                elements = pattern_utils.read_lookup_table_file(elements)
            pattern = trie_pattern(elements, self._config["use_word_boundaries"],
                                   fold_case=not self.case_sensitive)
            patterns.append({"name": table["name"], "pattern": pattern})
        return patterns
