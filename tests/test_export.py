"""``seeds export``: JSON Lines, CSV and the OpenSearch/Elasticsearch ``_bulk`` stream."""

from __future__ import annotations

import csv
import io
import json

import pytest

from seeds_cli.catalogue import load_catalogue
from seeds_cli.export.opensearch import LANGUAGE_ANALYZERS, field_names, index_definition
from tests.conftest import SAMPLE_DOCS

EXTRA_DOCS = [
    *SAMPLE_DOCS,
    {
        "id": "c4",
        "title": "Une nouvelle",
        "source": "lemonde",
        "date": "2015-08-20 10:30",
        "lang": "fr",
        "author": "A. Auteur",
        "place": "Paris",
        "tags": ["politique", "monde"],
        "text": 'Première ligne.\r\nDeuxième ligne, avec "guillemets" et une virgule.',
    },
    {
        "id": "d5",
        "title": "Unknown tongue",
        "lang": "und",
        "text": "\u202eesrever\u202c and \x1b[31mred\x1b[0m",
    },
]


@pytest.fixture
def wide(make_corpus):
    return make_corpus(EXTRA_DOCS, name="wide")


def _jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def test_jsonl_has_metadata_and_text(run, corpus):
    result = run("--corpus", str(corpus), "export")
    assert result.exit_code == 0, result.output
    records = _jsonl(result.output)
    assert [r["id"] for r in records] == ["a1", "b2", "b3"]
    catalogue = load_catalogue(corpus)
    for record, doc in zip(records, catalogue, strict=True):
        assert record == {**doc.metadata(), "text": doc.text}


def test_jsonl_escapes_terminal_controls_without_loss(run, wide):
    result = run("--corpus", str(wide), "export", "d5")
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert _jsonl(result.output)[0]["text"] == EXTRA_DOCS[-1]["text"]


def test_csv_round_trips_text_with_newlines_quotes_and_commas(run, wide):
    result = run("--corpus", str(wide), "export", "--format", "csv")
    assert result.exit_code == 0, result.output
    # stdout_bytes: Result.output turns CRLF into LF, the export itself must not.
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8"), newline="")))
    assert [row["id"] for row in rows] == ["a1", "b2", "b3", "c4", "d5"]
    c4 = rows[3]
    assert c4["text"] == EXTRA_DOCS[3]["text"]
    assert c4["tags"] == "politique, monde"
    assert c4["date"] == "2015-08-20 10:30"
    assert rows[0]["words"] == str(load_catalogue(wide).get("a1").words)


def test_csv_for_a_terminal_shows_controls_as_placeholders(wide):
    from seeds_cli.export import write_csv

    doc = load_catalogue(wide).get("d5")
    exact, shown = io.StringIO(), io.StringIO()
    write_csv([doc], exact)
    write_csv([doc], shown, clean=True)
    assert "\x1b" in exact.getvalue()
    assert "\x1b" not in shown.getvalue() and "\u202e" not in shown.getvalue()
    assert "\u241b[31mred" in shown.getvalue()


def test_filters_ids_and_limit(run, wide):
    def ids(*args: str) -> list[str]:
        result = run("--corpus", str(wide), "export", *args)
        assert result.exit_code == 0, result.output
        return [r["id"] for r in _jsonl(result.output)]

    assert ids("--source", "okaz") == ["a1", "b3"]
    assert ids("--lang", "ar", "--since", "2015-08") == ["b3"]
    assert ids("--limit", "2") == ["a1", "b2"]
    assert ids("c4", "a") == ["c4", "a1"]  # given order, unique prefixes allowed


def test_unknown_id_is_one_line_error(run, corpus):
    result = run("--corpus", str(corpus), "export", "zzz")
    assert result.exit_code == 2
    assert "no document" in result.output and "Traceback" not in result.output


