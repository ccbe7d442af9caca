"""Administrators only: the users (add, unlock, disable). Officers get 403 here.

Unlock forgets the account's failed logins, in the store and in the login throttle."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlmodel import col

from store.models import AppUser
from web import audit
from web.deps import CSRF_CHECKED, Admin, DbSession, render, web_state
from web.users import ROLES, UserError, create_user

router = APIRouter()


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(
    request: Request, admin: Admin, session: DbSession
) -> Response:
    users = list(session.execute(select(AppUser).order_by(col(AppUser.username))).scalars())
    return render(request, "users.html", {"users": users, "roles": ROLES, "error": None})


@router.post("/admin/users", dependencies=CSRF_CHECKED)
def add_user(
    request: Request, username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)], role: Annotated[str, Form()], admin: Admin,
    session: DbSession,
) -> Response:
    try:
        create_user(session, username.strip(), password, role)
    except UserError as exc:
        users = list(session.execute(select(AppUser).order_by(col(AppUser.username))).scalars())
        return render(request, "users.html", {"users": users, "roles": ROLES, "error": str(exc)},
                      status_code=400)
    audit.record(session, admin.username, "user_add", detail={"username": username.strip(), "role": role})
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/state", dependencies=CSRF_CHECKED)
def set_state(
    request: Request, user_id: int, action: Annotated[str, Form()], admin: Admin,
    session: DbSession,
) -> Response:
    user = session.get(AppUser, user_id)
    if user is None or action not in ("unlock", "disable", "enable"):
        raise HTTPException(status_code=400, detail="No such user or action.")
    if action == "disable" and user.id == admin.id:
        raise HTTPException(status_code=400, detail="You cannot disable yourself.")
    user.disabled = action == "disable" if action != "unlock" else user.disabled
    if action == "unlock":
        user.failed_logins, user.locked_until = 0, None
        web_state(request).throttle.forgive_account(user.username)
    session.add(user)
    audit.record(session, admin.username, f"user_{action}", detail={"username": user.username})
    return RedirectResponse("/admin/users", status_code=303)
