"""Compile a parsed query into typed leaves in a boolean tree: the one analysis of a query.

Ranking scores the leaves and combines them by the tree; passages and highlights look for the
same leaves in a text (:func:`patterns`). A leaf is a term (a query word's stem, or the exact
form or a verb variant that the ranking adds to it), a prefix with its expansions, or a
phrase. Filters become the set of documents they let through.

The cost of a query is bounded here: a clause repeated in a group (``في في في``) is compiled
once, with its count as a weight (the scores are those of the repeated clauses, summed); a
prefix matches its ``max_expansions`` most frequent terms at most; and the words past the
first :data:`MAX_QUERY_WORDS` are left out (named in ``Compiled.left_out``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from seeds_cli.index.query import (
    DateFilter,
    FieldFilter,
    Group,
    Or,
    Phrase,
    Prefix,
    Word,
)
from seeds_cli.query.params import Params

if TYPE_CHECKING:
    from seeds_cli.index.query import Node as QueryNode
    from seeds_cli.index.store import IndexReader

# A query is searched for its first words, up to this many (a phrase counts its words, a word
# repeated counts once): what a long pasted text costs stays bounded.
MAX_QUERY_WORDS = 32

Kind = Literal["term", "prefix", "phrase"]
Role = Literal["word", "exact form", "verb variant", "preposition form", "phrase word"]


@dataclass(slots=True, repr=False, eq=False)
class Leaf:
    """One scoring unit: a term, a prefix's expansions or a phrase's terms at their offsets."""

    label: str  # as the query wrote it (``=word`` for an exact form, ``~term`` a variant)
    kind: Kind
    terms: tuple[str, ...]  # the term; a prefix's expansions; a phrase's terms
    exact: bool  # in the space of exact (unstemmed) terms
    field: str | None = None  # "title": matches in titles only
    offsets: tuple[int, ...] = (0,)  # a phrase: each term's position relative to the first
    role: Role = "word"
    weight: float = 1.0  # the role's weight (1, w_exact, w_verb) times ``count``
    count: int = 1  # how many times the query has it (repeated clauses are compiled once)
    times: int = 1  # how many times its clause repeats in its group
    negated: bool = False  # under a NOT: selects documents to leave out, scores nothing
    prefix: str = ""  # a prefix: itself, normalized
    capped: bool = False  # a prefix with more terms than ``max_expansions``

    @property
    def companion(self) -> bool:
        """Added by the ranking to a query word (its exact form or a verb variant)."""
        return self.role != "word"


@dataclass(slots=True, repr=False, eq=False)
class AnyOf:
    """A word with its companions, or an ``OR``: the sum of the items' scores."""

    items: list[Node]
    times: int = 1  # how many times its clause repeats in its group


@dataclass(slots=True, repr=False, eq=False)
class AllOf:
    """A group: every ``must``, at least one ``should`` (unless a ``must`` scores), no
    ``must_not``."""

    must: list[Node] = field(default_factory=list)
    should: list[Node] = field(default_factory=list)
    must_not: list[Node] = field(default_factory=list)
    times: int = 1  # how many times its clause repeats in its group


@dataclass(slots=True, repr=False, eq=False)
class DocSet:
    """A filter: the documents it lets through (they score nothing)."""

    docs: set[int]
    times: int = 1  # how many times its clause repeats in its group


Node = Leaf | AnyOf | AllOf | DocSet


@dataclass(slots=True, repr=False, eq=False)
class Compiled:
    root: AllOf
    leaves: list[Leaf]  # every leaf, in query order
    words: list[Leaf]  # the positive word terms in query order, repeats included (proximity)
    left_out: list[str] = field(default_factory=list)  # words past MAX_QUERY_WORDS

    def leaf_count(self) -> int:
        """How many leaves the query has, repeats counted."""
        return sum(leaf.count for leaf in self.leaves)


