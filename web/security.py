"""Sessions, CSRF tokens, password hashing and the security headers (throttling: web.throttle).

The session is a signed cookie (itsdangerous) holding a random CSRF token and, once logged in,
the user's id and a fingerprint of their password hash and session epoch (a password change or
a logout ends the user's sessions, a copied cookie included).
Nothing about a child is ever put in the cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

from store.models import AppUser

SESSION_COOKIE = "rtt_session"
_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("not-a-real-password-" + secrets.token_hex(8))


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; always spends the same work, even for unknown users."""
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def session_fingerprint(user: AppUser) -> str:
    """A short digest of the stored hash and the user's session epoch: it changes when the
    password does, or when the user logs out (which ends every session of theirs)."""
    return hashlib.sha256(f"{user.session_epoch}:{user.password_hash}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class PendingLogin:
    """A local account whose password was right and whose second factor is still to come."""

    user_id: int
    fingerprint: str
    since: int
    """Unix time of the password check (the second factor must follow within minutes)."""
    next: str
    enrol: bool
    """True: the account must set up its second factor first."""

    def to_list(self) -> list[Any]:
        return [self.user_id, self.fingerprint, self.since, self.next, self.enrol]

    @classmethod
    def from_list(cls, raw: Any) -> PendingLogin | None:
        if not isinstance(raw, list) or len(raw) != 5:
            return None
        user_id, fingerprint, since, next_path, enrol = raw
        if not (isinstance(user_id, int) and isinstance(fingerprint, str) and isinstance(since, int)
                and isinstance(next_path, str) and isinstance(enrol, bool)):
            return None
        return cls(user_id, fingerprint, since, next_path, enrol)


@dataclass
class SessionData:
    csrf: str
    user_id: int | None = None
    fingerprint: str | None = None
    seen: int | None = None
    """Unix time of the signed-in user's last page (sessions end after RTT_WEB_IDLE_MINUTES)."""
    pending: PendingLogin | None = None
    oidc: dict[str, str] | None = None
    """state, nonce and PKCE verifier of a single sign-on under way (web.oidc.Pending)."""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"c": self.csrf, "u": self.user_id, "f": self.fingerprint}
        if self.seen is not None:
            data["t"] = self.seen
        if self.pending is not None:
            data["p"] = self.pending.to_list()
        if self.oidc is not None:
            data["o"] = self.oidc
        return data


def new_session() -> SessionData:
    return SessionData(csrf=secrets.token_urlsafe(32))


class SessionCodec:
    """Signs and reads the session cookie; a cookie older than max_age is refused."""

    def __init__(self, secret_key: str, max_age_seconds: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt="rtt-web-session")
        self.max_age_seconds = max_age_seconds

    def dumps(self, data: SessionData) -> str:
        return self._serializer.dumps(data.to_dict())

    def loads(self, cookie: str | None) -> SessionData | None:
        if not cookie:
            return None
        try:
            raw = self._serializer.loads(cookie, max_age=self.max_age_seconds)
        except BadSignature:
            return None
        if not isinstance(raw, dict) or not isinstance(raw.get("c"), str):
            return None
        user_id = raw.get("u")
        fingerprint = raw.get("f")
        seen = raw.get("t")
        oidc = raw.get("o")
        return SessionData(
            csrf=raw["c"],
            user_id=user_id if isinstance(user_id, int) else None,
            fingerprint=fingerprint if isinstance(fingerprint, str) else None,
            seen=seen if isinstance(seen, int) else None,
            pending=PendingLogin.from_list(raw.get("p")),
            oidc={str(k): str(v) for k, v in oidc.items()} if isinstance(oidc, dict) else None,
        )


def csrf_matches(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), str(given).encode())


def content_security_policy(nonce: str) -> str:
    """No script at all; styles from our own static files (or a nonce'd block on print pages)."""
    return (
        "default-src 'none'; "
        f"style-src 'self' 'nonce-{nonce}'; "
        "img-src 'self'; "
        "form-action 'self'; "
        "frame-ancestors 'none'; "
        "base-uri 'none'"
    )
