"""End to end with the real pipeline: `rtt run --once` reads a school's plan from the Maildir,
opens its case and writes the reply to the outbox; once the case is long closed, `rtt retention`
removes it all, and the pupil's name is in no file of the database (SQLite) and no page of its
tables (PostgreSQL), nor in the Maildir or the outbox."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from rtt.cli import main
from store.db import session_scope
from store.models import Case, ParsedSnapshot, RawMessage
from tests.conftest import EXAMPLES, require_shared
from tests.records.bytes_probe import gone_after_compaction, places_holding

pytestmark = [pytest.mark.system, pytest.mark.slow]
PUPIL = b"Oliver Bennett"


def _files_holding(root: Path, needle: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_a_long_closed_case_read_by_the_daemon_is_removed_everywhere(
    engine: Engine, tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = require_shared(EXAMPLES / "example-01-complete-pdf" / "message.eml")
    for name, value in (("RTT_DATA_DIR", str(tmp_path)), ("RTT_DATABASE_URL", db_url),
                        ("RTT_WEB_ENABLED", "false"), ("RTT_OCR_ENABLED", "false")):
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "maildir" / "new").mkdir(parents=True)
    shutil.copyfile(example, tmp_path / "maildir" / "new" / "1767225600.M1P1.school")
    assert main(["run", "--once"]) == 0
    with session_scope(engine) as s:
        case = s.exec(select(Case)).one()
        assert case.pupil_name == "Oliver Bennett"
        assert s.exec(select(ParsedSnapshot)).all()  # the pipeline kept its snapshot
        long_ago = datetime.now(UTC) - timedelta(days=7 * 366)
        case.status, case.closed_at, case.full_time_date = "closed", long_ago, long_ago.date()
    assert places_holding(engine, PUPIL)  # the probe sees the name before
    assert [p.parent.name for p in _files_holding(tmp_path / "maildir", PUPIL)] == ["cur"]
    assert len([p for p in (tmp_path / "outbox").rglob("*") if p.is_file()]) == 1  # the reply

    assert main(["retention"]) == 0
    with session_scope(engine) as s:
        assert s.exec(select(ParsedSnapshot)).all() == []
        assert all(m.raw == b"" for m in s.exec(select(RawMessage)).all())
    assert gone_after_compaction(engine, PUPIL) == []
    assert gone_after_compaction(engine, b"Bennett") == []
    assert [p for p in (tmp_path / "maildir").rglob("*") if p.is_file()] == []
    assert [p for p in (tmp_path / "outbox").rglob("*") if p.is_file()] == []
