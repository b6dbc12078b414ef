"""A hostile environment: read-only corpus, full disk, broken pipes, Ctrl-C, odd terminals and
locales, and hostile import files."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import assert_one_line_error, raw_corpus, run_seeds

pytestmark = pytest.mark.usefixtures("no_writes")

ARABIC = "التحالف الدولي ينهي مهمته"


def many_docs(root: Path, n: int) -> Path:
    files = {f"d{i}.txt": f"{ARABIC} {i}".encode() for i in range(n)}
    entries = [(f"d{i}", {"file": f"d{i}.txt", "title": f"{ARABIC} {i}"}) for i in range(n)]
    return raw_corpus(root, files, entries=entries)


# --- read-only corpus ----------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_read_only_corpus_folder(tmp_path: Path, no_writes) -> None:
    corpus = no_writes(many_docs(tmp_path / "c", 3))
    for path in [*corpus.iterdir(), corpus]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        for args in (["list", "--format", "tsv"], ["check"], ["list", "--format", "json"]):
            result = run_seeds("--corpus", str(corpus), *args, timeout=30)
            assert result.returncode == 0, result.stderr
            assert result.stderr == b""
    finally:
        corpus.chmod(0o755)


# --- full disk while importing -------------------------------------------------------------


def write_jsonl(path: Path, n: int) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(n):
            record = {"id": f"r{i}", "title": f"عنوان {i}", "text": f"{ARABIC} {i}"}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def test_full_disk_during_import(tmp_path: Path, run, monkeypatch) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 20)
    dest = tmp_path / "out" / "corpus"
    dest.parent.mkdir()
    calls = {"n": 0}
    real_write_bytes = Path.write_bytes

    def fill_up(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] > 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", fill_up)
    result = run("import", str(source), "--to", str(dest))
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, str(dest), "No space left on device", "free")
    assert not dest.exists()
    assert leftovers(dest.parent) == []


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs RLIMIT_FSIZE")
def test_file_size_limit_hit_while_importing_a_real_process(tmp_path: Path) -> None:
    import resource

    source = write_jsonl(tmp_path / "in.jsonl", 2000)
    dest = tmp_path / "out"

    def limit() -> None:  # writes past 4 KiB fail with EFBIG, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    env = {k: v for k, v in os.environ.items() if not k.startswith("SEEDS_")}
    result = subprocess.run(
        [sys.executable, "-m", "seeds_cli", "import", str(source), "--to", str(dest)],
        capture_output=True,
        timeout=60,
        preexec_fn=limit,
        env=env,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert_one_line_error(result.stderr.decode(), str(dest), "File too large")
    assert not dest.exists()
    assert leftovers(tmp_path) == []


def test_import_does_not_replace_a_corpus_when_the_disk_fills(
    tmp_path: Path, run, monkeypatch, no_writes
) -> None:
    old = no_writes(many_docs(tmp_path / "old", 2))
    source = write_jsonl(tmp_path / "in.jsonl", 5)
    real_write_bytes = Path.write_bytes

    def full(self: Path, data: bytes) -> int:
        if self.suffix == ".txt" and self.parent != old:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    result = run("import", str(source), "--to", str(old), "--force")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "No space left on device")
    assert leftovers(tmp_path) == []


# --- hostile import files ------------------------------------------------------------------


def test_import_lone_surrogates_give_a_readable_corpus(tmp_path: Path, run) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "a \\ud800 b", "title": "t\\udfff"}\n', "utf-8")
    result = run("import", str(source), "--to", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    check = run("--corpus", str(tmp_path / "out"), "check")
    assert check.exit_code == 0, check.stdout
    listed = run("--corpus", str(tmp_path / "out"), "list", "--format", "json")
    assert json.loads(listed.stdout)[0]["words"] == 2


@pytest.mark.parametrize("name", ["deep.json", "deep.jsonl"])
def test_import_deeply_nested_json(tmp_path: Path, run, name: str) -> None:
    source = tmp_path / name
    nested = "[" * 100_000 + "]" * 100_000
    source.write_text(nested if name.endswith(".json") else '{"text": ' + nested + "}\n")
    result = run("import", str(source), "--to", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, name, "nested too deeply")
    assert not (tmp_path / "out").exists()


def test_import_invalid_utf8_names_line_and_byte(tmp_path: Path, run) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    result = run("import", str(source), "--to", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert_one_line_error(
        result.stderr, "in.jsonl:2:", "not valid UTF-8 (byte 28 is 0xe9)", "re-save"
    )
    assert not (tmp_path / "out").exists()


def test_import_utf16_file_is_named(tmp_path: Path, run) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes('{"text": "ok"}\n'.encode("utf-16"))
    result = run("import", str(source), "--to", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "in.jsonl", "UTF-16", "re-save")


def test_import_hostile_metadata_stays_on_its_line(tmp_path: Path, run) -> None:
    source = tmp_path / "in.jsonl"
    record = {
        "id": "../../etc/passwd",
        "text": "words here",
        "title": "t\n## evil\n- file: ../../etc/passwd\x1b]52;c;aGk=\x07\u202e",
        "tags": ["a,b", "c\nd"],
        "date": "2021-02-30",
    }
    source.write_text(json.dumps(record) + "\n")
    result = run("import", str(source), "--to", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    check = run("--corpus", str(tmp_path / "out"), "check")
    assert check.exit_code == 0, check.stdout
    listed = json.loads(run("--corpus", str(tmp_path / "out"), "list", "--format", "json").stdout)
    assert len(listed) == 1 and listed[0]["id"] != "../../etc/passwd"
    assert "## evil" in listed[0]["title"] and "\x1b" not in listed[0]["title"]
    assert [p.name for p in (tmp_path / "out").iterdir() if p.suffix == ".txt"] == [
        listed[0]["file"]
    ]


# --- broken pipe, Ctrl-C -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["tsv", "jsonl", "ids", "csv"])
def test_broken_pipe_exits_quietly(tmp_path: Path, fmt: str, no_writes) -> None:
    corpus = no_writes(many_docs(tmp_path / "c", 3000))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEEDS_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "seeds_cli", "--corpus", str(corpus), "list", "--format", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    stderr = proc.stderr.read()
    assert proc.wait(timeout=60) == 0
    assert first.strip()
    assert stderr == b""


def test_ctrl_c_during_import_leaves_nothing(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 200_000)
    dest = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEEDS_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "seeds_cli", "import", str(source), "--to", str(dest)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    deadline = time.monotonic() + 30
    while not leftovers(tmp_path) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    assert proc.poll() is None, "the import finished before it could be interrupted"
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert b"Traceback" not in stderr
    assert not dest.exists()
    assert leftovers(tmp_path) == []


# --- terminals and locales -----------------------------------------------------------------


@pytest.mark.parametrize(
    "env",
    [
        {"LANG": "C", "LC_ALL": "C"},
        {"LANG": "C", "LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"},
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1"},
    ],
)
def test_non_utf8_locale(tmp_path: Path, env: dict[str, str], no_writes) -> None:
    corpus = no_writes(many_docs(tmp_path / "c", 2))
    result = run_seeds("--corpus", str(corpus), "list", "--format", "tsv", env=env, timeout=30)
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr and result.stderr == b""
    out = result.stdout.decode("utf-8")  # UTF-8, or ASCII escapes for encodings without Arabic
    assert ARABIC in out or ARABIC.encode("ascii", "backslashreplace").decode() in out
    missing = run_seeds("--corpus", str(tmp_path / "لا"), "list", env=env, timeout=30)
    assert missing.returncode == 2
    shown = missing.stderr.decode("utf-8", "replace").replace("\\u2014", "—")
    assert_one_line_error(shown, "does not exist")


@pytest.mark.parametrize(
    "env",
    [{"NO_COLOR": "1"}, {"TERM": "dumb"}, {"COLUMNS": "20"}, {"COLUMNS": "0"}, {"COLUMNS": "x"}],
)
def test_odd_terminal_settings(tmp_path: Path, env: dict[str, str], no_writes) -> None:
    corpus = no_writes(many_docs(tmp_path / "c", 2))
    for fmt in ("table", "tsv"):
        result = run_seeds("--corpus", str(corpus), "list", "--format", fmt, env=env, timeout=30)
        assert result.returncode == 0, result.stderr
        assert result.stderr == b""
        assert b"\x1b" not in result.stdout
        if env.get("COLUMNS") == "20" and fmt == "table":
            widths = [len(line) for line in result.stdout.decode().splitlines()]
            assert max(widths) <= 20
