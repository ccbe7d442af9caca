"""`rtt retention`, `rtt erase` and the daemon's daily run, as an operator runs them (in
process, configured by RTT_ variables), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from rtt.cli import main
from store.db import session_scope
from store.models import AuditEvent, Case, RawMessage
from tests.records import seed as seeding

pytestmark = pytest.mark.system


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RTT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("RTT_DATABASE_URL", db_url)
    monkeypatch.setenv("RTT_WEB_ENABLED", "false")
    monkeypatch.setenv("RTT_OCR_ENABLED", "false")
    return tmp_path


def _case(engine: Engine, case_id: int) -> Case:
    with session_scope(engine) as s:
        case = s.get(Case, case_id)
        assert case is not None
        return case


def test_retention_dry_run_json_then_apply(
    engine: Engine, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded = seeding.seed(engine, env)
    assert main(["retention", "--dry-run", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {(o["case"], tuple(o["what"]), o["rule"], o["held"]) for o in listed} == {
        ("RTT-2018-OLDOLD", ("messages", "facts", "replies"), "case-content-6y", False),
        ("RTT-2018-HELDHD", ("messages", "facts", "replies"), "case-content-6y", False),
    }
    assert all(o["counts"]["messages"] == 1 and o["why"] for o in listed)
    assert _case(engine, seeded.old).pupil_name == seeding.OLD  # a dry run removes nothing

    assert main(["retention"]) == 0
    out = capsys.readouterr().out
    assert "2 removals removed" in out and "RTT-2018-OLDOLD" in out and seeding.OLD not in out
    assert _case(engine, seeded.old).pupil_name is None
    assert _case(engine, seeded.open).pupil_name == seeding.OPEN
    assert not seeded.maildir_file.exists() and not seeded.outbox_file.exists()


def test_erase_lists_first_and_erases_with_yes(
    engine: Engine, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded = seeding.seed(engine, env)
    assert main(["erase", "pupil", "--name", seeding.OPEN.lower(), "--reason", "parent's request"]) == 0
    assert "would be erased" in capsys.readouterr().out
    assert _case(engine, seeded.open).pupil_name == seeding.OPEN
    assert main(["erase", "case", "RTT-2099-NOSUCH", "--reason", "x", "--yes"]) == 1
    assert main(["erase", "pupil", "--name", seeding.OPEN, "--dob", "2013-05-04", "--reason",
                 "parent's request", "--yes"]) == 0
    assert "erased 1 case(s)" in capsys.readouterr().out
    assert _case(engine, seeded.open).pupil_name is None
    with session_scope(engine) as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "content_removed")).one()
        assert event.actor.startswith("cli:") and event.detail["rule"] == "erasure"


def test_rtt_run_applies_the_schedule(engine: Engine, env: Path) -> None:
    seeded = seeding.seed(engine, env)
    assert main(["run", "--once"]) == 0
    assert _case(engine, seeded.old).pupil_name is None
    with session_scope(engine) as s:
        runs = s.exec(select(AuditEvent).where(AuditEvent.action == "retention_run")).all()
        assert [r.detail["applied"] for r in runs] == [2]


def test_rtt_export_pupil(engine: Engine, env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import zipfile

    seeded = seeding.seed(engine, env)
    out = env / "sar.zip"
    assert main(["export", "pupil", "--name", seeding.OPEN, "--dob", "2013-05-04", "--out", str(out)]) == 0
    assert "1 case(s)" in capsys.readouterr().out
    archive = zipfile.ZipFile(out)
    eml = "cases/RTT-2026-OPENOP/messages/001.eml"
    assert seeding.OPEN.encode() in archive.read(eml)
    assert seeding.OPEN in archive.read("index.html").decode()
    assert seeding.OLD not in archive.read("index.html").decode()  # another pupil's case is not in it
    notes = archive.read("cases/RTT-2026-OPENOP/notes.json").decode()
    assert f"Spoke to {seeding.OPEN}'s mother." in notes
    flags = archive.read("for-the-officer/third-parties.json").decode()
    assert "head@cherwellvalley.oxon.sch.uk" in flags and "A. Parent" in flags
    assert main(["export", "pupil", "--name", seeding.OPEN, "--out", str(out)]) == 1  # never overwrites
    assert main(["export", "pupil", "--name", "Nobody Atall", "--out", str(env / "none.zip")]) == 1
    assert not (env / "none.zip").exists()
    with session_scope(engine) as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "export_pupil")).one()
        assert event.case_id == seeded.open and event.actor.startswith("cli:")


def test_rtt_report_access(engine: Engine, env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import io
    from datetime import UTC, datetime, timedelta

    seeded = seeding.seed(engine, env)
    with session_scope(engine) as s:
        message = s.exec(select(RawMessage).where(RawMessage.case_id == seeded.open)).one()
        s.add(AuditEvent(actor="omar", action="view_message", case_id=seeded.open, message_row_id=message.id))
        s.add(AuditEvent(actor="olivia", action="view_case", case_id=seeded.old,
                         at=datetime.now(UTC) - timedelta(days=40)))
        s.add(AuditEvent(actor="olivia", action="note", case_id=seeded.open))  # not an access
    assert main(["report", "access"]) == 0
    table = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert table[0][:5] == ["When (UTC)", "User", "Pupil", "Case", "What"]
    # the seeded downloads (one a case), omar's view, olivia's old view: never the note
    assert len(table) == 1 + 3 + 2 and {r[4] for r in table[1:]} >= {"viewed a message", "viewed the case"}
    assert main(["report", "access", "--user", "omar", "--pupil", "wexcombe"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))[1:]
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in rows] == [
        ("omar", seeding.OPEN, "RTT-2026-OPENOP", "viewed a message", str(message.id))]
    since = (datetime.now(UTC) - timedelta(days=10)).date().isoformat()
    assert main(["report", "access", "--user", "olivia", "--from", since]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))[1:]
    assert {r[3] for r in rows} == {"RTT-2018-OLDOLD", "RTT-2018-HELDHD", "RTT-2026-OPENOP"}
    assert all(r[4] == "downloaded an attachment" for r in rows)  # the old view is before --from
