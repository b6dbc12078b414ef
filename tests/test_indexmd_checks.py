"""Ids, language tags and checksums are checked with string methods: the answers must be the
patterns' own."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from seeds_cli.catalogue.indexmd import is_lang_tag, is_sha256, is_valid_id, split_lines

ID = r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}"
LANG = r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*"
SHA256 = r"[0-9a-f]{64}"

# What the patterns tell apart: their classes, their edges and what merely looks alike.
chars = st.sampled_from([*"aZz09fF._- \n\t/:", "é", "٣", "ß", "\u0130", "\u212a", "\x00"])


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=chars, max_size=12))
def test_the_checks_answer_as_the_patterns(value: str) -> None:
    assert is_valid_id(value) == bool(re.fullmatch(ID, value))
    assert is_lang_tag(value) == bool(re.fullmatch(LANG, value))


@given(st.text(alphabet=st.sampled_from("0123456789abcdefABG \n"), min_size=62, max_size=66))
def test_sha256_answers_as_the_pattern(value: str) -> None:
    assert is_sha256(value) == bool(re.fullmatch(SHA256, value))


def test_edges() -> None:
    for value in ["a" * 128, "a" * 129, "a", "", ".a", "a.", "_", "9-x"]:
        assert is_valid_id(value) == bool(re.fullmatch(ID, value)), value
    for value in [
        "ar",
        "a",
        "arab",
        "ar-",
        "-ar",
        "ar--x",
        "ar-12345678",
        "ar-123456789",
        "zh-Hant-TW",
    ]:
        assert is_lang_tag(value) == bool(re.fullmatch(LANG, value)), value
    assert is_sha256("a" * 64) and not is_sha256("A" * 64) and not is_sha256("a" * 64 + "\n")


@given(st.text(alphabet=st.sampled_from("a\r\n"), max_size=12))
def test_split_lines_splits_on_lf_crlf_and_cr_only(text: str) -> None:
    assert split_lines(text) == re.split(r"\r\n|\r|\n", text)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"aZ_0-: x#'", "é", "\t"]), max_size=14))
def test_front_matter_key_lines_read_as_the_pattern(line: str) -> None:
    from seeds_cli.catalogue.safe_yaml import _key_line

    match = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_-]{0,127}):(?: +(.*))?", line)
    assert _key_line(line) == (match.groups() if match else (None, None))


def test_front_matter_keys_are_at_most_128_characters() -> None:
    from seeds_cli.catalogue.safe_yaml import _key_line

    key = "k" * 128
    assert _key_line(key + ": v") == (key, "v")
    assert _key_line(key + "k: v") == (None, None)
