"""Logging in and out. Failed logins slow further attempts (web.throttle: per account and
address, per address, per account) without ever locking an account. Every refusal, whether
the user is unknown, the password wrong, the account disabled or a wait still running, is the
same page with the same status (401) and the same argon2 work: nothing tells which it was."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from store.models import AppUser
from web import audit
from web.clientaddr import resolve_client
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
from web.throttle import KNOWN_DEVICE_COOKIE, KNOWN_DEVICE_PATH
from web.users import LoginAttempt, LoginResult, check_login

log = logging.getLogger(__name__)
router = APIRouter()
LOGIN_REFUSED = ("The user name or password is wrong, or there have been too many attempts: "
                 "check them, wait a moment and try again.")


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
    peer = request.client.host if request.client else None
    return resolve_client(peer, request.headers.getlist("x-forwarded-for"),
                          web_state(request).config.trusted_proxies)


def _attempt(request: Request, username: str, password: str) -> LoginAttempt:
    known = web_state(request).devices.user_ids(request.cookies.get(KNOWN_DEVICE_COOKIE))
    return LoginAttempt(username, password, _client(request), known)


@router.post("/login", dependencies=CSRF_CHECKED)
def login(
    request: Request,
    username: Annotated[str, Form(max_length=255)],
    password: Annotated[str, Form(max_length=1024)],
    session: DbSession,
    next: Annotated[str, Form()] = "/",
) -> Response:
    attempt = _attempt(request, username, password)
    result = check_login(session, web_state(request).throttle, attempt)
    if result.user is None:
        _log_failure(attempt, result)
        audit.record(session, username[:64] or "?", "login_failed", detail={"refused_by": result.refused_by})
        return render(request, "login.html", {"next": _safe_next(next), "error": LOGIN_REFUSED},
                      status_code=401)
    user = result.user
    assert user.id is not None
    replace_session(request, SessionData(csrf=new_session().csrf, user_id=user.id,
                                         fingerprint=session_fingerprint(user)))
    audit.record(session, user.username, "login")
    response = RedirectResponse(_safe_next(next), status_code=303)
    write_session_cookie(request, response)
    _remember_device(request, response, user.id)
    return response


def _log_failure(attempt: LoginAttempt, result: LoginResult) -> None:
    """Only when a limit comes into force, with the client's address (never the name typed:
    people type their password into it)."""
    for limit in result.newly_throttled:
        log.warning("login throttle: %s limit now in force (client %s)", limit, attempt.client)


def _remember_device(request: Request, response: Response, user_id: int) -> None:
    state = web_state(request)
    value = state.devices.with_user(request.cookies.get(KNOWN_DEVICE_COOKIE), user_id)
    response.set_cookie(
        KNOWN_DEVICE_COOKIE, value, max_age=state.devices.max_age_seconds, path=KNOWN_DEVICE_PATH,
        httponly=True, secure=state.config.secure_cookies, samesite="strict",
    )


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
