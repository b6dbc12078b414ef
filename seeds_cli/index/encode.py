"""Many chunks (:func:`seeds_cli.index.store.chunk`'s format) encoded at once, with numpy.

A segment's inversion cuts each of its arrays into one slice per term. Encoding them one by one
in Python was a third of a build; here the type codes, the length prefixes and the narrowed
data of every slice are made with whole-array operations, and only the slices worth compressing
(long enough that deflate is likely to pay, ``zlib_min`` bytes) cost a call each. The result is a list of pieces (a
source buffer and, per chunk, where its header and its data lie in it), so that a term's
chunks of several arrays are joined, in any order of terms, by one gather.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

_DTYPES = ("<u1", "<u2", "<u4")
_LETTERS = np.frombuffer(b"BHIbhi", dtype=np.uint8)
_VARINT_MAX = 5  # bytes of a length prefix below 2**35


@dataclass(slots=True)
class Pieces:
    """Rows of byte pieces: row i is ``src[starts[i, k] : starts[i, k] + lengths[i, k]]`` for
    each column k, concatenated."""

    src: np.ndarray  # uint8
    starts: np.ndarray  # (rows, columns) int64
    lengths: np.ndarray  # (rows, columns) int64

    def row_sizes(self) -> np.ndarray:
        return self.lengths.sum(axis=1)


def encode_chunks(values: np.ndarray, bounds: np.ndarray, zlib_min: int) -> Pieces:
    """One chunk per slice ``values[bounds[i] : bounds[i + 1]]`` (slices may be empty; values
    are below 2**32), as rows of two pieces: its header and its data. Slices of ``zlib_min``
    bytes or more are compressed if that makes them smaller."""
    bounds = np.asarray(bounds, dtype=np.int64)
    values = values[bounds[0] : bounds[-1]] if len(bounds) else values[:0]
    bounds = bounds - bounds[0] if len(bounds) else np.zeros(1, dtype=np.int64)
    counts = np.diff(bounds)
    n = len(counts)
    tops = np.zeros(n, dtype=np.int64)
    filled = counts > 0
    if len(values) and filled.any():
        tops[filled] = np.maximum.reduceat(values, bounds[:-1][filled])
    codes = (tops > 0xFF).astype(np.int64) + (tops > 0xFFFF)
    raw_lengths = counts << codes
    # the data of each type's slices, narrowed, one after another in slice order
    parts, raw_starts, base = [], np.zeros(n, dtype=np.int64), 0
    for code, dtype in enumerate(_DTYPES):
        chosen = codes == code
        if not chosen.any():
            continue
        data = values[np.repeat(chosen, counts)].astype(dtype).view(np.uint8)
        sizes = raw_lengths[chosen]
        raw_starts[chosen] = base + np.cumsum(sizes) - sizes
        parts.append(data)
        base += len(data)
    starts, lengths = raw_starts, raw_lengths.copy()
    packed_parts, compressed = _compress(parts, raw_starts, raw_lengths, base, zlib_min)
    letters = _LETTERS[codes]
    if compressed is not None:
        chosen, packed_starts, packed_lengths = compressed
        starts[chosen] = packed_starts
        lengths[chosen] = packed_lengths
        letters[chosen] += 32  # lower case: compressed
        parts.extend(packed_parts)
        base += int(packed_lengths.sum())
    headers, header_lengths = _headers(letters, lengths)
    src = np.concatenate([*parts, headers]) if parts else headers
    header_starts = base + np.arange(n, dtype=np.int64) * (1 + _VARINT_MAX)
    return Pieces(
        src, np.stack([header_starts, starts], axis=1), np.stack([header_lengths, lengths], axis=1)
    )


def _compress(
    parts: list[np.ndarray], starts: np.ndarray, lengths: np.ndarray, base: int, zlib_min: int
) -> tuple[list[np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray] | None]:
    """Raw deflate of each slice of at least ``zlib_min`` bytes that it makes smaller: (the
    compressed data, and which slices, where, how long; or None)."""
    candidates = np.flatnonzero(lengths >= zlib_min)
    if not len(candidates):
        return [], None
    raw = memoryview(np.concatenate(parts) if len(parts) > 1 else parts[0])
    chosen, packed = [], []
    for i, start, length in zip(
        candidates.tolist(), starts[candidates].tolist(), lengths[candidates].tolist(), strict=True
    ):
        # raw deflate with a window no larger than the data (512 bytes at least), and a hash
        # table of about as many entries as the data has bytes (memLevel): they compress as
        # well, and setting up the default 32 KiB window and 64 KiB table cost more than
        # deflating a short chunk (24 -> 4 us for 200 bytes); it inflates with the reader's
        # default window
        bits = length.bit_length()
        deflate = zlib.compressobj(
            1, zlib.DEFLATED, -min(max(bits, 9), 15), min(max(bits - 7, 1), 8)
        )
        data = deflate.compress(raw[start : start + length]) + deflate.flush()
        if len(data) < length:
            chosen.append(i)
            packed.append(data)
    if not chosen:
        return [], None
    sizes = np.fromiter(map(len, packed), dtype=np.int64, count=len(packed))
    joined = np.frombuffer(b"".join(packed), dtype=np.uint8)
    return [joined], (np.array(chosen, dtype=np.int64), base + np.cumsum(sizes) - sizes, sizes)


def _headers(letters: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each chunk's type code then its stored length as a varint, in rows of 6 bytes
    (flattened), and how many of each row's bytes are used."""
    n = len(letters)
    table = np.zeros((n, 1 + _VARINT_MAX), dtype=np.uint8)
    table[:, 0] = letters
    used = np.ones(n, dtype=np.int64)  # varint bytes
    for k in range(1, _VARINT_MAX):
        used += lengths >= (1 << (7 * k))
    for k in range(_VARINT_MAX):
        more = (used > k + 1).astype(np.int64) << 7
        table[:, 1 + k] = ((lengths >> (7 * k)) & 0x7F) | more
    return table.ravel(), 1 + used


def join_rows(parts: list[Pieces], order: np.ndarray) -> Pieces:
    """Rows ``order`` of pieces of the same rows, each row the concatenation of its pieces in
    ``parts``, in turn."""
    bases = np.cumsum([0] + [len(p.src) for p in parts[:-1]])
    src = np.concatenate([p.src for p in parts]) if len(parts) > 1 else parts[0].src
    starts = np.concatenate(
        [p.starts[order] + b for p, b in zip(parts, bases, strict=True)], axis=1
    )
    lengths = np.concatenate([p.lengths[order] for p in parts], axis=1)
    return Pieces(src, starts, lengths)


def gather(pieces: Pieces, first: int, end: int) -> bytes:
    """Rows ``first`` to ``end`` of ``pieces``, concatenated."""
    starts = pieces.starts[first:end].ravel()
    lengths = pieces.lengths[first:end].ravel()
    total = int(lengths.sum())
    if not total:
        return b""
    shift = np.cumsum(lengths) - lengths
    at = np.repeat(starts - shift, lengths) + np.arange(total, dtype=np.int64)
    return pieces.src[at].tobytes()
