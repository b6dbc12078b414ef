"""``seeds export --query`` and ``--ids``: export what a search matches, or ids from stdin."""

from __future__ import annotations

import json

import pytest

DOCS = [
    {"id": "a1", "source": "okaz", "date": "2015-07-03", "text": "ارتفعت أسعار النفط اليوم."},
    {"id": "b2", "source": "sabq", "date": "2015-07-01", "text": "النفط النفط النفط في الأسواق."},
    {"id": "c3", "source": "okaz", "date": "", "text": "هبطت أسعار النفط."},
    {"id": "d4", "source": "okaz", "date": "2015-07-02", "text": "مباراة الهلال والنصر."},
]


@pytest.fixture
def oil(make_corpus):
    return make_corpus(DOCS)


def ids_of(output: str) -> list[str]:
    return [json.loads(line)["id"] for line in output.splitlines()]


def test_query_exports_the_matches_in_rank_order(run, oil) -> None:
    search = run("--corpus", str(oil), "search", "النفط", "--format", "ids", "--limit", "0")
    result = run("--corpus", str(oil), "export", "--query", "النفط")
    assert result.exit_code == 0, result.output
    assert ids_of(result.output) == search.output.split()
    assert set(ids_of(result.output)) == {"a1", "b2", "c3"}


def test_query_sorted_by_date_and_filtered(run, oil) -> None:
    result = run("--corpus", str(oil), "export", "-q", "النفط", "--sort", "date")
    assert ids_of(result.output) == ["b2", "a1", "c3"]  # undated last
    result = run("--corpus", str(oil), "export", "-q", "النفط", "--source", "okaz", "--limit", "1")
    assert len(ids_of(result.output)) == 1 and ids_of(result.output)[0] in ("a1", "c3")


def test_query_that_matches_nothing_writes_nothing(run, oil, tmp_path) -> None:
    out = tmp_path / "out.csv"
    result = run("--corpus", str(oil), "export", "-q", "قطار", "-o", str(out))
    assert result.exit_code == 1
    assert "nothing matches" in result.output
    assert not out.exists()


def test_a_malformed_query_is_an_error(run, oil) -> None:
    result = run("--corpus", str(oil), "export", "-q", "date>=2021-13-45")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_ids_from_stdin_in_the_order_given(run, oil) -> None:
    listed = "# chosen by hand\nd4\n\nb2\tignored column\na1\nd4\n"
    result = run("--corpus", str(oil), "export", "--ids", "-", input=listed)
    assert result.exit_code == 0, result.output
    assert ids_of(result.output) == ["d4", "b2", "a1"]


def test_search_piped_into_export_writes_every_match(run, oil, tmp_path) -> None:
    ids = run("--corpus", str(oil), "search", "النفط", "--format", "ids", "--limit", "0").output
    out = tmp_path / "all.csv"
    result = run(
        "--corpus", str(oil), "export", "--ids", "-", "--format", "csv", "-o", str(out), input=ids
    )
    assert result.exit_code == 0
    assert "exported 3 documents to" in result.output
    assert out.read_text("utf-8").count("\n2015-") + out.read_text("utf-8").count(",okaz,") >= 1
    assert len(out.read_text("utf-8").splitlines()) == 4  # header + 3 one-line texts


def test_an_unknown_id_on_stdin_names_its_line(run, oil) -> None:
    result = run("--corpus", str(oil), "export", "--ids", "-", input="a1\nzz9\n")
    assert result.exit_code == 2
    assert "standard input:2" in result.output and "zz9" in result.output


def test_an_existing_output_file_needs_force(run, oil, tmp_path) -> None:
    out = tmp_path / "all.jsonl"
    out.write_text("earlier work\n", "utf-8")
    result = run("--corpus", str(oil), "export", "a1", "-o", str(out))
    assert result.exit_code == 2
    assert "exists" in result.output and "--force" in result.output
    assert out.read_text("utf-8") == "earlier work\n"
    result = run("--corpus", str(oil), "export", "a1", "-o", str(out), "--force")
    assert result.exit_code == 0
    assert ids_of(out.read_text("utf-8")) == ["a1"]


def test_sort_rank_needs_a_query(run, oil) -> None:
    result = run("--corpus", str(oil), "export", "--sort", "rank")
    assert result.exit_code == 2
    assert "--sort rank goes with --query" in result.output


def test_a_query_is_read_leniently_with_a_note(run, oil) -> None:
    result = run("--corpus", str(oil), "export", "-q", '"النفط')
    assert result.exit_code == 0
    assert "seeds: note: unclosed" in result.output
    records = "\n".join(x for x in result.output.splitlines() if x.startswith("{"))
    assert set(ids_of(records)) == {"a1", "b2", "c3"}
