"""The fused :func:`normalize` is the composition of its documented steps, in their order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from seeds_cli.analysis.normalize import (
    casefold,
    drop_controls,
    fold_arabic_letters,
    fold_digits,
    nfkc,
    normalize,
    strip_marks,
)

INTERESTING = (
    "اأإآٱىیةکھ٠١٢٣۴۵٫٬,. 0123ـًٌٍَُِّْٰ\u200b\u200c\u200d\u200e\u200f\u202b\u2066\ufeff\u00ad"
    "ﻻﻷﷺﺍﺏﹰAaßİΣςﬁ\u0301"
)


def composed(word: str) -> str:
    return fold_digits(fold_arabic_letters(strip_marks(casefold(nfkc(drop_controls(word))))))


@settings(max_examples=5000)
@given(st.text(alphabet=st.sampled_from(INTERESTING), max_size=12))
def test_fused_equals_the_steps_on_arabic_mixes(word: str) -> None:
    assert normalize(word) == composed(word)


@settings(max_examples=3000)
@given(st.text(max_size=12))
def test_fused_equals_the_steps_on_any_text(word: str) -> None:
    assert normalize(word) == composed(word)
