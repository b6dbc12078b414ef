"""Load a small YAML mapping from an untrusted file: safe tags only, no aliases, no duplicate keys."""

from __future__ import annotations

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
    import yaml

    if len(text) > MAX_YAML_CHARS:
        raise YamlProblem(1, "front matter is larger than 64 KiB", "keep corpus metadata short")
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
