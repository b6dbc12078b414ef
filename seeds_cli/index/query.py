"""The query language: read a query string into a small typed tree (no analysis, no index access).

Grammar (juxtaposition binds loosest, then ``OR``, then the unary prefixes)::

    query   := clause*
    clause  := ['+' | '-' | 'NOT'] disj
    disj    := unit ('OR' unit)*
    unit    := '(' query ')' | quote words quote | field ':' value | 'date' op value | word ['*']

A plain clause *should* match (ranked, at least one of them must), ``+`` makes it required,
``-``/``NOT`` excludes. Field filters (``source:``, ``lang:``, ``id:``, ``url:``, ``date``) are required unless negated or inside an ``OR``; ``title:`` restricts a word or a
phrase to titles. A phrase is quoted with ``"…"``, ``“…”``, ``«…»`` or ``„…“``. Every node keeps
its character offset so that errors and notes can point at it.

There are two readings of the same syntax:

- :func:`read_query` (``strict=False``, the default of ``seeds search``) reads pasted text as a
  search box does: what does not parse (an unclosed quotation mark or parenthesis, a dangling
  operator, a lone ``*``, an empty or unknown ``field:``) is read as plain words, and every such
  reading is reported as a :class:`Note`;
- ``strict=True`` (``seeds search --strict``, :func:`parse_query`) raises a :class:`QueryError`
  with the position instead.

A value that no reading can save (``date>=2021-13-45``) is an error in both.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from seeds_cli.errors import QueryError

__all__ = [
    "FIELDS",
    "Clause",
    "DateFilter",
    "FieldFilter",
    "Group",
    "Node",
    "Note",
    "Occur",
    "Or",
    "Phrase",
    "Prefix",
    "Query",
    "Word",
    "is_filter",
    "parse_query",
    "read_query",
    "with_filters",
]

# Fields that select documents, and ``title`` (which restricts words); ``date`` takes operators.
FILTER_FIELDS = ("source", "lang", "id", "url")
FIELDS = ("source", "lang", "id", "title", "date", "url")
# Deeper nesting is refused (strict) or flattened (lenient) instead of exhausting the stack.
MAX_DEPTH = 64

# Quotation marks that open a phrase, and the marks that may close each. The straight and
# curly double quotes are interchangeable (people and keyboards mix them); guillemets pair with
# each other either way round (»…« is «…» typed right to left); „ closes with “ or ”.
_DOUBLE = '"“”'
_CLOSERS = {'"': _DOUBLE, "“": _DOUBLE, "”": _DOUBLE, "«": "»", "»": "«", "„": _DOUBLE}
QUOTES = "".join(_CLOSERS)

Occur = Literal["should", "must", "not"]
DateOp = Literal[">=", "<=", ">", "<", "="]


@dataclass(slots=True)
class Word:
    text: str
    pos: int
    field: str | None = None  # "title" for title:word


@dataclass(slots=True)
class Prefix:
    text: str  # without the '*'
    pos: int
    field: str | None = None


@dataclass(slots=True)
class Phrase:
    text: str
    pos: int
    field: str | None = None


@dataclass(slots=True)
class FieldFilter:
    """``source:``, ``lang:``, ``id:`` (an id prefix) or ``url:`` (a part of it)."""

    field: str
    value: str
    pos: int


@dataclass(slots=True)
class DateFilter:
    op: DateOp  # ``date:`` is "="
    value: str  # YYYY, YYYY-MM or YYYY-MM-DD
    pos: int


@dataclass(slots=True)
class Or:
    items: list[Node]
    pos: int


@dataclass(slots=True)
class Clause:
    occur: Occur
    node: Node
    pos: int


@dataclass(slots=True)
class Group:
    clauses: list[Clause] = field(default_factory=list)
    pos: int = 0


Node = Word | Prefix | Phrase | FieldFilter | DateFilter | Or | Group


@dataclass(frozen=True, slots=True)  # hashable: read_query drops repeated notes
class Note:
    """How one part of a query was read where the syntax did not say (lenient reading)."""

    message: str
    pos: int


@dataclass(slots=True, repr=False, eq=False)
class Query:
    """A query as read: its text, its tree, and the notes on how it was read."""

    text: str
    tree: Group
    notes: tuple[Note, ...] = ()

    @property
    def empty(self) -> bool:
        """True when nothing was left to search for (the query finds nothing)."""
        return not self.tree.clauses


def is_filter(node: Node) -> bool:
    """True for nodes that only select documents (they carry no ranking terms of their own)."""
    if isinstance(node, (FieldFilter, DateFilter)):
        return True
    if isinstance(node, Or):
        return all(is_filter(item) for item in node.items)
    if isinstance(node, Group):
        return bool(node.clauses) and all(is_filter(c.node) for c in node.clauses)
    return False


def with_filters(
    tree: Group,
    *,
    sources: tuple[str, ...] | list[str] = (),
    langs: tuple[str, ...] | list[str] = (),
    since: str | None = None,
    until: str | None = None,
) -> Group:
    """``tree`` with required filters added: any of ``sources``, any of ``langs``, dated on or
    after ``since`` and on or before ``until`` (a partial date covers its month or year)."""
    clauses = list(tree.clauses)
    for name, values in (("source", sources), ("lang", langs)):
        items: list[Node] = [FieldFilter(name, v, 0) for v in values]
        if items:
            clauses.append(Clause("must", items[0] if len(items) == 1 else Or(items, 0), 0))
    if since:
        clauses.append(Clause("must", DateFilter(">=", since, 0), 0))
    if until:
        clauses.append(Clause("must", DateFilter("<=", until, 0), 0))
    return Group(clauses, tree.pos)


# -- lexing ------------------------------------------------------------------------------------

TokKind = Literal["WORD", "PHRASE", "FIELDPHRASE", "LPAREN", "RPAREN", "OR", "NOT", "PLUS", "MINUS"]


@dataclass(slots=True, repr=False, eq=False)
class _Tok:
    kind: TokKind
    text: str
    pos: int
    name: str = ""  # FIELDPHRASE: the field's name as written


def _pair_quotes(query: str) -> tuple[dict[int, int], list[int]]:
    """Where each phrase's quotation mark closes, read from left to right: ({opening offset:
    closing offset}, [offsets of marks that open nothing because no closer follows them])."""
    pairs: dict[int, int] = {}
    unpaired: list[int] = []
    i, n = 0, len(query)
    while i < n:
        closers = _CLOSERS.get(query[i])
        if closers is not None:
            end = next((k for k in range(i + 1, n) if query[k] in closers), -1)
            if end >= 0:
                pairs[i] = end
                i = end + 1
                continue
            unpaired.append(i)
        i += 1
    return pairs, unpaired


_FIELD_NAME = re.compile(r"[A-Za-z]+:\Z")


class _Reader:
    """One reading of one query string: strict (errors) or lenient (notes)."""

    def __init__(self, query: str, strict: bool) -> None:
        self.query = query
        self.strict = strict
        self.notes: list[Note] = []
        self.toks: list[_Tok] = []
        self.i = 0
        self.depth = 0

    def problem(self, message: str, pos: int, note: str, hint: str | None = None) -> None:
        """Strict: raise ``message``. Lenient: remember how the text was read instead."""
        if self.strict:
            raise QueryError(message, self.query, pos, hint=hint)
        self.notes.append(Note(note, pos))

    def impossible(self, message: str, pos: int, hint: str | None = None) -> QueryError:
        """An error in both readings: a value no reading can save."""
        return QueryError(message, self.query, pos, hint=hint)

    # -- tokens ------------------------------------------------------------------------------
    def lex(self) -> None:
        query = self.query
        pairs, unpaired = _pair_quotes(query)
        for i in unpaired:
            self.problem(
                "unclosed quotation mark",
                i,
                f"unclosed {query[i]} read as punctuation",
                hint=f"close the phrase with {_CLOSERS[query[i]][0]}",
            )
        toks = self.toks
        i, n = 0, len(query)
        while i < n:
            ch = query[i]
            if ch.isspace():
                i += 1
            elif ch == "(":
                toks.append(_Tok("LPAREN", ch, i))
                i += 1
            elif ch == ")":
                toks.append(_Tok("RPAREN", ch, i))
                i += 1
            elif i in pairs:
                toks.append(_Tok("PHRASE", query[i + 1 : pairs[i]], i))
                i = pairs[i] + 1
            elif ch in "+-" and i + 1 < n and not query[i + 1].isspace():
                toks.append(_Tok("PLUS" if ch == "+" else "MINUS", ch, i))
                i += 1
            else:
                j = i
                while j < n and not query[j].isspace() and query[j] not in "()" and j not in pairs:
                    j += 1
                word = query[i:j]
                # A field value may be quoted: title:"a b", source:«okaz»
                if j in pairs and _FIELD_NAME.match(word):
                    toks.append(_Tok("FIELDPHRASE", query[j + 1 : pairs[j]], i, name=word[:-1]))
                    i = pairs[j] + 1
                    continue
                if word not in ("+", "-"):  # a free-standing dash is punctuation (headlines)
                    kind: TokKind = "OR" if word == "OR" else "NOT" if word == "NOT" else "WORD"
                    toks.append(_Tok(kind, word, i))
                i = j

    def balance(self) -> None:
        """Lenient: drop parentheses that do not pair up, and those nested too deep."""
        stack: list[int] = []
        drop: set[int] = set()
        for k, tok in enumerate(self.toks):
            if tok.kind == "LPAREN":
                stack.append(k)
            elif tok.kind == "RPAREN":
                if stack:
                    opening = stack.pop()
                    if len(stack) >= MAX_DEPTH:
                        drop.update((opening, k))
                else:
                    drop.add(k)
                    self.notes.append(Note("unmatched ) ignored", tok.pos))
        for k in stack:
            drop.add(k)
            self.notes.append(Note("unclosed ( ignored", self.toks[k].pos))
        deep = [k for k in drop if self.toks[k].kind == "LPAREN" and k not in stack]
        if deep:
            pos = min(self.toks[k].pos for k in deep)
            self.notes.append(Note(f"parentheses nested more than {MAX_DEPTH} deep ignored", pos))
        if drop:
            self.toks = [t for k, t in enumerate(self.toks) if k not in drop]

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    # -- the grammar -------------------------------------------------------------------------
    def read(self) -> Group:
        self.lex()
        if not self.strict:
            self.balance()
        group = self.group(top=True)
        if not group.clauses:
            if self.strict:
                raise QueryError(
                    "empty query: nothing to search for",
                    self.query,
                    0,
                    hint="give at least one word",
                )
            self.notes.append(Note("nothing left to search for", len(self.query)))
        return group

    def group(self, top: bool, pos: int = 0) -> Group:
        group = Group(pos=pos)
        while True:
            tok = self.peek()
            if tok is None:
                if not top:  # strict only: lenient reading balanced the parentheses
                    raise QueryError(
                        "unclosed parenthesis", self.query, pos, hint="add a closing )"
                    )
                return group
            if tok.kind == "RPAREN":
                if top:
                    raise QueryError(
                        "unmatched closing parenthesis", self.query, tok.pos, hint="remove it"
                    )
                self.i += 1
                return group
            clause = self.clause()
            if clause is not None:
                group.clauses.append(clause)

    def clause(self) -> Clause | None:
        tok = self.peek()
        assert tok is not None
        occur: Occur = "should"
        if tok.kind in ("PLUS", "MINUS", "NOT"):
            nxt = self.toks[self.i + 1] if self.i + 1 < len(self.toks) else None
            if nxt is None or nxt.kind in ("RPAREN", "OR"):
                self.i += 1
                if tok.kind == "NOT":
                    self.problem(
                        "'NOT' must be followed by a word",
                        tok.pos,
                        "NOT with no word after it read as a plain word",
                        hint="or remove it",
                    )
                    return Clause("should", Word(tok.text, tok.pos), tok.pos)
                self.problem(
                    f"'{tok.text}' must be followed by a word",
                    tok.pos,
                    f"'{tok.text}' with no word after it ignored",
                    hint="or remove it",
                )
                return None
            if nxt.kind in ("PLUS", "MINUS", "NOT"):
                self.problem(
                    f"'{nxt.text}' cannot follow '{tok.text}'",
                    nxt.pos,
                    f"{_operator(tok)} before {_operator(nxt)} ignored",
                )
                self.i += 1
                return None
            occur = "must" if tok.kind == "PLUS" else "not"
            self.i += 1
        node = self.disjunction()
        if node is None:
            return None
        if occur == "should" and is_filter(node):
            occur = "must"
        return Clause(occur, node, tok.pos)

    def disjunction(self) -> Node | None:
        first_tok = self.peek()
        items = [self.unit()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            nxt = self.toks[self.i + 1] if self.i + 1 < len(self.toks) else None
            # Lenient: an OR before an operator (a OR -b) is as dangling as one at the end.
            ends = ("RPAREN", "OR") if self.strict else ("RPAREN", "OR", "PLUS", "MINUS", "NOT")
            if nxt is None or nxt.kind in ends:
                # Lenient: left for the next clause, which reads it as a plain word.
                self.problem(
                    "OR must be followed by a word",
                    tok.pos,
                    "dangling OR read as a plain word",
                    hint="or remove it",
                )
                break
            self.i += 1
            items.append(self.unit())
        kept = [item for item in items if item is not None]
        if not kept:
            return None
        if len(kept) == 1:
            return kept[0]
        assert first_tok is not None
        return Or(kept, first_tok.pos)

    def unit(self) -> Node | None:
        tok = self.peek()
        if tok is None:  # pragma: no cover - clause() looks ahead before calling
            raise QueryError("unexpected end of query", self.query, len(self.query))
        self.i += 1
        if tok.kind == "LPAREN":
            self.depth += 1
            if self.depth > MAX_DEPTH:  # strict only: lenient reading dropped these
                raise QueryError(
                    f"parentheses nested more than {MAX_DEPTH} deep",
                    self.query,
                    tok.pos,
                    hint="simplify",
                )
            group = self.group(top=False, pos=tok.pos)
            self.depth -= 1
            if not group.clauses:
                self.problem(
                    "empty parentheses",
                    tok.pos,
                    "empty parentheses ignored",
                    hint="put words inside or remove",
                )
                return None
            return group
        if tok.kind == "PHRASE":
            return self.phrase(tok.text, tok.pos + 1, None, tok.pos)
        if tok.kind == "FIELDPHRASE":
            return self.field_phrase(tok)
        if tok.kind == "OR":
            self.problem(
                "OR needs a word on each side", tok.pos, "dangling OR read as a plain word"
            )
            return Word(tok.text, tok.pos)
        if tok.kind in ("PLUS", "MINUS", "NOT", "RPAREN"):  # pragma: no cover - see clause()
            raise QueryError(f"'{tok.text}' cannot be used here", self.query, tok.pos)
        return self.word(tok.text, tok.pos)

    def phrase(self, text: str, pos: int, fld: str | None, quote_pos: int) -> Node | None:
        if not text.strip():
            self.problem(
                "empty phrase",
                quote_pos,
                "empty quotation marks ignored",
                hint="put words between the quotes",
            )
            return None
        if not any(c.isalnum() for c in text):
            return None  # punctuation in quotes: nothing to search for, as a bare "…"
        return Phrase(text, pos, fld)

    def field_phrase(self, tok: _Tok) -> Node | None:
        name = tok.name.lower()
        vpos = tok.pos + len(tok.name) + 2  # after the name, the colon and the quote
        if name == "title":
            return self.phrase(tok.text, vpos, "title", vpos - 1)
        if name in FILTER_FIELDS:
            value = tok.text.strip()
            if value:
                return FieldFilter(name, value, tok.pos)
            self.problem(
                f"{name}: needs a value",
                vpos,
                f"empty {name}: read as a plain word",
                hint=f"e.g. {name}:value",
            )
            return self.plain(tok.name, tok.pos)
        if name == "date":
            return self.date("=", tok.text.strip(), tok.pos, vpos, tok.name + ":" + tok.text)
        self.problem(
            f"unknown field '{tok.name}'",
            tok.pos,
            f"unknown field '{tok.name}:' read as plain text",
            hint=_FIELDS_HINT,
        )
        return self.phrase(f"{tok.name} {tok.text}", tok.pos, None, vpos - 1)

    def word(self, text: str, pos: int) -> Node | None:
        # Only a word starting with a Latin letter can name a field: the others skip the
        # regexes (compiling them is most of reading a one-word query).
        latin = text[:1].isascii() and text[:1].isalpha()
        match = re.match(r"([A-Za-z]+)(>=|<=|>|<|:|=)", text) if latin else None
        if match and match.group(1).lower() in FIELDS:
            name, op = match.group(1).lower(), match.group(2)
            value, vpos = text[match.end() :], pos + match.end()
            if name == "date":
                return self.date("=" if op in (":", "=") else op, value, pos, vpos, text)
            if op != ":":
                self.problem(
                    f"{name}{op} is not supported; use {name}:",
                    pos + len(name),
                    f"{name}{op} read as plain text (the field takes {name}:)",
                )
                return self.plain(text, pos)
            value, vpos = _strip_value(value, vpos, name)
            if not value:
                self.problem(
                    f"{name}: needs a value",
                    vpos,
                    f"empty {name}: read as a plain word",
                    hint=f"e.g. {name}:value",
                )
                return self.plain(text, pos)
            if name == "title":
                return self.term(value, vpos, "title")
            return FieldFilter(name, value, pos)
        unknown = re.match(r"([A-Za-z]+):(?=\S)", text) if latin else None
        if unknown:
            self.problem(
                f"unknown field '{unknown.group(1)}'",
                pos,
                f"unknown field '{unknown.group(1)}:' read as plain text",
                hint=_FIELDS_HINT,
            )
            return self.plain(text, pos)
        return self.term(text, pos, None)

    def term(self, text: str, pos: int, fld: str | None) -> Node | None:
        """A word or a prefix, its surrounding punctuation set aside (``النفط:`` is ``النفط``)."""
        if text.isalnum():  # most words: nothing to set aside
            return Word(text, pos, fld)
        text, pos = _strip_edges(text, pos, keep="*")
        if text.endswith("*"):
            stem, spos = _strip_edges(text.rstrip("*"), pos)
            if not stem:
                self.problem(
                    "'*' needs a prefix before it", pos, "lone * ignored", hint="e.g. الكاظ*"
                )
                return None
            if "*" in stem:
                self.problem(
                    "'*' is only allowed at the end of a word",
                    spos + stem.index("*"),
                    "'*' inside a word read as plain text",
                    hint="prefix*",
                )
                return self.plain(stem, spos, fld)
            return Prefix(stem, spos, fld)
        if "*" in text:
            self.problem(
                "'*' is only allowed at the end of a word",
                pos + text.index("*"),
                "'*' inside a word read as plain text",
                hint="prefix*",
            )
        return self.plain(text, pos, fld)

    def plain(self, text: str, pos: int, fld: str | None = None) -> Node | None:
        """``text`` as plain words: nothing, if it holds no letter or digit (``…``, ``؟؟``)."""
        text, pos = _strip_edges(text, pos)
        if not any(c.isalnum() for c in text):
            return None
        return Word(text, pos, fld)

    def date(self, op: str, value: str, pos: int, vpos: int, text: str) -> Node | None:
        from seeds_cli.catalogue.indexmd import is_iso_date

        value, vpos = _strip_value(value, vpos, "date")
        value = value.translate(_DIGITS)
        shape = re.fullmatch(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?", value)
        if shape:  # 2021-1-5 is 2021-01-05
            value = "-".join([shape[1], *(f"{int(p):02d}" for p in shape.groups()[1:] if p)])
            if is_iso_date(value):
                return DateFilter(op, value, pos)  # type: ignore[arg-type]
        if re.match(r"[0-9]{4}", value):  # meant as a date, but no day has it
            raise self.impossible(
                f"{value!r} is not a date", vpos, hint="use YYYY, YYYY-MM or YYYY-MM-DD"
            )
        self.problem(
            f"{value!r} is not a date" if value else "date needs a value",
            vpos,
            f"{_clip(text)} read as plain text (not a date)",
            hint="use YYYY, YYYY-MM or YYYY-MM-DD",
        )
        return self.plain(text, pos)


_FIELDS_HINT = (
    "fields are "
    + ", ".join(f"{f}:" for f in FIELDS)
    + "; to search for the text itself, put it in quotes"
)


# Arabic-Indic and Persian digits, as dates are typed on Arabic keyboards.
_DIGITS = {0x660 + d: 0x30 + d for d in range(10)} | {0x6F0 + d: 0x30 + d for d in range(10)}


def _operator(tok: _Tok) -> str:
    return tok.text if tok.kind == "NOT" else f"'{tok.text}'"


def _clip(text: str, size: int = 24) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _is_edge(ch: str, keep: str) -> bool:
    """Punctuation or a format control that may surround a word (``النفط:``, ``«داعش»``)."""
    return ch not in keep and unicodedata.category(ch)[0] in "PCZ"


def _strip_edges(text: str, pos: int, keep: str = "") -> tuple[str, int]:
    """``text`` without the punctuation around it, and the offset where what is left starts."""
    if not text or (text[0].isalnum() and text[-1].isalnum()):
        return text, pos
    start, end = 0, len(text)
    while start < end and _is_edge(text[start], keep):
        start += 1
    while end > start and _is_edge(text[end - 1], keep):
        end -= 1
    return text[start:end], pos + start


def _strip_value(value: str, pos: int, name: str) -> tuple[str, int]:
    """A field's value without the punctuation a sentence puts after it (``source:okaz,``);
    a url keeps its own characters, only a closing sentence mark comes off."""
    if name == "url":
        stripped = value.rstrip(".,;:!?»«\"'“”)")
        return stripped, pos
    return _strip_edges(value, pos, keep="*" if name == "title" else "")


def read_query(text: str, *, strict: bool = False) -> Query:
    """Read ``text`` as a query. Lenient (the default): what does not parse is read as plain
    words, each such reading a :class:`Note`; ``strict``: a :class:`QueryError` with its position.

    Impossible values (``date>=2021-13-45``) are errors in both readings.
    """
    reader = _Reader(text, strict)
    tree = reader.read()
    notes = tuple(sorted(dict.fromkeys(reader.notes), key=lambda n: n.pos))
    return Query(text, tree, notes)


def parse_query(query: str) -> Group:
    """Parse ``query`` strictly; QueryError (with the character position) when it is malformed."""
    return read_query(query, strict=True).tree
