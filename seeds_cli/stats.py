"""Corpus statistics for ``seeds stats``: sizes, distributions, frequent words, extremes.

Two ways to the same numbers:

* from the stored search index, when a fresh one exists: document counts, lengths, sources,
  languages and months come from its ``docs`` table; distinct words from its table of
  normalized terms; frequent words from its stemmed terms (the most frequent candidates by
  document frequency, their occurrences summed from the postings). Only characters need the
  texts, and spellings a sample of the documents holding each frequent word;
* from the texts, otherwise: one pass counting surface words (a C-speed ``Counter``), then the
  analyzer runs once per distinct word, not once per occurrence.

Words are counted as ``seeds list`` counts them. Frequent words skip stopwords and are grouped
by their analyzed term (normalized and stemmed), each shown in its most common spelling.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import filterfalse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import os

    from seeds_cli.catalogue import Catalogue, Document

NO_SOURCE = "(none)"
UNDATED = "undated"
INDEX_CANDIDATES = 600  # most frequent-by-df terms considered for the top list
SPELLING_SAMPLE = 30  # documents read per top word to find its usual spelling


@dataclass
class DocLength:
    id: str
    title: str
    words: int


@dataclass
class TopWord:
    word: str  # the most common original spelling
    term: str  # the analyzed term the count is grouped by
    count: int  # occurrences in the texts
    documents: int  # documents containing it


@dataclass
class CorpusStats:
    """Everything ``seeds stats`` shows; ``as_dict`` is its ``--format json``."""

    title: str
    documents: int = 0
    words: int = 0
    distinct_words: int = 0
    characters: int = 0
    by_source: list[tuple[str, int, int]] = field(default_factory=list)  # name, docs, words
    by_lang: list[tuple[str, int, int]] = field(default_factory=list)
    by_month: list[tuple[str, int, int]] = field(default_factory=list)  # chronological
    top_words: list[TopWord] = field(default_factory=list)
    longest: list[DocLength] = field(default_factory=list)
    shortest: list[DocLength] = field(default_factory=list)
    computed_from: str = "texts"  # or "index"
    # Stories with copies (near-duplicates from the index, copies recorded by an import):
    # None when computed from the texts, which know only the recorded copies.
    stories: int | None = None
    story_documents: int | None = None  # documents of the corpus in those stories
    recorded_copies: int = 0  # copies an import dropped and recorded (INDEX.md 'copies')

    def as_dict(self) -> dict[str, Any]:
        def groups(rows: list[tuple[str, int, int]], key: str) -> list[dict[str, Any]]:
            return [{key: name, "documents": d, "words": w} for name, d, w in rows]

        return {
            "title": self.title,
            "documents": self.documents,
            "words": self.words,
            "distinct_words": self.distinct_words,
            "characters": self.characters,
            "by_source": groups(self.by_source, "source"),
            "by_lang": groups(self.by_lang, "lang"),
            "by_month": groups(self.by_month, "month"),
            "top_words": [vars(t) for t in self.top_words],
            "longest": [vars(d) for d in self.longest],
            "shortest": [vars(d) for d in self.shortest],
            "computed_from": self.computed_from,
            "duplicates": {
                "stories_with_copies": self.stories,
                "documents_in_them": self.story_documents,
                "recorded_copies": self.recorded_copies,
            },
        }


def _month(date: str) -> str:
    return date[:7] if len(date) >= 7 else (date or UNDATED)


def _grouped(
    values: Iterable[tuple[str, int]], *, by_name: bool = False
) -> list[tuple[str, int, int]]:
    docs: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for name, n in values:
        docs[name] += 1
        words[name] += n
    if by_name:  # months: chronological, undated last
        names = sorted(docs, key=lambda m: (m == UNDATED, m))
    else:
        names = sorted(docs, key=lambda k: (-docs[k], k))
    return [(name, docs[name], words[name]) for name in names]


def _extremes(rows: list[tuple[str, str, int]], n: int) -> tuple[list[DocLength], list[DocLength]]:
    ordered = sorted(rows, key=lambda r: (-r[2], r[0]))
    longest = [DocLength(*r) for r in ordered[:n]]
    shortest = [DocLength(*r) for r in sorted(rows, key=lambda r: (r[2], r[0]))[:n]]
    return longest, shortest


def _lang_key(lang: str) -> str:
    """The analyzer's language argument for a document language tag."""
    return lang.split("-", 1)[0].lower()


