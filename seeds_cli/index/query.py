"""The query language: parse a query string into a small tree (no analysis, no index access).

Grammar (juxtaposition binds loosest, then ``OR``, then the unary prefixes)::

    query   := clause*
    clause  := ['+' | '-' | 'NOT'] disj
    disj    := unit ('OR' unit)*
    unit    := '(' query ')' | '"' words '"' | field ':' value | 'date' op value | word ['*']

A plain clause *should* match (ranked, at least one of them must), ``+`` makes it required,
``-``/``NOT`` excludes. Field filters (``source:``, ``lang:``, ``id:``, ``title:``, ``date``)
are required unless negated or inside an ``OR``. Every node keeps its character offset so that
errors can point at it.
"""

from __future__ import annotations

import re

from seeds_cli._values import Record
from seeds_cli.errors import QueryError

__all__ = [
    "FIELDS",
    "Clause",
    "DateFilter",
    "FieldFilter",
    "Group",
    "Node",
    "Or",
    "Phrase",
    "Prefix",
    "Word",
    "parse_query",
]

FIELDS = ("source", "lang", "id", "title", "date")
_DATE = r"\d{4}(-\d{2}(-\d{2})?)?"  # compiled (and cached by re) on first use
# Characters that end a bare word (besides white space).
_SPECIAL = '()"'
# Deeper nesting is refused with a message instead of exhausting Python's recursion limit.
MAX_DEPTH = 64


class Word(Record):
    __slots__ = ("text", "pos", "field")  # noqa: RUF023 (field order)
    text: str
    pos: int
    field: str | None  # "title" for title:word

    def __init__(self, text: str, pos: int, field: str | None = None) -> None:
        self.text = text
        self.pos = pos
        self.field = field


class Prefix(Record):
    __slots__ = ("text", "pos", "field")  # noqa: RUF023 (field order)
    text: str  # without the '*'
    pos: int
    field: str | None

    def __init__(self, text: str, pos: int, field: str | None = None) -> None:
        self.text = text
        self.pos = pos
        self.field = field


class Phrase(Record):
    __slots__ = ("text", "pos", "field")  # noqa: RUF023 (field order)
    text: str
    pos: int
    field: str | None

    def __init__(self, text: str, pos: int, field: str | None = None) -> None:
        self.text = text
        self.pos = pos
        self.field = field


class FieldFilter(Record):
    """``source:``, ``lang:`` or ``id:`` (an id prefix)."""

    __slots__ = ("field", "value", "pos")  # noqa: RUF023 (field order)
    field: str
    value: str
    pos: int

    def __init__(self, field: str, value: str, pos: int) -> None:
        self.field = field
        self.value = value
        self.pos = pos


class DateFilter(Record):
    __slots__ = ("op", "value", "pos")  # noqa: RUF023 (field order)
    op: str  # ">=", "<=", ">", "<" or "=" (``date:`` is "=")
    value: str  # YYYY, YYYY-MM or YYYY-MM-DD
    pos: int

    def __init__(self, op: str, value: str, pos: int) -> None:
        self.op = op
        self.value = value
        self.pos = pos


class Or(Record):
    __slots__ = ("items", "pos")
    items: list[Node]
    pos: int

    def __init__(self, items: list[Node], pos: int) -> None:
        self.items = items
        self.pos = pos


class Clause(Record):
    __slots__ = ("occur", "node", "pos")  # noqa: RUF023 (field order)
    occur: str  # "should", "must" or "not"
    node: Node
    pos: int

    def __init__(self, occur: str, node: Node, pos: int) -> None:
        self.occur = occur
        self.node = node
        self.pos = pos


class Group(Record):
    __slots__ = ("clauses", "pos")
    clauses: list[Clause]
    pos: int

    def __init__(self, clauses: list[Clause] | None = None, pos: int = 0) -> None:
        self.clauses = [] if clauses is None else clauses
        self.pos = pos


Node = Word | Prefix | Phrase | FieldFilter | DateFilter | Or | Group


