"""Tokenizer: word boundaries, offsets into the original text, numbers."""

from __future__ import annotations

import pytest

from seeds_cli.analysis import Token, count_words, iter_tokens, tokenize


def texts(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def test_offsets_and_positions_point_into_original() -> None:
    text = "قال رئيسُ الوزراءِ، اليوم"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["قال", "رئيسُ", "الوزراءِ", "اليوم"]
    for i, tok in enumerate(tokens):
        assert isinstance(tok, Token)
        assert text[tok.start : tok.end] == tok.text
        assert tok.position == i


def test_harakat_and_tatweel_do_not_split() -> None:
    assert texts("الكَاظِمي") == ["الكَاظِمي"]
    assert texts("كتـــاب") == ["كتـــاب"]
    assert texts("هٰذا رَحْمَةٌ") == ["هٰذا", "رَحْمَةٌ"]


@pytest.mark.parametrize(
    "sep",
    [" ", "\u00a0", "\u200b", "\u200e", "\u200f", "\u202b", "\u2066", "\u061c", "\ufeff", "\n"],
)
def test_white_space_and_controls_split(sep: str) -> None:
    assert texts(f"كتاب{sep}قلم") == ["كتاب", "قلم"]


@pytest.mark.parametrize("punct", ["،", "؛", "؟", "«", "»", "…", ".", ",", "!", "(", ")", '"', "-"])
def test_punctuation_splits(punct: str) -> None:
    assert texts(f"كتاب{punct}قلم") == ["كتاب", "قلم"]


def test_joiners_stay_inside_a_word() -> None:
    # ZWNJ/ZWJ and the soft hyphen join letters; normalization removes them later.
    assert texts("می\u200cخواهم") == ["می\u200cخواهم"]
    assert texts("infor\u00admation") == ["infor\u00admation"]


def test_presentation_forms_are_letters() -> None:
    assert texts("ﻻ ﷲ ﻛﺘﺎﺏ") == ["ﻻ", "ﷲ", "ﻛﺘﺎﺏ"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("بلغ 2,500 ريال", ["بلغ", "2,500", "ريال"]),
        ("نسبة 3.5%", ["نسبة", "3.5"]),
        ("١٢٣٫٥ و٢٬٥٠٠", ["١٢٣٫٥", "و٢٬٥٠٠"]),
        ("عام 2015.", ["عام", "2015"]),
        ("1,2,3", ["1,2,3"]),
        ("a.b 3.x", ["a", "b", "3", "x"]),
        ("G20 COVID-19", ["G20", "COVID", "19"]),
    ],
)
def test_numbers(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_marks_alone_are_not_words() -> None:
    assert texts("ــــ َ ، كتب") == ["كتب"]


def test_underscore_and_symbols_split() -> None:
    assert texts("a_b #وسم @x 😀 $5") == ["a", "b", "وسم", "x", "5"]


def test_count_words_matches_tokenize() -> None:
    text = "حدد رئيس الوزراء، اليوم (الاثنين) 2,500 ريال — «داعش»."
    assert count_words(text) == len(tokenize(text)) == len(list(iter_tokens(text))) == 8
    assert count_words("") == 0


def tokenizer_module():  # the package's ``tokenize`` attribute is the function
    import importlib

    return importlib.import_module("seeds_cli.analysis.tokenize")


def test_generated_classes_are_current() -> None:
    """_token_classes.py is what the generator writes for this Unicode version, and matches a
    full scan; regenerate with seeds_cli.analysis.tokenize.write_generated_module()."""
    import unicodedata
    from pathlib import Path

    from seeds_cli.analysis import _token_classes

    tk = tokenizer_module()

    if unicodedata.unidata_version != _token_classes.UNIDATA_VERSION:
        # Another Unicode version: the tokenizer scans instead of using the literal.
        assert tk._token_classes() == tk._scan_token_classes()
        pytest.skip(f"classes generated for Unicode {_token_classes.UNIDATA_VERSION}")
    source = Path(_token_classes.__file__).read_text(encoding="utf-8")
    assert source == tk.generated_module()
    assert tk._scan_token_classes() == (_token_classes.CORE, _token_classes.WORD)
    assert tk._token_classes() == (_token_classes.CORE, _token_classes.WORD)


def test_token_classes_match_their_definition_on_every_code_point() -> None:
    """The fast (negated) classes hold exactly the code points of _build_classes' classes."""
    import re

    tk = tokenizer_module()
    everything = "".join(map(chr, range(0x110000)))
    core, _extend, word = tk._build_classes()
    fast_core, fast_word = tk._token_classes()
    for defined, fast in ((f"[{core}]", fast_core), (f"[{word}]", fast_word)):
        expected = [m.start() for m in re.finditer(defined, everything)]
        assert [m.start() for m in re.finditer(fast, everything)] == expected


def test_short_regex_finds_the_tokens_of_the_full_one() -> None:
    """Texts within the short ranges use a smaller regex: every code point of those ranges,
    in every neighbourhood that matters, is split exactly as the full regex splits it."""
    tk = tokenizer_module()
    short = tk._short_res()
    if short is None:
        pytest.skip("classes generated for another Unicode version")
    outside, short_re = short
    full = tk._token_re()
    chars = [chr(cp) for cp in range(0x10000) if tk._in_short_ranges(cp)]
    assert all(outside.search(ch) is None for ch in chars)
    assert outside.search("\u0800") and outside.search("\ufef7") and outside.search("\U0001f600")
    for ch in chars:
        for text in (f"a{ch}b", f"{ch}ب", f"1{ch}2", f" {ch} ", f"س{ch}"):
            assert short_re.findall(text) == full.findall(text), repr(text)
    text = "قال 2,500 “الوزير” – G20 و2015 \u200fالعراق"
    assert tk._re_for(text) is short_re
    assert tk._re_for(text + "\ufef7") is full
    assert texts(text + " \ufef7") == [*texts(text), "\ufef7"]
    assert texts(text + "\ufef7")[-1] == "العراق\ufef7"
