"""`rtt run` end to end: the examples appended to a real Dovecot come back as replies at a
real SMTP listener and as cases in the store (SQLite and PostgreSQL)."""

from __future__ import annotations

from email.utils import getaddresses

import pytest

from .conftest import DaemonProcess, example_messages
from .servers import Dovecot, SmtpServer, wait_until
from .storecheck import snapshot

pytestmark = pytest.mark.system

CHILDREN = ("Oliver Bennett", "Amelia Hughes", "Jack Turner", "Mia Robinson", "Leo Ward", "Noah Patel")
EXPECTED_REPLIES = 7
"""Every example but the out-of-office (06) is answered (CONTRACT.md section 2)."""


def test_examples_come_back_as_replies_and_cases(
    daemon: DaemonProcess, dovecot: Dovecot, imap_user: str, smtp: SmtpServer, db_url: str
) -> None:
    daemon.start()
    messages = example_messages()
    dovecot.append(imap_user, "INBOX", messages)
    wait_until(lambda: len(smtp.received) >= EXPECTED_REPLIES, 60, "the replies")
    wait_until(lambda: dovecot.count(imap_user, "INBOX") == 0, 20, "the inbox to empty")
    assert daemon.terminate() == 0
    assert len(smtp.received) == EXPECTED_REPLIES
    assert dovecot.count(imap_user, "Processed") == len(messages)
    originals = {_header(m, b"Message-ID"): m for m in messages}
    for got in smtp.received:
        msg = got.message
        assert msg["Auto-Submitted"] == "auto-replied"
        assert msg["X-Auto-Response-Suppress"] == "All"
        original = originals[msg["In-Reply-To"].strip()]
        sender = getaddresses([_header(original, b"From")])[0][1].lower()
        assert got.rcpt_tos == [sender]
        assert msg["In-Reply-To"].strip() in msg["References"]
        assert "[RTT-" in msg["Subject"]
    assert len({r.message["In-Reply-To"] for r in smtp.received}) == EXPECTED_REPLIES
    snap = snapshot(db_url)
    assert snap["states"] == {"done": len(messages)}
    assert snap["cases"] == EXPECTED_REPLIES  # the out-of-office joins its school's case
    assert snap["replies"] == {"sent": EXPECTED_REPLIES}
    log = daemon.log_text()
    assert "watch=imap://" in log and "send=smtp://" in log and "store=" in log
    assert "rtt run stopped" in log
    for child in CHILDREN:  # no child's name in the logs above DEBUG
        assert child not in log and child.split()[0] not in log


def _header(raw: bytes, name: bytes) -> str:
    for line in raw.split(b"\r\n\r\n", 1)[0].replace(b"\r\n", b"\n").split(b"\n"):
        if line.lower().startswith(name.lower() + b":"):
            return line.split(b":", 1)[1].strip().decode()
    raise KeyError(name)
