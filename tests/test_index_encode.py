"""Chunks encoded many at once with numpy read back as the store's own chunks; the builder's
word counter counts as the catalogue does."""

from __future__ import annotations

import random

import numpy as np
import pytest

from seeds_cli.catalogue.catalogue import count_words
from seeds_cli.index.builder import _WordCounter
from seeds_cli.index.encode import encode_chunks, gather, join_rows
from seeds_cli.index.store import unchunk


def slices(rng: random.Random) -> list[list[int]]:
    tops = [0, 1, 0xFF, 0x100, 0xFFFF, 0x10000, 0xFFFFFFFF]
    out = []
    for _ in range(300):
        n = rng.choice([0, 1, 2, 7, 30, 200, 3000])
        top = rng.choice(tops)
        kind = rng.random()
        if kind < 0.3:  # compressible: few distinct values
            values = [rng.choice([0, 1, top]) for _ in range(n)]
        else:
            values = [rng.randint(0, top) for _ in range(n)]
        if values and rng.random() < 0.5:
            values[rng.randrange(n)] = top  # the slice's maximum decides its type
        out.append(values)
    return out


def encoded_rows(parts: list[list[int]], zlib_min: int) -> list[bytes]:
    values = np.array([v for part in parts for v in part], dtype=np.int64)
    bounds = np.cumsum([0] + [len(part) for part in parts])
    pieces = join_rows([encode_chunks(values, bounds, zlib_min)], np.arange(len(parts)))
    sizes = pieces.row_sizes().tolist()
    joined = gather(pieces, 0, len(parts))
    rows, at = [], 0
    for size in sizes:
        rows.append(joined[at : at + size])
        at += size
    assert at == len(joined)
    return rows


@pytest.mark.parametrize("zlib_min", [1, 48, 10**9])
def test_each_chunk_decodes_to_its_slice_in_the_narrowest_type(zlib_min: int) -> None:
    parts = slices(random.Random(zlib_min))
    compressed = 0
    for part, row in zip(parts, encoded_rows(parts, zlib_min), strict=True):
        (arr,) = unchunk(row)
        assert arr.tolist() == part
        top = max(part, default=0)
        assert arr.typecode == ("B" if top <= 0xFF else "H" if top <= 0xFFFF else "I")
        compressed += chr(row[0]).islower()
        if chr(row[0]).islower():
            assert len(part) * arr.itemsize >= zlib_min
    assert (compressed > 0) == (zlib_min < 10**9)


def test_slices_may_leave_values_out_at_either_end() -> None:
    values = np.array([9, 1, 2, 300, 7, 8], dtype=np.int64)
    pieces = encode_chunks(values, np.array([1, 3, 3, 4]), 1)
    sizes = pieces.row_sizes().tolist()
    joined = gather(pieces, 0, 3)
    assert [a.tolist() for a in unchunk(joined)] == [[1, 2], [], [300]]
    assert len(joined) == sum(sizes)


def test_rows_join_several_arrays_chunks_in_the_given_order() -> None:
    docs = [[5, 1, 2], [9], [0, 300]]
    tfs = [[1] * 9, [2, 0, 0], [70000, 1, 1, 1, 1, 1]]

    def encode(parts: list[list[int]]) -> object:
        bounds = np.cumsum([0] + [len(p) for p in parts])
        values = np.array([v for p in parts for v in p], dtype=np.int64)
        return encode_chunks(values, bounds, 4)

    order = np.array([2, 0, 1])
    pieces = join_rows([encode(docs), encode(tfs)], order)  # type: ignore[list-item]
    sizes = pieces.row_sizes().tolist()
    first_two = gather(pieces, 0, 2)
    assert len(first_two) == sizes[0] + sizes[1]
    assert [a.tolist() for a in unchunk(first_two[: sizes[0]])] == [docs[2], tfs[2]]
    assert [a.tolist() for a in unchunk(first_two[sizes[0] :])] == [docs[0], tfs[0]]
    assert [a.tolist() for a in unchunk(gather(pieces, 2, 3))] == [docs[1], tfs[1]]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "كتب الطالبُ الدرسَ",
        "ـــكتب",  # tatweel first: inside a word for the catalogue
        "\u064b\u064b",  # marks alone
        "snake_case and 2,500 or 3.5",
        "G20 و2015 𝐀𝐁 text",  # a character beyond the BMP
        "a\u0301b c\u200cd",
        "\ud800 lone surrogate",
        "١٢٣ ٤٥٦",
    ],
)
def test_the_word_counter_counts_as_the_catalogue(text: str) -> None:
    assert _WordCounter()(text) == count_words(text)


def test_the_word_counter_agrees_on_random_text() -> None:
    rng = random.Random(7)
    counter = _WordCounter()
    for _ in range(500):
        text = "".join(
            chr(rng.choice([rng.randrange(0x20, 0x800), rng.randrange(0, 0x30000)]))
            for _ in range(rng.randrange(60))
        )
        assert counter(text) == count_words(text), repr(text)
