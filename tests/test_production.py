"""Production serving and backups, for real: `spotlight serve` answers through gunicorn with its
headers and static files, and `spotlight backup` makes a consistent copy while an import writes,
which `spotlight restore` puts back whole (the access log's chain proves it)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN = [sys.executable, "-c", "from spotlight.entry import main; main()"]


def _env(var_dir: Path) -> dict[str, str]:
    env = {**os.environ, "SPOTLIGHT_VAR_DIR": str(var_dir)}
    env.pop("DATABASE_URL", None)  # SQLite: a database of its own in the temporary folder
    return env


def _spotlight(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*RUN, *args], env=env, capture_output=True, text=True, timeout=300, check=False, cwd=ROOT)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_spotlight_serve_answers_through_gunicorn_with_its_headers(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert _spotlight(env, "manage", "migrate", "--verbosity", "0").returncode == 0
    port = _free_port()
    server = subprocess.Popen(
        [*RUN, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/", timeout=5)  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.5)
        assert page.status == 200 and "Sign in to Spotlight" in page.read().decode()
        assert "no-store" in page.headers["Cache-Control"]
        assert "script-src 'self'" in page.headers["Content-Security-Policy"]
        script = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/js/page.js", timeout=5)  # noqa: S310
        assert script.status == 200 and b"initAll" in script.read()
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "gunicorn" in output.lower() or "Serving Spotlight" in output
    assert "?" not in "".join(line for line in output.splitlines() if '"GET' in line), "no query string in logs"


def test_a_backup_taken_during_an_import_restores_whole(tmp_path: Path) -> None:
    live, restored = tmp_path / "live", tmp_path / "restored"
    live.mkdir(), restored.mkdir()
    env, env_restored = _env(live), _env(restored)
    for each in (env, env_restored):
        assert _spotlight(each, "manage", "migrate", "--verbosity", "0").returncode == 0
    small, big = tmp_path / "small.jsonl", tmp_path / "big.jsonl"
    assert _spotlight(env, "synth", "--families", "5", "--seed", "1", "--out", str(small)).returncode == 0
    assert _spotlight(env, "synth", "--families", "1500", "--seed", "2", "--out", str(big)).returncode == 0
    assert _spotlight(env, "import", str(small)).returncode == 0
    importing = subprocess.Popen([*RUN, "import", str(big)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    time.sleep(2)
    copy = tmp_path / "spotlight-backup.sqlite3"
    taken = _spotlight(env, "backup", str(copy))
    importing.wait(300)
    assert taken.returncode == 0, taken.stderr
    assert _spotlight(env, "backup", str(copy)).returncode == 2, "a backup is never overwritten"

    back = _spotlight(env_restored, "restore", str(copy))
    assert back.returncode == 0, back.stderr
    proof = _spotlight(env_restored, "verify-log")
    assert proof.returncode == 0 and "intact" in proof.stdout, proof.stdout + proof.stderr
    exported = [line for line in _spotlight(env_restored, "export", "--all").stdout.splitlines() if line.strip()]
    assert len(exported) in (5, 1505), f"{len(exported)} families: a backup holds an import whole or not at all"
    assert _spotlight(env_restored, "restore", str(tmp_path / "missing.sqlite3")).returncode == 2


@pytest.mark.parametrize("bad", [b"", b"not a database at all"])
def test_restoring_something_that_is_not_a_backup_is_refused(tmp_path: Path, bad: bytes) -> None:
    env = _env(tmp_path)
    assert _spotlight(env, "manage", "migrate", "--verbosity", "0").returncode == 0
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(bad)
    result = _spotlight(env, "restore", str(junk))
    assert result.returncode == 2 and "not a Spotlight backup" in result.stderr and "Traceback" not in result.stderr


def test_on_postgresql_a_backup_restores_whole(tmp_path: Path) -> None:
    """pg_dump and pg_restore, into a scratch database of the server the suite runs on."""
    import shutil

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("needs a PostgreSQL server (DATABASE_URL) and its client tools")
    import psycopg

    base, _, _ = url.rpartition("/")
    scratch = f"spotlight_backup_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.execute(f'CREATE DATABASE "{scratch}"')
    env = {**os.environ, "SPOTLIGHT_VAR_DIR": str(tmp_path), "DATABASE_URL": f"{base}/{scratch}"}
    try:
        assert _spotlight(env, "manage", "migrate", "--verbosity", "0").returncode == 0
        small = tmp_path / "small.jsonl"
        assert _spotlight(env, "synth", "--families", "6", "--seed", "3", "--out", str(small)).returncode == 0
        assert _spotlight(env, "import", str(small)).returncode == 0
        before = _spotlight(env, "export", "--all").stdout
        copy = tmp_path / "spotlight.dump"
        taken = _spotlight(env, "backup", str(copy))
        assert taken.returncode == 0, taken.stderr
        more = tmp_path / "more.jsonl"
        assert _spotlight(env, "synth", "--families", "2", "--seed", "4", "--out", str(more)).returncode == 0
        assert _spotlight(env, "import", str(more)).returncode == 0  # written after the backup
        back = _spotlight(env, "restore", str(copy))
        assert back.returncode == 0, back.stderr
        assert _spotlight(env, "export", "--all").stdout == before, "the database is as it was at the backup"
        assert _spotlight(env, "verify-log").returncode == 0
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [scratch])
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
