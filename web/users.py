"""Local accounts: creation (for `rtt user add` and the admin page) and checked logins.

A new password must pass `web.passwords` (12 characters, zxcvbn score 3); logins go through
the throttle of `web.throttle`, which slows guessing and never locks an account.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlmodel import Session, select

from parsers.address import AddressRefused, canonical_addr_spec
from parsers.errors import RttError
from store.models import AppUser
from web import audit
from web.passwords import password_problem
from web.security import hash_password, verify_password
from web.throttle import Limit, LoginThrottle

Role = Literal["officer", "admin"]
ROLES: tuple[Role, ...] = ("officer", "admin")
MAX_USERNAME_CHARS = 64


class UserError(RttError, ValueError):
    """A user cannot be created as asked (the message is safe to show)."""


def validate_new_user(username: str, password: str, role: str) -> None:
    if not _valid_username(username):
        raise UserError("a user name is 1 to 64 printable characters without spaces")
    if role not in ROLES:
        raise UserError("the role is officer or admin")
    problem = password_problem(password, user_inputs=(username,))
    if problem:
        raise UserError(problem)


def create_user(session: Session, username: str, password: str, role: str) -> AppUser:
    validate_new_user(username, password, role)
    if find_user(session, username) is not None:
        raise UserError(f"the user {username!r} already exists")
    user = AppUser(username=username, password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    return user


@dataclass(frozen=True)
class LoginAttempt:
    username: str
    password: str
    client: str
    """The throttle's key for the client address (`web.clientaddr.resolve_client`)."""
    known_user_ids: tuple[int, ...] = ()
    """Accounts this browser has logged in to before (the known-device cookie)."""


@dataclass(frozen=True)
class LoginResult:
    user: AppUser | None
    refused_by: Limit | None = None
    """The throttle's limit that refused the attempt before its password was checked."""
    newly_throttled: tuple[Limit, ...] = ()
    """Limits this failure brought into force (for the log)."""


def find_user(session: Session, username: str) -> AppUser | None:
    return session.exec(select(AppUser).where(AppUser.username == username)).first()


def check_login(session: Session, throttle: LoginThrottle, attempt: LoginAttempt) -> LoginResult:
    """The user when the password is right, the account enabled and no wait of the throttle
    runs (see web.throttle). Every refusal spends the same argon2 work, known user or not."""
    user = find_user(session, attempt.username)
    known = user is not None and user.id in attempt.known_user_ids
    refused_by = throttle.refusal(attempt.username, attempt.client, known_device=known)
    if refused_by is not None:
        verify_password(None, attempt.password)
        return LoginResult(None, refused_by=refused_by)
    ok = verify_password(user.password_hash if user else None, attempt.password)
    if user is None or not ok or user.disabled:
        newly = throttle.failed(attempt.username, attempt.client)
        _count_failure(session, user)
        return LoginResult(None, newly_throttled=tuple(newly))
    throttle.succeeded(attempt.username, attempt.client)
    user.failed_logins = 0
    user.locked_until = None
    session.add(user)
    return LoginResult(user)


def _count_failure(session: Session, user: AppUser | None) -> None:
    """Failures since the last success, for the users page (they never lock the account)."""
    if user is not None:
        user.failed_logins += 1
        session.add(user)


# --- sign-in (issue 13): single sign-on users, and what an administrator does to an account ---

OIDC_PASSWORD_HASH = "!oidc"  # noqa: S105  (not a hash: no password verifies against it)
"""The password of a single sign-on account: none (it signs in through its provider only)."""


def _valid_username(username: str) -> bool:
    short = 0 < len(username) <= MAX_USERNAME_CHARS
    return short and username.isprintable() and " " not in username


def oidc_user(
    session: Session, issuer: str, subject: str, username: str, role: str | None, email: str | None = None
) -> AppUser:
    """The account of a single sign-on identity, made on its first sign-in when its groups
    give it a role (audited as `user_add` by `oidc`); its role follows its groups at every
    sign-in (audited as `user_role`). UserError when refused. An account with no email address
    takes the ID token's (`email`), never replacing one an admin set."""
    user = _oidc_account(session, issuer, subject, username, role)
    if email and user.email is None:
        try:
            set_email(session, user, email)
        except UserError:
            return user  # not one plain address: an admin sets it
        audit.record(session, "oidc", "user_email", detail={"username": user.username, "set": True})
    return user


def _oidc_account(session: Session, issuer: str, subject: str, username: str, role: str | None) -> AppUser:
    if role is None:
        raise UserError("your account is not in a group that may use this service; ask an administrator")
    user = session.exec(
        select(AppUser).where(AppUser.oidc_issuer == issuer, AppUser.oidc_subject == subject)
    ).first()
    if user is None:
        if not _valid_username(username):
            raise UserError("the provider's user name cannot be used here (1 to 64 characters, no spaces)")
        if find_user(session, username) is not None:
            raise UserError(f"a local account is already called {username!r}; ask an administrator")
        user = AppUser(username=username, password_hash=OIDC_PASSWORD_HASH, role=role,
                       oidc_issuer=issuer, oidc_subject=subject)
        session.add(user)
        session.flush()
        audit.record(session, "oidc", "user_add", detail={"username": username, "role": role})
        return user
    if user.disabled:
        raise UserError("this account is disabled; ask an administrator")
    if user.role != role:
        change = {"username": user.username, "from": user.role, "to": role}
        audit.record(session, "oidc", "user_role", detail=change)
        user.role = role
        session.add(user)
    return user


def set_password(session: Session, user: AppUser, password: str) -> None:
    """An administrator's reset of a local password: every session of the user ends."""
    if user.oidc_subject is not None:
        raise UserError(f"{user.username} signs in through single sign-on and has no password here")
    problem = password_problem(password, user_inputs=(user.username,))
    if problem:
        raise UserError(problem)
    user.password_hash = hash_password(password)
    user.session_epoch += 1
    user.failed_logins = 0
    session.add(user)


def set_disabled(session: Session, user: AppUser, disabled: bool) -> None:
    """A disabled account cannot sign in by any means; its sessions end at once."""
    user.disabled = disabled
    if disabled:
        user.session_epoch += 1
    session.add(user)


def set_totp_required(session: Session, user: AppUser, required: bool) -> None:
    if required and user.oidc_subject is not None:
        raise UserError(f"{user.username} uses single sign-on: their provider asks for a second factor")
    user.totp_required = required
    session.add(user)


# --- officer alerts (issue 12): where an officer's alerts and digest go, and whether they go ---


def set_email(session: Session, user: AppUser, address: str) -> str | None:
    """Set (or, given an empty string, clear) the address alerts and the digest go to: one
    plain address, stored as read strictly. Returns what is stored; UserError when refused."""
    text = address.strip()
    if not text:
        user.email = None
    else:
        try:
            user.email = canonical_addr_spec(text)
        except AddressRefused as exc:
            raise UserError(f"the email address is not usable: {exc}") from None
    session.add(user)
    return user.email


def set_notifications(session: Session, user: AppUser, alerts: bool, digest: bool) -> None:
    user.alerts_enabled, user.digest_enabled = alerts, digest
    session.add(user)
