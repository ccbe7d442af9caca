"""The queue's 'overdue' (a SQL clause, `web.queries.overdue_clause`) and the officers' digest's
(`triage.officer_digest.overdue_why`, on the digest's case lines) are two statements of one rule:
on every mix of status, full-time date, review date and start date, they name the same cases."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import select

from store.db import make_engine, session_scope, upgrade_schema
from store.models import Case
from triage.officer_digest import CaseLine, overdue_why
from triage.states import CaseStatus
from web.queries import overdue_clause

TODAY = date(2026, 11, 2)
MAX_DAYS = 42


def _days(*offsets: int | None) -> list[date | None]:
    return [None if d is None else TODAY + timedelta(days=d) for d in offsets]


def test_the_queue_and_the_digest_agree_on_what_is_overdue(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'rtt.sqlite3'}")
    upgrade_schema(engine)
    grid = itertools.product(
        CaseStatus,
        _days(None, -1, 0, 1),  # full-time date
        _days(None, -1, 0, 1),  # next review
        _days(None, -MAX_DAYS - 1, -MAX_DAYS, -MAX_DAYS + 1, -1),  # start
    )
    try:
        with session_scope(engine) as s:
            for i, (status, full_time, review, start) in enumerate(grid):
                s.add(Case(reference=f"RTT-2026-{i:06d}", kind="rtt_notification", status=status,
                           full_time_date=full_time, next_review_date=review, start_date=start))
        with session_scope(engine) as s:
            cases = list(s.exec(select(Case)).all())
            by_sql = set(s.exec(select(Case.id).where(overdue_clause(TODAY, MAX_DAYS))).all())
        by_digest = {
            c.id for c in cases
            if c.id is not None and overdue_why(CaseLine(
                case_id=c.id, reference=c.reference, kind=c.kind, priority=c.priority, status=c.status,
                start_date=c.start_date, full_time_date=c.full_time_date, next_review_date=c.next_review_date,
            ), TODAY, MAX_DAYS)
        }
    finally:
        engine.dispose()
    assert len(cases) == 4 * 4 * 4 * 5
    assert by_sql == by_digest
    assert 0 < len(by_sql) < len(cases), "some cases are overdue and some are not"
    assert not any(c.id in by_sql for c in cases if c.status == CaseStatus.CLOSED)
