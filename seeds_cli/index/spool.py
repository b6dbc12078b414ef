"""Spool files: one segment's rows of one term space, sorted by term, while the index builds.

A spool file is a run of blocks, each of at most ``BLOCK_ROWS`` rows:

* a header: the magic ``b"SPL1"``, the number of rows n, the CRC-32 of the payload and its
  length (``<4sIIQ``);
* the payload: four little-endian uint32 arrays of n (each term's UTF-8 length, its df, the
  length of its post chunks, of its pos chunk), then the terms, the post chunks and the pos
  chunks, each concatenated.

Reading checks every block's length and checksum: a damaged or truncated spool file stops the
build with CorruptIndexError rather than making a wrong index. Reading holds one block at a
time, so merging many spool files holds little memory.
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from collections.abc import Iterable, Iterator

MAGIC = b"SPL1"
BLOCK_ROWS = 1024  # the merge holds a block of each spool file: 76 files at 300,000 documents
_HEADER = struct.Struct("<4sIIQ")
_SWAP = sys.byteorder != "little"


def write_spool(path: str, rows: Iterable[tuple[str, int, bytes, bytes]]) -> None:
    """Write ``rows`` (sorted by term) into a new spool file at ``path``."""
    write_blocks(path, _row_blocks(rows))


def write_blocks(path: str, blocks: Iterable[bytes]) -> None:
    """Write blocks made by :func:`block` (their rows sorted by term) into a new spool file."""
    with open(path, "wb") as out:
        for data in blocks:
            out.write(data)


def _row_blocks(rows: Iterable[tuple[str, int, bytes, bytes]]) -> Iterator[bytes]:
    chunk: list[tuple[str, int, bytes, bytes]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == BLOCK_ROWS:
            yield _block_of_rows(chunk)
            chunk.clear()
    if chunk:
        yield _block_of_rows(chunk)


def _block_of_rows(rows: list[tuple[str, int, bytes, bytes]]) -> bytes:
    posts = [row[2] for row in rows]
    poss = [row[3] for row in rows]
    return block(
        [row[0] for row in rows],
        [row[1] for row in rows],
        list(map(len, posts)),
        list(map(len, poss)),
        b"".join(posts),
        b"".join(poss),
    )


def block(
    terms: list[str],
    dfs: list[int],
    post_sizes: list[int],
    pos_sizes: list[int],
    posts: bytes,
    poss: bytes,
) -> bytes:
    """One block of at most ``BLOCK_ROWS`` rows: each term, its df, the sizes of its post and
    pos bytes, and all the rows' post and pos bytes, concatenated in the terms' order."""
    encoded = [term.encode("utf-8", "surrogatepass") for term in terms]
    sizes = array("I", map(len, encoded))
    sizes.extend(dfs)
    sizes.extend(post_sizes)
    sizes.extend(pos_sizes)
    if _SWAP:
        sizes.byteswap()
    payload = b"".join((sizes.tobytes(), *encoded, posts, poss))
    return _HEADER.pack(MAGIC, len(terms), zlib.crc32(payload), len(payload)) + payload


def read_spool(path: str) -> Iterator[tuple[str, int, bytes, bytes]]:
    """The rows of a spool file, in order; CorruptIndexError if it is damaged."""
    for rows in read_blocks(path):
        yield from rows


def read_blocks(path: str) -> Iterator[list[tuple[str, int, bytes, bytes]]]:
    """The rows of a spool file, a block at a time; CorruptIndexError if it is damaged."""
    with open(path, "rb") as spool:
        while head := spool.read(_HEADER.size):
            if len(head) < _HEADER.size:
                raise _damaged(path, "truncated block header")
            magic, n, crc, size = _HEADER.unpack(head)
            payload = spool.read(size) if magic == MAGIC else b""
            if magic != MAGIC or len(payload) != size or zlib.crc32(payload) != crc:
                raise _damaged(path, "a block fails its check")
            yield list(_rows(payload, n, path))


def _rows(payload: bytes, n: int, path: str) -> Iterator[tuple[str, int, bytes, bytes]]:
    sizes = array("I")
    sizes.frombytes(payload[: 16 * n])
    if _SWAP:
        sizes.byteswap()
    term_sizes, dfs, post_sizes, pos_sizes = (sizes[k * n : (k + 1) * n] for k in range(4))
    at = 16 * n
    term_at = at
    post_at = term_at + sum(term_sizes)
    pos_at = post_at + sum(post_sizes)
    if pos_at + sum(pos_sizes) != len(payload):
        raise _damaged(path, "block sizes do not add up")
    for i in range(n):
        t, p, q = term_sizes[i], post_sizes[i], pos_sizes[i]
        term = payload[term_at : term_at + t].decode("utf-8", "surrogatepass")
        yield term, dfs[i], payload[post_at : post_at + p], payload[pos_at : pos_at + q]
        term_at += t
        post_at += p
        pos_at += q


def _damaged(path: str, why: str) -> Exception:
    from seeds_cli.errors import CorruptIndexError

    return CorruptIndexError(
        f"a segment of the index being built is damaged ({path}: {why})",
        hint="check the disk, then run 'seeds index --rebuild'",
    )