def is_filter(node: Node) -> bool:
    """True for nodes that only select documents (they carry no ranking terms of their own)."""
    if isinstance(node, (FieldFilter, DateFilter)):
        return True
    if isinstance(node, Or):
        return all(is_filter(item) for item in node.items)
    if isinstance(node, Group):
        return bool(node.clauses) and all(is_filter(c.node) for c in node.clauses)
    return False


class _Tok(Record):
    __slots__ = ("kind", "text", "pos", "glued")  # noqa: RUF023 (field order)
    kind: str  # WORD, PHRASE, LPAREN, RPAREN, OR, NOT, PLUS, MINUS
    text: str
    pos: int
    glued: bool  # for PLUS/MINUS: directly followed by the next token

    def __init__(self, kind: str, text: str, pos: int, glued: bool = False) -> None:
        self.kind = kind
        self.text = text
        self.pos = pos
        self.glued = glued


def _lex(query: str) -> list[_Tok]:
    toks: list[_Tok] = []
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
        elif ch == '"' or ch == "“" or ch == "”":
            end = _closing_quote(query, i + 1)
            if end < 0:
                raise QueryError(
                    "unclosed quotation mark", query, i, hint='close the phrase with "'
                )
            toks.append(_Tok("PHRASE", query[i + 1 : end], i))
            i = end + 1
        elif ch in "+-" and i + 1 < n and not query[i + 1].isspace():
            toks.append(_Tok("PLUS" if ch == "+" else "MINUS", ch, i, glued=True))
            i += 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in _SPECIAL:
                j += 1
            # A field value may be a quoted phrase: title:"a b"
            if j < n and query[j] == '"' and query[j - 1 : j] == ":" and j > i:
                end = _closing_quote(query, j + 1)
                if end < 0:
                    raise QueryError(
                        "unclosed quotation mark", query, j, hint='close the phrase with "'
                    )
                toks.append(_Tok("FIELDPHRASE", query[i : j - 1] + "\0" + query[j + 1 : end], i))
                i = end + 1
                continue
            word = query[i:j]
            if word in ("+", "-"):  # a free-standing dash is punctuation (headlines use it)
                i = j
                continue
            kind = {"OR": "OR", "NOT": "NOT"}.get(word, "WORD")
            toks.append(_Tok(kind, word, i))
            i = j
    return toks


