"""Stemmers: conflation tables (a query word finds a document word when both analyze to
the same term) and the single rules."""

from __future__ import annotations

import pytest

from seeds_cli.analysis import Analyzer, normalize, stem
from seeds_cli.analysis.stem_arabic import PROTECTED, stem_arabic
from seeds_cli.analysis.stem_english import stem_english

ANALYZER = Analyzer()

MUST_MATCH = [
    # article and proclitic groups
    ("كتاب", "والكتاب"),
    ("كتاب", "بالكتاب"),
    ("كتاب", "للكتاب"),
    ("كتاب", "الكتاب"),
    ("كتاب", "فالكتاب"),
    ("كتاب", "كالكتاب"),
    ("مملكة", "المملكة"),
    ("المملكة", "للمملكة"),
    ("المملكة", "والمملكة"),
    ("المملكة", "بالمملكة"),
    ("المملكة", "وللمملكة"),
    ("وزراء", "الوزراء"),
    ("وزارة", "الوزارة"),
    ("وزارة", "بالوزارة"),
    ("وزير", "الوزير"),
    ("قال", "وقال"),
    ("تعزيز", "لتعزيز"),
    ("تعزيز", "ولتعزيز"),
    ("مشاركة", "بمشاركة"),
    ("استخدام", "باستخدام"),
    ("مكافحة", "لمكافحة"),
    # suffix groups
    ("مكتبة", "المكتبات"),
    ("معلم", "المعلمون"),
    ("معلم", "معلمين"),
    ("معلم", "معلمات"),
    ("سيارة", "سياراتها"),
    ("سيارة", "سيارته"),
    ("سيارة", "سياراتهم"),
    ("حكومة", "حكومته"),
    ("حكومة", "حكومتها"),
    ("دولة", "الدولتين"),
    ("حياة", "حياته"),
    ("السعودية", "السعودي"),
    ("السعودية", "السعوديين"),
    ("السعودية", "السعوديون"),
    ("عملية", "العمليات"),
    ("مستوى", "مستويات"),
    ("الماضي", "الماضية"),
    ("مشروع", "مشروعات"),
    ("مشاريعها", "مشاريع"),
    ("نتائج", "نتائجهم"),
    ("بلادنا", "بلاد"),
    ("مسلم", "المسلمين"),
    ("فلسطين", "الفلسطينيين"),
    ("فلسطين", "فلسطيني"),
    ("البحرين", "البحرينية"),
    ("لبنان", "اللبنانية"),
    ("لبنان", "للبنان"),
    ("الله", "والله"),
    ("الله", "بالله"),
    # ال belonging to the stem
    ("إلغاء", "الإلغاء"),
    ("التزام", "الالتزامات"),
    ("إلكتروني", "الإلكترونية"),
    ("آلاف", "الآلاف"),
    # normalization
    ("إسلام", "الاسلام"),
    ("أحمد", "احمد"),
    ("مدرسةٌ", "مدرسه"),
    ("كتـــاب", "الكِتاب"),
    # numbers keep their value
    ("2015", "و2015"),
    ("500", "ب500"),
    ("2500", "2,500"),
    ("2500", "٢٬٥٠٠"),
    ("3.5", "٣٫٥"),
    # a final alif: indefinite accusative, dual and plural verbs, a country's -iya
    ("شخص", "شخصا"),
    ("مليار", "مليارا"),
    ("ريال", "ريالا"),
    ("قال", "قالوا"),
    ("قام", "قاما"),
    ("تركيا", "التركية"),
    ("روسيا", "الروسي"),
    ("سوريا", "السورية"),
    # a root ن ends the word: ون is not a plural after three letters, and ونا/انا are an
    # accusative after it
    ("مليون", "مليونا"),
    ("مليون", "المليون"),
    ("مليون", "مليوني"),
    ("قانون", "قانونا"),
    ("القانون", "القانونية"),
    ("مخزون", "المخزونات"),
    ("مكان", "مكانا"),
    ("أحيان", "أحيانا"),
    ("قضايا", "قضايانا"),  # but a broken plural's ايانا is the pronoun
    ("يقف", "يقفون"),  # and a verb's ون after its ي is the plural
    # a participle's plural ون written و before its noun
    ("مرشحون", "مرشحو"),
    ("المسؤولين", "ومسؤولو"),
    ("منسوبي", "منسوبوها"),
    ("معارض", "معارضوه"),
    ("موظفين", "موظفو"),
    ("المصريين", "مصريو"),
    # a hamza on و or on ي: both spellings are current
    ("المسؤولين", "المسئولين"),
    ("شؤون", "شئون"),
    ("ووسائل", "وسائل"),
    # Latin words in Arabic text
    ("Google", "google"),
    ("companies", "company"),
    ("talks", "talking"),
]

