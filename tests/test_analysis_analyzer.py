"""Analyzer chain, stopwords, and properties over arbitrary text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from seeds_cli.analysis import (
    ARABIC_STOPWORDS,
    Analyzer,
    analyze,
    count_words,
    is_stopword,
    normalize,
    stem,
    tokenize,
)


def test_terms_carry_offsets_and_positions() -> None:
    text = "قال وزيرُ الخارجية، إن المملكة تدعم 2,500 مشروع."
    terms = Analyzer().terms(text)
    assert [t[0] for t in terms] == [
        "قال",
        "وزير",
        "خارج",
        "ان",
        "مملك",
        "تدعم",
        "2500",
        "مشروع",
    ]
    for (_term, start, end, position), token in zip(terms, tokenize(text), strict=True):
        assert (start, end, position) == (token.start, token.end, token.position)


def test_term_sequence_matches_terms() -> None:
    text = "قال وزيرُ الخارجية، إن المملكة ﹰ تدعم 2,500 مشروع."
    analyzer = Analyzer()
    sequence = analyzer.term_sequence(text)
    assert len(sequence) == count_words(text)
    assert [(t, i) for i, t in enumerate(sequence) if t] == [
        (t[0], t[3]) for t in analyzer.terms(text)
    ]


def test_unstemmed_analyzer_only_normalizes() -> None:
    terms = Analyzer(stem=False).terms("والكتابُ ﻷ")
    assert [t[0] for t in terms] == ["والكتاب", "لا"]


def test_term_analyzes_a_query_word_like_documents() -> None:
    analyzer = Analyzer()
    doc_terms = {t[0] for t in analyzer.terms("زار الوزير المكتبات السعودية")}
    for query in ["الوزير", "وزير", "مكتبة", "السعودي", "زار"]:
        assert analyzer.term(query) in doc_terms
    assert analyzer.term("ـــ") == ""
    assert analyzer.term("") == ""
    assert analyzer.term("«الكتاب»،") == "كتاب"
    assert analyzer.term("COVID-19") == "covid"


def test_empty_terms_are_dropped_leaving_positions() -> None:
    # U+FE70 is a letter to the tokenizer but normalizes to nothing.
    terms = Analyzer().terms("كتاب ﹰ قلم")
    assert [(t[0], t[3]) for t in terms] == [("كتاب", 0), ("قلم", 2)]


def test_analyze_convenience_and_cache_reuse() -> None:
    assert analyze("والكتاب") == [("كتاب", 0, 7, 0)]
    assert analyze("والكتاب", stem=False) == [("والكتاب", 0, 7, 0)]
    analyzer = Analyzer()
    first = analyzer.terms("الكتاب الكتاب")
    assert first == analyzer.terms("الكتاب الكتاب")
    assert first[0][0] == first[1][0] == "كتاب"


def test_latin_words_follow_the_document_language() -> None:
    assert Analyzer().terms("Talks", lang="en")[0][0] == "talk"
    assert Analyzer().terms("Talks", lang="fr")[0][0] == "talks"


def test_stopwords_in_analyzer_form() -> None:
    for word in ["في", "من", "على", "إلى", "عن", "أن", "هذا", "هذه", "التي", "الذي", "وفي"]:
        term = Analyzer().term(word)
        assert is_stopword(term), word
        assert is_stopword(normalize(word)), word
    for word in ["the", "and", "is"]:
        assert is_stopword(Analyzer().term(word))
    for word in ["كتاب", "المملكة", "وزير", "الرياض", "oil"]:
        assert not is_stopword(Analyzer().term(word)), word


def test_stopwords_are_fixed_points_of_the_chain() -> None:
    for term in ARABIC_STOPWORDS:
        assert normalize(term) == term


arabic_text = st.text(
    alphabet=st.sampled_from(
        [
            *"ابتثجحخدذرسشصضطظعغفقكلمنهوي ءأإآةىئؤ",
            *"\u064e\u0650\u0651\u0652\u0640\u0670\u0653",  # marks, tatweel
            *"،؛؟«»… .,0123456789٠١٢٣٫٬\u200b\u200c\u200f\u00a0ﻻﷲﹰ",
        ]
    ),
    max_size=80,
)


def _check(text: str, lang: str = "ar") -> None:
    terms = Analyzer().terms(text, lang)
    last = -1
    for term, start, end, position in terms:
        assert term
        assert 0 <= start < end <= len(text)
        assert position > last
        last = position
    assert len(terms) <= count_words(text)
    sequence = Analyzer().term_sequence(text, lang)
    assert [t[0] for t in terms] == [t for t in sequence if t]
    for tok in tokenize(text):
        assert text[tok.start : tok.end] == tok.text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_terms_never_raise_on_any_text(text: str) -> None:
    _check(text)
    _check(text, "en")


@settings(max_examples=300, deadline=None)
@given(arabic_text)
def test_terms_on_arabic_like_text(text: str) -> None:
    _check(text)
    for token in tokenize(text):
        norm = normalize(token.text)
        assert normalize(norm) == norm
        assert stem(norm) == Analyzer().term(token.text)
