"""Administrators only: the users (add, unlock, disable, reset a password, require or reset a
second factor). Officers get 403 here.

Unlock forgets the account's failed logins, in the store and in the login throttle."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlmodel import col

from store.models import AppUser
from web import audit, totp
from web.deps import CSRF_CHECKED, Admin, DbSession, render, web_state
from web.users import ROLES, UserError, create_user, set_disabled, set_password, set_totp_required

router = APIRouter()


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(
    request: Request, admin: Admin, session: DbSession
) -> Response:
    return render_users_page(request, session, None)


def render_users_page(
    request: Request, session: DbSession, error: str | None, status_code: int = 200
) -> Response:
    """The users page (an admin's, and the page a refused change of an officer's email returns to)."""
    users = list(session.execute(select(AppUser).order_by(col(AppUser.username))).scalars())
    context = {"users": users, "roles": ROLES, "error": error,
               "require_totp": web_state(request).config.require_totp}
    return render(request, "users.html", context, status_code=status_code)


@router.post("/admin/users", dependencies=CSRF_CHECKED)
def add_user(
    request: Request, username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)], role: Annotated[str, Form()], admin: Admin,
    session: DbSession,
) -> Response:
    try:
        create_user(session, username.strip(), password, role)
    except UserError as exc:
        return render_users_page(request, session, str(exc), status_code=400)
    audit.record(session, admin.username, "user_add", detail={"username": username.strip(), "role": role})
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/state", dependencies=CSRF_CHECKED)
def set_state(
    request: Request, user_id: int, action: Annotated[str, Form()], admin: Admin,
    session: DbSession,
) -> Response:
    user = session.get(AppUser, user_id)
    if user is None or action not in ACTIONS:
        raise HTTPException(status_code=400, detail="No such user or action.")
    if action == "disable" and user.id == admin.id:
        raise HTTPException(status_code=400, detail="You cannot disable yourself.")
    try:
        _apply(request, session, user, action)
    except UserError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    audit.record(session, admin.username, f"user_{action}", detail={"username": user.username})
    return RedirectResponse("/admin/users", status_code=303)


ACTIONS = ("unlock", "disable", "enable", "require_totp", "unrequire_totp", "reset_totp")


def _apply(request: Request, session: DbSession, user: AppUser, action: str) -> None:
    if action == "unlock":
        user.failed_logins, user.locked_until = 0, None
        web_state(request).throttle.forgive_account(user.username)
        session.add(user)
    elif action in ("disable", "enable"):
        set_disabled(session, user, action == "disable")
    elif action in ("require_totp", "unrequire_totp"):
        set_totp_required(session, user, action == "require_totp")
    else:
        totp.reset(session, user)


@router.post("/admin/users/{user_id}/password", dependencies=CSRF_CHECKED)
def reset_password(
    request: Request, user_id: int, password: Annotated[str, Form(max_length=1024)], admin: Admin,
    session: DbSession,
) -> Response:
    """A new password for a local account (the user's sessions end); refused when weak."""
    user = session.get(AppUser, user_id)
    if user is None:
        raise HTTPException(status_code=400, detail="No such user.")
    try:
        set_password(session, user, password)
    except UserError as exc:
        return render_users_page(request, session, str(exc), status_code=400)
    audit.record(session, admin.username, "user_password_reset", detail={"username": user.username})
    return RedirectResponse("/admin/users", status_code=303)
