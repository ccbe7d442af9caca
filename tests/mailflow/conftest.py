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

from store.db import make_engine, upgrade_schema

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


@pytest.fixture
def daemon(tmp_path: Path, daemon_env: dict[str, str]) -> Iterator[DaemonProcess]:
    proc = DaemonProcess(tmp_path, daemon_env)
    yield proc
    if proc.alive():
        proc.kill9()
