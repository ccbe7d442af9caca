"""The queue's queries: one page of cases, most urgent first, in a few indexed statements.

Overdue comes first (past the full-time date and not closed, or past a review date), then
priority, then age. Only the columns the page shows are read (never `facts` or message bytes).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, String, and_, case, cast, false, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from store.models import AppUser, Case, OutboundReply, RawMessage, SchoolRecord
from store.states import MessageState, ReplyStatus
from triage.states import CaseStatus, Kind, Priority

STATUSES = tuple(CaseStatus)
PRIORITIES = tuple(Priority)
KINDS = (Kind.RTT_NOTIFICATION, Kind.BREACH_REPORT, Kind.OTHER, Kind.AUTO_REPLY)
TRUST = {"trusted": "Trusted domain", "untrusted": "Outside the trusted domains"}
"""The queue's sender filter."""
URN_CHOICE = "urn:"
"""The school filter's value for a school of the directory: 'urn:' and its URN."""
ACTIVE = "active"
"""The status filter's default: every case not closed."""
UNASSIGNED = "none"
WHY = {
    "breach": "Breach reports",
    "agreement": "No professional's agreement",
    "six_weeks": "Runs past six weeks",
    "missing": "Items missing, school told",
    "unread": "Could not be read or answered",
}


@dataclass(frozen=True)
class QueueFilters:
    status: str = ACTIVE
    priority: str = ""
    kind: str = ""
    school: str = ""
    assigned: str = ""
    """'' anyone, 'none' nobody, or a user id."""
    overdue: bool = False
    q: str = ""
    page: int = 1
    why: str = ""
    """One of WHY: the reason a case needs a person."""
    trust: str = ""
    """'' any sender, 'trusted' or 'untrusted': the case's sender domain against `trusted_domains`."""
    trusted_domains: tuple[str, ...] = ()
    """The domains trusted now (the setting's and the admins'): what `trust` is judged by."""


@dataclass(frozen=True)
class QueueRow:
    id: int
    reference: str
    kind: str
    status: str
    priority: str
    school_name: str | None
    pupil_name: str | None
    start_date: date | None
    full_time_date: date | None
    next_review_date: date | None
    problems: list[str]
    created_at: datetime
    assigned_to: str | None
    needs_officer_reason: str | None
    overdue: bool

    @property
    def problem_ids(self) -> list[str]:
        return self.problems


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    pages: int
    counts: dict[str, int] = field(default_factory=dict)


def overdue_clause(today: date, max_days: int) -> ColumnElement[bool]:
    """Not closed, and past its full-time date, past a review date, or (with no full-time date
    at all) started longer ago than the guidance's six weeks (`max_days`)."""
    return and_(
        col(Case.status) != CaseStatus.CLOSED,
        or_(
            col(Case.full_time_date) < today,
            col(Case.next_review_date) < today,
            and_(col(Case.full_time_date).is_(None), col(Case.start_date) < today - timedelta(days=max_days)),
        ),
    )


def _filter_clauses(filters: QueueFilters, today: date, max_days: int) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if filters.status == ACTIVE:
        out.append(col(Case.status) != CaseStatus.CLOSED)
    elif filters.status in STATUSES:
        out.append(col(Case.status) == filters.status)
    if filters.priority in PRIORITIES:
        out.append(col(Case.priority) == filters.priority)
    if filters.kind:
        out.append(col(Case.kind) == filters.kind)
    out.extend(_school_and_trust(filters))
    if filters.assigned == UNASSIGNED:
        out.append(col(Case.assigned_to).is_(None))
    elif filters.assigned.isdigit():
        out.append(col(Case.assigned_to) == int(filters.assigned))
    if filters.overdue:
        out.append(overdue_clause(today, max_days))
    if filters.why in WHY:
        out.append(_why_clause(filters.why))
    if filters.q.strip():
        pattern = f"%{_escape_like(filters.q.strip().lower())}%"
        out.append(
            or_(
                func.lower(col(Case.pupil_name)).like(pattern, escape="\\"),
                func.lower(col(Case.school_name)).like(pattern, escape="\\"),
                func.lower(col(Case.reference)).like(pattern, escape="\\"),
            )
        )
    return out


def _school_and_trust(filters: QueueFilters) -> list[ColumnElement[bool]]:
    """The school filter (a directory school by URN, or a name) and the sender filter."""
    out: list[ColumnElement[bool]] = []
    if filters.school.startswith(URN_CHOICE):
        out.append(col(Case.school_urn) == filters.school.removeprefix(URN_CHOICE))
    elif filters.school:
        out.append(col(Case.school_name) == filters.school)
    if filters.trust in TRUST:
        trusted = trusted_clause(filters.trusted_domains)
        untrusted = or_(col(Case.school_domain).is_(None), ~trusted)
        out.append(trusted if filters.trust == "trusted" else untrusted)
    return out


