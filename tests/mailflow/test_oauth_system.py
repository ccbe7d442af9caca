"""OAuth2 end to end (issue 11): `rtt run` signs in to a real Dovecot (its oauth2 passdb,
OAUTHBEARER/XOAUTH2) and to an SMTP listener (XOAUTH2 only, as Exchange Online offers) with
client-credentials tokens from a real OAuth2 server (authlib), which both check by RFC 7662
introspection. SQLite and PostgreSQL."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import EXAMPLES, DaemonProcess, example_messages
from .oauthserver import Client, OAuthServer
from .oauthsmtp import OAuthSmtpServer
from .servers import Dovecot, variant, wait_until
from .storecheck import snapshot

pytestmark = pytest.mark.system

MAILBOX = "attendance"
EXPECTED_REPLIES = 7
QUICK = ("example-05-breach-report", "example-07-general-question", "example-01-complete-pdf")


class OAuthWorld:
    """The token server, the app registration (allowed one mailbox), Dovecot and SMTP."""

    def __init__(self, token_seconds: int = 3600, smtp_mechanisms: tuple[str, ...] = ("XOAUTH2",)) -> None:
        self.tokens = OAuthServer(token_seconds)
        self.app: Client = self.tokens.add_client("rtt-app", MAILBOX)
        imap_rs = self.tokens.add_client("dovecot", resource_server=True)
        smtp_rs = self.tokens.add_client("smtp", resource_server=True)
        self.dovecot = Dovecot(oauth_introspection_url=self.tokens.introspection_url(imap_rs))
        self.dovecot.add_user(MAILBOX)
        introspect = f"http://127.0.0.1:{self.tokens.port}/introspect"
        self.smtp = OAuthSmtpServer(introspect, (smtp_rs.client_id, smtp_rs.secret), smtp_mechanisms)

    def start(self) -> None:
        self.tokens.start()
        self.dovecot.start()
        self.smtp.start()

    def stop(self) -> None:
        self.smtp.stop()
        self.dovecot.cleanup()
        self.tokens.stop()

    def env(self, tmp_path: Path, db_url: str) -> dict[str, str]:
        return {
            "RTT_DATA_DIR": str(tmp_path / "var"),
            "RTT_DATABASE_URL": db_url,
            "RTT_IMAP_HOST": "127.0.0.1",
            "RTT_IMAP_PORT": str(self.dovecot.port),
            "RTT_IMAP_USER": MAILBOX,
            "RTT_IMAP_TLS": "none",
            "RTT_IMAP_AUTH": "oauth2",
            "RTT_IMAP_POLL_SECONDS": "5",
            "RTT_IMAP_RECONNECT_MAX_SECONDS": "2",
            "RTT_SMTP_HOST": "127.0.0.1",
            "RTT_SMTP_PORT": str(self.smtp.port),
            "RTT_SMTP_TLS": "none",
            "RTT_SMTP_AUTH": "oauth2",
            "RTT_SMTP_USER": MAILBOX,
            "RTT_SMTP_RETRY_MAX_SECONDS": "1",
            "RTT_OAUTH_CLIENT_ID": self.app.client_id,
            "RTT_OAUTH_CLIENT_SECRET": self.app.secret,
            "RTT_OAUTH_TOKEN_URL": self.tokens.token_url,
            "RTT_OAUTH_SCOPE": "https://outlook.office365.com/.default",
            "RTT_WEB_ENABLED": "false",
            "RTT_OCR_ENABLED": "false",
            "RTT_LOG_LEVEL": "INFO",
        }

    def dovecot_logins(self) -> list[str]:
        """The daemon's sign-ins to Dovecot (the tests' own helpers log in with PLAIN)."""
        log = (self.dovecot.root / "dovecot.log").read_text(errors="replace")
        return [line for line in log.splitlines() if "Login: user=<" in line and "method=PLAIN" not in line]

    def secrets_in(self, text: str) -> list[str]:
        """The client secret or any issued token, where they appear in `text`."""
        return [s for s in (self.app.secret, *self.tokens.tokens) if s in text]


@pytest.fixture
def world() -> Iterator[OAuthWorld]:
    w = OAuthWorld()
    w.start()
    yield w
    w.stop()


@pytest.fixture
def short_tokens() -> Iterator[OAuthWorld]:
    w = OAuthWorld(token_seconds=5)
    w.start()
    yield w
    w.stop()


def _quick() -> list[bytes]:
    return [(EXAMPLES / name / "message.eml").read_bytes() for name in QUICK]


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[list[DaemonProcess]]:
    """`rtt run` processes, killed at the end if a test left them running."""
    procs: list[DaemonProcess] = []
    yield procs
    for proc in procs:
        if proc.alive():
            proc.kill9()


def _start(procs: list[DaemonProcess], tmp_path: Path, env: dict[str, str]) -> DaemonProcess:
    proc = DaemonProcess(tmp_path, env)
    procs.append(proc)
    proc.start()
    return proc


def test_examples_are_fetched_and_answered_with_oauth2_on_both_ends(
    tmp_path: Path, world: OAuthWorld, db_url: str, spawn: list[DaemonProcess]
) -> None:
    proc = _start(spawn, tmp_path, world.env(tmp_path, db_url))
    messages = example_messages()
    world.dovecot.append(MAILBOX, "INBOX", messages)
    wait_until(lambda: len(world.smtp.received) >= EXPECTED_REPLIES, 90, "the replies")
    wait_until(lambda: world.dovecot.count(MAILBOX, "INBOX") == 0, 20, "the inbox to empty")
    assert proc.terminate() == 0
    log = proc.log_text()
    assert len(world.smtp.received) == EXPECTED_REPLIES
    assert world.dovecot.count(MAILBOX, "Processed") == len(messages)
    assert snapshot(db_url)["replies"] == {"sent": EXPECTED_REPLIES}
    assert {m for m, _ in world.smtp.logins} == {"XOAUTH2"} and {u for _, u in world.smtp.logins} == {MAILBOX}
    assert world.dovecot_logins() and all("method=OAUTHBEARER" in line for line in world.dovecot_logins())
    assert set(world.tokens.issued) == {"rtt-app"}
    assert "(oauth2)" in log and "rtt run stopped" in log
    assert world.secrets_in(log) == []


def test_a_token_that_expires_while_idle_is_renewed_and_nothing_is_missed(
    tmp_path: Path, short_tokens: OAuthWorld, db_url: str, spawn: list[DaemonProcess]
) -> None:
    world = short_tokens
    first, second, third = (variant(raw, n) for n, raw in enumerate(_quick()))
    proc = _start(spawn, tmp_path, world.env(tmp_path, db_url))
    world.dovecot.append(MAILBOX, "INBOX", [first])
    wait_until(lambda: len(world.smtp.received) == 1, 60, "the first reply")
    issued = len(world.tokens.issued)
    time.sleep(12)  # idle in IMAP IDLE for more than two token lifetimes (5 s)
    world.dovecot.append(MAILBOX, "INBOX", [second])
    wait_until(lambda: len(world.smtp.received) == 2, 60, "the reply after the idle")
    assert len(world.tokens.issued) > issued, "SMTP signed in with an expired token"
    # Before its token runs out the daemon signs in to IMAP again, quietly (Exchange Online
    # ends a session whose token expired): several sign-ins, no warning.
    assert len(world.dovecot_logins()) >= 3
    assert "unavailable" not in proc.log_text()
    # The server drops every session anyway: the daemon signs in again and misses nothing.
    world.dovecot.stop()
    time.sleep(6)
    world.dovecot.start()
    world.dovecot.append(MAILBOX, "INBOX", [third])
    wait_until(lambda: len(world.smtp.received) == 3, 60, "the reply after the reconnection")
    wait_until(lambda: world.dovecot.count(MAILBOX, "INBOX") == 0, 20, "the inbox to empty")
    assert proc.terminate() == 0
    log = proc.log_text()
    assert snapshot(db_url)["states"] == {"done": 3}
    assert snapshot(db_url)["replies"] == {"sent": 3}
    assert len(world.dovecot_logins()) >= 2
    assert world.smtp.handler.refusals == 0  # type: ignore[attr-defined]
    assert "refused" not in log
    assert world.secrets_in(log) == []


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_token_the_server_refuses_is_dropped_and_a_fresh_one_used(
    tmp_path: Path, world: OAuthWorld, db_url: str, spawn: list[DaemonProcess]
) -> None:
    first, second = (variant(raw, n) for n, raw in enumerate(_quick()[:2]))
    proc = _start(spawn, tmp_path, world.env(tmp_path, db_url))
    world.dovecot.append(MAILBOX, "INBOX", [first])
    wait_until(lambda: len(world.smtp.received) == 1, 60, "the first reply")
    issued = len(world.tokens.issued)
    world.tokens.revoke_tokens()  # the cached token is still within its lifetime
    world.dovecot.append(MAILBOX, "INBOX", [second])
    wait_until(lambda: len(world.smtp.received) == 2, 60, "the reply with a fresh token")
    assert proc.terminate() == 0
    log = proc.log_text()
    assert world.smtp.handler.refusals == 1  # type: ignore[attr-defined]
    assert len(world.tokens.issued) == issued + 1
    assert "unavailable" not in log


def test_a_revoked_client_is_said_once_retried_with_backoff_and_loses_nothing(
    tmp_path: Path, world: OAuthWorld, db_url: str, spawn: list[DaemonProcess]
) -> None:
    first, *rest = (variant(raw, n) for n, raw in enumerate(_quick()))
    env = world.env(tmp_path, db_url)
    health = Path(env["RTT_DATA_DIR"]) / "health.json"
    proc = _start(spawn, tmp_path, env)
    world.dovecot.append(MAILBOX, "INBOX", [first])
    wait_until(lambda: len(world.smtp.received) == 1, 60, "the first reply")
    world.app.revoked = True
    world.dovecot.stop()  # the open session goes: the daemon must sign in again
    world.dovecot.start()
    world.dovecot.append(MAILBOX, "INBOX", rest)
    wait_until(lambda: "invalid_client" in proc.log_text(), 30, "the refusal to be logged")
    before = world.tokens.token_requests
    time.sleep(8)
    tries = world.tokens.token_requests - before
    state = json.loads(health.read_text())
    assert state["ok"] is False and state["mailbox"]["ok"] is False
    assert "invalid_client" in state["mailbox"]["reason"]
    assert len(world.smtp.received) == 1
    world.app.revoked = False
    wait_until(lambda: len(world.smtp.received) == 1 + len(rest), 60, "the replies after restoring")
    wait_until(lambda: world.dovecot.count(MAILBOX, "INBOX") == 0, 20, "the inbox to empty")
    wait_until(lambda: json.loads(health.read_text())["mailbox"]["ok"], 10, "health to recover")
    assert proc.terminate() == 0
    log = proc.log_text()
    assert 2 <= tries <= 8, f"{tries} token requests in 8 s with the backoff capped at 2 s"
    refusals = [line for line in log.splitlines() if "invalid_client" in line]
    assert len(refusals) == 1 and " ERROR " in refusals[0], refusals
    assert "works again" in log
    assert snapshot(db_url)["states"] == {"done": 1 + len(rest)}
    assert snapshot(db_url)["replies"] == {"sent": 1 + len(rest)}
    assert world.secrets_in(log) == []
