"""The os.path stand-ins for pathlib on the start-up path agree with pathlib itself."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from seeds_cli.index.store import _file_uri

PARTS = st.sampled_from(["/", "//", ".", "..", "a", "b c", "./", "x/", "~", "é", "?", "#", "%"])


@given(st.lists(PARTS, min_size=1, max_size=8).map(lambda parts: "/" + "".join(parts)))
def test_file_uri_is_pathlibs(path: str) -> None:
    # pathlib keeps exactly two leading slashes apart; for SQLite they are one root
    assert _file_uri(path) == Path("/" + path.lstrip("/")).as_uri()


def test_file_uri_escapes_what_sqlite_would_read_as_uri_syntax(tmp_path: Path) -> None:
    uri = _file_uri(str(tmp_path / "a?b#c%d" / "index.sqlite"))
    assert uri.startswith("file:///")
    assert "?" not in uri and "#" not in uri and "%3F" in uri and "%23" in uri and "%25" in uri
