"""``seeds show --highlight QUERY``: the query's matches marked on the original text."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import write_corpus

DOCS = [
    {
        "id": "h1",
        "title": "مكتبة",
        "lang": "ar",
        "text": "زار الوزير المَكتبة العامة.\n\nوفي المكتبات كتب كثيرة، وزارة الثقافة تدعمها.",
    }
]


def test_json_lists_the_highlighted_spans(run, tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", DOCS)
    result = run("--corpus", str(root), "show", "h1", "--format", "json", "--highlight", "مكتبة")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    found = [data["text"][a:b] for a, b in data["highlights"]]
    # diacritics and clitics included in the original span; وزارة is not زار
    assert found == ["المَكتبة", "المكتبات"]


def test_terminal_view_marks_the_matches(run, tmp_path: Path, monkeypatch) -> None:
    import seeds_cli.render.console as console

    monkeypatch.setattr(console, "stream_is_terminal", lambda stream=None: True)
    root = write_corpus(tmp_path / "c", DOCS)
    plain = run(
        "--corpus", str(root), "--color", "always", "--bidi", "logical", "show", "h1", "--no-pager"
    )
    marked = run(
        "--corpus",
        str(root),
        "--color",
        "always",
        "--bidi",
        "logical",
        "show",
        "h1",
        "--no-pager",
        "--highlight",
        "مكتبة",
    )
    assert marked.exit_code == 0, marked.output
    assert marked.output.count("\x1b[") > plain.output.count("\x1b[")


def test_a_malformed_highlight_query_is_an_error_with_a_caret(run, tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", DOCS)
    result = run("--corpus", str(root), "show", "h1", "--highlight", '"unclosed')
    assert result.exit_code == 2
    assert "seeds: error: query position" in result.output
    assert "^" in result.output
