"""Fixtures for the daemon's tests: databases (SQLite and PostgreSQL), Dovecot, SMTP, and
`rtt run` as a real subprocess."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from config.settings import Settings
from replies.mime import build_mime
from sending.delivery import Transport
from store import outbox
from store.db import make_engine, session_scope, upgrade_schema
from store.models import AuditEvent, OutboundReply

from .servers import Dovecot, SmtpServer, children_of, postgres_answers, postgres_schema

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT.parent / "shared" / "examples"
"""Read in place, as tests/conftest.py says (imported by path here: `conftest` is ambiguous)."""


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same test on SQLite and on PostgreSQL (which must answer: it never skips)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rtt.sqlite3'}"
        return
    problem = postgres_answers()
    if problem:
        pytest.fail(f"PostgreSQL at 127.0.0.1:5432 (database test) does not answer: {problem}")
    with postgres_schema() as url:
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    upgrade_schema(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    """A private Dovecot per test (it starts in a fraction of a second): a users file changed
    under a long-running instance is not always read again, and tests never share mail."""
    server = Dovecot()
    server.add_user("attendance")
    server.start()
    yield server
    server.cleanup()


@pytest.fixture
def imap_user(dovecot: Dovecot) -> str:
    return "attendance"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


def example_messages() -> list[bytes]:
    if not EXAMPLES.exists():
        pytest.fail(f"{EXAMPLES} is absent: these tests read ../shared in place (it is not copied)")
    return [p.read_bytes() for p in sorted(EXAMPLES.glob("*/message.eml"))]


class DaemonProcess:
    """`rtt run` as the operator runs it: a subprocess configured by RTT_ variables."""

    def __init__(self, workdir: Path, env: dict[str, str]) -> None:
        self.workdir, self.env = workdir, env
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = workdir / "daemon.log"

    def start(self, *args: str) -> None:
        full = {k: v for k, v in os.environ.items() if not k.startswith("RTT_")}
        full.update(self.env)
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "rtt.cli", "run", *args],
                cwd=self.workdir,
                env=full,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def kill9(self) -> None:
        """kill -9, and the same for the parse workers it forked (they would be orphans)."""
        assert self.proc is not None
        workers = children_of(self.proc.pid)
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def terminate(self) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(20)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def daemon_env(
    tmp_path: Path, db_url: str, smtp: SmtpServer, dovecot: Dovecot, imap_user: str
) -> dict[str, str]:
    return env_for(tmp_path, db_url, smtp, dovecot, imap_user)


def env_for(
    tmp_path: Path, db_url: str, smtp: SmtpServer, dovecot: Dovecot, imap_user: str
) -> dict[str, str]:
    """The RTT_ settings of an `rtt run` on these servers, its data in `tmp_path`/var."""
    return {
        "RTT_DATA_DIR": str(tmp_path / "var"),
        "RTT_DATABASE_URL": db_url,
        "RTT_IMAP_HOST": "127.0.0.1",
        "RTT_IMAP_PORT": str(dovecot.port),
        "RTT_IMAP_USER": imap_user,
        "RTT_IMAP_PASSWORD": "secret",
        "RTT_IMAP_TLS": "none",
        "RTT_IMAP_POLL_SECONDS": "5",
        "RTT_IMAP_RECONNECT_MAX_SECONDS": "1",
        "RTT_SMTP_HOST": "127.0.0.1",
        "RTT_SMTP_PORT": str(smtp.port),
        "RTT_SMTP_TLS": "none",
        "RTT_SMTP_RETRY_MAX_SECONDS": "1",
        "RTT_WEB_ENABLED": "false",
        "RTT_OCR_ENABLED": "false",
        "RTT_LOG_LEVEL": "INFO",
    }


def settings_from_env(env: dict[str, str], **extra: str) -> Settings:
    """The Settings an `rtt run` with these RTT_ variables would build, with `extra` laid over."""
    fields = {k.removeprefix("RTT_").lower(): v for k, v in env.items()}
    return Settings(**{**fields, **extra})  # type: ignore[arg-type]


def queued_reply(engine: Engine, n: int, from_address: str) -> OutboundReply:
    """An automatic reply to head@school.oxon.sch.uk, rendered and queued."""
    message_id = f"<rtt-doubt-{n}@oxfordshire.gov.uk>"
    mime = build_mime(
        from_address=from_address, to=["head@school.oxon.sch.uk"], subject=f"Re: plan {n}", text="Thank you.",
        message_id=message_id, in_reply_to=f"<p{n}@school>", references=f"<p{n}@school>",
    )
    with session_scope(engine) as s:
        return outbox.enqueue(s, OutboundReply(
            idempotency_key=f"auto:{n}", to_addresses=["head@school.oxon.sch.uk"], subject=f"Re: plan {n}",
            body_text="Thank you.", message_id=message_id, mime=mime,
        ))


def hand_over_and_die(engine: Engine, reply: OutboundReply, transport: Transport | None) -> None:
    """A sender's try that ends with kill -9: `sending` committed, handed to the server (unless
    no transport is given: killed before the server answered), no record of the answer."""
    assert reply.id is not None and reply.mime is not None
    claim = outbox.mark_sending(engine, reply_id=reply.id)
    assert claim is not None and not claim.in_doubt
    if transport is not None:
        transport.send("attendance@oxfordshire.gov.uk", reply.to_addresses, reply.mime, f"try-{reply.id}")
        transport.close()


def sent_records(engine: Engine) -> tuple[set[str], list[bool]]:
    """The replies' states, and for each `reply_sent` record whether the reply was found sent."""
    with session_scope(engine) as s:
        states = {str(r.status) for r in s.exec(select(OutboundReply)).all()}
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "reply_sent")).all()
        return states, sorted(bool(e.detail.get("found_sent")) for e in events)


@pytest.fixture
def daemon(tmp_path: Path, daemon_env: dict[str, str]) -> Iterator[DaemonProcess]:
    proc = DaemonProcess(tmp_path, daemon_env)
    yield proc
    if proc.alive():
        proc.kill9()
