"""Retention and erasure against real databases (SQLite and PostgreSQL): what is due goes from
every table, from the files on disk and from the database's own files; held and open cases stay;
each removal is audited without the removed content."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from records.lifecycle import ErasureError, apply_if_due, apply_schedule, erase_cases, preview
from records.places import Places
from retention.schedule import load_schedule
from store.db import session_scope
from store.erasure import HoldError, forget_cached, holdings, on_content_removed, pupil_cases, set_hold
from store.models import (
    AttachmentRecord,
    AuditEvent,
    Case,
    CaseNote,
    CaseParticipant,
    OutboundReply,
    ParsedSnapshot,
    RawMessage,
    RequirementRecord,
)
from tests.records import seed as seeding
from tests.records.bytes_probe import gone_after_compaction, places_holding

pytestmark = pytest.mark.system
SCHEDULE = load_schedule("oxfordshire")


def _places(tmp_path: Path) -> Places:
    return Places(maildir=tmp_path / "maildir", outbox=tmp_path / "outbox")


def _hold(engine: Engine, case_id: int) -> None:
    with session_scope(engine) as s:
        set_hold(s, case_id=case_id, reason="solicitor's letter: claim expected", actor="adam")


def _empty(engine: Engine, case_id: int) -> None:
    with session_scope(engine) as s:
        case = s.get(Case, case_id)
        assert case is not None
        assert case.pupil_name is None and case.pupil_key is None and case.facts == {}
        assert case.reference and case.kind == "rtt_notification" and case.school_name  # counts stay
        messages = s.exec(select(RawMessage).where(RawMessage.case_id == case_id)).all()
        assert messages and all(m.raw == b"" and m.subject is None and m.from_address is None
                                and m.sha256 == "" and m.removed_at is not None for m in messages)
        ids = [m.id for m in messages]
        attachments = select(AttachmentRecord).where(col(AttachmentRecord.message_row_id).in_(ids))
        assert s.exec(attachments).all() == []
        replies = s.exec(select(OutboundReply).where(OutboundReply.case_id == case_id)).all()
        assert replies and all(r.body_text == "" and r.mime is None and r.to_addresses == [] for r in replies)
        assert s.exec(select(CaseNote).where(CaseNote.case_id == case_id)).all() == []
        assert s.exec(select(CaseParticipant).where(CaseParticipant.case_id == case_id)).all() == []
        reqs = s.exec(select(RequirementRecord).where(RequirementRecord.case_id == case_id)).all()
        assert reqs and all(r.evidence is None and r.where is None for r in reqs)
        assert {r.status for r in reqs} == {"met", "missing"}  # which were met: kept for statistics


def test_schedule_removes_what_is_due_and_the_bytes_are_gone(engine: Engine, tmp_path: Path) -> None:
    seeded = seeding.seed(engine, tmp_path)
    _hold(engine, seeded.held)
    for name in (seeding.OLD, seeding.HELD, seeding.OPEN):  # the probe sees them before
        assert places_holding(engine, name.encode()), name
    forgotten: set[str] = set()
    on_content_removed(forgotten.update)

    plan = preview(engine, SCHEDULE, date.today())
    assert {r.reference for r in plan} == {"RTT-2018-OLDOLD", "RTT-2018-HELDHD"}
    assert all(r.what == ("messages", "facts", "replies") and r.rule == "case-content-6y" for r in plan)
    assert {r.reference: r.held for r in plan} == {"RTT-2018-OLDOLD": False, "RTT-2018-HELDHD": True}

    outcome = apply_schedule(engine, SCHEDULE, _places(tmp_path), date.today())
    assert [r.reference for r in outcome.applied] == ["RTT-2018-OLDOLD"]
    assert outcome.counts["messages"] == 1 and outcome.counts["attachments"] == 1
    assert outcome.counts["snapshots"] == 1 and outcome.counts["replies"] == 1
    assert outcome.counts["notes"] == 1
    _empty(engine, seeded.old)
    assert not seeded.maildir_file.exists() and not seeded.outbox_file.exists()
    assert outcome.files_deleted == 2
    assert seeding.sha(b"%PDF") not in forgotten and len(forgotten) == 2  # the message's and the PDF's

    with session_scope(engine) as s:
        snapshots = s.exec(select(ParsedSnapshot)).all()
        assert len(snapshots) == 2  # the held and the open case's
        events = s.exec(select(AuditEvent).where(AuditEvent.case_id == seeded.old)).all()
        removal = [e for e in events if e.action == "content_removed"]
        assert len(removal) == 1 and removal[0].detail["rule"] == "case-content-6y"
        assert removal[0].detail["what"] == ["messages", "facts", "replies"]
        assert removal[0].detail["counts"]["messages"] == 1
        download = next(e for e in events if e.action == "download_attachment")
        assert download.actor == "olivia" and download.detail == {"attachment_id": 1, "filename": "[removed]"}
        run = s.exec(select(AuditEvent).where(AuditEvent.action == "retention_run")).one()
        assert run.detail["applied"] == 1

    assert gone_after_compaction(engine, seeding.OLD.encode()) == []
    assert places_holding(engine, seeding.HELD.encode())  # held: kept whole
    assert places_holding(engine, seeding.OPEN.encode())  # open: kept whole
    assert preview(engine, SCHEDULE, date.today())[0].held  # only the held case is left to do
    forget_cached(set())


def test_the_audit_trail_goes_later_but_the_record_of_removal_stays(engine: Engine, tmp_path: Path) -> None:
    seeded = seeding.seed(engine, tmp_path)
    apply_schedule(engine, SCHEDULE, _places(tmp_path), date.today())
    later = date(date.today().year + 6, 1, 1)  # the end plus twelve years has come
    plan = preview(engine, SCHEDULE, later)
    assert {(r.reference, r.what) for r in plan if not r.held} >= {("RTT-2018-OLDOLD", ("audit",))}
    apply_schedule(engine, SCHEDULE, _places(tmp_path), later)
    with session_scope(engine) as s:
        actions = s.exec(select(AuditEvent.action).where(AuditEvent.case_id == seeded.old)).all()
        assert sorted(actions) == ["content_removed", "content_removed"]


def test_a_legal_hold_stops_removal_until_lifted(engine: Engine, tmp_path: Path) -> None:
    seeded = seeding.seed(engine, tmp_path)
    _hold(engine, seeded.old)
    with session_scope(engine) as s, pytest.raises(HoldError):
        set_hold(s, case_id=seeded.old, reason="again", actor="adam")
    apply_schedule(engine, SCHEDULE, _places(tmp_path), date.today())
    with session_scope(engine) as s:
        case = s.get(Case, seeded.old)
        assert case is not None and case.pupil_name == seeding.OLD
        held = s.exec(select(AuditEvent).where(AuditEvent.action == "legal_hold_set")).all()
        assert [(e.case_id, e.actor) for e in held] == [(seeded.old, "adam")]
    assert seeded.maildir_file.exists()


def test_the_daemon_applies_the_schedule_once_a_day(engine: Engine, tmp_path: Path) -> None:
    seeding.seed(engine, tmp_path)
    first = apply_if_due(engine, SCHEDULE, _places(tmp_path))
    assert first is not None and len(first.applied) == 2
    assert apply_if_due(engine, SCHEDULE, _places(tmp_path)) is None  # not again the same day


def test_erasure_on_request_of_a_pupil(engine: Engine, tmp_path: Path) -> None:
    seeded = seeding.seed(engine, tmp_path)
    places = _places(tmp_path)
    with session_scope(engine) as s:
        cases = pupil_cases(s, name=seeding.OPEN.upper())
        assert [c.id for c in cases] == [seeded.open]
        assert [c.id for c in pupil_cases(s, name=seeding.OPEN, dob=seeding.DOB)] == [seeded.open]
        assert pupil_cases(s, name=seeding.OPEN, dob=date(2001, 1, 1)) == []  # another date of birth
    with pytest.raises(ErasureError):
        erase_cases(engine, places, [seeded.open], "  ", "adam")
    _hold(engine, seeded.held)
    with pytest.raises(ErasureError, match="legal hold"):
        erase_cases(engine, places, [seeded.open, seeded.held], "parent's request", "adam")
    assert places_holding(engine, seeding.OPEN.encode())  # nothing went
    erase_cases(engine, places, [seeded.open], "parent's request (SAR-17)", "adam")
    _empty(engine, seeded.open)
    with session_scope(engine) as s:
        case = s.get(Case, seeded.open)
        assert case is not None and case.status == "closed" and case.outcome == "erased"
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "content_removed")).one()
        assert (event.actor, event.case_id, event.detail["rule"], event.detail["reason"]) == (
            "adam", seeded.open, "erasure", "parent's request (SAR-17)")
        refused = s.exec(select(AuditEvent).where(AuditEvent.action == "erasure_refused")).one()
        assert refused.case_id == seeded.held
        assert holdings(s, case_ids=[seeded.open])[0].counts["messages"] == 0
    assert gone_after_compaction(engine, seeding.OPEN.encode()) == []
    assert places_holding(engine, seeding.OLD.encode())


def test_messages_in_no_case_go_a_year_after_they_came(engine: Engine, tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from store.messages import MessageKey, store_raw

    maildir = (tmp_path / "maildir").resolve()
    (maildir / "cur").mkdir(parents=True)
    ids = []
    for n, age in enumerate((800, 10)):
        raw = f"From: a@b.example\r\nSubject: Out of office: {seeding.OLD} {n}\r\n\r\nAway.\r\n".encode()
        row_id, _ = store_raw(engine, key=MessageKey(f"maildir:{maildir}", "new", 0, f"99{n}.host"), raw=raw)
        (maildir / "cur" / f"99{n}.host:2,S").write_bytes(raw)
        with session_scope(engine) as s:
            row = s.get(RawMessage, row_id)
            assert row is not None
            row.state, row.received_at = "done", datetime.now(UTC) - timedelta(days=age)
        ids.append(row_id)
    [due] = preview(engine, SCHEDULE, date.today())
    assert (due.case_id, due.what, due.counts, due.rule) == (None, ("unfiled",), {"unfiled": 1}, "unfiled-1y")
    outcome = apply_schedule(engine, SCHEDULE, _places(tmp_path), date.today())
    assert outcome.counts["unfiled"] == 1 and outcome.files_deleted == 1
    with session_scope(engine) as s:
        old, new = (s.get(RawMessage, i) for i in ids)
        assert old is not None and old.raw == b"" and old.subject is None and old.removed_at is not None
        assert new is not None and seeding.OLD.encode() in new.raw
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "content_removed")).one()
        assert event.case_id is None and event.detail["what"] == ["unfiled"]
    assert not (maildir / "cur" / "990.host:2,S").exists() and (maildir / "cur" / "991.host:2,S").exists()
    assert preview(engine, SCHEDULE, date.today()) == []