def compute_stats(
    catalogue: Catalogue,
    *,
    top: int = 20,
    extremes: int = 5,
    use_index: bool = True,
    progress: Callable[[int], None] | None = None,
    index_dir: str | os.PathLike[str] | None = None,
) -> CorpusStats:
    """Statistics of the whole catalogue, from a fresh stored index when there is one (in
    ``index_dir``, if given; every file is checked: the figures are of the whole corpus)."""
    if use_index:
        reader = _fresh_index(catalogue, index_dir)
        if reader is not None:
            try:
                return _from_index(catalogue, reader, top, extremes, progress)
            finally:
                reader.close()
    return _from_texts(catalogue, top, extremes, progress)


def _fresh_index(catalogue: Catalogue, index_dir: str | os.PathLike[str] | None) -> Any:
    """An open reader of the corpus's index if one exists and is fresh; never builds one."""
    try:
        from seeds_cli.index.ready import find_index

        reader, _note = find_index(catalogue.root, index_dir, every_file=True)
        return reader
    except Exception:  # no index support, or an unreadable one: the texts still answer
        return None


def _from_texts(
    catalogue: Catalogue, top: int, extremes: int, progress: Callable[[int], None] | None
) -> CorpusStats:
    from seeds_cli.analysis import Analyzer, is_stopword, normalize
    from seeds_cli.catalogue.catalogue import WORD_RE

    stats = CorpusStats(catalogue.header.title)
    findall = WORD_RE.findall
    analyzer = Analyzer()
    # Per analyzer language (stemming of Latin words depends on the document's language):
    # occurrences of each surface word, and surface word -> term.
    surfaces: dict[str, Counter[str]] = {}
    terms_of: dict[str, dict[str, str]] = {}
    term_docs: Counter[str] = Counter()
    lengths: list[tuple[str, str, int]] = []
    for doc in catalogue:
        text = doc.text
        words = findall(text)
        doc.words = len(words)
        stats.characters += len(text)
        lang = _lang_key(doc.lang) or "ar"
        surfaces.setdefault(lang, Counter()).update(words)  # counts in C
        cache = terms_of.setdefault(lang, {})
        unique = set(words)
        for word in filterfalse(cache.__contains__, unique):  # analyze each word once only
            cache[word] = analyzer.term(word, lang)
        term_docs.update(set(map(cache.__getitem__, unique)))  # set ops and map run in C
        lengths.append((doc.id, doc.title, doc.words))
        if progress:
            progress(1)
    _fill_catalogue_parts(stats, catalogue, lengths, extremes)

    normalized: set[str] = set()
    term_count: Counter[str] = Counter()
    spelling: dict[str, Counter[str]] = {}
    for lang, counter in surfaces.items():
        cache = terms_of[lang]
        for word, n in counter.items():
            normalized.add(normalize(word))
            term = cache[word]
            if term and not is_stopword(term) and _is_content(term):
                term_count[term] += n
                spelling.setdefault(term, Counter())[word] += n
    normalized.discard("")
    stats.distinct_words = len(normalized)
    stats.top_words = [
        TopWord(spelling[t].most_common(1)[0][0], t, n, term_docs[t])
        for t, n in term_count.most_common(top)
    ]
    return stats


def _is_content(term: str) -> bool:
    # Numbers and one-letter remnants are not what a reader means by "words of the corpus".
    return len(term) > 1 and not any(ch.isdigit() for ch in term)


