"""Emails to officers (issue 12): an admin sets each user's address and switches on the users
page; each user turns their own alerts and daily digest on or off on their account page (both
audited). The addresses are only ever set here or by `rtt user set-email`: the daemon writes to
no other officer address."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from store.models import AppUser
from web import audit
from web.deps import CSRF_CHECKED, Admin, DbSession, LoggedIn
from web.routes_admin import render_users_page
from web.users import UserError, set_email, set_notifications

router = APIRouter()


def _switches(session: DbSession, user: AppUser, actor: str, alerts: str | None, digest: str | None) -> None:
    set_notifications(session, user, alerts == "on", digest == "on")
    detail = {"username": user.username, "alerts": user.alerts_enabled, "digest": user.digest_enabled}
    audit.record(session, actor, "user_notifications", detail=detail)


@router.post("/admin/users/{user_id}/email", dependencies=CSRF_CHECKED)
def admin_email(
    request: Request, user_id: int, admin: Admin, session: DbSession,
    email: Annotated[str, Form(max_length=320)] = "",
    alerts: Annotated[str | None, Form()] = None, digest: Annotated[str | None, Form()] = None,
) -> Response:
    user = session.get(AppUser, user_id)
    if user is None:
        raise HTTPException(status_code=400, detail="No such user.")
    try:
        stored = set_email(session, user, email)
    except UserError as exc:
        return render_users_page(request, session, str(exc), status_code=400)
    detail = {"username": user.username, "set": bool(stored)}
    audit.record(session, admin.username, "user_email", detail=detail)
    _switches(session, user, admin.username, alerts, digest)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/account/notifications", dependencies=CSRF_CHECKED)
def own_notifications(
    officer: LoggedIn, session: DbSession,
    alerts: Annotated[str | None, Form()] = None, digest: Annotated[str | None, Form()] = None,
) -> Response:
    user = session.get(AppUser, officer.id)
    assert user is not None
    _switches(session, user, user.username, alerts, digest)
    return RedirectResponse("/account/security?done=notifications", status_code=303)
