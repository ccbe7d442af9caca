"""What every way of signing in ends with (password, password and second factor, single
sign-on): a fresh session for the user, the audit entry, and the redirect to where they were
going. Also the client address the throttle keys on, and which targets may follow a login."""

from __future__ import annotations

import time

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from store.models import AppUser
from web import audit
from web.clientaddr import resolve_client
from web.deps import replace_session, web_state, write_session_cookie
from web.security import PendingLogin, SessionData, new_session, session_fingerprint
from web.throttle import KNOWN_DEVICE_COOKIE, KNOWN_DEVICE_PATH

PENDING_SECONDS = 5 * 60
"""The second factor must follow the password within this time."""


def safe_next(target: str | None) -> str:
    """Only a path on this site (never //host or a scheme) may follow a login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def client_of(request: Request) -> str:
    peer = request.client.host if request.client else None
    return resolve_client(peer, request.headers.getlist("x-forwarded-for"),
                          web_state(request).config.trusted_proxies)


def start_second_factor(request: Request, user: AppUser, next_path: str, enrol: bool) -> Response:
    """The password was right: the session waits for the second factor (or its enrolment)."""
    assert user.id is not None
    pending = PendingLogin(user.id, session_fingerprint(user), int(time.time()), safe_next(next_path), enrol)
    replace_session(request, SessionData(csrf=new_session().csrf, pending=pending))
    response = RedirectResponse("/login/enrol" if enrol else "/login/second-factor", status_code=303)
    write_session_cookie(request, response)
    return response


def pending_user(request: Request, session: Session, pending: PendingLogin | None) -> AppUser | None:
    """The account waiting for its second factor, while the wait is fresh and nothing changed."""
    if pending is None or time.time() - pending.since > PENDING_SECONDS:
        return None
    user = session.get(AppUser, pending.user_id)
    if user is None or user.disabled or session_fingerprint(user) != pending.fingerprint:
        return None
    return user


def finish_login(request: Request, session: Session, user: AppUser, next_path: str, via: str,
                 response: Response | None = None) -> Response:
    """Sign the user in: a new session (new CSRF token), audited, then on to `next_path`."""
    assert user.id is not None
    replace_session(request, SessionData(csrf=new_session().csrf, user_id=user.id,
                                         fingerprint=session_fingerprint(user), seen=int(time.time())))
    audit.record(session, user.username, "login", detail={"via": via})
    response = response or RedirectResponse(safe_next(next_path), status_code=303)
    write_session_cookie(request, response)
    if via != "oidc":
        remember_device(request, response, user.id)
    return response


def remember_device(request: Request, response: Response, user_id: int) -> None:
    state = web_state(request)
    value = state.devices.with_user(request.cookies.get(KNOWN_DEVICE_COOKIE), user_id)
    response.set_cookie(
        KNOWN_DEVICE_COOKIE, value, max_age=state.devices.max_age_seconds, path=KNOWN_DEVICE_PATH,
        httponly=True, secure=state.config.secure_cookies, samesite="strict",
    )
