"""The queue: every case that needs a person, overdue first, then priority, then age."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select
from sqlmodel import Session, col

from store.models import OutboundReply
from store.states import ReplyStatus
from store.trusted_domains import effective_domains
from web.attention import reasons
from web.deps import DbSession, LoggedIn, render, web_state
from web.queries import (
    ACTIVE,
    KINDS,
    PRIORITIES,
    STATUSES,
    TRUST,
    WHY,
    QueueFilters,
    held_reply_counts,
    loose_messages,
    officers,
    queue_page,
)
from web.templating import uk_today

router = APIRouter()


def _held_for(session: Session, case_ids: list[int]) -> set[int]:
    if not case_ids:
        return set()
    stmt = (
        select(col(OutboundReply.case_id), func.count())
        .where(col(OutboundReply.case_id).in_(case_ids), col(OutboundReply.status) == ReplyStatus.HELD)
        .group_by(col(OutboundReply.case_id))
    )
    return {int(cid) for cid, _ in session.execute(stmt).all() if cid is not None}


def _filters(request: Request, session: Session) -> QueueFilters:
    q = request.query_params
    page = q.get("page", "1")
    trust = q.get("trust", "")[:16]
    trusted = effective_domains(session, web_state(request).settings.trusted_domains) if trust else ()
    return QueueFilters(
        status=q.get("status", ACTIVE)[:32], priority=q.get("priority", "")[:16],
        kind=q.get("kind", "")[:32], school=q.get("school", "")[:255],
        assigned=q.get("assigned", "")[:16], overdue=q.get("overdue") == "1",
        q=q.get("q", "")[:100], page=int(page) if page.isdigit() else 1, why=q.get("why", "")[:16],
        trust=trust, trusted_domains=trusted,
    )


@router.get("/", response_class=HTMLResponse)
def queue(
    request: Request, officer: LoggedIn, session: DbSession
) -> Response:
    filters = _filters(request, session)
    today = uk_today()
    state = web_state(request)
    max_days = state.guidance.max_reduced_days
    page = queue_page(session, filters, today, state.config.page_size, max_days)
    held = _held_for(session, [r.id for r in page.rows])
    loose, loose_total = loose_messages(session)
    query = {k: v for k, v in request.query_params.items() if k != "page" and v}
    why = {r.id: reasons(r, today, max_days, r.id in held) for r in page.rows}
    return render(request, "queue.html", {
        "page": page, "filters": filters, "reasons": why,
        "statuses": STATUSES, "whys": WHY, "priorities": PRIORITIES, "kinds": KINDS,
        "schools": state.schools.get(session), "trusts": TRUST,
        "officers": officers(session), "loose": loose, "loose_total": loose_total,
        "held_total": held_reply_counts(session), "query": query,
    })
