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
from web.deps import (
    CSRF_CHECKED,
    DbSession,
    load_session,
    render,
    replace_session,
    web_state,
    write_session_cookie,
)
from web.security import new_session
from web.signin import client_of, finish_login, safe_next, start_second_factor
from web.throttle import KNOWN_DEVICE_COOKIE
from web.totp import second_factor_step
from web.users import LoginAttempt, LoginResult, check_login

log = logging.getLogger(__name__)
router = APIRouter()
LOGIN_REFUSED = ("The user name or password is wrong, or there have been too many attempts: "
                 "check them, wait a moment and try again.")


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    load_session(request)
    return render(request, "login.html", login_context(request, next, None))


def login_context(request: Request, next_path: str, error: str | None) -> dict[str, object]:
    oidc = web_state(request).config.oidc
    return {"next": safe_next(next_path), "error": error, "sso_label": oidc.button_label if oidc else None}


def _attempt(request: Request, username: str, password: str) -> LoginAttempt:
    known = web_state(request).devices.user_ids(request.cookies.get(KNOWN_DEVICE_COOKIE))
    return LoginAttempt(username, password, client_of(request), known)


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
        return render(request, "login.html", login_context(request, next, LOGIN_REFUSED), status_code=401)
    user = result.user
    step = second_factor_step(user, web_state(request).config.require_totp)
    if step is not None:
        return start_second_factor(request, user, next, enrol=step == "enrol")
    return finish_login(request, session, user, next, via="password")


def _log_failure(attempt: LoginAttempt, result: LoginResult) -> None:
    """Only when a limit comes into force, with the client's address (never the name typed:
    people type their password into it)."""
    for limit in result.newly_throttled:
        log.warning("login throttle: %s limit now in force (client %s)", limit, attempt.client)


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
