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


@dataclass
class SessionData:
    csrf: str
    user_id: int | None = None
    fingerprint: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"c": self.csrf, "u": self.user_id, "f": self.fingerprint}


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
        return SessionData(
            csrf=raw["c"],
            user_id=user_id if isinstance(user_id, int) else None,
            fingerprint=fingerprint if isinstance(fingerprint, str) else None,
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
