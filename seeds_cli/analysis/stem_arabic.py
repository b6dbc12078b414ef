"""A light Arabic stemmer for normalized tokens, in the spirit of Larkey's light10.

It strips at most one proclitic group (conjunction, preposition, article) and at most
one enclitic pronoun plus one number/gender ending, and never leaves fewer than three
letters. Beyond light10:

* a bare و is stripped only when three letters remain, and not from stems whose و is a
  root letter (وزير, وزاره, وقت ...), listed in ``_WAW_STEMS``;
* a bare preposition ب ل ك ف (light10 keeps them) goes only before a typical noun
  beginning (بمشاركة, لتعزيز, باستخدام) and when four letters remain, so كتاب stays;
* ال is kept when it begins the stem itself (إلغاء, ألمانيا, التزام fold to ال...);
* a teh marbuta written ت before a pronoun is stripped too (حكومته = حكومه = حكوم);
* nisba + plural endings go as one unit (السعوديين, السعوديون, السعودية → سعود);
* the dual/plural ان needs four letters left, as many nouns end in a root ن (سلمان), and
  so does the plural ون (مليون, قانون, زيتون, and the مفعول of a root in ن: مخزون, مضمون),
  except after a verb's ي (يقفون); ونا and انا are an accusative after that ن (مليونا,
  قانونا, مكانا), not the pronoun "our" (a broken plural's ايانا still is: قضايانا);
* the plural ون written و before its noun (مرشحو, مسؤولو الوزارة, منسوبوها) comes off a
  derived form's participle (four letters or more, from م but not ما), as it would from a
  name in -o too (رونالدو, مترو, ماريو stay whole; موسكو loses it harmlessly);
* a final ا is an ending too: the indefinite accusative (شخصا), dual and plural verbs (قاما,
  قالوا) and a country's -iya (تركيا, which then meets التركية); not after a broken plural's
  ايا (هدايا is not هداية);
* a small protected list keeps frequent names and words that only look affixed.

Input must already be normalized (ة → ه, أ إ آ → ا, ؤ ئ → ء, ى → ي, no harakat).
"""

from __future__ import annotations

from seeds_cli.analysis.normalize import normalize

__all__ = ["PROTECTED", "has_article", "stem_arabic"]

_MIN_STEM = 3


def _words(text: str) -> frozenset[str]:
    """The words of a list, written as spelled and matched as normalized (وسائل as وساءل)."""
    return frozenset(normalize(word) for word in text.split())


# Longest first. Groups that contain the article only need two letters after them
# (الحج), others need the minimum stem.
_ARTICLE_PREFIXES = ("وبال", "فبال", "وكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال")
# Conjunction and preposition groups without the article.
_BARE_GROUPS = _words("و ف ب ل ك وب ول وك فب فل فك")
# After و, or alone, a preposition ب ل ك ف is stripped only before these beginnings.
_AFTER_PREPOSITION = ("م", "ت", "است", "ان", "ات")

_PRONOUNS = ("هما", "هم", "هن", "ها", "نا", "ه")
# Endings that follow a teh marbuta written as ت (حكومتها, الدولتين).
_AFTER_TEH = frozenset(("هما", "هم", "هن", "ها", "نا", "ه", "ين", "ان"))
# The final ا: an indefinite accusative (شخصا, مليارا), a dual verb (قاما), a verb plural
# (قالوا), or a country's -iya (تركيا, سوريا), which then meets its nisba (التركية).
_ENDINGS = ("يات", "يون", "يين", "ات", "ون", "ين", "ان", "يه", "يا", "وا", "ي", "ه", "ا")
_ALIF_ENDINGS = frozenset(("يا", "ا"))

# Words that look prefixed or suffixed but are not: returned whole after any proclitic.
PROTECTED = _words(
    """
    الله اله لبنان ايران عمان عثمان سلمان فلسطين بحرين بترول
    اسلام سلام مكه بيان مكان ميدان اعلان سودان انسان زمان امان رمضان شعبان
    عليا دنيا
    """
)

# Frequent words that light stemming would merge with a more frequent name: the sport
# family would otherwise stem to رياض, the capital Riyadh.
_FIXED = dict.fromkeys(_words("رياضه رياضي رياضيه رياضيين رياضيون رياضات"), "رياضي")

# Stems (after ending removal) whose first و is a root letter, so it is not a proclitic.
_WAW_STEMS = _words(
    """
    وزير وزار وزراء وجود وسائل وسيل وفق وفقا وكال وكيل وصل وصول وفا ولاي ورا وراء
    وظيف وظائف واسع واضح وقع وقوع واقع والد ولد وطن وجد وحد واحد وحدات وثيق وثائق
    ورش وتير ولا وقت وضع وافق وجه واجب واصف واصل وقود وقوف وضوح وحيد واشنطن وعد
    وعي وسط وصف وفد وفي ورق ولي وكل وزن وصي وباء وادي واد
    """
)

