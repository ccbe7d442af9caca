"""Backups (issue 15): `rtt backup` copies the SQLite store while `rtt run` is busy with a
backlog (SQLite's online backup API), and the copy restores: it passes its integrity check,
every stored message's bytes match their sha256, and `rtt run --once` on the restored store
finishes what was in hand when the copy was taken. A PostgreSQL store dumped with pg_dump
restores with pg_restore."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from store.db import make_engine, upgrade_schema

from .conftest import EXAMPLES
from .servers import PG_ADMIN, postgres_answers, postgres_schema, variant, wait_until
from .storecheck import done_count, snapshot
from .test_daemon_maildir import deliver, run_once, settings_for

pytestmark = [pytest.mark.system, pytest.mark.slow]

QUICK = ("example-05-breach-report", "example-07-general-question", "example-01-complete-pdf")
BACKLOG = 15


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RTT_")}
    env.update(RTT_DATA_DIR=str(data), RTT_WEB_ENABLED="false", RTT_OCR_ENABLED="false",
               RTT_REPLY_RATE_LIMIT_PER_HOUR="1000")
    return env


def _rtt(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rtt.cli", *args], env=_env(data), capture_output=True,
                          text=True, timeout=300)


def test_a_backup_taken_while_the_daemon_works_restores(tmp_path: Path) -> None:
    data = tmp_path / "var"
    new = data / "maildir" / "new"
    new.mkdir(parents=True)
    for n in range(BACKLOG):
        raw = (EXAMPLES / QUICK[n % len(QUICK)] / "message.eml").read_bytes()
        (new / f"m{n:03d}.eml").write_bytes(variant(raw, 900 + n))
    url = f"sqlite:///{data / 'rtt.sqlite3'}"
    log = tmp_path / "run.log"
    with open(log, "wb") as out:
        daemon = subprocess.Popen([sys.executable, "-m", "rtt.cli", "run"], env=_env(data), stdout=out,
                                  stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: done_count(url) >= 2, 120, "the backlog to be under way", interval=0.05)
        copy = tmp_path / "backup" / "rtt-backup.sqlite3"
        copy.parent.mkdir()
        made = _rtt(data, "backup", str(copy))
        busy = done_count(url)
        assert made.returncode == 0, made.stderr
        assert daemon.poll() is None, "the daemon stopped during the backup"
        wait_until(lambda: done_count(url) == BACKLOG, 180, "the daemon to finish")
    finally:
        daemon.terminate()
        daemon.wait(30)
    assert (copy.stat().st_mode & 0o777) == 0o600
    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = db.execute("SELECT sha256, raw, state FROM raw_message").fetchall()
        sent_in_copy = db.execute("SELECT count(*) FROM outbound_reply WHERE status = 'sent'").fetchone()[0]
    assert len(rows) == BACKLOG  # the daemon stores the whole Maildir before it processes
    assert all(hashlib.sha256(raw).hexdigest() == sha for sha, raw, _ in rows)
    in_copy = sum(1 for _, _, state in rows if state == "done")
    assert 2 <= in_copy <= busy < BACKLOG, (in_copy, busy)  # a copy of one moment, mid-backlog

    # Restore (README: stop rtt run, put the copy in place of rtt.sqlite3, drop -wal and -shm)
    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copy(copy, restored / "rtt.sqlite3")
    done = _rtt(restored, "run", "--once")
    assert done.returncode == 0, done.stderr[-2000:]
    after = snapshot(f"sqlite:///{restored / 'rtt.sqlite3'}")
    assert after["states"] == {"done": BACKLOG}
    assert after["max_rows_per_key"] == 1
    replies = sorted((restored / "outbox" / "new").iterdir())
    assert len(replies) == BACKLOG - sent_in_copy  # what the copy had sent went from the first store
    assert after["replies"].get("sent", 0) == BACKLOG


def test_a_postgresql_store_dumped_with_pg_dump_restores(tmp_path: Path) -> None:
    """The README's pg_dump / pg_restore commands on a store the daemon wrote, then the daemon
    goes on on the restored store."""
    problem = postgres_answers()
    if problem:
        pytest.fail(f"PostgreSQL at 127.0.0.1:5432 (database test) does not answer: {problem}")
    with postgres_schema() as url:
        schema = url.rsplit("%3D", 1)[1]
        settings = settings_for(tmp_path, url)
        engine = make_engine(url)
        upgrade_schema(engine)
        raws = [(EXAMPLES / name / "message.eml").read_bytes() for name in QUICK]
        deliver(settings, *[variant(raw, 700 + n) for n, raw in enumerate(raws)])
        run_once(settings, engine)
        before = snapshot(url)
        engine.dispose()
        dump = tmp_path / "rtt.dump"
        conninfo = PG_ADMIN
        subprocess.run(["pg_dump", "--format=custom", f"--schema={schema}", f"--file={dump}", conninfo],
                       check=True, timeout=120)
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
        restore = ["pg_restore", "--no-owner", f"--dbname={conninfo}", str(dump)]
        subprocess.run(restore, check=True, timeout=120)
        assert snapshot(url) == before
        engine = make_engine(url)
        upgrade_schema(engine)  # at head already: nothing to do
        deliver(settings, variant(raws[1], 799))
        run_once(settings, engine)
        engine.dispose()
        after = snapshot(url)
        assert after["states"] == {"done": len(raws) + 1} and after["cases"] == before["cases"] + 1
