"""Make a large test corpus reproducibly: SaudiNewsNet, multiplied with varied texts.

    python bench/make_big.py --docs 300000 --out big.jsonl [--shared PATH]

Writes JSON Lines records (``seeds import`` reads them): first every SaudiNewsNet article
with text, as it is (so the first ~30k records are the real corpus), then copy 1 of each,
copy 2, ... until ``--docs`` records. A copy is its original with, chosen deterministically
from the copy number and the article's position (the same output on every run):

* about one word in four replaced by a word drawn from the corpus's own running text (so
  word frequencies keep their shape), and one in thirty dropped;
* its sentences rotated by a few places;
* one or two words of the title replaced, its url suffixed with the copy number, and its
  date moved back by the copy number in years (an archive rather than one summer).

A shingle of five words survives a copy with probability about 0.72**5 ≈ 0.2, so a copy's
resemblance to its original is near 0.1: far below the 0.8 at which stories group
near-duplicates, and no text is byte-identical, so ``import --dedupe`` keeps every copy.
The vocabulary does not grow as a real archive's would: copies reuse the corpus's words.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REPLACE = 0.25  # share of words replaced in a copy
DROP = 1 / 30  # share of words dropped
POOL_EVERY = 5  # the word pool keeps every fifth word of the corpus's running text
_SENTENCE = re.compile(r"(?<=[.!؟?\n])\s+")


def originals(shared: Path) -> list[dict[str, str]]:
    """Every SaudiNewsNet record with text, in the order of the zips and their members."""
    zips = sorted((shared / "corpora" / "saudinewsnet").glob("*.zip"))
    if not zips:
        raise SystemExit(f"no SaudiNewsNet zips under {shared}/corpora/saudinewsnet")
    records = []
    for path in zips:
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                if name.endswith(".json"):
                    for record in json.loads(archive.read(name)):
                        if str(record.get("content") or "").strip():
                            records.append(record)
    return records


def word_pool(records: list[dict[str, str]]) -> list[str]:
    pool: list[str] = []
    for record in records:
        pool.extend(record["content"].split()[::POOL_EVERY])
    return pool


def vary_words(words: list[str], rng: random.Random, pool: list[str], share: float) -> list[str]:
    out = []
    for word in words:
        draw = rng.random()
        if draw < DROP:
            continue
        out.append(pool[rng.randrange(len(pool))] if draw < DROP + share else word)
    return out


def vary(record: dict[str, str], copy: int, position: int, pool: list[str]) -> dict[str, str]:
    """Copy ``copy`` (1, 2, ...) of the record at ``position``."""
    rng = random.Random(f"{copy}:{position}")
    paragraphs = []
    for paragraph in record["content"].split("\n"):
        sentences = [s for s in _SENTENCE.split(paragraph) if s.strip()]
        if len(sentences) > 1:
            turn = rng.randrange(len(sentences))
            sentences = sentences[turn:] + sentences[:turn]
        paragraphs.append(
            " ".join(" ".join(vary_words(s.split(), rng, pool, REPLACE)) for s in sentences)
        )
    varied = dict(record)
    varied["content"] = "\n".join(paragraphs)
    title = str(record.get("title") or "").split()
    if title:
        for _ in range(1 + (len(title) > 6)):
            title[rng.randrange(len(title))] = pool[rng.randrange(len(pool))]
        varied["title"] = " ".join(title)
    if record.get("url"):
        varied["url"] = f"{record['url']}#copy-{copy}"
    date = str(record.get("date_extracted") or "")
    if date[:4].isdigit():
        varied["date_extracted"] = f"{int(date[:4]) - copy:04d}{date[4:]}"
    return varied


def big_records(shared: Path, docs: int) -> Iterator[dict[str, str]]:
    records = originals(shared)
    pool = word_pool(records)
    made = 0
    copy = 0
    while made < docs:
        for position, record in enumerate(records):
            if made == docs:
                return
            yield record if copy == 0 else vary(record, copy, position, pool)
            made += 1
        copy += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, required=True, help="records to write")
    parser.add_argument("--out", type=Path, required=True, help="JSON Lines file to write")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    tmp = args.out.with_name(args.out.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        for record in big_records(args.shared, args.docs):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(args.out)
    print(f"{args.docs} records -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
