"""The half-termly list of pupils on a reintegration timetable (for Social Care, the Youth
Justice Team and the Early Help and Prevention Team): rows, CSV and a printable HTML page.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlmodel import Session, col

from store.models import Case
from triage.catalogue import Guidance
from triage.states import CaseStatus, Kind
from web.facts import case_facts
from web.templating import uk_date

REPORT_KINDS = (Kind.RTT_NOTIFICATION, Kind.BREACH_REPORT)
COLUMNS = (
    "Reference", "Pupil", "Date of birth", "Year group", "School", "Start date", "Full-time date",
    "Review dates", "Weekly hours", "Full-time hours", "Circumstances", "Status",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ReportRow:
    reference: str
    pupil: str
    dob: str
    year_group: str
    school: str
    start_date: str
    full_time_date: str
    review_dates: str
    weekly_hours: str
    full_time_hours: str
    circumstances: str
    status: str

    def cells(self) -> list[str]:
        return [self.reference, self.pupil, self.dob, self.year_group, self.school, self.start_date,
                self.full_time_date, self.review_dates, self.weekly_hours, self.full_time_hours,
                self.circumstances, self.status]


def _uk(value: Any) -> str:
    return uk_date(value, missing="")


def _hours(value: float) -> str:
    return f"{value:g}"


def half_term_rows(session: Session, start: date, end: date, guidance: Guidance) -> list[ReportRow]:
    """Every pupil whose timetable ran at some point between start and end (inclusive)."""
    end_moment = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
    start_moment = datetime.combine(start, time.min, tzinfo=UTC)
    stmt = (
        select(Case)
        .where(
            col(Case.kind).in_(REPORT_KINDS),
            col(Case.linked_case_id).is_(None),
            or_(col(Case.start_date) <= end,
                and_(col(Case.start_date).is_(None), col(Case.created_at) < end_moment)),
            or_(col(Case.status) != CaseStatus.CLOSED, col(Case.closed_at).is_(None),
                col(Case.closed_at) >= start_moment),
            or_(col(Case.status) != CaseStatus.CLOSED, col(Case.full_time_date).is_(None),
                col(Case.full_time_date) >= start, col(Case.closed_at) >= start_moment),
        )
        .order_by(col(Case.school_name), col(Case.pupil_name), col(Case.id))
    )
    return [_report_row(c, guidance) for c in session.execute(stmt).scalars()]


def _report_row(case: Case, guidance: Guidance) -> ReportRow:
    facts = case_facts(case).plan
    pupil = facts.pupil
    circumstances = [c.describes for c in guidance.circumstances if facts.circumstances.get(c.id) is True]
    status = case.status.replace("_", " ")
    if case.outcome:
        status += f" ({case.outcome.replace('_', ' ')})"
    if case.kind == Kind.BREACH_REPORT:
        status += ", reported by a professional"
    return ReportRow(
        reference=case.reference, pupil=case.pupil_name or pupil.name or "",
        dob=_uk(case.pupil_dob or pupil.dob), year_group=pupil.year_group or "",
        school=case.school_name or "", start_date=_uk(case.start_date),
        full_time_date=_uk(case.full_time_date), review_dates=", ".join(_uk(r) for r in facts.review_dates),
        weekly_hours=", ".join(_hours(w.hours) for w in facts.timetable),
        full_time_hours=_hours(facts.full_time_hours) if facts.full_time_hours else "",
        circumstances="; ".join(circumstances), status=status,
    )


def safe_cell(value: str) -> str:
    """A sender's text must not become a spreadsheet formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(rows: list[ReportRow]) -> str:
    return csv_text(COLUMNS, [row.cells() for row in rows])


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """CSV for a spreadsheet: a header row, then the rows, no cell read as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return buffer.getvalue()
