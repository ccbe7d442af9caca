"""Outlook .msg files to RFC 5322 bytes (extract-msg), so they are read like any attached message."""

from __future__ import annotations

import logging

from parsers.errors import Unreadable
from parsers.limits import Limits

log = logging.getLogger(__name__)


def msg_to_eml(source: str, data: bytes, limits: Limits) -> bytes:
    """The .msg as a MIME message: headers, bodies and attachments (embedded .msg included)."""
    import extract_msg

    for name in ("extract_msg", "olefile", "RTFDE"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        msg = extract_msg.openMsg(data, delayAttachments=False, errorBehavior=_error_behaviour())
    except Exception as exc:  # extract-msg raises its own and olefile's errors
        raise Unreadable(_msg_error(exc)) from exc
    try:
        as_email = msg.asEmailMessage()  # type: ignore[attr-defined]
        raw = as_email.as_bytes()
    except Exception as exc:
        log.debug("msg conversion failed", exc_info=True)
        raise Unreadable(_msg_error(exc)) from exc
    finally:
        msg.close()
    if len(raw) > limits.max_decompressed_bytes:
        mb = limits.max_decompressed_bytes // 2**20
        raise Unreadable(f"the Outlook message expands to more than {mb} MB")
    return bytes(raw)


def _error_behaviour() -> object:
    from extract_msg.enums import ErrorBehavior

    return ErrorBehavior.SUPPRESS_ALL if hasattr(ErrorBehavior, "SUPPRESS_ALL") else sum(ErrorBehavior)


def _msg_error(exc: Exception) -> str:
    text = f"{type(exc).__name__} {exc}".lower()
    if "encrypt" in text or "signed" in text:
        return "the Outlook message (.msg) is encrypted or signed and could not be read"
    return f"the Outlook message (.msg) is damaged or of an unsupported kind ({type(exc).__name__})"