def test_output_file_is_written_whole(run, corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run("--corpus", str(corpus), "export", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.output == f"exported 3 documents to {out}\n"  # on stderr: the count written
    assert len(_jsonl(out.read_text("utf-8"))) == 3
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_output_file_not_replaced_when_export_fails(run, make_corpus, tmp_path):
    root = make_corpus([*SAMPLE_DOCS, {"id": "gone", "text": "x", "write": False}], name="broken")
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", "utf-8")
    result = run("--corpus", str(root), "export", "-o", str(out), "--force")
    assert result.exit_code == 2
    assert "gone.txt" in result.output and "Traceback" not in result.output
    assert out.read_text("utf-8") == "previous\n"


def test_round_trip_through_import_gives_the_same_catalogue(run, wide, tmp_path):
    exported = tmp_path / "corpus.jsonl"
    assert run("--corpus", str(wide), "export", "-o", str(exported)).exit_code == 0
    copy = tmp_path / "copy"
    result = run("import", str(exported), "--to", str(copy))
    assert result.exit_code == 0, result.output

    def comparable(root):
        # File names are the importer's own; everything else must match.
        return [
            ({k: v for k, v in doc.metadata().items() if k != "file"}, doc.text)
            for doc in load_catalogue(root)
        ]

    original, imported = comparable(wide), comparable(copy)
    # The importer keeps the date part of a date-time, as documented for 'seeds import'.
    original[3][0]["date"] = "2015-08-20"
    assert imported == original
    assert run("--corpus", str(copy), "check", "--strict").exit_code == 0


# --- OpenSearch / Elasticsearch -----------------------------------------------------------


def test_bulk_stream_pairs_action_and_document_lines(run, wide):
    result = run("--corpus", str(wide), "export", "--format", "opensearch", "--index-name", "news")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("\n")  # _bulk needs the final newline
    lines = result.output.splitlines()
    assert len(lines) == 2 * 5
    catalogue = load_catalogue(wide)
    for action_line, doc_line, doc in zip(lines[::2], lines[1::2], catalogue, strict=True):
        action, body = json.loads(action_line), json.loads(doc_line)
        assert action == {"index": {"_index": "news", "_id": doc.id}}
        assert "index" not in body
        title_field, text_field = field_names(doc.lang)
        assert body[text_field] == doc.text
        assert body[title_field] == doc.title
        assert "title" not in body or title_field == "title"
        assert body["id"] == doc.id and body["lang"] == doc.lang


def test_bulk_document_fields_by_language(run, wide):
    result = run("--corpus", str(wide), "export", "--format", "opensearch")
    bodies = {b["id"]: b for b in _jsonl(result.output)[1::2]}
    assert "text_ar" in bodies["a1"] and "title_ar" in bodies["a1"]
    assert "text_en" in bodies["b2"]
    assert "text_fr" in bodies["c4"]
    assert bodies["c4"]["date"] == "2015-08-20T10:30"  # ISO 'T' for the engines' date parser
    assert "text" in bodies["d5"] and "title" in bodies["d5"]  # no analyzer for 'und'
    assert "\x1b" not in result.output


def test_mapping_is_valid_json_covering_every_field_of_the_stream(run, wide):
    mapping = run("--corpus", str(wide), "export", "--format", "opensearch", "--mapping")
    assert mapping.exit_code == 0, mapping.output
    definition = json.loads(mapping.output)
    assert set(definition) == {"mappings"}
    properties = definition["mappings"]["properties"]
    assert properties["text_ar"] == {"type": "text", "analyzer": "arabic"}
    assert properties["title_ar"]["analyzer"] == "arabic"
    assert properties["text_en"]["analyzer"] == "english"
    assert properties["text_fr"]["analyzer"] == "french"
    assert properties["text"]["analyzer"] == "standard"
    for key in ("id", "source", "lang", "url", "tags", "file"):
        assert properties[key]["type"] == "keyword"
    assert properties["date"]["type"] == "date"
    assert properties["words"]["type"] == "integer"

    stream = run("--corpus", str(wide), "export", "--format", "opensearch")
    for body in _jsonl(stream.output)[1::2]:
        assert set(body) <= set(properties), set(body) - set(properties)


def test_index_definition_helpers():
    properties = index_definition(["ar-SA", "xx", "EN"])["mappings"]["properties"]
    assert {"text_ar", "text_en", "text"} <= set(properties)
    assert not any(name.startswith("text_x") for name in properties)
    assert field_names("ar-SA") == ("title_ar", "text_ar")
    assert field_names("und") == ("title", "text")
    assert {"arabic", "english", "persian"} <= set(LANGUAGE_ANALYZERS.values())


@pytest.mark.parametrize("args", [["--mapping"], ["--format", "csv", "--mapping"]])
def test_mapping_needs_opensearch_format(run, corpus, args):
    result = run("--corpus", str(corpus), "export", *args)
    assert result.exit_code == 2
    assert "--mapping goes with --format opensearch" in result.output


@pytest.mark.parametrize("name", ["News", "-x", "a b", "a/b", ""])
def test_bad_index_names_are_refused(run, corpus, name):
    result = run("--corpus", str(corpus), "export", "--format", "opensearch", "--index-name", name)
    assert result.exit_code == 2
    assert "index name" in result.output
