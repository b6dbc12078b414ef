"""Reading corpus files defensively, and writing anything atomically."""

from __future__ import annotations

import contextlib
import functools
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from seeds_cli.errors import CorpusError

DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024  # 64 MiB: far above any article, far below a disk image


class FileProblem(Exception):
    """Why one corpus file cannot be read; ``message`` and ``hint`` are shown to the user."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


_NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-"


def unsafe_path_reason(path: str) -> str:
    """Why a file path from INDEX.md may not be used, or '' when it is a plain relative path."""
    if not path.strip(_NAME_CHARS):  # the usual name, checked at once (a tenth of a load)
        return "leaves the corpus folder ('..')" if path == ".." else ""
    if "\x00" in path:
        return "contains a NUL character"
    if "://" in path or path.startswith(("http:", "https:", "file:")):
        return "is a URL"
    if path.startswith(("/", "\\")) or _has_drive(path):
        return "is absolute"
    if path.startswith("~"):
        return "starts with '~'"
    if "\\" in path:
        return "uses backslashes"
    if any(part == ".." for part in path.split("/")):
        return "leaves the corpus folder ('..')"
    if path.endswith("/"):
        return "names a folder"
    return ""


def _has_drive(path: str) -> bool:
    """Whether ``path`` starts like ``C:\\`` or ``C:/`` (as ``[A-Za-z]:[\\/]``)."""
    return path[1:2] == ":" and path[2:3] in ("\\", "/") and path[0].isascii() and path[0].isalpha()


@functools.lru_cache(maxsize=16)
def _real_folder(root: str) -> str:
    """``realpath`` of a corpus folder, once per process (the index build asks per file)."""
    return os.path.realpath(root)


def resolve_inside(root: str | os.PathLike[str], relative: str) -> str:
    """The path of ``relative`` under ``root``; FileProblem if it (or a symlink) leads outside."""
    reason = unsafe_path_reason(relative)
    if reason:
        raise FileProblem(f"path {relative!r} {reason}", "give a relative path inside the corpus")
    path = os.path.join(root, relative)
    real_root = _real_folder(os.fspath(root))
    if "/" in relative or os.path.islink(path):
        real = os.path.realpath(path)
    else:  # a file right in the folder, not a link: nothing more to resolve (one lstat)
        real = os.path.join(real_root, relative)
    if os.path.commonpath([real_root, real]) != real_root:
        raise FileProblem(
            f"{relative} points outside the corpus folder (to {real})",
            "copy the file into the corpus instead of linking to it",
        )
    return path


def read_bytes(path: str | os.PathLike[str], max_size: int = DEFAULT_MAX_FILE_SIZE) -> bytes:
    """Read a regular file, refusing FIFOs, devices, folders and files over ``max_size``.

    The file is opened non-blocking and checked through its descriptor, so a FIFO swapped in
    after a check cannot make us hang.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise FileProblem(
            "file not found", "restore it or remove its entry from INDEX.md"
        ) from None
    except IsADirectoryError:
        raise FileProblem("is a folder, not a file", "list text files only") from None
    except PermissionError:
        raise FileProblem("permission denied", "make the file readable") from None
    except OSError as exc:
        raise FileProblem(f"cannot open: {exc.strerror}", "check the file") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileProblem("is a folder, not a file", "list text files only")
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(
                "is not a regular file (a FIFO, socket or device)", "list regular text files only"
            )
        if info.st_size > max_size:
            raise FileProblem(
                f"is {info.st_size:,} bytes, over the {max_size:,}-byte limit",
                "split it, or raise the limit with --max-file-size",
            )
        chunks = []
        remaining = max_size + 1
        size = info.st_size + 1  # the whole file in one read, one buffer: no copy when joined
        while remaining > 0:
            chunk = os.read(fd, min(remaining, size))
            size = 1 << 20  # then whatever it grew by
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > max_size:
            raise FileProblem(
                f"grew past the {max_size:,}-byte limit while being read",
                "raise the limit with --max-file-size",
            )
        return data
    except OSError as exc:
        raise FileProblem(f"cannot read: {exc.strerror}", "check the file") from None
    finally:
        os.close(fd)


def decode_text(data: bytes) -> str:
    """Decode strict UTF-8 (a leading BOM is dropped); FileProblem names the first bad byte."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        raise FileProblem("is UTF-16 (it starts with a UTF-16 BOM)", "re-save it as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            f"is not valid UTF-8 (byte {exc.start} is 0x{data[exc.start]:02x})",
            "re-save it as UTF-8",
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


@contextlib.contextmanager
def atomic_writer(path: Path, mode: str = "w") -> Iterator:
    """Write ``path`` through a temporary file in the same folder, renamed into place on success."""
    import tempfile  # imported here: it pulls in shutil, random, bz2 and lzma

    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        encoding = None if "b" in mode else "utf-8"
        newline = None if "b" in mode else "\n"
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one step."""
    try:
        with atomic_writer(path) as handle:
            handle.write(text)
    except OSError as exc:
        raise CorpusError(
            f"{path}: cannot write: {exc.strerror}", hint="check free space and permissions"
        ) from None
