"""`rtt doctor` (issue 11) as the operator runs it, against real servers: Dovecot and aiosmtpd
with passwords, the same with OAuth2 (the authlib token server), and the Graph stand-in. It
says what it found, exits 1 with a plain reason when something is wrong, changes nothing,
sends nothing and prints no secret."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import EXAMPLES
from .servers import Dovecot, SmtpServer
from .test_graph import GraphWorld
from .test_oauth_system import MAILBOX, OAuthWorld

pytestmark = pytest.mark.system

QUESTION = EXAMPLES / "example-07-general-question" / "message.eml"
MESSAGE = QUESTION.read_bytes() if QUESTION.exists() else b""


def doctor(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("RTT_")}
    full.update(env)
    return subprocess.run(
        [sys.executable, "-m", "rtt.cli", "doctor"], cwd=tmp_path, env=full, capture_output=True, text=True,
        timeout=120,
    )


@pytest.fixture
def oauth_world() -> Iterator[OAuthWorld]:
    w = OAuthWorld()
    w.start()
    yield w
    w.stop()


@pytest.fixture
def graph_world() -> Iterator[GraphWorld]:
    w = GraphWorld()
    w.tokens.start()
    w.graph.start()
    yield w
    w.graph.stop()
    w.tokens.stop()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_password_imap_and_smtp_are_reported_and_nothing_is_sent(
    tmp_path: Path, daemon_env: dict[str, str], dovecot: Dovecot, smtp: SmtpServer
) -> None:
    dovecot.append("attendance", "INBOX", [MESSAGE, MESSAGE])
    done = doctor(tmp_path, daemon_env)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "signed in as attendance (password)" in out
    assert "folders: INBOX" in out and "INBOX: 2 message(s) waiting" in out
    assert "Processed: absent (rtt run creates it)" in out
    assert "EHLO: ok" in out and "permitted" in out and "all good" in out
    assert smtp.received == [] and dovecot.count("attendance", "INBOX") == 2
    assert "secret" not in out + done.stderr


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_sent_folder_the_mailbox_lacks_is_named(
    tmp_path: Path, daemon_env: dict[str, str], dovecot: Dovecot, smtp: SmtpServer
) -> None:
    dovecot.append("attendance", "Sent Items", [MESSAGE])
    assert doctor(tmp_path, {**daemon_env, "RTT_IMAP_SENT_FOLDER": "Sent Items"}).returncode == 0
    done = doctor(tmp_path, {**daemon_env, "RTT_IMAP_SENT_FOLDER": "Sent"})
    assert done.returncode == 1
    assert "RTT_IMAP_SENT_FOLDER 'Sent' is not in the mailbox (where the server files sent" in done.stderr


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_wrong_password_and_an_unreachable_sender_exit_1_with_the_reasons(
    tmp_path: Path, daemon_env: dict[str, str], smtp: SmtpServer
) -> None:
    smtp.stop()
    done = doctor(tmp_path, {**daemon_env, "RTT_IMAP_PASSWORD": "not-the-password"})
    assert done.returncode == 1
    assert "rtt doctor: mailbox: IMAP sign-in refused for attendance (password)" in done.stderr
    assert "rtt doctor: sender: cannot connect to 127.0.0.1: ConnectionRefusedError" in done.stderr
    assert "not-the-password" not in done.stdout + done.stderr


def test_oauth2_imap_and_smtp_are_reported_and_a_revoked_client_is_named(
    tmp_path: Path, oauth_world: OAuthWorld
) -> None:
    env = oauth_world.env(tmp_path, f"sqlite:///{tmp_path / 'rtt.sqlite3'}")
    oauth_world.dovecot.append(MAILBOX, "INBOX", [MESSAGE])
    done = doctor(tmp_path, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"signed in as {MAILBOX} (oauth2, tokens from {oauth_world.tokens.token_url})" in done.stdout
    assert "INBOX: 1 message(s) waiting" in done.stdout and "AUTH offered: XOAUTH2" in done.stdout
    assert oauth_world.smtp.received == [] and oauth_world.smtp.logins == [("XOAUTH2", MAILBOX)]
    oauth_world.app.revoked = True
    done = doctor(tmp_path, env)
    assert done.returncode == 1
    refused = "mailbox: no OAuth2 token for IMAP: the token endpoint refused the client: invalid_client"
    assert refused in done.stderr
    assert "IMAP.AccessAsApp" in done.stderr
    assert "sender: no OAuth2 token for SMTP" in done.stderr
    assert oauth_world.secrets_in(done.stdout + done.stderr) == []


def test_graph_mailbox_and_folders_are_reported_and_a_mailbox_outside_the_scope_is_refused(
    tmp_path: Path, graph_world: GraphWorld
) -> None:
    env = graph_world.env(tmp_path, f"sqlite:///{tmp_path / 'rtt.sqlite3'}")
    graph_world.graph.deliver(MESSAGE)
    done = doctor(tmp_path, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "folders: Inbox, Sent Items" in done.stdout and "INBOX: 1 message(s) waiting" in done.stdout
    assert "not tried (it would send)" in done.stdout and graph_world.graph.sent == []
    assert graph_world.graph.count("inbox") == 1
    done = doctor(tmp_path, {**env, "RTT_IMAP_USER": "someone.else@oxfordshire.gov.uk"})
    assert done.returncode == 1
    assert "403 ErrorAccessDenied" in done.stderr and "application access policy" in done.stderr


def test_oauth2_without_its_settings_is_refused_before_anything_starts(tmp_path: Path) -> None:
    done = doctor(
        tmp_path,
        {"RTT_IMAP_HOST": "outlook.office365.com", "RTT_IMAP_USER": MAILBOX, "RTT_IMAP_AUTH": "oauth2"},
    )
    assert done.returncode == 2
    assert "RTT_IMAP_AUTH=oauth2 needs RTT_OAUTH_CLIENT_ID" in done.stderr
    assert "RTT_OAUTH_CLIENT_SECRET or RTT_OAUTH_CLIENT_CERT_FILE" in done.stderr
