"""The second factor of a local account (verify, enrol, one's own security page) and OpenID
Connect single sign-on (to the provider and back).

A wrong second-factor code counts as a failed login in the throttle (web.throttle) and is
refused with one message, whether it was a TOTP or a recovery code; nothing is locked."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from store.models import AppUser
from web import audit, totp
from web.deps import (
    CSRF_CHECKED,
    DbSession,
    LoggedIn,
    NotLoggedIn,
    load_session,
    render,
    replace_session,
    web_state,
    write_session_cookie,
)
from web.oidc import CALLBACK_PATH, NOT_STARTED_HERE, OidcClient, OidcRefused, Pending
from web.security import SessionData, new_session
from web.signin import client_of, finish_login, pending_user, safe_next
from web.users import UserError, oidc_user

log = logging.getLogger(__name__)
router = APIRouter()
CODE_REFUSED = "That code is wrong or has been used: check it and try again."


# --- the second factor after a password ------------------------------------------------------


def _pending(request: Request, session: Session) -> AppUser:
    user = pending_user(request, session, load_session(request).pending)
    if user is None:
        raise NotLoggedIn
    return user


@router.get("/login/second-factor", response_class=HTMLResponse)
def second_factor_page(request: Request, session: DbSession) -> Response:
    user = _pending(request, session)
    if not totp.is_enrolled(user):
        return RedirectResponse("/login/enrol", status_code=303)
    return render(request, "second_factor.html", {"error": None})


@router.post("/login/second-factor", dependencies=CSRF_CHECKED)
def second_factor(
    request: Request, code: Annotated[str, Form(max_length=64)], session: DbSession,
) -> Response:
    user = _pending(request, session)
    pending = load_session(request).pending
    assert pending is not None
    throttle, client = web_state(request).throttle, client_of(request)
    refused_by = throttle.refusal(user.username, client)
    box = web_state(request).totp_box
    if refused_by is None and totp.is_enrolled(user) and totp.verify(session, box, user, code):
        throttle.succeeded(user.username, client)
        return finish_login(request, session, user, pending.next, via="password+totp")
    if refused_by is None:
        throttle.failed(user.username, client)
    audit.record(session, user.username, "login_failed",
                 detail={"refused_by": refused_by or "second_factor"})
    return render(request, "second_factor.html", {"error": CODE_REFUSED}, status_code=401)


# --- enrolment: at sign-in when required, or from one's own security page --------------------


def _enrolling(request: Request, session: Session) -> tuple[AppUser, bool]:
    """The account setting up its second factor, and whether it is mid-login (not signed in)."""
    data = load_session(request)
    user = pending_user(request, session, data.pending)
    if user is not None and data.pending is not None and data.pending.enrol:
        return user, True
    if data.user_id is not None:
        officer_user = session.get(AppUser, data.user_id)
        if officer_user is not None and officer_user.oidc_subject is None:
            return officer_user, False
    raise NotLoggedIn


def _enrol_context(request: Request, session: Session, user: AppUser, error: str | None) -> dict[str, object]:
    secret = totp.start_enrolment(session, web_state(request).totp_box, user)
    uri = totp.provisioning_uri(secret, user.username)
    return {"secret": secret, "qr_svg": totp.qr_svg(uri), "error": error, "username": user.username}


@router.get("/login/enrol", response_class=HTMLResponse)
def enrol_page(request: Request, session: DbSession) -> Response:
    user, _ = _enrolling(request, session)
    if totp.is_enrolled(user):
        raise HTTPException(status_code=400, detail="A second factor is set up already.")
    return render(request, "enrol.html", _enrol_context(request, session, user, None))


@router.post("/login/enrol", dependencies=CSRF_CHECKED)
def enrol(request: Request, code: Annotated[str, Form(max_length=64)], session: DbSession) -> Response:
    user, mid_login = _enrolling(request, session)
    if mid_login and web_state(request).throttle.refusal(user.username, client_of(request)) is not None:
        context = _enrol_context(request, session, user, CODE_REFUSED)
        return render(request, "enrol.html", context, status_code=401)
    codes = totp.confirm_enrolment(session, web_state(request).totp_box, user, code)
    if codes is None:
        if mid_login:
            web_state(request).throttle.failed(user.username, client_of(request))
        context = _enrol_context(request, session, user, CODE_REFUSED)
        return render(request, "enrol.html", context, status_code=400)
    audit.record(session, user.username, "totp_enrolled")
    data = load_session(request)
    next_path = data.pending.next if mid_login and data.pending else "/account/security"
    shown = render(request, "recovery_codes.html", {"codes": codes, "next": safe_next(next_path)})
    if mid_login:
        return finish_login(request, session, user, next_path, via="password+totp", response=shown)
    return shown


@router.get("/account/security", response_class=HTMLResponse)
def security_page(request: Request, officer: LoggedIn, session: DbSession) -> Response:
    user = session.get(AppUser, officer.id)
    assert user is not None
    context = {"user": user, "enrolled": totp.is_enrolled(user), "codes": None,
               "codes_left": totp.recovery_codes_left(session, user)}
    return render(request, "account_security.html", context)


@router.post("/account/security/recovery-codes", dependencies=CSRF_CHECKED)
def renew_recovery_codes(request: Request, officer: LoggedIn, session: DbSession) -> Response:
    user = session.get(AppUser, officer.id)
    assert user is not None
    if not totp.is_enrolled(user):
        raise HTTPException(status_code=400, detail="Set up a second factor first.")
    codes = totp.new_recovery_codes(session, user)
    audit.record(session, user.username, "recovery_codes_renewed")
    return render(request, "recovery_codes.html", {"codes": codes, "next": "/account/security"})


# --- OpenID Connect ---------------------------------------------------------------------------


def _provider(request: Request) -> OidcClient:
    client = web_state(request).oidc
    if client is None:
        raise HTTPException(status_code=404, detail="Single sign-on is not set up.")
    return client


def _redirect_uri(request: Request, client: OidcClient) -> str:
    return client.config.redirect_uri or str(request.url_for("oidc_callback"))


def _refused(request: Request, session: Session, reason: str, message: str) -> Response:
    log.warning("single sign-on refused: %s", reason)
    audit.record(session, "?", "login_failed", detail={"via": "oidc", "reason": reason})
    oidc = web_state(request).config.oidc
    context = {"next": "/", "error": f"Single sign-on did not work: {message}.",
               "sso_label": oidc.button_label if oidc else None}
    return render(request, "login.html", context, status_code=403)


@router.get("/login/oidc")
def oidc_start(request: Request, session: DbSession, next: str = "/") -> Response:
    client = _provider(request)
    try:
        url, pending = client.begin(_redirect_uri(request, client), safe_next(next))
    except OidcRefused as exc:
        return _refused(request, session, exc.reason, str(exc))
    data = load_session(request)
    replace_session(request, SessionData(csrf=data.csrf, oidc=pending.to_dict()))
    response = RedirectResponse(url, status_code=303)
    write_session_cookie(request, response)
    return response


@router.get(CALLBACK_PATH, name="oidc_callback")
def oidc_callback(request: Request, session: DbSession) -> Response:
    client = _provider(request)
    pending = Pending.from_dict(load_session(request).oidc)
    replace_session(request, new_session())
    if pending is None:
        return _refused(request, session, "no_pending", NOT_STARTED_HERE)
    try:
        identity = client.finish(dict(request.query_params), pending, _redirect_uri(request, client))
    except OidcRefused as exc:
        return _refused(request, session, exc.reason, str(exc))
    role = client.config.role_for(identity.groups)
    try:
        user = oidc_user(session, identity.issuer, identity.subject, identity.username, role, identity.email)
    except UserError as exc:
        return _refused(request, session, "user_refused", str(exc))
    return finish_login(request, session, user, pending.next, via="oidc")
