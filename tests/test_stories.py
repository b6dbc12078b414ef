"""Near-duplicate detection (seeds_cli.index.stories) on small generated corpora with known copies."""

from __future__ import annotations

import random

import numpy as np
import pytest

from seeds_cli.index import stories as st

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def make_words(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 7))) for _ in range(n)]


def article(rng: random.Random, paragraphs: int = 8, words: int = 50) -> list[str]:
    return [" ".join(make_words(rng, words)) + "." for _ in range(paragraphs)]


def text(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


@pytest.fixture
def corpus() -> tuple[list[str], list[tuple[str, str]], dict[str, str]]:
    """Texts with (date, id) keys, and the story each id belongs to (its earliest copy)."""
    rng = random.Random(13)
    story_a = article(rng)
    story_b = article(rng)
    extra = " ".join(make_words(rng, 50)) + "."
    docs = [
        ("2015-07-02", "a-copy", text(story_a)),  # exact copy, later
        ("2015-07-01", "a-first", text(story_a)),
        ("2015-07-03", "a-dateline", "الرياض - واس: " + text(story_a)),
        ("2015-07-03", "a-dateline2", "جدة - واس: " + text(story_a)),
        ("2015-07-04", "a-added", text([*story_a[:4], extra, *story_a[4:]])),
        ("2015-07-05", "a-removed", text(story_a[:3] + story_a[4:])),
        ("2015-07-01", "b-first", text(story_b)),
        ("", "b-undated", text(story_b)),
        ("2015-06-30", "c-alone", text(article(rng))),
        ("2015-06-29", "d-alone", text(article(rng))),
    ]
    truth = {
        "a-copy": "a-first",
        "a-first": "a-first",
        "a-dateline": "a-first",
        "a-dateline2": "a-first",
        "a-added": "a-first",
        "a-removed": "a-first",
        "b-first": "b-first",
        "b-undated": "b-first",
    }
    keys = [(date, doc_id) for date, doc_id, _ in docs]
    return [t for _, _, t in docs], keys, truth


def story_ids(texts: list[str], keys: list[tuple[str, str]]) -> dict[str, str]:
    found = st.stories_of_texts(texts, keys)
    return {keys[doc][1]: keys[rep][1] for doc, rep in found.story.items()}


def test_known_copies_are_found_and_unrelated_texts_are_not(corpus) -> None:
    texts, keys, truth = corpus
    assert story_ids(texts, keys) == truth


def test_the_representative_is_the_earliest_then_smallest_id(corpus) -> None:
    texts, keys, _ = corpus
    found = st.stories_of_texts(texts, keys)
    groups = found.members()
    reps = {keys[rep][1] for rep in groups}
    assert reps == {"a-first", "b-first"}  # b-undated comes after the dated b-first
    # Two copies on the same day: the smaller id leads.
    same_day = [texts[1], texts[1]]
    found = st.stories_of_texts(same_day, [("2015-07-01", "zz"), ("2015-07-01", "aa")])
    assert found.story == {0: 1, 1: 1}
    assert found.score[1] == 1.0


def test_members_resemble_their_representative_at_the_threshold(corpus) -> None:
    texts, keys, _ = corpus
    found = st.stories_of_texts(texts, keys)
    for doc, rep in found.story.items():
        exact = st.resemblance(st.text_shingles(texts[doc]), st.text_shingles(texts[rep]))
        assert exact >= st.THRESHOLD
        assert found.score[doc] == pytest.approx(exact, abs=0.05)


def test_stories_are_stable_whatever_the_input_order(corpus) -> None:
    texts, keys, truth = corpus
    first = story_ids(texts, keys)
    again = story_ids(texts, keys)
    assert first == again == truth
    shuffled = list(range(len(texts)))
    random.Random(5).shuffle(shuffled)
    assert story_ids([texts[i] for i in shuffled], [keys[i] for i in shuffled]) == truth


def test_a_lower_threshold_takes_looser_copies() -> None:
    rng = random.Random(2)
    base = article(rng)
    edited = text(base[:7] + article(rng, paragraphs=1))  # resemblance about 3/4
    pair = [text(base), edited]
    pair_keys = [("2015-01-01", "x"), ("2015-01-02", "y")]
    assert st.stories_of_texts(pair, pair_keys).story == {}
    sigs = st.signatures([st.text_shingles(t) for t in pair])
    loose = st.find_stories(sigs, [0, 1], lambda i: st.text_shingles(pair[i]), threshold=0.6)
    assert loose.story == {0: 0, 1: 0}


def test_resemblance_is_the_exact_jaccard_of_five_word_shingles() -> None:
    words = ["a", "b", "c", "d", "e", "f", "g", "h"]
    other = ["a", "b", "c", "d", "e", "f", "g", "x"]
    hashes = st.shingle_hashes([st.word_hash(w) for w in words])
    assert len(hashes) == 4  # 8 words: 4 shingles of 5
    shingles_a = {tuple(words[i : i + 5]) for i in range(4)}
    shingles_b = {tuple(other[i : i + 5]) for i in range(4)}
    expected = len(shingles_a & shingles_b) / len(shingles_a | shingles_b)
    got = st.resemblance(hashes, st.shingle_hashes([st.word_hash(w) for w in other]))
    assert got == pytest.approx(expected)


def test_shingles_ignore_harakat_hamza_forms_and_punctuation() -> None:
    plain = "قال الامير إن المملكة تدعم السلام في المنطقة"
    marked = "قالَ الأمير، إنّ المملكة تدعم السلام في المنطقة!"
    assert st.resemblance(st.text_shingles(plain), st.text_shingles(marked)) == 1.0


def test_concatenated_documents_give_each_its_own_shingles() -> None:
    rng = np.random.default_rng(1)
    lengths = np.array([0, 3, 5, 7, 1, 12, 4, 0, 9])
    words = rng.integers(0, 2**32, int(lengths.sum()), dtype=np.uint64)
    together = st.signatures_of_words(words, lengths)
    start = 0
    for row, length in zip(together, lengths.tolist(), strict=True):
        alone = st.signature(st.shingle_hashes(words[start : start + length]))
        assert (row == alone).all()
        start += length


def test_hostile_documents() -> None:
    rng = random.Random(3)
    body = text(article(rng))
    repeated = "سطر يتكرر في الملف بلا نهاية\n" * 20_000  # a huge repeated-line document
    texts = ["", "   \n", "كلمة", "كلمة", body, body, repeated, repeated + "ذيل"]
    keys = [("2015-01-01", f"d{i}") for i in range(len(texts))]
    found = st.stories_of_texts(texts, keys)
    assert found.story[3] == 2  # two one-word documents are the same text
    assert found.story[5] == 4
    assert found.story[7] == 6
    assert 0 not in found.story and 1 not in found.story  # nothing to compare: no story
    assert len(st.text_shingles(repeated)) == st.MAX_WORDS - st.SHINGLE + 1
    assert st.signature(st.text_shingles("")).tolist() == [0xFFFFFFFF] * st.BINS


def test_a_boilerplate_band_shared_by_many_documents_still_links_true_copies() -> None:
    rng = random.Random(4)
    shared = article(rng, paragraphs=2)
    texts = [text(shared + article(rng, paragraphs=6)) for _ in range(st.BIG_BUCKET + 10)]
    texts.append(texts[0])
    keys = [("2015-01-01", f"d{i:03d}") for i in range(len(texts))]
    found = st.stories_of_texts(texts, keys)
    assert found.story == {0: 0, len(texts) - 1: 0}
