"""Officers' alerts against the store, in-process, on SQLite and PostgreSQL: a race between two
writers meets the unique key (one alert, one outbox row); an officer address outside the trusted
domains, a disabled user and an old event get nothing; a closed case gets no alert."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from config.settings import Settings
from intake import officer_alerts as alerts
from store import officer_alerts as store_alerts
from store.db import session_scope
from store.models import AppUser, AuditEvent, Case, OfficerAlert, OutboundReply, utcnow

TEAM = "attendance.team@oxfordshire.gov.uk"


def _settings(tmp_path: Path, db_url: str, team: str = TEAM) -> Settings:
    return Settings(data_dir=tmp_path / "var", database_url=db_url, team_address=team)


def _breach(engine: Engine, ref: str, created: datetime, status: str = "needs_officer") -> int:
    with session_scope(engine) as s:
        case = Case(reference=ref, kind="breach_report", status=status, priority="urgent", priority_rank=0,
                    pupil_name="Leo Ward", school_name="Greystone Park Academy", created_at=created)
        s.add(case)
        s.flush()
        assert case.id is not None
        return case.id


def _rows(engine: Engine) -> tuple[list[str], list[list[str]]]:
    with session_scope(engine) as s:
        keys = sorted(a.key for a in s.exec(select(OfficerAlert)).all())
        to = sorted(r.to_addresses for r in s.exec(select(OutboundReply)).all())
        return keys, to


def test_a_race_between_two_writers_meets_the_unique_key(
    engine: Engine, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings(tmp_path, db_url)
    case_id = _breach(engine, "RTT-2026-ALERT1", utcnow())
    planned = alerts.plan_alerts(engine, settings, utcnow())
    assert [(m.key, m.to) for m in planned] == [(f"breach:{case_id}:team", (TEAM,))]
    assert "Leo" not in planned[0].text.subject + planned[0].text.text
    assert alerts.queue(engine, settings, planned) == 1
    # the second daemon read before the first committed: its insert breaks the constraint
    monkeypatch.setattr(store_alerts, "exists", lambda *_: False)
    assert alerts.queue(engine, settings, planned) == 0
    assert _rows(engine) == ([f"breach:{case_id}:team"], [[TEAM]])
    monkeypatch.undo()
    assert alerts.run_alerts(engine, settings) == 0


def test_untrusted_disabled_old_and_closed_get_nothing(engine: Engine, db_url: str, tmp_path: Path) -> None:
    settings = _settings(tmp_path, db_url, team="team@gmail.com")  # not a trusted domain
    now = utcnow()
    recent = _breach(engine, "RTT-2026-ALERT2", now)
    _breach(engine, "RTT-2026-ALERT3", now - timedelta(days=3))  # before the look-back
    _breach(engine, "RTT-2026-ALERT4", now, status="closed")
    with session_scope(engine) as s:
        users = [
            AppUser(username="olivia", password_hash="!", email="olivia@gmail.com"),  # untrusted
            AppUser(username="dora", password_hash="!", email="dora@oxfordshire.gov.uk", disabled=True),
            AppUser(username="ola", password_hash="!", email="ola@oxfordshire.gov.uk"),
        ]
        for u in users:
            s.add(u)
        s.flush()
        case = s.get(Case, recent)
        assert case is not None
        for u in users:
            s.add(AuditEvent(actor="ada", action="assign", case_id=recent, detail={"to": u.username}))
        case.assigned_to = users[2].id  # the newest assignment stands: Ola's
        s.add(AuditEvent(actor="ada", action="assign", case_id=recent, detail={"to": "ola"},
                         at=datetime(2020, 1, 1, tzinfo=UTC)))  # an old one: not again
        ola = users[2].id
    assert alerts.run_alerts(engine, settings) == 2
    keys, to = _rows(engine)
    assert to == [["ola@oxfordshire.gov.uk"], ["ola@oxfordshire.gov.uk"]]
    assert [k.split(":")[0] for k in keys] == ["assigned", "breach"]
    assert keys[1] == f"breach:{recent}:user:{ola}"
