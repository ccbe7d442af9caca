"""Local accounts: creation (for `rtt user add` and the admin page) and checked logins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlmodel import Session, select

from store.models import AppUser
from web.security import hash_password, verify_password

Role = Literal["officer", "admin"]
ROLES: tuple[Role, ...] = ("officer", "admin")
MIN_PASSWORD_CHARS = 10
MAX_USERNAME_CHARS = 64


class UserError(ValueError):
    """A user cannot be created as asked (the message is safe to show)."""


def validate_new_user(username: str, password: str, role: str) -> None:
    if not username or len(username) > MAX_USERNAME_CHARS or not username.isprintable() or " " in username:
        raise UserError("a user name is 1 to 64 printable characters without spaces")
    if role not in ROLES:
        raise UserError("the role is officer or admin")
    if len(password) < MIN_PASSWORD_CHARS:
        raise UserError(f"the password needs at least {MIN_PASSWORD_CHARS} characters")


def create_user(session: Session, username: str, password: str, role: str) -> AppUser:
    validate_new_user(username, password, role)
    if session.exec(select(AppUser).where(AppUser.username == username)).first() is not None:
        raise UserError(f"the user {username!r} already exists")
    user = AppUser(username=username, password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    return user


@dataclass(frozen=True)
class LoginResult:
    user: AppUser | None
    locked: bool = False


def _as_aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_login(
    session: Session, username: str, password: str, lock_after: int, lock_minutes: int
) -> LoginResult:
    """The user when the password is right and the account usable; counts failures, locks."""
    user = session.exec(select(AppUser).where(AppUser.username == username)).first()
    now = datetime.now(UTC)
    if user is not None and user.locked_until is not None and _as_aware(user.locked_until) > now:
        verify_password(None, password)
        return LoginResult(None, locked=True)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None:
        return LoginResult(None)
    if not ok or user.disabled:
        user.failed_logins += 1
        if user.failed_logins >= lock_after:
            user.locked_until = now + timedelta(minutes=lock_minutes)
            user.failed_logins = 0
        session.add(user)
        return LoginResult(None)
    user.failed_logins = 0
    user.locked_until = None
    session.add(user)
    return LoginResult(user)
