"""A case's school in the directory (issue 14): the link by URN the daemon stores when it can
match the school (`store.schools.link_case_school`), shown on the case page; an officer links
the case to another school by URN, or unlinks it, and the daemon then keeps their choice.
Audited with the value before."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from store.models import Case, utcnow
from store.schools import SYSTEM, school_by_urn, school_of
from web import audit
from web.deps import CSRF_CHECKED, DbSession, LoggedIn

router = APIRouter()


def school_link(session: Session, case: Case, urn_read: str | None) -> dict[str, Any]:
    """The case page's school from the directory: the linked one, else the one that matches
    now (by the URN read, the sender's domain or the name; not yet stored), and how it was linked."""
    if case.school_urn or case.school_urn_set_by not in (None, SYSTEM):
        how = "matched" if case.school_urn_set_by == SYSTEM else f"set by {case.school_urn_set_by}"
        return {"register": school_by_urn(session, case.school_urn), "register_how": how}
    return {"register": school_of(session, urn=urn_read, name=case.school_name, domain=case.school_domain),
            "register_how": "suggested"}


@router.post("/cases/{case_id}/school", dependencies=CSRF_CHECKED)
def set_school(
    case_id: int, officer: LoggedIn, session: DbSession, urn: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    """Link the case to the school with this URN; an empty URN unlinks it."""
    case = session.get(Case, case_id)
    if case is None:
        raise HTTPException(status_code=404, detail="No such case.")
    urn = urn.strip()
    if urn and school_by_urn(session, urn) is None:
        raise HTTPException(status_code=400, detail=f"No school with URN {urn[:16]} in the directory.")
    before = case.school_urn
    case.school_urn, case.school_urn_set_by = urn or None, officer.username
    case.updated_at = utcnow()
    session.add(case)
    audit.record(session, officer.username, "school_linked" if urn else "school_unlinked", case_id,
                 {"urn": urn or None, "before": before})
    done = "school_linked" if urn else "school_unlinked"
    return RedirectResponse(f"/cases/{case_id}?done={done}#school", status_code=303)
