"""A stored message's parts by the standard library's MIME parser (fast), and an attachment's
bytes found by their digest wherever they sit (the full parser only for one inside a container:
a zip, a forwarded message). Used by the case page and the subject access export."""

from __future__ import annotations

import email
import email.policy
import hashlib
import logging
from email.message import EmailMessage

from parsers.errors import MessageUnreadable
from parsers.limits import Limits
from parsers.mail import parse_message

log = logging.getLogger(__name__)


def as_message(raw: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def attachment_payload(raw: bytes, sha256: str) -> bytes | None:
    """The bytes of the attachment with this digest, wherever it sits in the message."""
    try:
        for part in as_message(raw).walk():
            if part.is_multipart():
                continue
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and hashlib.sha256(payload).hexdigest() == sha256:
                return payload
    except Exception:  # hostile MIME can break the stdlib parser in many ways
        log.debug("stdlib walk failed", exc_info=True)
    return _nested_payload(raw, sha256)


def _nested_payload(raw: bytes, sha256: str) -> bytes | None:
    try:
        parsed = parse_message(raw, Limits(ocr_enabled=False))
    except MessageUnreadable:
        return None
    found = next((a for a in parsed.all_attachments() if a.sha256 == sha256), None)
    return found.payload if found else None
