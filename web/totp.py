"""A local account's second factor: a TOTP code (RFC 6238, pyotp: 6 digits, 30 s) or a
single-use recovery code.

Enrolment keeps an unconfirmed secret on the account until a code from it is typed; only then
does it count, and ten recovery codes are made and shown once (stored as SHA-256: each is 50
random bits, so a slow hash adds nothing). The secret is stored sealed (`SecretBox`: Fernet,
with a key derived from the web secret key), so a copy of the database alone gives nobody's
codes; a changed RTT_WEB_SECRET_KEY means every user enrols again (an admin resets them).
A code is accepted one step either side of now, and a step once used is refused again (a code
seen over a shoulder cannot be replayed).
Accounts that sign in through OpenID Connect leave the second factor to their provider.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import secrets
import time
from datetime import UTC, datetime
from typing import Literal

import pyotp
import qrcode
import qrcode.image.svg
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlmodel import Session, col, select

from store.models import AppUser, RecoveryCode

ISSUER_NAME = "RTT intake"
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_CHARS = 10
STEP_SECONDS = 30
Step = Literal["verify", "enrol"]


class SecretBox:
    """Seals and opens TOTP secrets with a key derived (HKDF-SHA256) from the web secret key."""

    def __init__(self, secret_key: str) -> None:
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"rtt-totp-secret").derive(
            secret_key.encode()
        )
        self._fernet = Fernet(base64.urlsafe_b64encode(derived))

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode()

    def open(self, sealed: str | None) -> str | None:
        """The secret, or None when there is none or it was sealed under another key."""
        if sealed is None:
            return None
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            return None


def is_enrolled(user: AppUser) -> bool:
    return user.totp_secret is not None and user.totp_confirmed_at is not None


def second_factor_step(user: AppUser, required_for_all: bool) -> Step | None:
    """What a local account must do after its password: verify a code, enrol first, or nothing."""
    if user.oidc_subject is not None:
        return None
    if is_enrolled(user):
        return "verify"
    if required_for_all or user.totp_required:
        return "enrol"
    return None


def start_enrolment(session: Session, box: SecretBox, user: AppUser) -> str:
    """The account's unconfirmed secret (a new one unless one is already waiting)."""
    waiting = box.open(user.totp_secret) if user.totp_confirmed_at is None else None
    if waiting is not None:
        return waiting
    secret = pyotp.random_base32()
    user.totp_secret = box.seal(secret)
    user.totp_confirmed_at = None
    user.totp_last_step = None
    session.add(user)
    return secret


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER_NAME)


def qr_svg(uri: str) -> str:
    """The otpauth:// URI as an inline SVG (the pages allow no script and no data: images)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    text = buffer.getvalue().decode("utf-8")
    return text[text.index("<svg"):] if "<svg" in text else text


def _digits(code: str) -> str:
    return "".join(ch for ch in code if not ch.isspace())


def check_code(session: Session, box: SecretBox, user: AppUser, code: str, now: float | None = None) -> bool:
    """True (and the step is spent) when the code is the account's for now, one step either side."""
    secret = box.open(user.totp_secret)
    code = _digits(code)
    if secret is None or len(code) != 6 or not code.isdigit():
        return False
    totp = pyotp.TOTP(secret)
    current = int((time.time() if now is None else now) // STEP_SECONDS)
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            if user.totp_last_step is not None and step <= user.totp_last_step:
                return False
            user.totp_last_step = step
            session.add(user)
            return True
    return False


def confirm_enrolment(session: Session, box: SecretBox, user: AppUser, code: str) -> list[str] | None:
    """The new recovery codes when the code matches the waiting secret, else None."""
    if user.totp_confirmed_at is not None or not check_code(session, box, user, code):
        return None
    user.totp_confirmed_at = datetime.now(UTC)
    session.add(user)
    return new_recovery_codes(session, user)


def _hash(code: str) -> str:
    normal = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()


def _unused_codes(session: Session, user: AppUser) -> list[RecoveryCode]:
    query = select(RecoveryCode).where(RecoveryCode.user_id == user.id, col(RecoveryCode.used_at).is_(None))
    return list(session.exec(query))


def new_recovery_codes(session: Session, user: AppUser) -> list[str]:
    """Ten fresh codes (the old ones stop working); shown once, stored hashed."""
    assert user.id is not None
    for old in session.exec(select(RecoveryCode).where(RecoveryCode.user_id == user.id)):
        session.delete(old)
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_CHARS))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        session.add(RecoveryCode(user_id=user.id, code_hash=_hash(raw)))
    session.flush()
    return codes


def use_recovery_code(session: Session, user: AppUser, code: str) -> bool:
    """True, and the code is spent, when it is one of the account's unused codes."""
    wanted = _hash(code)
    for row in _unused_codes(session, user):
        if hmac.compare_digest(row.code_hash, wanted):
            row.used_at = datetime.now(UTC)
            session.add(row)
            return True
    return False


def recovery_codes_left(session: Session, user: AppUser) -> int:
    return len(_unused_codes(session, user))


def verify(session: Session, box: SecretBox, user: AppUser, code: str) -> bool:
    """A TOTP code, or else a recovery code."""
    return check_code(session, box, user, code) or use_recovery_code(session, user, code)


def reset(session: Session, user: AppUser) -> None:
    """An admin's reset: the account enrols again (its recovery codes go too)."""
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    session.add(user)
    for old in session.exec(select(RecoveryCode).where(RecoveryCode.user_id == user.id)):
        session.delete(old)
