"""The queue: every case that needs a person, overdue first, then priority, then age."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select
from sqlmodel import Session, col

from store.models import OutboundReply
from web.deps import DbSession, LoggedIn, render, web_state
from web.queries import (
    ACTIVE,
    KINDS,
    PRIORITIES,
    STATUSES,
    QueueFilters,
    QueueRow,
    held_reply_counts,
    loose_messages,
    officers,
    queue_page,
)

router = APIRouter()


def reasons(row: QueueRow, today: date, held: set[int]) -> list[str]:
    """Why this case needs a person, in the officer's words."""
    out: list[str] = []
    if row.kind == "breach_report":
        out.append("Breach report")
    if "professional_agreement" in row.problems:
        out.append("No professional's agreement")
    if "full_time_within_6_weeks" in row.problems:
        out.append("Runs past six weeks")
    if row.status == "awaiting_school" and row.problems:
        out.append(f"{len(row.problems)} item(s) missing, school told")
    if row.status == "needs_officer":
        out.append(row.needs_officer_reason or "Could not be read or answered")
    if row.id in held:
        out.append("Reply held")
    if row.status != "closed" and row.full_time_date and row.full_time_date < today:
        out.append("Past full-time date")
    elif row.status != "closed" and row.next_review_date and row.next_review_date < today:
        out.append("Review overdue")
    return out


def _held_for(session: Session, case_ids: list[int]) -> set[int]:
    if not case_ids:
        return set()
    stmt = (
        select(col(OutboundReply.case_id), func.count())
        .where(col(OutboundReply.case_id).in_(case_ids), col(OutboundReply.status) == "held")
        .group_by(col(OutboundReply.case_id))
    )
    return {int(cid) for cid, _ in session.execute(stmt).all() if cid is not None}


def _filters(request: Request) -> QueueFilters:
    q = request.query_params
    page = q.get("page", "1")
    return QueueFilters(
        status=q.get("status", ACTIVE)[:32], priority=q.get("priority", "")[:16],
        kind=q.get("kind", "")[:32], school=q.get("school", "")[:255],
        assigned=q.get("assigned", "")[:16], overdue=q.get("overdue") == "1",
        q=q.get("q", "")[:100], page=int(page) if page.isdigit() else 1,
    )


@router.get("/", response_class=HTMLResponse)
def queue(
    request: Request, officer: LoggedIn, session: DbSession
) -> Response:
    filters = _filters(request)
    today = datetime.now(UTC).date()
    state = web_state(request)
    page = queue_page(session, filters, today, state.config.page_size)
    held = _held_for(session, [r.id for r in page.rows])
    loose, loose_total = loose_messages(session)
    query = {k: v for k, v in request.query_params.items() if k != "page" and v}
    return render(request, "queue.html", {
        "page": page, "filters": filters, "reasons": {r.id: reasons(r, today, held) for r in page.rows},
        "statuses": STATUSES, "priorities": PRIORITIES, "kinds": KINDS, "schools": state.schools.get(session),
        "officers": officers(session), "loose": loose, "loose_total": loose_total,
        "held_total": held_reply_counts(session), "query": query,
    })