MUST_NOT_MATCH = [
    ("زار", "وزارة"),
    ("لبن", "لبنان"),
    ("له", "الله"),
    ("كتب", "كاتب"),
    ("سلام", "إسلام"),
    ("زير", "وزير"),
    ("طن", "وطن"),
    ("قت", "وقت"),
    ("تاب", "كتاب"),
    ("سلم", "سلمان"),
    ("عم", "عمان"),
    ("اير", "ايران"),
    ("رياضة", "الرياض"),
    ("رياضي", "الرياض"),
    ("بحر", "البحرين"),
    ("ترول", "البترول"),
    ("امل", "كامل"),
    ("رنامج", "برنامج"),
    ("عب", "لاعب"),
    ("الي", "اليوم"),
    ("فلسط", "فلسطين"),
    ("العليا", "علي"),  # the final alif of عليا (upper) is not an ending
    ("الدنيا", "دني"),
    ("هدايا", "هداية"),  # a broken plural keeps its ending: gifts are not guidance
    # قضايا / قضية (cases / case) is not here: it is a loss of recall, not a false friend. A
    # rule for the broken plural فعايا (قضايا, ضحايا, هدايا meeting قضية, ضحية, هدية) was
    # tried and measured neutral on the known-item sets, so it was not kept.
    ("زيتون", "زيت"),  # a root ن: olives are not oil
    ("الكربون", "كرب"),
    ("مترو", "متر"),  # a final و comes off a participle only: four letters from م, not ما
    ("ماريو", "ماري"),
    ("المدعو", "المدعي"),
    ("بيت", "بيته"),  # not the same term... see test below: guarded, unequal forms
]
# بيته keeps its ت (a root letter here): its stem differs from بيت, a known loss of light
# stemming that guards against worse (وقته -> وق).
MUST_NOT_MATCH.pop()


@pytest.mark.parametrize(("query", "document"), MUST_MATCH)
def test_must_match(query: str, document: str) -> None:
    assert ANALYZER.term(query) == ANALYZER.term(document) != ""


@pytest.mark.parametrize(("query", "document"), MUST_NOT_MATCH)
def test_must_not_match(query: str, document: str) -> None:
    assert ANALYZER.term(query) != ANALYZER.term(document)


def test_table_is_large_enough() -> None:
    assert len(MUST_MATCH) + len(MUST_NOT_MATCH) >= 60


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("الكتاب", "كتاب"),  # article
        ("والكتاب", "كتاب"),  # conjunction + article
        ("وقال", "قال"),  # bare و
        ("وقد", "وقد"),  # too short to strip
        ("وزاره", "وزار"),  # root و kept
        ("مكتبات", "مكتب"),  # plural ات
        ("سعوديين", "سعود"),  # nisba + plural as one unit
        ("سياراتها", "سيار"),  # pronoun, then plural
        ("حكومتهم", "حكوم"),  # teh marbuta written ت before a pronoun
        ("سلمان", "سلمان"),  # ان needs four letters left
        ("برلمان", "برلم"),  # ...which برلمان has
        ("الغاء", "الغاء"),  # ال of the stem
        ("الالغاء", "الغاء"),
        ("لبنان", "لبنان"),  # protected
    ],
)
def test_arabic_rules(word: str, stemmed: str) -> None:
    assert stem_arabic(word) == stemmed


def test_stems_keep_three_letters() -> None:
    for word in ["كتبه", "وجه", "بيته", "هنا", "عليها", "فيها", "مهم", "متهم"]:
        assert len(stem_arabic(word)) >= min(3, len(word))


def test_protected_words_are_normalized() -> None:
    for word in PROTECTED:
        assert normalize(word) == word
        assert stem_arabic(word) == word


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("companies", "company"),
        ("classes", "class"),
        ("talks", "talk"),
        ("running", "run"),
        ("stopped", "stop"),
        ("agreed", "agree"),
        ("created", "creat"),
        ("creates", "creat"),
        ("quickly", "quick"),
        ("news", "news"),
        ("king", "king"),
        ("bus", "bus"),
        ("oil", "oil"),
    ],
)
def test_english(word: str, stemmed: str) -> None:
    assert stem_english(word) == stemmed


def test_stem_dispatches_by_script_and_language() -> None:
    assert stem("والكتاب") == "كتاب"
    assert stem("talks") == "talk"
    assert stem("talks", lang="en") == "talk"
    assert stem("talks", lang="fr") == "talks"  # other Latin languages: unstemmed
    assert stem("والكتاب", lang="fr") == "كتاب"  # Arabic script is Arabic whatever lang
    assert stem("2015") == "2015"
    assert stem("") == ""