def compile_query(
    tree: Group,
    *,
    exact: bool = False,
    lang: str = "ar",
    params: Params | None = None,
    reader: IndexReader | None = None,
    vocabulary: Vocabulary | None = None,
) -> Compiled:
    """Analyze the query's words as documents are analyzed, and resolve its filters and
    prefixes against ``reader``. Without a reader (highlighting a text), prefixes are not
    expanded, no verb variant is looked up and filters are left out."""
    compiler = _Compiler(exact, lang, params or Params(), reader, vocabulary)
    # The query's prefixes share max_expansions: what a query reads stays bounded.
    prefixes = _count_prefixes(tree)
    compiler.expansions_each = max(1, compiler.params.max_expansions // max(1, prefixes))
    root, words = compiler.group(tree, negated=False, mult=1)
    return Compiled(root, compiler.leaves, words, compiler.left_out)


def patterns(compiled: Compiled) -> list[Leaf]:
    """What passages look for: the query's own words, prefixes and phrases that are not
    negated, in query order (an exact form or a verb variant is a kind of its word; a
    preposition form is looked for too, as the stemmer does not find it in its word).
    Passages look for a term or a phrase by its ``terms`` (``exact``: as written, else by
    stem), and for a prefix by its ``prefix``, in the words that start with it."""
    return [
        leaf
        for leaf in compiled.leaves
        if not leaf.negated and leaf.role in ("word", "preposition form")
    ]


def _scores(node: QueryNode) -> bool:
    """Whether a parsed clause has words to score (not only filters)."""
    if isinstance(node, (Word, Phrase, Prefix)):
        return True
    if isinstance(node, Or):
        return any(_scores(item) for item in node.items)
    if isinstance(node, Group):
        return any(c.occur != "not" and _scores(c.node) for c in node.clauses)
    return False


def _count_prefixes(node: QueryNode) -> int:
    """How many distinct prefixes the query has (a repeated one counts once)."""
    found: set[tuple[object, ...]] = set()

    def walk(n: QueryNode) -> None:
        if isinstance(n, Prefix):
            found.add(_key(n))
        elif isinstance(n, Or):
            for item in n.items:
                walk(item)
        elif isinstance(n, Group):
            for clause in n.clauses:
                walk(clause.node)

    walk(node)
    return len(found)


def _key(node: QueryNode) -> tuple[object, ...]:
    """What a query node says, without where it says it: equal keys, equal clauses."""
    if isinstance(node, (Word, Prefix, Phrase)):
        return (type(node).__name__, node.text, node.field)
    if isinstance(node, FieldFilter):
        return ("field", node.field, node.value)
    if isinstance(node, DateFilter):
        return ("date", node.op, node.value)
    if isinstance(node, Or):
        return ("or", *(_key(item) for item in node.items))
    return ("group", *((c.occur, _key(c.node)) for c in node.clauses))


def _counted(items: list[tuple[str, QueryNode]]) -> list[tuple[str, QueryNode, int]]:
    """(occur, node, count) per distinct item, in order of first appearance."""
    first: dict[tuple[object, ...], tuple[str, QueryNode]] = {}
    counts: dict[tuple[object, ...], int] = {}
    for occur, node in items:
        key = (occur, _key(node))
        first.setdefault(key, (occur, node))
        counts[key] = counts.get(key, 0) + 1
    return [(occur, node, counts[key]) for key, (occur, node) in first.items()]


class Vocabulary:
    """What compiling a query asks of the analyzers and the index about a word, kept across
    the queries of one ranker (batch mode): each word is analyzed, and each verb variant
    looked up, once."""

    LIMIT = 100_000  # document frequencies kept; past it they start over

    def __init__(self, exact: bool, reader: IndexReader | None = None) -> None:
        from seeds_cli.analysis import Analyzer

        self.analyzer = Analyzer(stem=not exact)
        self.exact_analyzer = Analyzer(stem=False)
        self.reader = reader
        self._dfs: dict[str, int] = {}

    def doc_frequency(self, term: str, *, exact: bool = False) -> int:
        """In how many documents the term (stemmed, or ``exact``) is; 0 without an index."""
        key = ("=" if exact else "") + term
        found = self._dfs.get(key)
        if found is None:
            if len(self._dfs) > self.LIMIT:
                self._dfs.clear()
            reader = self.reader
            found = reader.doc_frequency(term, exact=exact) if reader is not None else 0
            self._dfs[key] = found
        return found


class _Compiler:
    def __init__(
        self,
        exact: bool,
        lang: str,
        params: Params,
        reader: IndexReader | None,
        vocabulary: Vocabulary | None,
    ):
        self.exact = exact
        self.lang = lang
        self.params = params
        self.reader = reader
        self.vocabulary = vocabulary or Vocabulary(exact, reader)
        self.analyzer = self.vocabulary.analyzer
        self.exact_analyzer = self.vocabulary.exact_analyzer
        self.leaves: list[Leaf] = []
        self.room = MAX_QUERY_WORDS  # words the query may still have
        self.expansions_each = params.max_expansions  # terms each prefix may match
        self.left_out: list[str] = []

    def fits(self, words: int, label: str) -> bool:
        """Whether ``words`` more words are within :data:`MAX_QUERY_WORDS`; if not, the
        clause is left out (and named in ``left_out``)."""
        if words > self.room:
            self.left_out.append(label)
            return False
        self.room -= words
        return True

    def group(self, group: Group, negated: bool, mult: int) -> tuple[AllOf, list[Leaf]]:
        node = AllOf()
        parts = {"must": node.must, "should": node.should, "not": node.must_not}
        compiled: dict[tuple[object, ...], list[Leaf]] = {}
        counted = _counted([(c.occur, c.node) for c in group.clauses])
        # A phrase among other optional clauses (a quotation in a pasted headline) also
        # counts its words one by one; alone, or required, it stays a strict phrase.
        optional = sum(1 for occur, child, _ in counted if occur == "should" and _scores(child)) > 1
        for occur, child, times in counted:
            out, compiled[(occur, _key(child))] = self.node(
                child, negated or occur == "not", mult * times, optional and occur == "should"
            )
            if out is not None:
                out.times = times
                parts[occur].append(out)
        # The word sequence follows the clauses as written, repeats included.
        sequence: list[Leaf] = []
        for clause in group.clauses:
            sequence.extend(compiled[(clause.occur, _key(clause.node))])
        return node, sequence

    def node(
        self, node: QueryNode, negated: bool, mult: int, optional: bool = False
    ) -> tuple[Node | None, list[Leaf]]:
        if isinstance(node, Group):
            return self.group(node, negated, mult)
        if isinstance(node, Or):
            items: list[Node] = []
            sequence: list[Leaf] = []
            seqs: dict[tuple[object, ...], list[Leaf]] = {}
            for _, item, times in _counted([("or", i) for i in node.items]):
                out, seqs[_key(item)] = self.node(item, negated, mult * times)
                if out is not None:
                    out.times = times
                    items.append(out)
            for item in node.items:
                sequence.extend(seqs[_key(item)])
            return (AnyOf(items) if items else None), sequence
        if isinstance(node, (FieldFilter, DateFilter)):
            if self.reader is None:
                return None, []
            from seeds_cli.index.filters import filter_docs

            return DocSet(filter_docs(node, self.reader)), []
        if isinstance(node, Prefix):
            leaf = self.prefix(node, negated, mult)
            return leaf, []
        return self.word(node, negated, mult, optional)

    def add(self, leaf: Leaf) -> Leaf:
        self.leaves.append(leaf)
        return leaf

    def prefix(self, node: Prefix, negated: bool, mult: int) -> Leaf | None:
        prefix = self.exact_analyzer.term(node.text, self.lang)
        if not prefix or not self.fits(1, node.text + "*"):
            return None
        limit = self.expansions_each
        terms: list[str] = []
        if self.reader is not None:
            from seeds_cli.analysis.prefixes import expand_after_proclitics

            # One more than the cap: to know whether the cap left terms out.
            reader = self.reader
            terms = expand_after_proclitics(
                prefix, lambda p: reader.expand_prefix(p, limit=limit + 1), limit + 1
            )
        return self.add(
            Leaf(
                node.text + "*",
                "prefix",
                tuple(terms[:limit]),
                True,
                node.field,
                weight=mult,
                count=mult,
                negated=negated,
                prefix=prefix,
                capped=len(terms) > limit,
            )
        )

    def word(
        self, node: Word | Phrase, negated: bool, mult: int, optional: bool = False
    ) -> tuple[Node | None, list[Leaf]]:
        analyzed = self.analyzer.terms(node.text, self.lang)
        if not analyzed or not self.fits(len(analyzed), node.text):
            return None, []
        if len(analyzed) > 1:
            first = analyzed[0][3]
            phrase = Leaf(
                node.text,
                "phrase",
                tuple(t[0] for t in analyzed),
                self.exact,
                node.field,
                offsets=tuple(t[3] - first for t in analyzed),
                weight=mult,
                count=mult,
                negated=negated,
            )
            self.add(phrase)
            w = self.params.w_phrase_word
            if not optional or negated or not w:
                return phrase, []
            words: list[Node] = [phrase]
            for term, start, end, _ in analyzed:
                leaf = Leaf(node.text[start:end], "term", (term,), self.exact, node.field)
                leaf.role, leaf.weight, leaf.count = "phrase word", w * mult, mult
                words.append(self.add(leaf))
            return AnyOf(words), []
        term = self.add(
            Leaf(
                node.text,
                "term",
                (analyzed[0][0],),
                self.exact,
                node.field,
                weight=mult,
                count=mult,
                negated=negated,
            )
        )
        if self.exact:
            return term, ([] if negated else [term])
        items: list[Node] = [term]
        p = self.params

        def companion(label: str, form: str, exact: bool, role: Role, weight: float) -> None:
            """Add a form the ranking finds beside the word: scored with the word, at ``weight``."""
            leaf = Leaf(label, "term", (form,), exact, node.field, role=role)
            leaf.weight, leaf.count, leaf.negated = weight * mult, mult, negated
            items.append(self.add(leaf))

        surface = self.exact_analyzer.term(node.text, self.lang) if p.w_exact else ""
        if surface:
            # The word as written (normalized, unstemmed) is stronger evidence than its stem.
            companion("=" + node.text, surface, True, "exact form", p.w_exact)
        if p.w_verb and self.reader is not None:
            from seeds_cli.analysis.variants import verb_variants

            known = self.vocabulary.doc_frequency
            for variant in (v for v in verb_variants(node.text) if known(v)):
                companion("~" + variant, variant, False, "verb variant", p.w_verb)
        if p.w_prep and self.reader is not None and self.lang == "ar":
            from seeds_cli.analysis.prepositions import preposition_forms

            written = surface or self.exact_analyzer.term(node.text, self.lang)
            for form in preposition_forms(written):
                if self.vocabulary.doc_frequency(form, exact=True):
                    companion("~" + form, form, True, "preposition form", p.w_prep)
        return (AnyOf(items) if len(items) > 1 else term), ([] if negated else [term])
