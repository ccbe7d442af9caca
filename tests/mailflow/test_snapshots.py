"""Read once (issue 10): a message's parsed snapshot is stored on its first read, and judging
a case reads its earlier messages' snapshots, never their bytes again."""

from __future__ import annotations

import hashlib
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

import intake.process as process
from config.settings import Settings
from parsers.snapshot import READERS_VERSION
from store.db import session_scope
from store.messages import MessageKey, store_raw
from store.snapshots import load_snapshot, save_snapshot


def message(subject: str, body: str, message_id: str = "<m0@school.example>", in_reply_to: str = "") -> bytes:
    m = EmailMessage()
    m["From"] = "Head <head@school.oxon.sch.uk>"
    m["To"] = "attendance@oxfordshire.gov.uk"
    m["Subject"], m["Message-ID"], m["Date"] = subject, message_id, "Wed, 04 Mar 2026 09:00:00 +0000"
    if in_reply_to:
        m["In-Reply-To"] = m["References"] = in_reply_to
    m.set_content(body)
    return bytes(m)


def test_snapshots_are_kept_per_readers_version(engine: Engine) -> None:
    parsed = process.parse_message(message(subject="Plan", body="hello"), Settings().limits())
    with session_scope(engine) as s:
        save_snapshot(s, sha256="ab" * 32, parsed=parsed)
        save_snapshot(s, sha256="ab" * 32, parsed=parsed)  # kept once
    with session_scope(engine) as s:
        assert load_snapshot(s, sha256="ab" * 32) == parsed
        assert load_snapshot(s, sha256="ab" * 32, version=READERS_VERSION + 1) is None
        assert load_snapshot(s, sha256="cd" * 32) is None


def test_earlier_messages_are_not_read_again(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    first = message(subject="Reintegration timetable", body="Plan attached", message_id="<m1@school.example>")
    row1, _ = store_raw(engine, key=MessageKey("attendance", "INBOX", 1, "1"), raw=first)
    opened = process.process_message(engine, settings, row1)
    assert opened.state == "done" and opened.case_id is not None
    with session_scope(engine) as s:
        assert load_snapshot(s, sha256=hashlib.sha256(first).hexdigest()) is not None
    read: list[bytes] = []
    real = process.parse_message
    monkeypatch.setattr(process, "parse_message", lambda raw, limits: read.append(raw) or real(raw, limits))
    second = message(
        subject="Re: Reintegration timetable", body="And the signed copy", message_id="<m2@school.example>",
        in_reply_to="<m1@school.example>",
    )
    row2, _ = store_raw(engine, key=MessageKey("attendance", "INBOX", 1, "2"), raw=second)
    result = process.process_message(engine, settings, row2)
    assert result.state == "done" and result.case_id == opened.case_id
    assert read == [second]  # the first message came from its snapshot
