"""Many texts' tokens as word ids at once, with numpy: the build's per-token work out of Python.

The tokenizer (:mod:`seeds_cli.analysis.tokenize`) is one regex; calling it makes a Python
string per token, and looking each up in a dict of the words already analyzed costs about a
microsecond a token, a third of a build. Here a batch of texts is read as an array of code
points, classified by a table made from the tokenizer's own character classes, and cut into
the same tokens by whole-array operations:

* a token is a run of word characters from its first letter or digit on (a run without one is
  no token), joined to the next run across one ``.``, ``,``, ``٫`` or ``٬`` with a digit on
  both sides, as the regex does;
* each token gets a 64-bit polynomial hash of its code points, and the distinct hashes are
  found with one sort; a Python string is made and looked up only once per distinct hash;
* every token is then compared, code point by code point, with the token its hash stood for:
  a collision (two different words with one hash) is never trusted, its tokens are looked up
  one by one. The ids are exactly the regex's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

CORE, WORD, DIGIT, SEPARATOR = 1, 2, 4, 8
MAX_BATCH_CHARS = 1 << 23  # a larger batch (a huge text) takes the regex, in bounded memory
_BASE = 0x9E3779B97F4A7C15  # odd: invertible modulo 2**64
_LENGTH_MIX = np.uint64(0xC2B2AE3D27D4EB4F)
_SEPARATORS = ".,\u066b\u066c"  # between digits, they join a number's parts into one token

Lookup = Callable[[str], int]


def _class_table() -> np.ndarray:
    """Each code point's classes (bit flags), found by the tokenizer's own patterns."""
    import re

    from seeds_cli.analysis.tokenize import _token_classes

    core, word = _token_classes()
    points = np.arange(0x110000, dtype=np.uint32)
    points[0xD800:0xE000] = 0x20  # surrogates, not decodable: tested on their own below
    every = points.astype("<u4").tobytes().decode("utf-32-le")  # 4 MiB; a list of chr() 100
    surrogates = "".join(map(chr, range(0xD800, 0xE000)))
    table = np.zeros(0x110000, dtype=np.uint8)
    for pattern, flag in ((core, CORE), (word, WORD), (r"\d", DIGIT)):
        for match in re.finditer(f"(?:{pattern})+", every):
            table[match.start() : match.end()] |= flag
        table[0xD800:0xE000] &= ~np.uint8(flag)
        for match in re.finditer(f"(?:{pattern})+", surrogates):
            table[0xD800 + match.start() : 0xD800 + match.end()] |= flag
    for ch in _SEPARATORS:
        table[ord(ch)] |= SEPARATOR
    return table


class Lexicon:
    """The words a worker has seen, by hash: each one's id and code points, so that a token is
    resolved and checked without a Python string. ``new_word`` gives a new word its id (it
    analyzes it); no string is kept but in the rare word looked up by its string."""

    def __init__(self, new_word: Lookup) -> None:
        self.new_word = new_word
        self._by_string: dict[str, int] = {}  # the words of collisions and of huge texts
        self.keys = np.empty(0, dtype=np.uint64)  # sorted
        self.ids = np.empty(0, dtype=np.uint32)  # of each key
        self.starts = np.empty(0, dtype=np.int64)  # of each key's word in ``points``
        self.lengths = np.empty(0, dtype=np.int64)  # of each key's word
        self.points = np.empty(0, dtype=np.uint32)  # the words' code points, one after another

    def __len__(self) -> int:
        return len(self.keys)

    def word_id(self, word: str) -> int:
        """The id of ``word`` found by its string (for the few tokens not found by hash)."""
        found = self._by_string.get(word)
        if found is None:
            found = self._by_string[word] = self.new_word(word)
        return found

    def find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The row of each of ``keys`` and whether it is there."""
        rows = np.searchsorted(self.keys, keys)
        found = rows < len(self.keys)
        found[found] = self.keys[rows[found]] == keys[found]
        return rows, found

    def remember(
        self, keys: np.ndarray, ids: np.ndarray, points: np.ndarray, lengths: np.ndarray
    ) -> None:
        """Add words (``keys`` distinct and new), their code points one after another."""
        starts = len(self.points) + np.cumsum(lengths) - lengths
        at = np.searchsorted(self.keys, keys)
        self.keys = np.insert(self.keys, at, keys)
        self.ids = np.insert(self.ids, at, ids)
        self.starts = np.insert(self.starts, at, starts)
        self.lengths = np.insert(self.lengths, at, lengths)
        self.points = np.concatenate([self.points, points])