def _closing_quote(query: str, start: int) -> int:
    for k in range(start, len(query)):
        if query[k] in '"“”':
            return k
    return -1


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.toks = _lex(query)
        self.i = 0
        self.depth = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def error(self, message: str, pos: int, hint: str | None = None) -> QueryError:
        return QueryError(message, self.query, pos, hint=hint)

    def parse(self) -> Group:
        group = self.group(top=True)
        if not group.clauses:
            raise self.error("empty query: nothing to search for", 0, hint="give at least one word")
        return group

    def group(self, top: bool, pos: int = 0) -> Group:
        group = Group(pos=pos)
        while True:
            tok = self.peek()
            if tok is None:
                if not top:
                    raise self.error("unclosed parenthesis", pos, hint="add a closing )")
                return group
            if tok.kind == "RPAREN":
                if top:
                    raise self.error("unmatched closing parenthesis", tok.pos, hint="remove it")
                self.i += 1
                return group
            clause = self.clause()
            if not _is_punctuation(clause.node):
                group.clauses.append(clause)

    def clause(self) -> Clause:
        tok = self.peek()
        assert tok is not None
        occur = "should"
        if tok.kind in ("PLUS", "MINUS", "NOT"):
            occur = "must" if tok.kind == "PLUS" else "not"
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("RPAREN", "OR"):
                raise self.error(
                    f"'{tok.text}' must be followed by a word", tok.pos, hint="or remove it"
                )
            if nxt.kind in ("PLUS", "MINUS", "NOT"):
                raise self.error(f"'{nxt.text}' cannot follow '{tok.text}'", nxt.pos)
        node = self.disjunction()
        if occur == "should" and is_filter(node):
            occur = "must"
        return Clause(occur, node, tok.pos)

    def disjunction(self) -> Node:
        first = self.unit()
        items = [first]
        start = self.toks[self.i - 1].pos if self.i else 0
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("RPAREN", "OR"):
                raise self.error("OR must be followed by a word", tok.pos, hint="or remove it")
            items.append(self.unit())
        return first if len(items) == 1 else Or(items, start)

    def unit(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise self.error("unexpected end of query", len(self.query))
        self.i += 1
        if tok.kind == "LPAREN":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.error(
                    f"parentheses nested more than {MAX_DEPTH} deep", tok.pos, hint="simplify"
                )
            group = self.group(top=False, pos=tok.pos)
            self.depth -= 1
            if not group.clauses:
                raise self.error("empty parentheses", tok.pos, hint="put words inside or remove")
            return group
        if tok.kind == "PHRASE":
            if not tok.text.strip():
                raise self.error("empty phrase", tok.pos, hint="put words between the quotes")
            return Phrase(tok.text, tok.pos + 1)
        if tok.kind == "FIELDPHRASE":
            name, value = tok.text.split("\0", 1)
            if name.lower() != "title":
                raise self.error(f"a quoted value is only allowed for title:, not {name}:", tok.pos)
            return Phrase(value, tok.pos + len(name) + 2, field="title")
        if tok.kind == "RPAREN":
            raise self.error("unmatched closing parenthesis", tok.pos, hint="remove it")
        if tok.kind == "OR":
            raise self.error("OR needs a word on each side", tok.pos)
        if tok.kind in ("PLUS", "MINUS", "NOT"):
            raise self.error(f"'{tok.text}' cannot be used here", tok.pos)
        return self.word(tok)

    def word(self, tok: _Tok) -> Node:
        text, pos = tok.text, tok.pos
        # Only a word starting with a Latin letter can name a field: the others skip the
        # regexes (compiling them is most of parsing a one-word query).
        latin = text[:1].isascii() and text[:1].isalpha()
        match = re.match(r"([A-Za-z]+)(>=|<=|>|<|:|=)", text) if latin else None
        if match and match.group(1).lower() in FIELDS:
            name, op = match.group(1).lower(), match.group(2)
            value = text[match.end() :]
            vpos = pos + match.end()
            if name == "date":
                from seeds_cli.catalogue.indexmd import is_iso_date

                if not re.fullmatch(_DATE, value) or not is_iso_date(value):
                    raise self.error(
                        f"{value!r} is not a date", vpos, hint="use YYYY, YYYY-MM or YYYY-MM-DD"
                    )
                return DateFilter("=" if op in (":", "=") else op, value, pos)
            if op != ":":
                raise self.error(f"{name}{op} is not supported; use {name}:", pos + len(name))
            if not value:
                raise self.error(f"{name}: needs a value", vpos, hint=f"e.g. {name}:value")
            if name == "title":
                if value.endswith("*"):
                    return self._prefix(value, vpos, field="title")
                return Word(value, vpos, field="title")
            return FieldFilter(name, value, pos)
        unknown = re.match(r"([A-Za-z]+):(?=\S)", text) if latin else None
        if unknown:
            raise self.error(
                f"unknown field '{unknown.group(1)}'",
                pos,
                hint="fields are "
                + ", ".join(f"{f}:" for f in FIELDS)
                + "; to search for the text itself, put it in quotes",
            )
        if text.endswith("*"):
            return self._prefix(text, pos)
        if "*" in text:
            raise self.error(
                "'*' is only allowed at the end of a word", pos + text.index("*"), hint="prefix*"
            )
        return Word(text, pos)

    def _prefix(self, text: str, pos: int, field: str | None = None) -> Prefix:
        stem = text.rstrip("*")
        if not stem:
            raise self.error("'*' needs a prefix before it", pos, hint="e.g. الكاظ*")
        if "*" in stem:
            raise self.error("'*' is only allowed at the end of a word", pos + stem.index("*"))
        return Prefix(stem, pos, field)


def _is_punctuation(node: Node) -> bool:
    """A bare word with no letter or digit (``…``, ``؟؟``): nothing to search for."""
    return isinstance(node, Word) and not any(c.isalnum() for c in node.text)


def parse_query(query: str) -> Group:
    """Parse ``query``; QueryError (with the character position) when it is malformed."""
    return _Parser(query).parse()
