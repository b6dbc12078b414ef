"""The preposition forms that the search adds beside a query word (analysis/prepositions.py)."""

from __future__ import annotations

from seeds_cli.analysis.prepositions import NAMES, PROCLITICS, preposition_forms


def test_a_name_kept_whole_gets_its_forms_with_b_and_l() -> None:
    assert preposition_forms("نجران") == [p + "نجران" for p in PROCLITICS]
    assert "بنجران" in preposition_forms("نجران")
    assert "ولنجران" in preposition_forms("نجران")


def test_three_letter_words_only_when_they_are_names() -> None:
    assert "جده" in NAMES and "بجده" in preposition_forms("جده")
    assert preposition_forms("جنه") == []  # لجنة is a committee, not "for paradise"


def test_a_word_the_stemmer_cuts_gets_none() -> None:
    assert preposition_forms("طاقه") == []  # بطاقة (card) is not "with energy"
    assert preposition_forms("حيره") == []  # بحيرة (lake) is not "with confusion"


def test_only_arabic_words() -> None:
    assert preposition_forms("najran") == []
    assert preposition_forms("2015") == []