class WordIds:
    """Turns batches of texts into the word ids of their tokens (``word_list``'s), from a
    lexicon: the same word gets the same id (or, rarely, another id the lexicon's
    ``new_word`` gave the same word)."""

    def __init__(self) -> None:
        self.table = _class_table()
        self._powers = np.ones(1, dtype=np.uint64)
        self._inverse = np.ones(1, dtype=np.uint64)
        self.collisions = 0  # tokens whose hash another word had (looked up one by one)

    def ids(self, texts: Sequence[str], lexicon: Lexicon) -> tuple[np.ndarray, np.ndarray]:
        """The ids of every token of ``texts``, in order (uint32), and each text's count."""
        joined = "\n".join(texts)  # a line break joins nothing
        if len(joined) > MAX_BATCH_CHARS:
            return self._by_regex(texts, lexicon.word_id)
        points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        starts, ends = self._tokens(points)
        text_starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
        owner = np.searchsorted(text_starts, starts, side="right") - 1
        counts = np.bincount(owner, minlength=len(texts))
        if not len(starts):
            return np.empty(0, dtype=np.uint32), counts
        keys = self._hashes(points, starts, ends)
        distinct, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        rows, found = lexicon.find(distinct)  # sorted: a search runs through memory in order
        if not found.all():  # new words: analyzed (by ``new_word``) once each, then known
            new = ~found
            at = first[new]
            new_ids = np.fromiter(
                (
                    lexicon.new_word(joined[a:b])
                    for a, b in zip(starts[at].tolist(), ends[at].tolist(), strict=True)
                ),
                dtype=np.uint32,
                count=len(at),
            )
            lengths = ends[at] - starts[at]
            lexicon.remember(distinct[new], new_ids, points[_spans(starts[at], lengths)], lengths)
            rows, found = lexicon.find(distinct)
        rows = rows[inverse.ravel()]
        ids = lexicon.ids[rows]
        for k in _differing(points, starts, ends - starts, lexicon, rows).tolist():
            ids[k] = lexicon.word_id(joined[starts[k] : ends[k]])
            self.collisions += 1
        return ids, counts

    def _tokens(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where each token starts and ends (code point offsets into ``points``)."""
        classes = np.append(self.table[points], np.uint8(0))  # an end that is no word
        word = (classes & WORD).astype(bool).view(np.int8)
        edges = np.diff(word, prepend=np.int8(0))
        run_starts = np.flatnonzero(edges == 1)
        run_ends = np.flatnonzero(edges == -1)
        cores = np.flatnonzero(classes & CORE)
        at = np.searchsorted(cores, run_starts)
        first_core = cores[np.minimum(at, max(len(cores) - 1, 0))] if len(cores) else run_starts
        live = (at < len(cores)) & (first_core < run_ends)
        starts, ends = first_core[live], run_ends[live]
        if not len(starts):
            return starts, ends
        # a separator with a digit before and after joins a run to the next (which starts with
        # that digit, so it is a token of its own otherwise)
        after = np.minimum(ends + 1, len(classes) - 1)
        joins = (
            (classes[ends] & SEPARATOR).astype(bool)
            & (classes[ends - 1] & DIGIT).astype(bool)
            & (classes[after] & DIGIT).astype(bool)
        )
        joins[-1] = False
        heads = np.ones(len(starts), dtype=bool)
        heads[1:] = ~joins[:-1]
        return starts[heads], ends[~joins]

    def _hashes(self, points: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Each token's polynomial hash of its code points (modulo 2**64), its length mixed in."""
        n = len(points)
        if len(self._powers) < n + 1:
            size = max(n + 1, 2 * len(self._powers))
            self._powers = np.full(size, _BASE, dtype=np.uint64)
            self._powers[0] = 1
            np.cumprod(self._powers, out=self._powers)
            self._inverse = np.full(size, pow(_BASE, -1, 1 << 64), dtype=np.uint64)
            self._inverse[0] = 1
            np.cumprod(self._inverse, out=self._inverse)
        prefix = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum(points * self._powers[:n], out=prefix[1:])
        keys = (prefix[ends] - prefix[starts]) * self._inverse[starts]
        return keys ^ ((ends - starts).astype(np.uint64) * _LENGTH_MIX)

    @staticmethod
    def _by_regex(texts: Sequence[str], lookup: Lookup) -> tuple[np.ndarray, np.ndarray]:
        from seeds_cli.analysis.tokenize import word_list

        per_text = [np.fromiter(map(lookup, word_list(t)), dtype=np.uint32) for t in texts]
        counts = np.array([len(ids) for ids in per_text], dtype=np.int64)
        ids = np.concatenate(per_text) if per_text else np.empty(0, dtype=np.uint32)
        return ids, counts


def _spans(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The offsets ``start, start + 1, ... start + length - 1`` of each span, one after another."""
    total = int(lengths.sum())
    shift = np.repeat(np.cumsum(lengths) - lengths - starts, lengths)
    return np.arange(total, dtype=np.int64) - shift


def _differing(
    points: np.ndarray, starts: np.ndarray, lengths: np.ndarray, lexicon: Lexicon, rows: np.ndarray
) -> np.ndarray:
    """The tokens that are not the word of their lexicon row (another word with their hash)."""
    differ = lengths != lexicon.lengths[rows]
    same = np.flatnonzero(~differ)
    sizes = lengths[same]
    mine = points[_spans(starts[same], sizes)]
    theirs = lexicon.points[_spans(lexicon.starts[rows[same]], sizes)]
    unequal = np.flatnonzero(mine != theirs)
    if len(unequal):
        owner = np.repeat(same, sizes)
        differ[owner[unequal]] = True
    return np.flatnonzero(differ)
