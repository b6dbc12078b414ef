"""Conflation pairs through the search itself: what ``seeds search`` finds, with every
expansion the ranking adds (stems, exact twins, verb-prefix variants, prefixes after
proclitics), not only what the analyzer makes of two words.

One small corpus holds one document per word of the tables; each query must (or must not)
find the document of its pair. Every must-not pair is a real word pair whose conflation
would mislead a reader; its document is also checked to be findable by its own word, so a
pair cannot hold merely because its document is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from seeds_cli import api
from tests.conftest import write_corpus
from tests.test_analysis_stem import MUST_MATCH as ANALYZER_MUST_MATCH

# (query, document word, what a reader would be misled into)
MUST_NOT: list[tuple[str, str, str]] = [
    # verb-prefix variants of nouns (issue 11)
    ("سلام", "إسلام", "peace / Islam"),
    ("إسلام", "سلام", "Islam / peace"),
    ("السلام", "الإسلام", "peace / Islam"),
    ("تجارة", "جارة", "trade / neighbour"),
    ("التجارة", "جارته", "trade / his neighbour"),
    ("أملاك", "ملاك", "property / angel"),
    ("ملاك", "أملاك", "angel / property"),
    ("تعليم", "عليم", "education / all-knowing"),
    ("عليم", "تعليم", "all-knowing / education"),
    ("أسعار", "سعار", "prices / rabies"),
    ("إطلاق", "طلاق", "launch / divorce"),
    ("أبناء", "بناء", "sons / building"),
    ("بناء", "أبناء", "building / sons"),
    ("أسماء", "سماء", "names / sky"),
    ("سماء", "أسماء", "sky / names"),
    ("أعداد", "عداد", "numbers / meter"),
    ("إصلاح", "صلاح", "reform / piety"),
    ("أمطار", "مطار", "rain / airport"),
    ("مطار", "أمطار", "airport / rain"),
    ("أعمال", "عمال", "business / workers"),
    ("عمال", "أعمال", "workers / business"),
    ("إسكان", "سكان", "housing / population"),
    ("سكان", "إسكان", "population / housing"),
    ("أثناء", "ثناء", "during / praise"),
    ("ناصر", "أصر", "Nasser / insisted"),
    ("تاجر", "أجر", "merchant / wage"),
    ("أحمد", "يحمد", "Ahmed / praises"),
    ("أكبر", "يكبر", "biggest / grows"),
    ("جديد", "تجديد", "new / renewal"),
    ("تجديد", "جديد", "renewal / new"),
    ("تحرير", "حرير", "liberation / silk"),
    ("جميل", "تجميل", "beautiful / cosmetics"),
    ("نائب", "تائب", "deputy / repentant"),
    ("إطار", "طار", "frame / flew"),
    ("الأسهم", "يسهم", "the shares / contributes"),
    ("الداخلية", "تداخل", "the interior ministry / overlap"),
    ("قاعدة", "تقاعد", "base / retired"),
    ("نهار", "انهار", "day / collapsed"),
    ("انهار", "نهار", "collapsed / day"),
    # short words and the letters a stem may begin with
    ("سد", "أسد", "dam / lion"),
    ("سد", "الأسد", "dam / the lion, Assad"),
    ("أسد", "سد", "lion / dam"),
    ("زار", "وزارة", "visited / ministry"),
    ("لبن", "لبنان", "milk / Lebanon"),
    ("له", "الله", "to him / God"),
    ("طن", "وطن", "ton / homeland"),
    ("تاب", "كتاب", "repented / book"),
    ("سلم", "سلمان", "ladder, peace / Salman"),
    ("عم", "عمان", "uncle / Oman"),
    ("رياضة", "الرياض", "sport / Riyadh"),
    ("بحر", "البحرين", "sea / Bahrain"),
    ("أمل", "كامل", "hope / whole"),
    ("مال", "كمال", "money / Kamal"),
    ("رد", "ورد", "reply / roses, was reported"),
    ("جد", "وجد", "grandfather / found"),
    # a preposition that is really a root letter
    ("جنة", "لجنة", "paradise / committee"),
    ("طاقة", "بطاقة", "energy / card"),
    ("حرية", "بحرية", "freedom / naval"),
    ("يصل", "فيصل", "arrives / Faisal"),
    ("كرة", "فكرة", "ball / idea"),
    ("عيد", "بعيد", "feast / far"),
    ("نية", "فنية", "intention / technical"),
    ("الرقة", "فرقة", "Raqqa / band"),
    ("أنت", "كانت", "you / was"),
    ("يهم", "فيهم", "concerns / among them"),
    ("ساد", "فساد", "prevailed / corruption"),
    ("ريم", "كريم", "Reem / generous"),
    ("تحت", "فتحت", "under / opened"),
    ("علي", "فعلي", "Ali / actual"),
    ("حث", "بحث", "urged / research"),
    ("نود", "بنود", "we want / clauses"),
    ("جدة", "وجد", "Jeddah / found"),
    # a final alif comes off as an ending, but not from these
    ("العليا", "علي", "upper (the Supreme Court) / Ali"),
    ("علي", "العليا", "Ali / upper"),
    ("هدايا", "هداية", "gifts / guidance"),
    ("هداية", "هدايا", "guidance / gifts"),
    # ون is a plural only after four letters (or a verb's ي): a root ن stays
    ("الزيتون", "الزيت", "olives / oil"),
    ("زيت", "زيتون", "oil / olives"),
    ("الكربون", "كرب", "carbon / distress"),
    ("ليمون", "ليم", "lemon / (no word)"),
    # a final و comes off a participle (مرشحو), not off these
    ("مترو", "متر", "metro / metre"),
    ("متر", "مترو", "metre / metro"),
    ("ماريو", "ماري", "Mario / Marie"),
    ("ماركو", "مارك", "Marco / Mark"),
    ("المدعو", "المدعي", "so-called / the prosecutor"),
    # prefixes: matched after proclitics, but never inside a word
    ("سد*", "الأسد", "dam / the lion, Assad"),
    ("سلام*", "الإسلام", "peace / Islam"),
    ("جار*", "تجارة", "neighbour / trade"),
    ("ملاك*", "أملاك", "angel / property"),
    ("عليم*", "تعليم", "all-knowing / education"),
    ("جنة*", "لجنة", "paradise / committee"),
    ("طاق*", "بطاقة", "energy / card"),
    ("يصل*", "فيصل", "arrives / Faisal"),
    ("كرة*", "فكرة", "ball / idea"),
    ("زار*", "وزارة", "visited / ministry"),
    ("طن*", "وطن", "ton / homeland"),
    ("مال*", "كمال", "money / Kamal"),
    ("ساد*", "فساد", "prevailed / corruption"),
    ("حث*", "بحث", "urged / research"),
    # preposition forms are added only to words the stemmer keeps whole, and to names
    ("حيرة", "بحيرة", "confusion / lake"),
    ("لاد", "بلاد", "(no word) / country"),
    ("جدة", "لجنة", "Jeddah / committee"),
]

# (query, document word): one for each expansion the ranking keeps, and the analyzer's table.
MUST_MATCH: list[tuple[str, str]] = [
    # verb-prefix variants
    ("يستأنف", "استأنف"),
    ("استأنف", "يستأنف"),
    ("يعلن", "أعلن"),
    ("أعلن", "يعلن"),
    ("تعلن", "أعلن"),
    ("وأعلن", "تعلن"),
    ("يشارك", "شارك"),
    ("شارك", "يشارك"),
    ("يتحدث", "تحدث"),
    ("ناقش", "يناقش"),
    ("يعلنون", "أعلن"),
    # prefixes after proclitics
    ("اقتصاد*", "اقتصادي"),
    ("اقتصاد*", "والاقتصاد"),
    ("اقتصاد*", "بالاقتصاد"),
    ("اقتصاد*", "للاقتصاد"),
    ("اقتصاد*", "الاقتصادية"),
    ("اقتصاد*", "واقتصادنا"),
    ("الاقتصاد*", "والاقتصادية"),
    ("الاقتصاد*", "للاقتصاد"),
    ("سد*", "السدود"),
    ("مشارك*", "بمشاركة"),
    # attached prepositions
    ("مكة", "بمكة"),
    ("جدة", "بجدة"),
    ("جدة", "لجدة"),
    ("نجران", "بنجران"),
    ("نجران", "لنجران"),
    ("نجران", "ولنجران"),
    ("مصر", "بمصر"),
    ("غزة", "لغزة"),
    ("السعودية", "بالسعودية"),
    ("واشنطن", "بواشنطن"),
    *ANALYZER_MUST_MATCH,
]

DOCUMENT_WORDS = sorted({d for _, d, _ in MUST_NOT} | {d for _, d in MUST_MATCH})
DOC_ID = {word: f"w{i:03d}" for i, word in enumerate(DOCUMENT_WORDS)}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("pairs")
    docs = [{"id": DOC_ID[w], "title": "", "lang": "ar", "text": w} for w in DOCUMENT_WORDS]
    corpus = write_corpus(root / "corpus", docs)
    import os

    old = os.environ.get("SEEDS_INDEX_DIR")
    os.environ["SEEDS_INDEX_DIR"] = str(root / "index")
    try:
        found = api.open_searcher(api.load_catalogue(corpus))
    finally:
        if old is None:
            os.environ.pop("SEEDS_INDEX_DIR")
        else:
            os.environ["SEEDS_INDEX_DIR"] = old
    return found


def found_ids(searcher: Any, query: str) -> set[str]:
    return {hit.id for hit in api.search(searcher, query, limit=1000, passages=0).hits}


def test_the_table_is_large_enough() -> None:
    assert len(MUST_NOT) >= 60
    assert len({(q, d) for q, d, _ in MUST_NOT}) == len(MUST_NOT)


@pytest.mark.parametrize(
    ("query", "document"), [(q, d) for q, d, _ in MUST_NOT], ids=[r for _, _, r in MUST_NOT]
)
def test_must_not_find(searcher: Any, query: str, document: str) -> None:
    assert DOC_ID[document] in found_ids(searcher, document)  # the document is there
    assert DOC_ID[document] not in found_ids(searcher, query)


@pytest.mark.parametrize(("query", "document"), MUST_MATCH)
def test_must_find(searcher: Any, query: str, document: str) -> None:
    assert DOC_ID[document] in found_ids(searcher, query)


def test_the_issue_pairs_through_the_command(
    run: Callable[..., Any], make_corpus: Callable[..., Path]
) -> None:
    corpus = make_corpus(
        [
            {"id": "peace", "text": "مفاوضات السلام بين الطرفين."},
            {"id": "islam", "text": "ندوة عن تاريخ الإسلام."},
            {"id": "trade", "text": "وزارة التجارة تعلن."},
            {"id": "neighbour", "text": "زارته جارة قديمة."},
            {"id": "announced", "text": "أعلن الوزير خطة جديدة."},
        ],
        name="issue",
    )

    def ids(*args: str) -> list[str]:
        result = run("--corpus", str(corpus), "search", *args, "--format", "ids")
        assert result.exit_code in (0, 1), result.output
        return result.output.split()

    assert ids("سلام") == ["peace"]
    assert ids("إسلام") == ["islam"]
    assert ids("تجارة") == ["trade"]
    assert sorted(ids("يعلن")) == ["announced", "trade"]
    explained = run("--corpus", str(corpus), "search", "سلام", "--explain")
    assert "اسلام" not in explained.output
