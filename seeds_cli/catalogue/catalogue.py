"""The in-memory catalogue: INDEX.md's entries as documents, their texts read on first use."""

from __future__ import annotations

import contextlib
import gc
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seeds_cli.catalogue.files import (
    DEFAULT_MAX_FILE_SIZE,
    FileProblem,
    decode_text,
    read_bytes,
    resolve_inside,
)
from seeds_cli.catalogue.indexmd import Entry, Header, ParsedIndex, Problem, scan_index
from seeds_cli.errors import CorpusError, NotFoundError

if TYPE_CHECKING:
    from seeds_cli.catalogue.copies import Copy

INDEX_NAME = "INDEX.md"
# A word: letters or digits, with the combining marks (harakat) and tatweel that sit inside it.
WORD_RE = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d]+")


def count_words(text: str) -> int:
    """Number of words in ``text``: runs of letters/digits, harakat included."""
    return len(WORD_RE.findall(text))


@dataclass(slots=True)
class Document:
    """One document: INDEX.md metadata, and its text loaded when first asked for."""

    id: str
    file: str
    root: Path  # the corpus folder
    line: int  # of its section in INDEX.md
    title: str = ""
    source: str = ""
    date: str = ""
    lang: str = ""
    url: str = ""
    author: str = ""
    place: str = ""
    tags: list[str] = field(default_factory=list)
    sha256: str = ""
    copies: str = ""  # INDEX.md's value: where else the same text ran (see copy_list)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    _text: str | None = field(default=None, repr=False)
    _words: int | None = field(default=None, repr=False)

    @property
    def path(self) -> Path:
        return self.root / self.file

    def read_bytes(self) -> bytes:
        """The file's exact bytes; CorpusError (naming file and INDEX.md line) if unreadable."""
        try:
            return read_bytes(resolve_inside(self.root, self.file), self.max_file_size)
        except FileProblem as exc:
            raise CorpusError(
                f"{self.root / self.file}: {exc.message} (listed at {INDEX_NAME}:{self.line})",
                hint=exc.hint,
            ) from None

    @property
    def text(self) -> str:
        if self._text is None:
            data = self.read_bytes()
            try:
                self._text = decode_text(data)
            except FileProblem as exc:
                raise CorpusError(
                    f"{self.root / self.file}: {exc.message} (listed at {INDEX_NAME}:{self.line})",
                    hint=exc.hint,
                ) from None
        return self._text

    @property
    def words(self) -> int:
        if self._words is None:
            self._words = count_words(self.text)
        return self._words

    @words.setter
    def words(self, value: int) -> None:
        self._words = value

    def copy_list(self) -> list[Copy]:
        """The copies of this text that an import dropped (INDEX.md's ``copies``)."""
        from seeds_cli.catalogue.copies import parse_copies

        return parse_copies(self.copies) if self.copies else []

    def metadata(self, *, with_words: bool = True) -> dict[str, Any]:
        """Every metadata field of the entry (empty ones left out), plus ``words``."""
        data: dict[str, Any] = {"id": self.id, "file": self.file}
        for key in ("title", "source", "date", "lang", "url", "author", "place"):
            value = getattr(self, key)
            if value:
                data[key] = value
        if self.tags:
            data["tags"] = list(self.tags)
        if self.sha256:
            data["sha256"] = self.sha256
        if self.copies:
            data["copies"] = [copy.as_dict() for copy in self.copy_list()]
        if with_words:
            data["words"] = self.words
        return data


class Catalogue:
    """The documents of one corpus folder, in INDEX.md order, found by id or unique id prefix."""

    def __init__(
        self, root: str | os.PathLike[str], header: Header, documents: list[Document]
    ) -> None:
        self.root = Path(root)  # the corpus folder
        self.header = header
        self.documents = documents
        self._by_id = {doc.id: doc for doc in documents}
        self._sorted_ids: list[str] | None = None

    def __len__(self) -> int:
        return len(self.documents)

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._by_id

    def get(self, ref: str) -> Document:
        """The document whose id is ``ref`` or starts with it; NotFoundError otherwise."""
        doc = self._by_id.get(ref)
        if doc is not None:
            return doc
        matches = self.find_prefix(ref) if ref else []
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFoundError(
                f"no document with id or id prefix {ref!r}", hint="see 'seeds list --format ids'"
            )
        shown = ", ".join(doc.id for doc in matches[:10])
        more = f" and {len(matches) - 10} more" if len(matches) > 10 else ""
        raise NotFoundError(
            f"id prefix {ref!r} is ambiguous: {shown}{more}", hint="give more characters of the id"
        )

    def find_prefix(self, prefix: str) -> list[Document]:
        import bisect

        if self._sorted_ids is None:
            self._sorted_ids = sorted(self._by_id)
        ids = self._sorted_ids
        start = bisect.bisect_left(ids, prefix)
        found = []
        for doc_id in ids[start:]:
            if not doc_id.startswith(prefix):
                break
            found.append(self._by_id[doc_id])
        return found


