"""Import workflows around stories: --dedupe keeps the dropped copies, language by the prose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from seeds_cli.catalogue import load_catalogue
from seeds_cli.catalogue.copies import Copy, format_copies, parse_copies
from seeds_cli.catalogue.importer import guess_lang

WIRE = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة الرياض."
RECORDS = [
    {
        "content": WIRE,
        "source": "okaz",
        "date_extracted": "2015-07-21 10:00:00",
        "url": "http://okaz/1",
    },
    {"content": "نص آخر لا يتكرر", "source": "sabq", "date": "2015-07-21"},
    {
        "content": WIRE,
        "source": "sabq",
        "date_extracted": "2015-07-22 08:00:00",
        "url": "http://sabq/9",
    },
    {"content": WIRE, "source": "alriyadh", "date": "not a date"},
    {"content": WIRE, "source": "okaz", "url": "http://okaz/x<y> z;w"},
]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    return path


def test_dedupe_keeps_what_it_dropped_in_the_kept_entry(run, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", RECORDS)
    dest = tmp_path / "corpus"
    result = run("import", str(src), "--to", str(dest), "--dedupe")
    assert result.exit_code == 0, result.output
    assert "3 duplicates skipped" in result.output
    catalogue = load_catalogue(dest)
    assert len(catalogue) == 2
    kept = catalogue.documents[0]
    assert kept.source == "okaz" and kept.url == "http://okaz/1"
    assert kept.copy_list() == [
        Copy("sabq", "2015-07-22", "http://sabq/9"),
        Copy("alriyadh", "", ""),
        Copy("okaz", "", "http://okaz/x%3Cy%3E%20z;w"),
    ]
    assert catalogue.documents[1].copy_list() == []
    index = (dest / "INDEX.md").read_text("utf-8")
    assert (
        "- copies: sabq 2015-07-22 <http://sabq/9>; alriyadh; okaz <http://okaz/x%3Cy%3E%20z;w>"
        in index
    )
    assert run("--corpus", str(dest), "check").exit_code == 0
    listed = json.loads(run("--corpus", str(dest), "list", "--format", "json").output)
    assert listed[0]["copies"][0] == {
        "source": "sabq",
        "date": "2015-07-22",
        "url": "http://sabq/9",
    }
    assert "copies" not in listed[1]


def test_copies_survive_an_export_and_a_new_import(run, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", RECORDS)
    first = tmp_path / "first"
    assert run("import", str(src), "--to", str(first), "--dedupe").exit_code == 0
    exported = run("--corpus", str(first), "export")
    assert exported.exit_code == 0
    again = write_jsonl(tmp_path / "b.jsonl", [json.loads(x) for x in exported.output.splitlines()])
    second = tmp_path / "second"
    assert run("import", str(again), "--to", str(second)).exit_code == 0
    assert [d.copy_list() for d in load_catalogue(second)] == [
        d.copy_list() for d in load_catalogue(first)
    ]


def test_without_dedupe_every_record_is_kept_and_no_copies_are_written(run, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", RECORDS)
    dest = tmp_path / "corpus"
    assert run("import", str(src), "--to", str(dest)).exit_code == 0
    assert "copies" not in (dest / "INDEX.md").read_text("utf-8")
    assert len(load_catalogue(dest)) == 5


@pytest.mark.parametrize(
    "copies",
    [
        [Copy("okaz", "2015-07-21", "http://a/b?x=1;y=2")],
        [Copy("عكاظ", "", ""), Copy("", "2015-07", ""), Copy("", "", "http://x")],
        [Copy("Al Riyadh 24", "2015-07-21T10:00", "http://r")],
    ],
)
def test_copies_field_round_trips(copies: list[Copy]) -> None:
    assert parse_copies(format_copies(copies)) == copies


POLL = (
    "ينقسم الصائمون من حيث الإفطار في شهر رمضان المبارك إلى نوعين، نوع يتناول كل ما لديه. "
    "ما النوع الذي تفضله؟ #vote_area2 ul { padding: 0; margin: 0; } .box_vote { zbackground: "
    "#FFFFFF; padding:18px; margin-bottom:10px; overflow: hidden; } jQuery.noConflict(); "
    "jQuery(document).ready(function(){ jQuery('#vote_form2').submit(function() { site = "
    "jQuery('input[name=site]', jQuery(this)).val(); return false; }); var plot1 = "
    "jQuery.jqplot('pie1', [[ ['a1882',18],['a1883',14] ]], { grid: { drawBorder: false, "
    "background: 'none', shadow:false }, legend:{ show:false, placement: 'outside', "
    "location:'s', marginTop: '0px' } }); }); كيف تتناول إفطارك في رمضان؟ "
) + " ".join(
    [".box_vote h4 { background:url(/css/h3.png) right no-repeat; font:bold 12px Tahoma; }"] * 30
)
FILMS = "سنوات السينما: أفضل عشرة\n\nعنوان الفيلم متبوعًا باسم مخرجه وتاريخ إنتاجه.\n" + "\n".join(
    f"{i}. The Conformist | Bernardo Bertolucci (Italy / France)" for i in range(1, 11)
)
CAPTION = (
    "A woman buys vegetables from a vendor on the first day of the Muslim holy fasting month "
    "of Ramadan, in a market downtown in Tunis. REUTERS/Zoubeir Souissi رابط الخبر بالصور"
)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("قال الأمير إن المملكة تدعم السلام في المنطقة", "ar"),
        ("The ministry announced new libraries in Riyadh.", "en"),
        (POLL, "ar"),  # an Arabic poll page with its style sheet and script
        (FILMS, "ar"),  # an Arabic list of films by their English titles
        (CAPTION, "en"),  # an English caption with a line of Arabic
        ("2015 - 07 - 21", "und"),
        ("", "und"),
    ],
)
def test_language_is_judged_by_the_prose(text: str, lang: str) -> None:
    assert guess_lang(text) == lang


def test_import_and_init_tag_an_arabic_page_with_a_script_as_arabic(run, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", [{"content": POLL}])
    dest = tmp_path / "corpus"
    assert run("import", str(src), "--to", str(dest)).exit_code == 0
    assert load_catalogue(dest).documents[0].lang == "ar"
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "poll.txt").write_text(POLL, "utf-8")
    assert run("init", str(folder)).exit_code == 0
    assert load_catalogue(folder).documents[0].lang == "ar"
