"""Where the benchmarks write their findings: a section of RESULTS.md between two markers."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(name: str, heading: str, text: str) -> None:
    """Put ``text`` between RESULTS.md's ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``
    markers, replacing what was there; the first time, a new ``## heading`` section at the end."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    body = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    section = f"{start}\n{text}\n{end}"
    if start in body and end in body:
        head, rest = body.split(start, 1)
        body = head + section + rest.split(end, 1)[1]
    else:
        body = body.rstrip("\n") + f"\n\n## {heading}\n\n" + section + "\n"
    RESULTS.write_text(body, encoding="utf-8")
