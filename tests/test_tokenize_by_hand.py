"""Short texts (a query's words) are split without compiling the token regex: the hand-split
path must find exactly the tokens the regex finds."""

from __future__ import annotations

import importlib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

tk = importlib.import_module(
    "seeds_cli.analysis.tokenize"
)  # the package's ``tokenize`` is the function


def regex_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in tk._token_re().finditer(text)]


def test_character_classes_are_the_regex_classes() -> None:
    everything = "".join(map(chr, range(0x110000)))
    core, word = tk._token_classes()
    assert [m.start() for m in re.finditer(core, everything)] == [
        i for i, ch in enumerate(everything) if tk._is_core(ch)
    ]
    assert [m.start() for m in re.finditer(word, everything)] == [
        i for i, ch in enumerate(everything) if tk._is_word(ch)
    ]


# Letters, digits of several scripts (and astral ones the word class leaves out), marks,
# tatweel, joiners, the digit group separators and what splits words.
ALPHABET = [
    *"ابتةىأإآءؤئلمنهوي",
    *"aZ_-",
    *"09٠٩۴²",
    *".,\u066b\u066c",
    *"\u064e\u0651\u0670\u0640\u0653\u0654",
    *"\u00ad\u200b\u200c\u200d\u200f\ufeff",
    *" \n\t،؟«»",
    "\U0001d7ce",  # a math digit (astral, core)
    "\U0001fbf1",  # a segmented digit (astral, a digit but not a word character)
    "\U0001f600",
    "\U000e0100",
    "\ud800",
]


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=40))
def test_hand_split_finds_the_regex_tokens(text: str) -> None:
    assert tk._spans_by_hand(text) == regex_spans(text)


def test_hand_split_at_the_edges_of_number_groups() -> None:
    for text in [
        "2,500",
        "3.5.",
        ",5",
        "5,",
        "٢٫٥",
        "a1,2b",
        "1,,2",
        "1.\U0001fbf1",
        "1.\U0001d7ce",
    ]:
        assert tk._spans_by_hand(text) == regex_spans(text), text


def test_word_spans_give_the_same_tokens_either_way(monkeypatch) -> None:
    text = "قال 2,500 «الوزير» G20 و2015"
    monkeypatch.setattr(tk, "_by_hand_left", len(text))
    by_hand = [(m.group(), m.span()) for m in tk.word_spans(text)]
    assert tk._by_hand_left == 0
    by_regex = [(m.group(), m.span()) for m in tk.word_spans(text)]
    assert by_hand == by_regex
    assert by_hand[1] == ("2,500", (4, 9))


def test_long_texts_and_compiled_regexes_end_hand_splitting(monkeypatch) -> None:
    def by_hand(spans) -> bool:
        return isinstance(next(iter(spans)), tk._Span)

    monkeypatch.setattr(tk, "_by_hand_left", 100)
    assert by_hand(tk.word_spans("كلمة"))
    assert tk._by_hand_left == 96  # the budget is in characters
    assert not by_hand(tk.word_spans("كلمة " * 100))  # more than is left
    assert tk._by_hand_left == 0
    assert not by_hand(tk.word_spans("كلمة اخرى"))


def test_the_last_text_is_split_once(monkeypatch) -> None:
    text = "".join(["قال الوزير ", "امس"])  # a new object, not a shared constant
    first = tk.word_spans(text)
    assert tk.word_spans(text) is first
    assert [t.text for t in tk.tokenize(text)] == ["قال", "الوزير", "امس"]
    other = "".join(["قال الوزير ", "امس"])  # equal, but another text: split again
    assert tk.word_spans(other) is not first