def _fill_catalogue_parts(
    stats: CorpusStats,
    catalogue: Catalogue,
    lengths: list[tuple[str, str, int]],
    extremes: int,
) -> None:
    docs: list[Document] = catalogue.documents
    stats.documents = len(docs)
    stats.words = sum(n for _, _, n in lengths)
    stats.by_source = _grouped((d.source or NO_SOURCE, d.words) for d in docs)
    stats.by_lang = _grouped((d.lang or "und", d.words) for d in docs)
    stats.by_month = _grouped(((_month(d.date), d.words) for d in docs), by_name=True)
    stats.longest, stats.shortest = _extremes(lengths, extremes)
    stats.recorded_copies = sum(len(d.copy_list()) for d in docs if d.copies)


def _from_index(
    catalogue: Catalogue,
    reader: Any,
    top: int,
    extremes: int,
    progress: Callable[[int], None] | None,
) -> CorpusStats:
    from seeds_cli.analysis import Analyzer, is_stopword
    from seeds_cli.index.store import Postings

    stats = CorpusStats(catalogue.header.title, computed_from="index")
    by_id = {doc.id: doc for doc in catalogue}
    id_of: dict[int, str] = {}
    lengths: list[tuple[str, str, int]] = []
    for num, doc_id, words in reader.db.execute("SELECT num, id, words FROM docs"):
        doc = by_id.get(doc_id)
        if doc is not None:
            doc.words = int(words)
            lengths.append((doc.id, doc.title, doc.words))
            id_of[num] = doc_id
    for doc in catalogue:
        stats.characters += len(doc.text)  # the one figure the index does not hold
        if progress:
            progress(1)
    _fill_catalogue_parts(stats, catalogue, lengths, extremes)
    row = reader.db.execute("SELECT count(*) FROM exact").fetchone()
    stats.distinct_words = int(row[0]) if row else 0
    from seeds_cli.index.story_list import all_stories

    stories = all_stories(reader, catalogue)
    stats.stories = len(stories)
    stats.story_documents = sum(1 for story in stories for copy in story.copies if copy.id)

    candidates = [
        (term, df)
        for term, df in reader.db.execute(
            "SELECT term, df FROM terms ORDER BY df DESC LIMIT ?", (INDEX_CANDIDATES * 2,)
        )
        if _is_content(term) and not is_stopword(term)
    ][:INDEX_CANDIDATES]
    counted = []
    for term, df in candidates:
        blob = reader.db.execute("SELECT post FROM terms WHERE term = ?", (term,)).fetchone()[0]
        postings = Postings(df, blob, None)
        # Body occurrences only, as the text-based count: a title is metadata, not text.
        in_text = [d for d, tf in zip(postings.docs, postings.tf_body, strict=True) if tf]
        counted.append((sum(postings.tf_body), term, len(in_text), in_text))
    counted.sort(key=lambda c: (-c[0], c[1]))
    analyzer = Analyzer()
    for count, term, df, nums in counted[:top]:
        spellings: Counter[str] = Counter()
        step = max(1, len(nums) // SPELLING_SAMPLE)  # spread over the corpus, not its start
        for num in nums[::step][:SPELLING_SAMPLE]:
            doc = by_id.get(id_of.get(num, ""))
            if doc is None:
                continue
            lang = _lang_key(doc.lang) or "ar"
            for found, surface in _surface_terms(analyzer, doc, lang):
                if found == term:
                    spellings[surface] += 1
        spelled = spellings.most_common(1)[0][0] if spellings else term
        stats.top_words.append(TopWord(spelled, term, count, df))
    return stats


def _surface_terms(analyzer: Any, doc: Document, lang: str) -> Iterable[tuple[str, str]]:
    """(term, original spelling) for each word of the document's text."""
    text = doc.text
    for term, start, end, _pos in analyzer.terms(text, lang):
        yield term, text[start:end]
