"""The scheduler against the store, in-process, on SQLite and PostgreSQL: what is queued, to
whom, the case raised for an officer, once only (also when two writers race), and the
command's listing and its error for a year with no term dates."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from config.settings import Settings
from intake import reminders as scheduler
from rtt import cli
from store import reminders as store_reminders
from store.cases import add_participant
from store.db import session_scope
from store.models import AuditEvent, Case, OutboundReply, Reminder

SCHOOL = "head@millbrookfields.oxon.sch.uk"


def _case(engine: Engine, **over: object) -> int:
    with session_scope(engine) as s:
        case = Case(
            reference="RTT-2026-TESTAA", kind="rtt_notification", status="open",
            start_date=date(2026, 9, 21), full_time_date=None,
            created_at=datetime(2026, 9, 14, 9, tzinfo=UTC), facts={"case": {"review_dates": []}},
            pupil_name="Amelia Hughes",
        )
        for k, v in over.items():
            setattr(case, k, v)
        s.add(case)
        s.flush()
        assert case.id is not None
        add_participant(s, case_id=case.id, address=SCHOOL)
        add_participant(s, case_id=case.id, address="amelia.mum@gmail.com",
                        added_by="olivia")  # not a trusted domain
        return case.id


def _settings(tmp_path: Path, db_url: str) -> Settings:
    return Settings(data_dir=tmp_path / "var", database_url=db_url)


def test_past_six_weeks_a_firm_reminder_once_and_the_case_raised(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    case_id = _case(engine)
    settings = _settings(tmp_path, db_url)
    assert scheduler.run_reminders(engine, settings, date(2026, 10, 30)) == 0
    assert scheduler.run_reminders(engine, settings, date(2026, 11, 2)) == 1  # 21 Sep + 6 weeks
    assert scheduler.run_reminders(engine, settings, date(2026, 11, 2)) == 0
    assert scheduler.run_reminders(engine, settings, date(2026, 11, 3)) == 0
    with session_scope(engine) as s:
        (reply,) = s.exec(select(OutboundReply)).all()
        assert reply.idempotency_key == f"reminder:{case_id}:full_time_overdue:2026-11-02"
        assert reply.to_addresses == [SCHOOL] and reply.status == "queued" and reply.created_by is None
        assert reply.mime is not None and b"Auto-Submitted: auto-generated" in reply.mime
        assert "[RTT-2026-TESTAA]" in reply.subject and "Amelia" not in reply.subject
        case = s.get(Case, case_id)
        assert case is not None and case.status == "needs_officer"
        actions = [e.action for e in s.exec(select(AuditEvent).where(AuditEvent.case_id == case_id)).all()]
        assert {"reminder_queued", "reply_queued", "case_needs_officer"} <= set(actions)


def test_a_race_between_two_writers_meets_the_unique_constraint(
    engine: Engine, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second daemon read before the first committed: its insert breaks the constraint and
    it moves on; one reminder, one outbox row."""
    _case(engine, full_time_date=date(2026, 10, 19))
    settings = _settings(tmp_path, db_url)
    assert scheduler.run_reminders(engine, settings, date(2026, 10, 19)) == 1
    monkeypatch.setattr(store_reminders, "exists", lambda *_, **__: False)
    monkeypatch.setattr(store_reminders, "sent_reminders", lambda *_: [])
    assert scheduler.run_reminders(engine, settings, date(2026, 10, 19)) == 0
    with session_scope(engine) as s:
        assert len(s.exec(select(Reminder)).all()) == 1
        assert len(s.exec(select(OutboundReply)).all()) == 1
    with pytest.raises(IntegrityError), session_scope(engine) as s:
        day = date(2026, 10, 19)
        s.add(Reminder(case_id=1, kind="full_time_confirm", due=day, queued_on=day))


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_paused_closed_held_and_untrusted_cases_get_nothing(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    settings = _settings(tmp_path, db_url)
    paused = _case(engine, reminders_paused=True)
    with session_scope(engine) as s:
        for n, status in enumerate(("closed", "needs_officer")):
            s.add(Case(reference=f"RTT-2026-TESTB{n}", kind="rtt_notification", status=status,
                       start_date=date(2026, 9, 21), created_at=datetime(2026, 9, 14, tzinfo=UTC)))
        untrusted = Case(reference="RTT-2026-TESTC0", kind="rtt_notification", status="open",
                         start_date=date(2026, 9, 21), created_at=datetime(2026, 9, 14, tzinfo=UTC))
        s.add(untrusted)
        s.flush()
        assert untrusted.id is not None
        add_participant(s, case_id=untrusted.id, address="school.office@gmail.com")
    held = _case(engine, reference="RTT-2026-TESTH0")
    with session_scope(engine) as s:  # a reply on it waits for an officer (a doubtful sender)
        s.add(OutboundReply(idempotency_key="auto:held", case_id=held, to_addresses=[SCHOOL], subject="Re",
                            body_text="...", message_id="<h@oxfordshire.gov.uk>", status="held",
                            hold_reason="DMARC failed"))
    assert scheduler.plan(engine, settings, date(2026, 11, 2)) == []
    with session_scope(engine) as s:
        case = s.get(Case, paused)
        assert case is not None and store_reminders.set_paused(s, case=case, paused=False, actor="olivia")
    planned = scheduler.plan(engine, settings, date(2026, 11, 2))
    assert [p.reminder.reference for p in planned] == ["RTT-2026-TESTAA"]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_rtt_reminders_lists_and_a_missing_year_is_a_clear_error(
    engine: Engine, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _case(engine, full_time_date=date(2026, 10, 19))
    monkeypatch.setenv("RTT_DATABASE_URL", db_url)
    monkeypatch.setenv("RTT_DATA_DIR", str(tmp_path / "var"))
    assert cli.main(["reminders", "--today", "2026-10-20", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(x["case"], x["kind"], x["due"], x["to"]) for x in listed] == [
        ("RTT-2026-TESTAA", "full_time_confirm", "2026-10-19", [SCHOOL])
    ]
    assert cli.main(["reminders", "--today", "2026-10-20"]) == 0
    assert "RTT-2026-TESTAA  full_time_confirm  due 2026-10-19  to " + SCHOOL in capsys.readouterr().out
    with session_scope(engine) as s:
        assert s.exec(select(Reminder)).all() == [] and s.exec(select(OutboundReply)).all() == []
    # a full-time date in a school year the term dates do not have
    with session_scope(engine) as s:
        case = s.exec(select(Case)).one()
        case.full_time_date = date(2030, 10, 1)
    assert cli.main(["reminders", "--today", "2030-10-02"]) == 1
    err = capsys.readouterr().err
    assert "oxfordshire-terms.toml" in err and "2030-31" in err


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_case_past_the_term_dates_does_not_stop_the_others(
    engine: Engine, db_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _case(engine, full_time_date=date(2026, 10, 19))
    _case(engine, reference="RTT-2026-TESTZZ", full_time_date=date(2030, 10, 1))
    with caplog.at_level("ERROR"):
        assert scheduler.run_reminders(engine, _settings(tmp_path, db_url), date(2030, 10, 2)) == 1
    assert "RTT-2026-TESTZZ" in caplog.text and "2030-31" in caplog.text
    assert "Amelia" not in caplog.text
