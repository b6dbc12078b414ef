"""The article as Markdown: title, a list of its metadata, then the recognised blocks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from seeds_cli.render.article import header_fields
from seeds_cli.render.safe import clean_inline
from seeds_cli.render.structure import block_text, map_spans, parse_article

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+(?=[.)]))")


def _md_escape(s: str) -> str:
    """Escape what Markdown would read as markup, leaving ordinary punctuation alone."""
    s = _MD_INLINE.sub(r"\\\1", s)

    def protect(m: re.Match[str]) -> str:
        mark = m.group(2)
        return m.group(1) + (mark + "\\" if mark[0].isdigit() else "\\" + mark)

    return _MD_LINE_START.sub(protect, s)


def render_markdown(doc_meta: Mapping[str, Any], text: str) -> str:
    """The article as Markdown: title, a metadata list, then the recognised blocks."""
    out: list[str] = []
    title = clean_inline(str(doc_meta.get("title") or doc_meta.get("id") or "")).strip()
    if title:
        out += [f"# {_md_escape(title)}", ""]
    for label, pieces in header_fields(doc_meta, text):
        value = clean_inline(" · ".join(pieces))
        if label == "url":
            shown = f"<{value}>" if re.fullmatch(r"https?://[^\s<>]+", value) else _md_escape(value)
        else:
            shown = _md_escape(value)
        out.append(f"- **{label.capitalize()}:** {shown}")
    out.append("")
    for block in parse_article(text):
        shown, src = block_text(text, block)
        marked = [s for s in block.spans if s.kind == "dateline"]
        inline = sorted(map_spans(src, [(s.start, s.end, s.kind) for s in marked]))
        pieces: list[str] = []
        pos = 0
        for a, b, _kind in inline:
            pieces.append(_md_escape(shown[pos:a]))
            inner = _md_escape(shown[a:b].strip())
            pieces.append(f"**{inner}**")
            pos = b
        pieces.append(_md_escape(shown[pos:]))
        body = "".join(pieces)
        if block.kind == "subheading":
            out.append(f"## {body}")
        elif block.kind == "caption":
            out.append(f"*{body}*")
        elif block.kind == "quote":
            out.append(f"> {body}")
        else:
            out.append(body)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