def index_bytes(root: str | os.PathLike[str], max_file_size: int) -> tuple[str, bytes]:
    path = os.path.join(root, INDEX_NAME)
    try:
        return path, read_bytes(path, max_file_size)
    except FileProblem as exc:
        raise CorpusError(f"{path}: {exc.message}", hint=exc.hint) from None


def read_index(
    root: str | os.PathLike[str], max_file_size: int = DEFAULT_MAX_FILE_SIZE
) -> ParsedIndex:
    """Read and parse ``root/INDEX.md`` (at most ``max_file_size`` bytes, as any corpus file);
    CorpusError when it cannot be read at all."""
    path, data = index_bytes(root, max_file_size)
    try:
        scan = scan_index(data, path)
        entries = list(scan.entries)
    except FileProblem as exc:
        raise CorpusError(f"{path}: {exc.message}", hint=exc.hint) from None
    return ParsedIndex(scan.header, entries, scan.sorted_problems())


class _Documents:
    """Documents made from entries. Values that many documents share (a source, a date, a
    language) are kept once, not once per document."""

    def __init__(self, root: Path, header: Header, max_file_size: int) -> None:
        self.root = root
        self.default_lang = header.lang
        self.max_file_size = max_file_size
        self.shared: dict[str, str] = {}

    def __call__(self, entry: Entry) -> Document:
        f = entry.fields
        return Document(
            id=entry.id,
            file=f.get("file", ""),
            root=self.root,
            line=entry.line,
            title=f.get("title", ""),
            source=self.once(f.get("source", "")),
            date=self.once(f.get("date", "")),
            lang=self.once(f.get("lang", "") or self.default_lang),
            url=f.get("url", ""),
            author=f.get("author", ""),
            place=f.get("place", ""),
            tags=[t.strip() for t in f.get("tags", "").split(",") if t.strip()],
            sha256=f.get("sha256", ""),
            copies=f.get("copies", ""),
            max_file_size=self.max_file_size,
        )

    def once(self, value: str) -> str:
        """The first equal string seen (a sixth of a document's memory at 300,000 of them)."""
        return self.shared.setdefault(value, value)


def build_catalogue(
    root: str | os.PathLike[str], parsed: ParsedIndex, max_file_size: int = DEFAULT_MAX_FILE_SIZE
) -> Catalogue:
    """Documents from parsed entries (problems are assumed dealt with by the caller)."""
    document = _Documents(Path(root), parsed.header, max_file_size)
    return Catalogue(root, parsed.header, [document(entry) for entry in parsed.entries])


@contextlib.contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """For work that makes millions of objects and no reference cycles (loading a catalogue,
    building an index): the cyclic collector would only walk them again and again (at 300,000
    documents, a third of loading's time; over 10% of a build)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_catalogue(
    corpus: str | Path | None = None, *, max_file_size: int = DEFAULT_MAX_FILE_SIZE
) -> Catalogue:
    """Load a corpus folder (or its INDEX.md); with no argument, find it as the CLI does.

    Raises CorpusError naming INDEX.md's line for the first parse error (``seeds check`` lists
    them all). Texts are read on first use of ``Document.text``.
    """
    from seeds_cli.catalogue.locate import corpus_folder

    root = corpus_folder(corpus)
    path, data = index_bytes(root, max_file_size)
    with without_cyclic_gc():
        try:
            scan = scan_index(data, path)
            document = _Documents(Path(root), scan.header, max_file_size)
            documents = [document(entry) for entry in scan.entries]
        except FileProblem as exc:
            raise CorpusError(f"{path}: {exc.message}", hint=exc.hint) from None
    del data
    raise_first_error(scan.sorted_problems())
    return Catalogue(root, scan.header, documents)


def raise_first_error(problems: list[Problem]) -> None:
    """CorpusError naming the first error among ``problems`` (in file order), if any."""
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        more = (
            f" (and {len(errors) - 1} more problems: run 'seeds check')" if len(errors) > 1 else ""
        )
        raise CorpusError(str(errors[0]) + more)
