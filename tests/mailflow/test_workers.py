"""Workers on one store (issue 15): claims on messages and replies, the mailbox's lease, a dead
worker's claims lapsing, and SQLite refusing a second `rtt run`. On SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from intake.cluster import Membership
from intake.daemon import Daemon, run_loop
from intake.sources import MaildirSource
from sending.delivery import MaildirOutbox
from store import outbox, workers
from store.db import StoreInUse, session_scope, sole_user
from store.messages import ClaimLost, MessageKey, claim, owned_row, pending_ids, record_failure, store_raw
from store.models import OutboundReply, RawMessage, Worker, utcnow
from store.workers import Claimant, mailbox_lease

from .conftest import EXAMPLES, ROOT
from .servers import wait_until
from .test_daemon_maildir import deliver, outbox_messages, settings_for

RAW = b"From: a@b.oxon.sch.uk\r\nMessage-ID: <w1@x>\r\nSubject: s\r\n\r\nbody\r\n"
LEASE = 4.0


def _worker(engine: Engine, name: str) -> Claimant:
    workers.register(engine, worker_id=name, host="host", pid=os.getpid())
    return Claimant(name, LEASE)


def _silence(engine: Engine, name: str) -> None:
    """The worker stopped beating a lease ago (as after kill -9)."""
    with session_scope(engine) as s:
        s.execute(
            update(Worker).where(col(Worker.id) == name).values(heartbeat_at=utcnow() - timedelta(seconds=60))
        )


def test_a_message_is_claimed_by_one_live_worker_and_lapses_when_it_dies(engine: Engine) -> None:
    a, b = _worker(engine, "a"), _worker(engine, "b")
    row_id, _ = store_raw(engine, key=MessageKey("m", "INBOX", 1, "1"), raw=RAW)
    assert claim(engine, row_id=row_id, max_attempts=5, claimant=a)
    assert not claim(engine, row_id=row_id, max_attempts=5, claimant=b)
    assert pending_ids(engine, now=utcnow(), claimant=b) == []
    assert pending_ids(engine, now=utcnow(), claimant=a) == [row_id]
    _silence(engine, "a")
    assert pending_ids(engine, now=utcnow(), claimant=b) == [row_id]
    assert claim(engine, row_id=row_id, max_attempts=5, claimant=b)
    with session_scope(engine) as s:
        row = s.get(RawMessage, row_id)
        assert row is not None and row.claimed_by == "b" and row.attempts == 2
    # a, alive again but taken over, may not write its result
    with pytest.raises(ClaimLost), session_scope(engine) as s:
        owned_row(s, row_id=row_id, claimant=a)
    with session_scope(engine) as s:
        owned_row(s, row_id=row_id, claimant=b).state = "done"
    assert not claim(engine, row_id=row_id, max_attempts=5, claimant=b)


def test_a_failed_message_is_released_for_any_worker(engine: Engine) -> None:
    a, b = _worker(engine, "a"), _worker(engine, "b")
    row_id, _ = store_raw(engine, key=MessageKey("m", "INBOX", 1, "1"), raw=RAW)
    assert claim(engine, row_id=row_id, max_attempts=5, claimant=a)
    assert record_failure(engine, row_id=row_id, reason="boom", max_attempts=5, retry_seconds=0) == "failed"
    assert claim(engine, row_id=row_id, max_attempts=5, claimant=b)


def test_a_reply_is_sent_by_one_worker_and_a_dead_senders_reply_lapses(engine: Engine) -> None:
    a, b = _worker(engine, "a"), _worker(engine, "b")
    with session_scope(engine) as s:
        reply = outbox.enqueue(
            s,
            OutboundReply(idempotency_key="auto:1", to_addresses=["h@a.oxon.sch.uk"], subject="s",
                          body_text="t", message_id="<r@x>", mime=b"x"),
        )
    assert reply.id is not None
    first = outbox.mark_sending(engine, reply_id=reply.id, claimant=a)
    assert first is not None and first.row.claimed_by == "a" and first.row.attempts == 1
    assert not first.in_doubt
    assert outbox.mark_sending(engine, reply_id=reply.id, claimant=b) is None
    assert outbox.next_due_at(engine, b) is None  # b does not wait for a's conversation
    _silence(engine, "a")  # a died mid-conversation: b sends it again, with the same Message-ID
    again = outbox.mark_sending(engine, reply_id=reply.id, claimant=b)
    assert again is not None and again.row.attempts == 2 and again.row.message_id == "<r@x>"
    assert again.in_doubt  # a may have handed it over before dying: the sender asks first
    outbox.mark_sent(engine, reply.id)
    assert outbox.mark_sending(engine, reply_id=reply.id, claimant=a) is None


def test_racing_workers_each_claim_a_message_once(engine: Engine) -> None:
    """Four threads, each a worker, claim 40 messages as fast as they can: each is claimed once."""
    keys = [MessageKey("m", "INBOX", 1, str(n)) for n in range(40)]
    ids = [store_raw(engine, key=k, raw=RAW + k.uid.encode())[0] for k in keys]
    claimants = [_worker(engine, f"w{n}") for n in range(4)]
    won: dict[str, list[int]] = {c.id: [] for c in claimants}

    def work(c: Claimant) -> None:
        for row_id in ids:
            if claim(engine, row_id=row_id, max_attempts=5, claimant=c):
                won[c.id].append(row_id)

    threads = [threading.Thread(target=work, args=(c,)) for c in claimants]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everything = sorted(i for got in won.values() for i in got)
    assert everything == sorted(ids)


def test_one_worker_leads_a_mailbox_and_another_takes_over_when_it_stops_beating(engine: Engine) -> None:
    assert workers.take_lease(engine, name="mailbox:x", worker_id=_worker(engine, "a").id,
                              lease_seconds=LEASE)
    assert not workers.take_lease(engine, name="mailbox:x", worker_id=_worker(engine, "b").id,
                                  lease_seconds=LEASE)
    assert workers.take_lease(engine, name="mailbox:x", worker_id="a", lease_seconds=LEASE)  # kept
    _silence(engine, "a")
    assert workers.take_lease(engine, name="mailbox:x", worker_id="b", lease_seconds=LEASE)
    with session_scope(engine) as s:
        assert workers.holder(s, name="mailbox:x", lease_seconds=LEASE) == "b"
    c = _worker(engine, "c")
    assert not workers.take_lease(engine, name="mailbox:x", worker_id=c.id, lease_seconds=LEASE)
    workers.retire(engine, "b")  # a clean stop frees it at once
    assert workers.take_lease(engine, name="mailbox:x", worker_id=c.id, lease_seconds=LEASE)


def test_memberships_elect_one_leader_and_fail_over_within_the_lease(engine: Engine) -> None:
    first = Membership(engine, lease_seconds=2.0, beat_seconds=0.2)
    second = Membership(engine, lease_seconds=2.0, beat_seconds=0.2)
    first.start()
    second.start()
    try:
        first.want("mailbox:m/INBOX")
        second.want("mailbox:m/INBOX")
        assert first.leads("mailbox:m/INBOX") and not second.leads("mailbox:m/INBOX")
        first._stop.set()  # its heartbeat stops, as when the process is killed
        assert first._thread is not None
        first._thread.join(2)
        started = time.monotonic()
        wait_until(lambda: second.leads("mailbox:m/INBOX"), 10, "the second worker to lead", interval=0.05)
        took = time.monotonic() - started
        assert took <= 2.0 + 0.2 + 1.0, took
        assert not first.leads("mailbox:m/INBOX")  # its own view lapses too: it has not beaten
    finally:
        second.stop()
        first.stop()
    with session_scope(engine) as s:
        assert s.exec(select(Worker)).all() == []


def test_sqlite_store_is_held_by_one_process(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'rtt.sqlite3'}"
    with sole_user(url) as alone:
        assert alone
        with pytest.raises(StoreInUse, match="SQLite serves one process"), sole_user(url):
            pass
    with sole_user(url) as alone:  # released with the block
        assert alone
    with sole_user("postgresql+psycopg://x@127.0.0.1/test") as alone:
        assert not alone


@pytest.mark.system
@pytest.mark.slow
def test_a_second_rtt_run_on_the_same_sqlite_file_is_refused(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RTT_")}
    env.update(RTT_DATA_DIR=str(tmp_path / "var"), RTT_WEB_ENABLED="false", RTT_OCR_ENABLED="false")
    log = tmp_path / "first.log"
    with open(log, "wb") as out:
        first = subprocess.Popen([sys.executable, "-m", "rtt.cli", "run"], cwd=ROOT, env=env,
                                 stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: "now leads" in log.read_text(), 30, "the first rtt run to start")
        second = subprocess.run([sys.executable, "-m", "rtt.cli", "run", "--once"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 3
        assert f"pid {first.pid}" in second.stderr and "to run several, share a PostgreSQL" in second.stderr
        first.kill()  # kill -9: the kernel drops its lock; the next run starts at once
        first.wait(10)
        third = subprocess.run([sys.executable, "-m", "rtt.cli", "run", "--once"], cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=60)
        assert third.returncode == 0, third.stderr[-2000:]
        assert "forgot 1 stopped worker" in third.stderr
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(10)


def test_run_once_after_a_crash_waits_for_the_dead_leaders_lease_and_reads_the_mailbox(
    tmp_path: Path, db_url: str, engine: Engine
) -> None:
    settings = settings_for(tmp_path, db_url)
    source = MaildirSource(settings.resolved_maildir, 0.1)
    deliver(settings, (EXAMPLES / "example-07-general-question" / "message.eml").read_bytes())
    dead = _worker(engine, "dead")  # led the mailbox, then was killed: its heartbeat is still fresh
    assert workers.take_lease(engine, name=mailbox_lease(source.mailbox, source.folder), worker_id=dead.id,
                              lease_seconds=2.0)
    membership = Membership(engine, lease_seconds=2.0, beat_seconds=0.2)
    membership.start()
    try:
        daemon = Daemon(settings, engine, source, MaildirOutbox(settings.outbox_dir), membership)
        started = time.monotonic()
        assert run_loop(daemon, threading.Event(), once=True) == 0
        assert time.monotonic() - started < 2.0 + 0.4 + 2.0
    finally:
        membership.stop()
    assert len(outbox_messages(settings)) == 1
    assert list((settings.resolved_maildir / "new").iterdir()) == []
