"""Verb-prefix variants of query words: each guard alone, then the generation.

The pairs that these variants must and must not conflate are tested through the search in
``test_pairs_search.py``; here each filter is checked on its own."""

from __future__ import annotations

import pytest

from seeds_cli.analysis import variants
from seeds_cli.analysis.stem_arabic import has_article
from seeds_cli.analysis.variants import GUARDS, query_word, verb_variants, why_not_a_verb


def guard(name: str):  # type: ignore[no-untyped-def]
    return next(g for g in GUARDS if g.__name__ == "_" + name)


def test_query_word_is_the_first_token_normalized_and_stemmed() -> None:
    assert query_word("«الإعلانات»") == ("الإعلانات", "الاعلانات", "اعلان")
    assert query_word("...") == ("", "", "")


@pytest.mark.parametrize(
    ("name", "word", "kept"),
    [
        ("arabic", "يعلن", True),
        ("arabic", "announces", False),
        ("arabic", "2015", False),
        ("long_enough", "يعلن", True),
        ("long_enough", "يقول", True),
        ("long_enough", "قال", False),  # three letters: قال ~ يقال, but also سد ~ أسد
        ("not_listed", "يعلن", True),
        ("not_listed", "سلام", False),  # the stemmer's protected words
        ("not_listed", "إسلام", False),
        ("not_listed", "أحمد", False),  # a name, not a verb: أحمد ~ يحمد (praises)
        ("not_listed", "أكبر", False),  # an elative: أكبر ~ يكبر (grows)
        ("no_article", "أعلن", True),
        ("no_article", "الإعلان", False),
        ("no_article", "والتعاون", False),
        ("no_article", "التزام", True),  # ال of the stem, not an article (a noun pattern anyway)
        ("no_feminine_ending", "يعلن", True),
        ("no_feminine_ending", "تجارة", False),
        ("no_feminine_ending", "تجاره", False),  # ة typed as ه
        ("no_feminine_ending", "تجارةُ", False),  # with a haraka
        ("no_noun_suffix", "يعلنون", True),
        ("no_noun_suffix", "تحركات", False),
        ("no_noun_suffix", "تركية", False),
        ("no_noun_pattern", "يعلن", True),
        ("no_noun_pattern", "تعليم", False),  # تفعيل
        ("no_noun_pattern", "تسجيل", False),
        ("no_noun_pattern", "سلام", False),  # فعال
        ("no_noun_pattern", "ملاك", False),
        ("no_noun_pattern", "عليم", False),  # فعيل
        ("no_noun_pattern", "يقام", True),  # a hollow verb's imperfect: its ي is a prefix
        ("no_noun_pattern", "شارك", True),  # فاعل
    ],
)
def test_each_guard_alone(name: str, word: str, kept: bool) -> None:
    assert guard(name)(query_word(word)) is kept


def test_the_first_failing_guard_is_named() -> None:
    assert why_not_a_verb(query_word("يعلن")) is None
    assert why_not_a_verb(query_word("التجارة")) == "no_article"
    assert why_not_a_verb(query_word("تجارة")) == "no_feminine_ending"


def test_has_article() -> None:
    assert has_article("الكتاب") and has_article("والكتاب") and has_article("للمملكه")
    assert not has_article("التزام") and not has_article("الغاء") and not has_article("كتاب")
    assert has_article("الالتزام")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("يعلن", ["اعلن", "علن", "تعلن", "نعلن"]),  # imperfect: perfect with ا first
        ("يستأنف", ["استانف", "ستانف", "تستانف", "نستانف"]),
        ("أعلن", ["يعلن", "تعلن", "نعلن"]),  # perfect with ا: imperfects, never the bare rest
        ("أملاك", ["يملاك", "تملاك", "نملاك"]),  # (so أملاك cannot become ملاك)
        ("شارك", ["يشارك", "تشارك", "نشارك"]),  # perfect without ا: never ا added
        ("ناقش", ["يناقش", "تناقش", "نناقش"]),  # فاعل: its ن is a root letter
        ("يأمر", ["امر", "تامر", "نامر"]),  # ...unless a hamza follows: يأمر ~ أمر
        ("يعلنون", ["اعلن", "علن", "تعلن", "نعلن"]),  # from the stem
        ("وأعلن", ["يعلن", "تعلن", "نعلن"]),
    ],
)
def test_generation(word: str, expected: list[str]) -> None:
    assert verb_variants(word) == expected


@pytest.mark.parametrize(
    "word", ["سلام", "إسلام", "تجارة", "ملاك", "تعليم", "عليم", "الإعلان", "أحمد", "قال"]
)
def test_no_variants_for_nouns(word: str) -> None:
    assert verb_variants(word) == []


def test_guards_are_applied_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dropping a guard lets its words through: the guards, not the generation, keep them out."""
    assert verb_variants("تجارة") == []
    kept = tuple(g for g in GUARDS if g.__name__ != "_no_feminine_ending")
    monkeypatch.setattr(variants, "GUARDS", kept)
    assert "جار" in verb_variants("تجارة")
