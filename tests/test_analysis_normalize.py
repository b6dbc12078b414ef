"""Normalization filters, each alone, then composed."""

from __future__ import annotations

import pytest

from seeds_cli.analysis import normalize
from seeds_cli.analysis.normalize import (
    casefold,
    drop_controls,
    fold_arabic_letters,
    fold_digits,
    nfkc,
    strip_marks,
)


def test_drop_controls() -> None:
    assert drop_controls("ك\u200bت\u200fا\u202bب\u2066\u061c\ufeff") == "كتاب"
    assert drop_controls("a\u200cb\u200db\u00ad") == "abb"


def test_nfkc_presentation_forms_and_ligatures() -> None:
    assert nfkc("ﻛﺘﺎﺏ") == "كتاب"
    assert nfkc("ﻻ") == "لا"
    assert nfkc("ﻷ") == "لأ"
    assert nfkc("ﷲ") == "الله"
    assert nfkc("ا\u0653") == "آ"  # decomposed madda composes


def test_strip_marks() -> None:
    assert strip_marks("الكَاظِمي") == "الكاظمي"
    assert strip_marks("كتـــاب") == "كتاب"
    assert strip_marks("هٰذا") == "هذا"
    assert strip_marks("رَحْمَةٌ") == "رحمة"


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آخر", "اخر"),
        ("ٱلله", "الله"),
        ("على", "علي"),
        ("مدرسة", "مدرسه"),
        ("ایران", "ايران"),  # Persian yeh
        ("فارسی", "فارسي"),
        ("کتاب", "كتاب"),
        ("ۀ", "ه"),
        ("مسؤول", "مسءول"),  # a hamza's seat, spelled both ways
        ("مسئول", "مسءول"),
    ],
)
def test_fold_arabic_letters(word: str, folded: str) -> None:
    assert fold_arabic_letters(word) == folded


def test_fold_digits() -> None:
    assert fold_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert fold_digits("۰۱۲۳۴۵۶۷۸۹") == "0123456789"
    assert fold_digits("٢٬٥٠٠") == "2500"
    assert fold_digits("٣٫٥") == "3.5"
    assert fold_digits("2,500") == "2500"
    assert fold_digits("3.5") == "3.5"


def test_casefold() -> None:
    assert casefold("Riyadh") == "riyadh"
    assert casefold("STRASSE") == casefold("straße")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("الكَاظِمي", "الكاظمي"),
        ("ا\u0653خر", "اخر"),  # composed first, then folded: no stray madda left
        ("إسْلامٌ", "اسلام"),
        ("ﻷ", "لا"),
        ("ﷲ", "الله"),
        ("المكتبـــة", "المكتبه"),
        ("٢٬٥٠٠", "2500"),
        ("NEOM", "neom"),
        ("\u200fكتاب\u200e", "كتاب"),
        ("ﹰ", ""),  # an isolated presentation-form haraka has nothing left
    ],
)
def test_normalize_composes_the_filters(word: str, expected: str) -> None:
    assert normalize(word) == expected


def test_normalize_is_idempotent_on_arabic() -> None:
    for word in ["الكَاظِمي", "ﻷ", "ا\u0653خر", "إلى", "مدرسةٌ", "٣٫٥"]:
        once = normalize(word)
        assert normalize(once) == once