# Stems that begin with ال themselves: hamza folding (إلغاء, ألمانيا, آلاف) or Form VIII
# of roots in ل (التزام) makes them look like article + word.
_AL_STEMS = _words(
    """
    الكترون الماني المانيا المان التزام التحاق التقاء التفاف التماس الغاء الزام القاء الحاق
    الهام الاف الف الم الي العاب الوان الغام القاب الياف
    """
)

# Every other stem is a part of its word (affixes are only taken off): a word can only have
# stem T if T is in it or T is one of these (the table's, and ال stems after لل, which wrote
# ل + ال as لل). Passages rely on it to stem only the words that can match.
IRREGULAR_STEMS = frozenset(_FIXED.values()) | _AL_STEMS


def _is_participle(stem: str) -> bool:
    """A derived form's participle (مرشح, مسؤول, مستخدم): four letters or more from م, but
    not ما, which begins the names in -o that also end in و (ماركو, ماريو)."""
    return len(stem) > _MIN_STEM and stem[0] == "م" and stem[1] != "ا"


def _strip_endings(word: str) -> str:
    """Drop one enclitic pronoun, then one number/gender ending, keeping three letters."""
    for suffix in _PRONOUNS:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            if suffix == "نا" and word.endswith(("انا", "ونا")) and not word.endswith("ايانا"):
                break  # مليونا, مكانا: an accusative ا after a root ن, not "our"
            word = word[: -len(suffix)]
            # حكومت|ه, حيات|ه: the ت was a teh marbuta, unless it ends a plural ات.
            plural = word.endswith("ات") and len(word) - 2 >= _MIN_STEM
            if word.endswith("ت") and len(word) > _MIN_STEM and not plural:
                return word[:-1]
            break
    if word.endswith("و") and _is_participle(word[:-1]):
        word = word[:-1]  # مرشحو, منسوبوها: a participle's plural before its noun (مرشحون)
        return word[:-1] if word.endswith("ي") else word  # and a nisba with it: مصريو
    for suffix in _ENDINGS:
        if suffix in _ALIF_ENDINGS and word.endswith("ايا"):
            continue  # a broken plural (قضايا, هدايا) keeps its ending: هدايا is not هداية
        if word.endswith(suffix):
            rest = len(word) - len(suffix)
            # A root ن ends many nouns (سلمان, مليون); a verb's ون follows its ي (يقفون).
            root_nun = suffix == "ان" or (suffix == "ون" and word[0] != "ي")
            need = _MIN_STEM + 1 if root_nun else _MIN_STEM
            if rest >= need:
                word = word[: -len(suffix)]
                if suffix in _AFTER_TEH and word.endswith("ت") and len(word) > _MIN_STEM:
                    word = word[:-1]
                break
    return word


def _stem_rest(word: str) -> str:
    """Stem a word whose proclitics are gone."""
    if word in PROTECTED:
        return word
    return _FIXED.get(word) or _strip_endings(word)


def _strip_article(word: str) -> str | None:
    """Stem a word that starts with an article group; None if it doesn't."""
    for prefix in _ARTICLE_PREFIXES:
        if word.startswith(prefix):
            rest = word[len(prefix) :]
            if len(rest) < 2:
                return None
            if rest[0].isdigit():
                return rest
            if not rest.startswith("ال"):  # otherwise the article came first: ال|الغاء
                kept = _strip_endings("ال" + rest)
                if kept in _AL_STEMS:
                    return kept
            return _stem_rest(rest)
    return None


def has_article(word: str) -> bool:
    """True if the stemmer takes an article group (ال, وال, بال, لل ...) off ``word``;
    ال that begins the stem itself (التزام, إلغاء) is not an article."""
    if len(word) <= _MIN_STEM or word in PROTECTED:
        return False
    stemmed = _strip_article(word)
    return stemmed is not None and not word.startswith(stemmed)


def _strip_bare(word: str) -> str:
    """Stem a word that may start with و and/or a preposition, but no article."""
    whole = _stem_rest(word)
    if whole in _WAW_STEMS:
        return whole
    rest = word
    if rest[0] == "و" and len(rest) > 1:
        rest = rest[1:]
    # A preposition is only taken off before a typical noun or verb-noun beginning
    # (بمشاركة, لتعزيز, باستخدام), where a root ب/ل/ك/ف is rare; كتاب stays whole.
    if rest[0] in "بلكف" and (rest[1:2].isdigit() or rest.startswith(_AFTER_PREPOSITION, 1)):
        rest = rest[1:]
    if rest is word:
        return whole
    if rest[0].isdigit():
        return rest
    stemmed = _stem_rest(rest)
    need = _MIN_STEM if len(word) - len(rest) == 1 and word[0] == "و" else _MIN_STEM + 1
    return stemmed if len(stemmed) >= need else whole


def stem_arabic(word: str) -> str:
    """Light-stem one normalized Arabic token."""
    if len(word) <= _MIN_STEM or word in PROTECTED:
        return word
    for i in (1, 2):  # بالله = ب + الله and للبنان = ل + لبنان, not article + له / بنان
        if word[:i] in _BARE_GROUPS and word[i:] in PROTECTED:
            return word[i:]
    stemmed = _strip_article(word)
    return _strip_bare(word) if stemmed is None else stemmed
