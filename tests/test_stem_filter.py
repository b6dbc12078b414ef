"""``stem_filter`` (which spares passages most stemming) never rules out a word's own stem."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from seeds_cli.analysis import normalize, stem
from seeds_cli.analysis.analyzer import stem_filter
from seeds_cli.analysis.stem_arabic import _FIXED, PROTECTED
from seeds_cli.analysis.tokenize import word_list

LETTERS = "ابتثجحخدذرسشصضطظعغفقكلمنهويءئؤةى"
AFFIXES = ["", "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "لل", "فال", "كال"]
ENDINGS = ["", "ه", "ها", "هم", "ات", "ون", "ين", "ان", "ية", "ته", "تها", "ي", "ة"]
SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_791b9733c10e92d3.txt"

words = st.builds(
    lambda a, core, e: a + core + e,
    st.sampled_from(AFFIXES),
    st.text(alphabet=LETTERS, min_size=1, max_size=6),
    st.sampled_from(ENDINGS),
)


@settings(max_examples=3000)
@given(words)
def test_an_arabic_words_stem_is_never_filtered_out(word: str) -> None:
    term = normalize(word)
    if term:
        assert stem_filter(stem(term))(term)


def test_the_fixed_table_the_protected_words_and_a_real_article() -> None:
    vocabulary = {normalize(w) for w in word_list(SEED.read_text("utf-8"))}
    vocabulary |= set(_FIXED) | set(PROTECTED)
    vocabulary |= {"studies", "ties", "flies", "running", "agreed", "2015", "x"}
    for term in filter(None, vocabulary):
        assert stem_filter(stem(term))(term), term
    assert not stem_filter("سعود")("والعراقيون")  # the filter does filter
