"""The trie lookup featurizer marks what Rasa's RegexFeaturizer marks, and survives a model round trip."""

import random
import re

import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.regex_featurizer import RegexFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.components.lookup_featurizer import TrieLookupFeaturizer, trie_pattern

from .conftest import ROOT


@pytest.fixture(scope="module")
def lookups() -> TrainingData:
    return load_data(str(ROOT / "nlu" / "data" / "lookups"))


def test_trie_matches_exactly_the_entries_of_the_real_tables(lookups):
    rng = random.Random(7)
    for table in lookups.lookup_tables:
        entries = {e.lower() for e in table["elements"]}
        pattern = re.compile(trie_pattern(table["elements"]), re.IGNORECASE)
        sample = rng.sample(sorted(entries), 300)
        for entry in sample:
            assert pattern.fullmatch(entry), entry
            assert pattern.fullmatch(entry.upper()), entry
        # near misses: an entry with a letter dropped or added is found only if it is an entry too
        for entry in sample:
            for variant in (entry[:-1], entry + "x", "x" + entry):
                assert bool(pattern.fullmatch(variant)) == (variant in entries), variant


def test_prefix_entries_and_special_characters():
    pattern = re.compile(trie_pattern(["kock", "kocken", "vvs-montör", "c++ utvecklare", "it"]), re.I)
    assert [m.group() for m in pattern.finditer("Kocken eller kock, vvs-montör, c++ utvecklare")] == [
        "Kocken", "kock", "vvs-montör", "c++ utvecklare"]
    assert not pattern.search("kockar")  # word boundaries: no entry inside a longer word
    assert not pattern.search("item")


def _component(cls, storage, name="lookup"):
    context = ExecutionContext(graph_schema=None, node_name=name)
    config = {**cls.get_default_config(), "case_sensitive": False, "use_word_boundaries": True}
    return cls.create(config, storage, Resource(name), context), config, context


def _featurized(featurizer, text):
    message = Message({TEXT: text})
    WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([message])
    featurizer.process([message])
    return message


@pytest.mark.parametrize("text", [
    "jag vill jobba som sjuksköterska i Malmö",
    "finns det lediga jobb som elektriker i Göteborg?",
    "söker jobb som lagerarbetare i stockholms län",
    "hej hur mår du",
])
def test_features_cover_rasas_and_survive_loading(tmp_path, lookups, text):
    """Every token Rasa's alternation marks is marked; where a longer entry matches ("stockholms län",
    where the alternation stops at "stockholms", listed first), the trie marks all of it."""
    storage = LocalModelStorage(tmp_path)
    ours, config, context = _component(TrieLookupFeaturizer, storage)
    ours.train(lookups)
    rasas, _, _ = _component(RegexFeaturizer, storage, name="rasa")
    rasas.train(lookups)
    loaded = TrieLookupFeaturizer.load(config, storage, Resource("lookup"), context)

    expected_sequence, expected_sentence = (
        f.features.toarray() for f in _featurized(rasas, text).get_sparse_features(TEXT))
    for featurizer in (ours, loaded):
        sequence, sentence = (f.features.toarray() for f in _featurized(featurizer, text).get_sparse_features(TEXT))
        assert (sequence >= expected_sequence).all() and (sentence == expected_sentence).all()
        longer = "län" in text
        assert (sequence != expected_sequence).any() == longer
        if longer:
            assert sequence[-1].any()  # "län" belongs to the place
    if "hej" not in text:
        assert expected_sentence.any()  # the texts with a place or occupation are marked
