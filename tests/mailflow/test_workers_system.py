"""Three `rtt run` processes on one PostgreSQL, one real Dovecot mailbox and one aiosmtpd
(issue 15): a backlog arrives, the mailbox's leader is killed with kill -9 in the middle of it,
and then every message is done once, every reply reaches the SMTP server once, the work was
spread over the workers, another worker took the mailbox over within 15 s, and nothing is left
in INBOX. The SMTP server files a copy of each message it takes in Dovecot's `Sent` before its
250 (as Microsoft 365's and Gmail's submission servers keep one), and `RTT_IMAP_SENT_FOLDER`
names it: a reply the killed leader handed over but did not record is found there, not sent
twice. (Without a sent folder, such a reply is sent again with the same Message-ID:
`test_replies_in_doubt.py`.)"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select

from store.db import make_engine
from store.models import RawMessage

from .conftest import EXAMPLES, DaemonProcess, env_for
from .servers import Dovecot, SmtpServer, free_port, postgres_answers, postgres_schema, variant, wait_until
from .storecheck import done_count, leader_pid, snapshot
from .test_ops import get_url, health_of, parse_metrics

pytestmark = [pytest.mark.system, pytest.mark.slow]

QUICK = ("example-05-breach-report", "example-07-general-question", "example-01-complete-pdf")
WORKERS = 3
BACKLOG = 30


@pytest.fixture
def pg_url() -> Iterator[str]:
    problem = postgres_answers()
    if problem:
        pytest.fail(f"PostgreSQL at 127.0.0.1:5432 (database test) does not answer: {problem}")
    with postgres_schema() as url:
        yield url


def _env(tmp: Path, url: str, dovecot: Dovecot, smtp: SmtpServer, web_port: int) -> dict[str, str]:
    env = env_for(tmp, url, smtp, dovecot, "attendance")
    env.update(RTT_IMAP_BATCH_SIZE="10", RTT_REPLY_RATE_LIMIT_PER_HOUR="1000", RTT_WEB_ENABLED="true",
               RTT_WEB_PORT=str(web_port), RTT_IMAP_SENT_FOLDER="Sent")
    return env


def _claims(url: str) -> Counter[str]:
    engine = make_engine(url)
    try:
        with Session(engine) as s:
            return Counter(w or "" for w in s.exec(select(RawMessage.claimed_by)).all())
    finally:
        engine.dispose()


def test_three_workers_share_a_backlog_and_survive_the_leader_killed(
    tmp_path: Path, pg_url: str, dovecot: Dovecot, smtp: SmtpServer
) -> None:
    smtp.handler.keep_copy = lambda raw: dovecot.append("attendance", "Sent", [raw])
    quick = [(EXAMPLES / name / "message.eml").read_bytes() for name in QUICK]
    messages = [variant(quick[n % len(quick)], n) for n in range(BACKLOG)]
    procs, ports = [], {}
    for n in range(WORKERS):
        workdir = tmp_path / f"w{n}"
        workdir.mkdir()
        port = free_port()
        procs.append(DaemonProcess(workdir, _env(workdir, pg_url, dovecot, smtp, port)))
        ports[id(procs[-1])] = port
    try:
        for p in procs:
            p.start()
        first_pid = wait_until(lambda: leader_pid(pg_url), 60, "a leader")
        leader = next(p for p in procs if p.proc is not None and p.proc.pid == first_pid)
        dovecot.append("attendance", "INBOX", messages)
        wait_until(lambda: done_count(pg_url) >= 6, 120, "the backlog to be under way", interval=0.05)
        leader.kill9()
        killed_at = time.monotonic()
        assert done_count(pg_url) < BACKLOG, "nothing was left to test"
        new_leader = wait_until(
            lambda: (pid := leader_pid(pg_url)) not in (None, first_pid) and pid, 30, "another leader",
            interval=0.1,
        )
        failover = time.monotonic() - killed_at
        assert failover < 15, f"the mailbox was taken over after {failover:.1f}s"
        assert new_leader in {p.proc.pid for p in procs if p.proc is not None and p.alive()}
        wait_until(lambda: len(smtp.received) >= BACKLOG, 240, f"{BACKLOG} replies")
        wait_until(lambda: dovecot.count("attendance", "INBOX") == 0, 60, "the inbox to empty")
        time.sleep(2)  # a second copy of any reply would arrive now
        survivors = [f"http://127.0.0.1:{ports[id(p)]}" for p in procs if p.alive()]
        leaders = 0.0
        for base in survivors:  # every process serves /healthz and /metrics; one leads
            status, health = health_of(base)
            assert status == 200 and health["workers"] == WORKERS - 1, health
            assert health["backlog"]["messages"] == 0
            samples = parse_metrics(get_url(base + "/metrics")[1])
            leaders += sum(v for (name, _), v in samples.items() if name == "rtt_leader")
            assert samples[("rtt_replies", (("status", "sent"),))] == BACKLOG
        assert leaders == 1
        for p in procs:
            if p.alive():
                assert p.terminate() == 0
    finally:
        for p in procs:
            if p.alive():
                p.kill9()
    targets = [r.message["In-Reply-To"].strip() for r in smtp.received]
    assert len(targets) == BACKLOG and len(set(targets)) == BACKLOG
    snap = snapshot(pg_url)
    assert snap["states"] == {"done": BACKLOG}
    assert snap["max_rows_per_key"] == 1
    assert snap["replies"] == {"sent": BACKLOG}
    assert dovecot.count("attendance", "Processed") == BACKLOG
    assert dovecot.count("attendance", "Sent") == BACKLOG
    claims = _claims(pg_url)
    assert len([w for w in claims if w]) >= 2, f"the work was not spread: {claims}"
    logs = "".join(p.log_text() for p in procs)
    assert re.search(r"worker \S+ now leads mailbox:", logs)
    print(f"\nfailover {failover:.1f}s; messages per worker {sorted(claims.values(), reverse=True)}")
