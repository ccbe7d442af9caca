"""Fixtures for the daemon's tests: databases (SQLite and PostgreSQL), Dovecot, SMTP, and
`rtt run` as a real subprocess."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLES, require_shared
from sqlalchemy.engine import Engine

from store.db import make_engine, upgrade_schema

from .servers import Dovecot, SmtpServer, postgres_answers, postgres_schema

ROOT = Path(__file__).resolve().parents[2]


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


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    server = Dovecot()
    server.start()
    yield server
    server.cleanup()


_user_counter = iter(range(1, 10_000))


@pytest.fixture
def imap_user(dovecot: Dovecot) -> str:
    """A fresh mailbox on the shared Dovecot, so tests never see each other's mail."""
    name = f"school{next(_user_counter)}"
    dovecot.add_user(name)
    return name


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


def example_messages() -> list[bytes]:
    folder = require_shared(EXAMPLES)
    return [p.read_bytes() for p in sorted(folder.glob("*/message.eml"))]


def variant(raw: bytes, n: int) -> bytes:
    """The same message with its own Message-ID (and no thread to the original examples)."""
    out = re.sub(rb"(?im)^Message-ID:\s*<", b"Message-ID: <v%d." % n, raw, count=1)
    out = re.sub(rb"(?im)^(In-Reply-To|References):", rb"X-Old-\1:", out)
    return out


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
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

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
