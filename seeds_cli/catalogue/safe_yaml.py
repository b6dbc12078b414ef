"""Load a small YAML mapping from an untrusted file: safe tags only, no aliases, no duplicate keys."""

from __future__ import annotations

import re
from typing import Any

MAX_YAML_CHARS = 64 * 1024


class YamlProblem(Exception):
    """A YAML problem at ``line`` (1-based, relative to the YAML text)."""

    def __init__(self, line: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


def load_mapping(text: str, *, line_offset: int = 0) -> dict[str, Any]:
    """Parse YAML text that must hold one mapping; raise YamlProblem on anything else.

    ``line_offset`` is added to the line numbers quoted in hints (the text's place in its file).
    """
    if len(text) > MAX_YAML_CHARS:
        raise YamlProblem(1, "front matter is larger than 64 KiB", "keep corpus metadata short")
    simple = simple_mapping(text)
    if simple is not None:  # the common case, without importing PyYAML (about 15 ms)
        return simple
    surrogate = re.search("[\ud800-\udfff]", text)
    if surrogate:  # only from the library API: decoded files cannot hold one
        raise YamlProblem(
            text.count("\n", 0, surrogate.start()) + 1,
            "lone surrogate code point (not Unicode text)",
            "pass text decoded from UTF-8",
        )
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        # Aliases are refused outright: they are how "billion laughs" documents blow up.
        for event in yaml.parse(text, Loader=loader_class):
            if isinstance(event, yaml.AliasEvent):
                raise YamlProblem(
                    event.start_mark.line + 1,
                    "YAML aliases (*name) are not allowed",
                    "write the value out in full",
                )
        node = yaml.compose(text, Loader=loader_class)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line, f"malformed YAML: {exc.problem or exc}", "fix the syntax") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"malformed YAML: {exc}", "fix the syntax") from None
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise YamlProblem(
            node.start_mark.line + 1, "front matter is not a mapping", "write 'key: value' lines"
        )
    seen: dict[str, int] = {}
    for key_node, _ in node.value:
        key = str(key_node.value)
        if key in seen:
            raise YamlProblem(
                key_node.start_mark.line + 1,
                f"duplicate key '{key}'",
                f"keep one (the first is on line {seen[key] + line_offset})",
            )
        seen[key] = key_node.start_mark.line + 1
    try:
        data = yaml.load(text, Loader=loader_class)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlProblem(line, f"unsupported YAML: {problem}", "use plain text values") from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # e.g. an implicit timestamp that is no date (2020-13-45): PyYAML raises ValueError
        bad = _failing_value(node, loader_class)
        raise YamlProblem(
            bad.start_mark.line + 1,
            f"unreadable YAML value {str(bad.value)[:80]!r}: {exc}",
            "quote the value to keep it as text, or correct it",
        ) from None
    if not isinstance(data, dict):
        raise YamlProblem(1, "front matter is not a mapping", "write 'key: value' lines")
    return data


def _failing_value(node: Any, loader_class: Any) -> Any:
    """The first top-level value node PyYAML cannot construct (else the mapping itself)."""
    loader = loader_class("")
    try:
        for _, value_node in node.value:
            try:
                loader.construct_object(value_node, deep=True)
            except Exception:
                return value_node
    finally:
        loader.dispose()
    return node


# --- the fast path -------------------------------------------------------------------------
# Front matter is nearly always a few ``key: text`` lines. Those are read here, by a strict
# grammar whose every accepted input means the same to PyYAML's safe loader (the tests compare
# the two); anything else (quotes, numbers, dates, lists, comments after values, duplicate
# keys, odd characters) returns None and goes through PyYAML, with its checks and messages.

_KEY_START = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"
_KEY_CHARS = _KEY_START + "0123456789-"
# Outside YAML's printable set, YAML 1.1's extra line breaks, tabs, CR, BOMs (surrogates are
# refused by encoding). A set, not a regex class: compiling one over 0x10000 code points costs
# more than PyYAML's import.
_NOT_SIMPLE_CHARS = frozenset(
    [chr(c) for c in [*range(0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0)]]
    + ["\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff"]
)
# Plain scalars YAML 1.1 reads as booleans or null, compared in lower case (stricter than YAML).
_NOT_TEXT = frozenset({"yes", "no", "true", "false", "on", "off", "null", "y", "n"})
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"


