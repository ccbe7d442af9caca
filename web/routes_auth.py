"""Logging in and out. Failed logins lock the account for a while, and too many from one
client address are refused for a while (429)."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from store.models import AppUser
from web import audit
from web.deps import (
    CSRF_CHECKED,
    DbSession,
    load_session,
    render,
    replace_session,
    web_state,
    write_session_cookie,
)
from web.security import SessionData, new_session, session_fingerprint
from web.users import check_login

log = logging.getLogger(__name__)
router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never //host or a scheme) may follow a login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    load_session(request)
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/login", dependencies=CSRF_CHECKED)
def login(
    request: Request,
    username: Annotated[str, Form(max_length=255)],
    password: Annotated[str, Form(max_length=1024)],
    session: DbSession,
    next: Annotated[str, Form()] = "/",
) -> Response:
    state = web_state(request)
    client = _client(request)
    if state.throttle.blocked(client):
        return render(request, "login.html", {"next": _safe_next(next), "error": "Too many failed logins "
                      "from this computer. Please wait a few minutes."}, status_code=429)
    result = check_login(session, username, password, state.config.lock_after_failures,
                         state.config.lock_minutes)
    if result.user is None:
        state.throttle.failed(client)
        audit.record(session, username[:64] or "?", "login_failed", detail={"locked": result.locked})
        error = ("This account is locked for a while after too many failed logins." if result.locked
                 else "The user name or password is wrong.")
        return render(request, "login.html", {"next": _safe_next(next), "error": error}, status_code=401)
    user = result.user
    replace_session(request, SessionData(csrf=new_session().csrf, user_id=user.id,
                                         fingerprint=session_fingerprint(user)))
    audit.record(session, user.username, "login")
    response = RedirectResponse(_safe_next(next), status_code=303)
    write_session_cookie(request, response)
    return response


@router.post("/logout", dependencies=CSRF_CHECKED)
def logout(request: Request, session: DbSession) -> Response:
    """Ends every session of this user (the epoch in their fingerprint moves on)."""
    user_id = load_session(request).user_id
    user = session.get(AppUser, user_id) if user_id is not None else None
    if user is not None:
        user.session_epoch += 1
        session.add(user)
        audit.record(session, user.username, "logout")
    replace_session(request, new_session())
    response = RedirectResponse("/login", status_code=303)
    write_session_cookie(request, response)
    return response
