"""The front matter fast path: whatever it accepts, PyYAML's safe loader reads the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from seeds_cli.catalogue.safe_yaml import YamlProblem, load_mapping, simple_mapping

REPO = Path(__file__).resolve().parent.parent

ACCEPTED = [
    "",
    "title: A corpus",
    "title: seeds — the bundled corpus\nlang: ar\n",
    "title: الكتاب في المكتبة\nlang: ar-SA",
    "title:   spaced   out  \n",
    "title: a#b c:d http://x.y/z?q=1 [x] {y} 'q' \"r\" &a *b !c",
    "description: >-\n  Folded over\n  two lines.\ntitle: x",
    "description: >\n  Folded, clipped\n  two lines.\ntitle: x",
    "description: >\n  kept at the end",
    "description: |\n  Literal\n  lines\n\ntitle: x",
    "description: |-\n    deeper indent\n    here",
    "description: >\n  trailing spaces  \n  stay",
    "title: Plain\n  continued\n   on lines",
    "title: x\n\n# a comment\n\nlang: ar",
    "empty:\ntitle: x",
    "_private-key: value",
    "description: 'Imported by seeds import on 2026-11-29 from 1 file(s): 10 documents.'",
    "title: 'it''s #1: ok'  ",
    "title: ''''",
    "title: ''\nlang: \"\"",
    "title: \"a: b # c 'd'\"",
]

REJECTED = [
    "title: 2015",
    "title: 2015-07-21",
    "title: yes",
    "title: Off",
    "title: null",
    "title: ~",
    "title: 'a' b",
    "title: '''",
    "title: 'it's'",
    "title: 'open",
    "title: '",
    "title: 'two\n  lines'",
    'title: "esc\\n"',
    'title: "a"b"',
    "title: -dash",
    "title: a # comment",
    "title: a: b",
    "title: ends with colon:",
    "title: x\ntitle: y",
    "yes: x",
    "1: x",
    "title:x",
    "title : x",
    "title: x\n  - item",
    "title: x\n\n  late continuation",
    "list:\n  - a\n  - b",
    "map:\n  a: b",
    "title: tab\there",
    "title: nel\x85here",
    "title: ls\u2028here",
    "title: bom\ufeffhere",
    "title: del\x7fhere",
    "title: lone \ud800 surrogate",
    "title: x\r\nlang: ar",
    "description: >\n  a\n\n  b",
    "description: >\n  a\n    deeper",
    "description: >2\n  a",
    "description: >+\n  a",
    "description: >",
    "a: &anchor x\nb: *anchor",
    "- a\n- b",
    "---\ntitle: x",
    "%YAML 1.1\n---\ntitle: x",
    "? complex\n: key",
]


def pyyaml(text: str) -> object:
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@pytest.mark.parametrize("text", ACCEPTED)
def test_accepted_inputs_read_as_pyyaml_reads_them(text: str) -> None:
    fast = simple_mapping(text)
    assert fast is not None
    assert fast == (pyyaml(text) or {})
    assert load_mapping(text) == fast


@pytest.mark.parametrize("text", REJECTED)
def test_anything_else_goes_through_pyyaml(text: str) -> None:
    assert simple_mapping(text) is None


def test_bundled_front_matter_takes_the_fast_path() -> None:
    index = (REPO / "seeds" / "INDEX.md").read_text(encoding="utf-8")
    front = index.split("\n---\n", 1)[0].removeprefix("---\n")
    assert simple_mapping(front) is not None


def test_errors_are_still_pyyaml_s() -> None:
    with pytest.raises(YamlProblem, match="duplicate key 'title'"):
        load_mapping("title: x\ntitle: y")
    with pytest.raises(YamlProblem, match="aliases"):
        load_mapping("a: &x b\nc: *x")
    with pytest.raises(YamlProblem, match="larger than 64 KiB"):
        load_mapping("title: " + "x" * 70_000)


# Lines built from the pieces front matter is made of, tricky ones included.
_WORDS = st.sampled_from(
    [
        "title",
        "lang",
        "yes",
        "No",
        "null",
        "~",
        "2015",
        "1.5",
        ".inf",
        "ar",
        "news",
        "الأخبار",
        "x:y",
        "a:",
        "#tag",
        "-",
        "'q'",
        '"q"',
        "&a",
        "*a",
        "!t",
        ">",
        ">-",
        "|",
        "|-",
        "[x]",
        "{y}",
        "%",
        "@",
        "—",
        "\t",
        "\u2028",
        "",
    ]
)
_KEY_LINE = st.builds(
    lambda key, words, sep: f"{key}:{sep}{' '.join(words)}",
    st.sampled_from(["title", "lang", "description", "on", "a-b", "x"]),
    st.lists(_WORDS, max_size=3),
    st.sampled_from([" ", "  ", ""]),
)
_INDENTED = st.builds(
    lambda indent, words, sep: " " * indent + sep.join(words),
    st.sampled_from([1, 2, 2, 4]),
    st.lists(_WORDS, min_size=1, max_size=3),
    st.sampled_from([" ", "  ", ": ", " # "]),
)
_LINE = st.one_of(_KEY_LINE, _KEY_LINE, _INDENTED, st.sampled_from(["", "# note", "---"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=6))
def test_fast_path_never_disagrees_with_pyyaml(lines: list[str]) -> None:
    text = "\n".join(lines)
    fast = simple_mapping(text)
    if fast is None:
        return
    assert fast == (pyyaml(text) or {})