def simple_mapping(text: str) -> dict[str, str | None] | None:
    """``text`` as a mapping of text values if it is simple ``key: text`` YAML, else None.

    Accepted: keys of letters, digits, '_' and '-' (starting with a letter or '_'); values that
    are plain one-line text starting with a letter, optionally continued on indented lines;
    one-line quoted text without escapes (as ``seeds import`` writes a description); block
    scalars introduced by ``>``, ``>-``, ``|`` or ``|-``; empty values (None); blank lines and
    whole-line comments between keys.
    """
    if not _NOT_SIMPLE_CHARS.isdisjoint(text):
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return None
    lines = text.split("\n")
    data: dict[str, str | None] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip(" ") or line.startswith("#"):
            continue
        key, value = _key_line(line.rstrip(" "))
        if key is None or key in data or key.lower() in _NOT_TEXT:
            return None
        # the indented lines that follow belong to this key's value
        start = i
        while i < len(lines) and lines[i].startswith(" "):
            i += 1
        more = lines[start:i]
        if value is None:
            if more:
                return None  # a nested mapping or list
            data[key] = None
        elif value in (">", ">-", "|", "|-"):
            block = _block_scalar(value, more, ends_text=i == len(lines))
            if block is None:
                return None
            data[key] = block
        elif value[0] in "'\"":
            quoted = _quoted(value)
            if quoted is None or more:
                return None
            data[key] = quoted
        else:
            parts = [value, *(m.strip(" ") for m in more)]
            if not all(_plain_text(p) for p in parts) or parts[0].lower() in _NOT_TEXT:
                return None
            if not parts[0][0].isalpha():
                return None  # numbers, dates, '~', '=', '<<' and indicators mean other things
            data[key] = " ".join(parts)
    return data


def _key_line(line: str) -> tuple[str | None, str | None]:
    """(key, value) of a ``key:`` or ``key: value`` line, as the regex
    ``([A-Za-z_][A-Za-z0-9_-]{0,127}):(?: +(.*))?`` would give them; (None, None) if it is not
    one. String methods: compiling that regex cost more than reading a front matter."""
    key, colon, rest = line.partition(":")
    if not colon or not 0 < len(key) <= 128 or key[0] not in _KEY_START or key.strip(_KEY_CHARS):
        return None, None
    if not rest:
        return key, None
    if rest[0] != " ":
        return None, None
    return key, rest.lstrip(" ")


def _quoted(value: str) -> str | None:
    """A one-line quoted scalar without escapes ('it''s', "a: b"), else None."""
    quote, inner = value[0], value[1:-1]
    if len(value) < 2 or value[-1] != quote:
        return None
    if quote == "'":
        return None if "'" in inner.replace("''", "") else inner.replace("''", "'")
    return None if '"' in inner or "\\" in inner else inner


def _plain_text(part: str) -> bool:
    """Whether one line of a plain scalar is read by YAML exactly as written."""
    return bool(part) and not (
        part[0] in _INDICATORS or " #" in part or ": " in part or part.endswith(":")
    )


def _block_scalar(indicator: str, lines: list[str], *, ends_text: bool) -> str | None:
    """A ``>``/``|`` block of lines all indented alike (no blank or deeper lines), else None."""
    if not lines:
        return None
    indent = len(lines[0]) - len(lines[0].lstrip(" "))
    if any(len(line) - len(line.lstrip(" ")) != indent or not line.strip(" ") for line in lines):
        return None
    content = [line[indent:] for line in lines]
    value = (" " if indicator[0] == ">" else "\n").join(content)
    # clip chomping keeps the final line break, which the text's last line does not have
    if not indicator.endswith("-") and not ends_text:
        value += "\n"
    return value