def trusted_clause(domains: tuple[str, ...]) -> ColumnElement[bool]:
    """The case's sender domain is one of `domains` (a leading '*.' covers subdomains only), as
    `triage.reply_policy.domain_trusted` decides."""
    column = func.lower(col(Case.school_domain))
    parts: list[ColumnElement[bool]] = []
    for pattern in (d.strip().lower() for d in domains if d.strip()):
        if pattern.startswith("*."):
            parts.append(column.like(f"%{_escape_like(pattern[1:])}", escape="\\"))
        else:
            parts.append(column == pattern)
    return and_(col(Case.school_domain).is_not(None), or_(false(), *parts))


def _has_problem(requirement_id: str) -> ColumnElement[bool]:
    return cast(col(Case.problems), String).like(f'%"{requirement_id}"%')


def _why_clause(why: str) -> ColumnElement[bool]:
    if why == "breach":
        return col(Case.kind) == Kind.BREACH_REPORT
    if why == "agreement":
        return _has_problem("professional_agreement")
    if why == "six_weeks":
        return _has_problem("full_time_within_6_weeks")
    if why == "missing":
        awaiting = col(Case.status) == CaseStatus.AWAITING_SCHOOL
        return and_(awaiting, cast(col(Case.problems), String).like('%"%'))
    held = select(col(OutboundReply.case_id)).where(col(OutboundReply.status) == ReplyStatus.HELD)
    return or_(col(Case.status) == CaseStatus.NEEDS_OFFICER, col(Case.id).in_(held))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def queue_page(
    session: Session, filters: QueueFilters, today: date, page_size: int, max_days: int
) -> QueuePage:
    """One page of the queue, with the number of cases the filters match. `max_days`: the
    guidance's limit on a reduced timetable (what makes a case without a full-time date overdue)."""
    page = max(1, filters.page)
    rows, total = _page_rows(session, filters, today, max_days, page_size, page)
    pages = max(1, -(-total // page_size))
    if not rows and page > pages:
        page = pages
        rows, total = _page_rows(session, filters, today, max_days, page_size, page)
    counts = state_counts(session, today, max_days)
    return QueuePage(rows=rows, total=total, page=page, pages=pages, counts=counts)


def _page_ids(
    session: Session,
    clauses: list[ColumnElement[bool]],
    late: ColumnElement[bool],
    overdue: bool,
    limit: int,
    offset: int,
) -> list[int]:
    """Ids in queue order within the overdue cases, or within the others: priority, then age
    (a walk along the ix_case_queue_order index that stops after the page)."""
    is_overdue = case((late, 1), else_=0) == (1 if overdue else 0)
    stmt = (
        select(col(Case.id))
        .where(*clauses, is_overdue)
        .order_by(col(Case.priority_rank), col(Case.created_at), col(Case.id))
        .limit(limit)
        .offset(offset)
    )
    return [int(i) for i in session.execute(stmt).scalars()]


def _searched_ids(
    session: Session, clauses: list[ColumnElement[bool]], late: ColumnElement[bool], limit: int, offset: int
) -> tuple[list[int], int]:
    """A text search reads every row once anyway: take the matches' sort keys in that one scan
    and order them here."""
    overdue = case((late, 1), else_=0)
    stmt = select(col(Case.id), overdue, col(Case.priority_rank), col(Case.created_at)).where(*clauses)
    keyed = sorted(session.execute(stmt).all(), key=lambda r: (-r[1], r[2], _aware(r[3]), r[0]))
    return [int(r[0]) for r in keyed[offset:offset + limit]], len(keyed)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _page_rows(
    session: Session, filters: QueueFilters, today: date, max_days: int, page_size: int, page: int
) -> tuple[list[QueueRow], int]:
    """Count (all, and overdue), then the page's ids from the overdue cases and then from the
    rest, then the page's rows."""
    clauses = _filter_clauses(filters, today, max_days)
    is_late = overdue_clause(today, max_days)
    offset = (page - 1) * page_size
    if filters.q.strip():
        ids, total = _searched_ids(session, clauses, is_late, page_size, offset)
    else:
        late = func.sum(case((is_late, 1), else_=0))
        total, overdue = session.execute(select(func.count(), late).select_from(Case).where(*clauses)).one()
        total, overdue = int(total), int(overdue or 0)
        ids = _page_ids(session, clauses, is_late, True, page_size, offset) if offset < overdue else []
        if len(ids) < page_size:
            ids += _page_ids(session, clauses, is_late, False, page_size - len(ids), max(0, offset - overdue))
    if not ids:
        return [], total
    order = {case_id: n for n, case_id in enumerate(ids)}
    officer = aliased(AppUser)
    stmt = (
        select(
            *(col(c) for c in (
                Case.id, Case.reference, Case.kind, Case.status, Case.priority, Case.school_name,
                Case.pupil_name, Case.start_date, Case.full_time_date, Case.next_review_date,
                Case.problems, Case.created_at, officer.username, Case.needs_officer_reason,
            )),
            case((is_late, 1), else_=0).label("overdue"),
        )
        .outerjoin(officer, col(officer.id) == col(Case.assigned_to))
        .where(col(Case.id).in_(ids))
    )
    rows = sorted((_row(r) for r in session.execute(stmt).all()), key=lambda r: order[r.id])
    return rows, total


def _row(r: Any) -> QueueRow:
    return QueueRow(
        id=r[0], reference=r[1], kind=r[2], status=r[3], priority=r[4], school_name=r[5],
        pupil_name=r[6], start_date=r[7], full_time_date=r[8], next_review_date=r[9],
        problems=list(r[10] or []), created_at=r[11], assigned_to=r[12],
        needs_officer_reason=r[13], overdue=bool(r[14]),
    )


def state_counts(session: Session, today: date, max_days: int) -> dict[str, int]:
    """Cases per status, plus 'overdue' and 'active' (not closed), in one scan."""
    counts: dict[str, int] = {s: 0 for s in STATUSES}
    overdue = func.sum(case((overdue_clause(today, max_days), 1), else_=0))
    stmt = select(col(Case.status), func.count(), overdue).group_by(col(Case.status))
    counts["overdue"] = 0
    for status, n, late in session.execute(stmt).all():
        counts[str(status)] = int(n)
        counts["overdue"] += int(late or 0)
    counts[ACTIVE] = sum(counts[s] for s in STATUSES if s != CaseStatus.CLOSED)
    return counts


def school_names(session: Session) -> list[tuple[str, str]]:
    """The school filter's choices (value, label): the directory's schools cases are linked
    to, by URN, then the school names cases give."""
    linked = (
        select(col(SchoolRecord.urn), col(SchoolRecord.name))
        .where(col(SchoolRecord.urn).in_(select(col(Case.school_urn)).where(col(Case.school_urn).is_not(None))))
    )
    schools = sorted(((f"{URN_CHOICE}{u}", f"{n} (URN {u})") for u, n in session.execute(linked).all()),
                     key=lambda c: c[1])
    stmt = select(col(Case.school_name)).where(col(Case.school_name).is_not(None)).distinct()
    return schools + [(str(s), str(s)) for s in sorted(session.execute(stmt).scalars())]


@dataclass
class SchoolNames:
    """The school filter's choices, read at most once a minute (they change slowly)."""

    ttl_seconds: float = 60.0
    _names: list[tuple[str, str]] = field(default_factory=list)
    _read_at: float = -1e9
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, session: Session) -> list[tuple[str, str]]:
        with self._lock:
            if time.monotonic() - self._read_at > self.ttl_seconds:
                self._names = school_names(session)
                self._read_at = time.monotonic()
            return self._names


def officers(session: Session) -> list[tuple[int, str]]:
    stmt = select(col(AppUser.id), col(AppUser.username)).where(col(AppUser.disabled).is_(False))
    return sorted(((int(i), str(u)) for i, u in session.execute(stmt).all()), key=lambda p: p[1])


@dataclass(frozen=True)
class LooseMessage:
    id: int
    received_at: datetime
    from_address: str | None
    subject: str | None
    state: str
    error: str | None


def loose_messages(session: Session, limit: int = 20) -> tuple[list[LooseMessage], int]:
    """Messages the daemon could not read (retries used up) that belong to no case."""
    stuck = (MessageState.NEEDS_OFFICER, MessageState.FAILED)
    where = (col(RawMessage.state).in_(stuck), col(RawMessage.case_id).is_(None))
    total = session.execute(select(func.count()).select_from(RawMessage).where(*where)).scalar_one()
    stmt = (
        select(*(col(c) for c in (RawMessage.id, RawMessage.received_at, RawMessage.from_address,
                                   RawMessage.subject, RawMessage.state, RawMessage.error)))
        .where(*where)
        .order_by(col(RawMessage.received_at))
        .limit(limit)
    )
    return [LooseMessage(*r) for r in session.execute(stmt).all()], int(total)


def held_reply_counts(session: Session) -> int:
    """Replies the daemon would not send by itself (held for an officer)."""
    held = col(OutboundReply.status) == ReplyStatus.HELD
    stmt = select(func.count()).select_from(OutboundReply).where(held)
    return int(session.execute(stmt).scalar_one())
