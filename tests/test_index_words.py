"""The build's vectorised tokens-to-ids: exactly the tokenizer's words, whatever the hashes do."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seeds_cli.analysis.tokenize import word_list
from seeds_cli.index import words
from seeds_cli.index.words import Lexicon, WordIds

# letters, digits (Arabic-Indic too), the separators that join numbers, harakat, tatweel,
# joiners, an astral letter and an emoji, white space and punctuation
CHARS = [*"ab1 2.,٫٬\u064e\u0640بسم٣٤ \n\t-_x", "\u200c", "\U00010400", "\U0001f600"]


@pytest.fixture(scope="module")
def word_ids() -> WordIds:
    return WordIds()


class Vocabulary(dict[str, int]):
    def __missing__(self, word: str) -> int:
        self[word] = len(self)
        return self[word]


def expected(texts: list[str], vocabulary: Vocabulary) -> tuple[list[int], list[int]]:
    per_text = [[vocabulary[w] for w in word_list(t)] for t in texts]
    return [i for ids in per_text for i in ids], [len(ids) for ids in per_text]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.text(st.sampled_from(CHARS), max_size=30), max_size=5), max_size=3))
def test_the_ids_are_the_tokenizers_words(word_ids: WordIds, batches: list[list[str]]) -> None:
    vocabulary = Vocabulary()
    lexicon = Lexicon(
        vocabulary.__getitem__
    )  # kept across batches, as a worker keeps it across its segments
    for texts in batches:
        if not texts:
            continue
        ids, counts = word_ids.ids(texts, lexicon)
        assert (ids.tolist(), counts.tolist()) == expected(texts, vocabulary)


def test_words_with_one_hash_are_told_apart(
    word_ids: WordIds, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = ["سلام عليكم 2,500 وسلام", "عليكم سلام", "G20 g20 سلام"]
    vocabulary = Vocabulary()
    want = expected(texts, vocabulary)
    monkeypatch.setattr(
        WordIds, "_hashes", lambda self, points, starts, ends: np.zeros(len(starts), np.uint64)
    )
    lexicon = Lexicon(vocabulary.__getitem__)
    for _ in range(2):  # the second time the lexicon holds one of the words under the hash
        before = word_ids.collisions
        ids, counts = word_ids.ids(texts, lexicon)
        assert (ids.tolist(), counts.tolist()) == want
        assert word_ids.collisions > before


def test_a_huge_batch_is_read_by_the_regex(
    word_ids: WordIds, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = ["كلمة أخرى 3.5 " * 20, "", "title"]
    vocabulary = Vocabulary()
    want = expected(texts, vocabulary)
    monkeypatch.setattr(words, "MAX_BATCH_CHARS", 50)
    ids, counts = word_ids.ids(texts, Lexicon(vocabulary.__getitem__))
    assert (ids.tolist(), counts.tolist()) == want
