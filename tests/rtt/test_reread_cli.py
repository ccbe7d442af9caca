"""`rtt reread` (issue 10): the messages whose snapshot older readers made are read again with
today's readers and their cases judged again; `--all` and `--case` read every message; `--dry-run`
reads nothing. On a real SQLite store, in process, configured by RTT_ variables."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

import intake.process as process
from config.settings import Settings
from parsers.snapshot import READERS_VERSION
from rtt.cli import main
from store.db import make_engine, session_scope, upgrade_schema
from store.messages import MessageKey, store_raw
from store.models import AuditEvent, Case, ParsedSnapshot
from tests.mailflow.test_snapshots import message

pytestmark = pytest.mark.system


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Engine:
    url = f"sqlite:///{tmp_path / 'rtt.sqlite3'}"
    monkeypatch.chdir(tmp_path)
    for name, value in (("RTT_DATA_DIR", str(tmp_path)), ("RTT_DATABASE_URL", url),
                        ("RTT_WEB_ENABLED", "false"), ("RTT_OCR_ENABLED", "false")):
        monkeypatch.setenv(name, value)
    eng = make_engine(url)
    upgrade_schema(eng)
    return eng


def _case_of_two(engine: Engine, tmp_path: Path) -> tuple[int, bytes, bytes]:
    settings = Settings(data_dir=tmp_path / "data")
    first = message("Reduced timetable for Mia Robinson",
                     "Please find the reduced timetable plan for Mia: 10 hours a week from 7 September.",
                     "<m1@school.example>")
    second = message("Re: Reduced timetable for Mia Robinson", "The review is on 21 September.",
                      "<m2@school.example>", in_reply_to="<m1@school.example>")
    case_id = None
    for uid, raw in (("1", first), ("2", second)):
        row, _ = store_raw(engine, key=MessageKey("attendance", "INBOX", 1, uid), raw=raw)
        result = process.process_message(engine, settings, row)
        assert result.state == "done" and result.case_id is not None
        case_id = case_id or result.case_id
        assert result.case_id == case_id
    assert case_id is not None
    return case_id, first, second


def _made_by_older_readers(engine: Engine, raw: bytes) -> None:
    with session_scope(engine) as s:
        sha256 = hashlib.sha256(raw).hexdigest()
        snap = s.exec(select(ParsedSnapshot).where(ParsedSnapshot.sha256 == sha256)).one()
        snap.readers_version = READERS_VERSION - 1
        s.add(snap)


def test_reread_reads_what_older_readers_read_and_judges_again(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id, first, _ = _case_of_two(engine, tmp_path)
    _made_by_older_readers(engine, first)
    with session_scope(engine) as s:
        case = s.get(Case, case_id)
        assert case is not None
        judged_priority, reference = case.priority, case.reference
        case.priority = "urgent" if judged_priority != "urgent" else "low"  # as older readers judged it
        s.add(case)
    capsys.readouterr()

    assert main(["reread", "--dry-run"]) == 0
    assert "Would read 1 messages of 1 cases again" in capsys.readouterr().out
    with session_scope(engine) as s:
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "messages_reread")).first() is None

    assert main(["reread"]) == 0
    out = capsys.readouterr().out
    assert "Read 1 messages of 1 cases again" in out and "1 judged differently" in out
    with session_scope(engine) as s:
        case = s.get(Case, case_id)
        assert case is not None and case.priority == judged_priority
        versions = s.exec(select(ParsedSnapshot.readers_version)
                          .where(ParsedSnapshot.sha256 == hashlib.sha256(first).hexdigest())).all()
        assert READERS_VERSION in versions
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "messages_reread")).one()
        assert event.case_id == case_id and event.actor == "system" and len(event.detail["messages"]) == 1

    assert main(["reread"]) == 0
    assert "Read 0 messages of 0 cases again" in capsys.readouterr().out
    assert main(["reread", "--case", reference]) == 0
    assert "Read 2 messages of 1 cases again" in capsys.readouterr().out
    assert main(["reread", "--all", "--dry-run"]) == 0
    assert "Would read 2 messages of 1 cases again" in capsys.readouterr().out
    assert main(["reread", "--case", "RTT-1999-000001"]) == 2
