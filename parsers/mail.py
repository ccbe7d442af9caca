"""Raw RFC 5322 bytes to a `ParsedMessage`, read with mail-parser.

Defects are kept, not thrown away: a broken boundary or a bad header becomes a line in
`defects`, and the rest of the message is still read.
"""

from __future__ import annotations

import dataclasses
import email.errors
import email.header
import email.utils
import hashlib
import logging
import re
import time
from datetime import datetime
from email.message import Message
from typing import Any

import mailparser

from parsers import sniff
from parsers.address import AddressRefused, sender_of
from parsers.attachments import attached_messages, read_file
from parsers.errors import MessageTooLarge, MessageUnreadable
from parsers.htmltext import html_to_text
from parsers.limits import Limits
from parsers.model import Address, Attachment, ParsedMessage

log = logging.getLogger(__name__)

_MAX_HEADER_CHARS = 16_384
_FORWARD_MARKERS = re.compile(
    r"^[ >]*(?:-{2,}\s*(?:Forwarded message|Original Message)\s*-{2,}|Begin forwarded message:)\s*$|"
    r"^(?=>[ >]*From:[^\n]*@[^\n]*\n>[ >]*(?:Sent|Date):[^\n]+\n"
    r"(?:>[ >]*(?:To|Cc):[^\n]*\n){0,2}>[ >]*Subject:)",
    re.IGNORECASE | re.MULTILINE,
)
"""Where a message quoted in the body starts: a 'Forwarded message' or 'Original Message' line,
or a quoted Outlook header block with no such line ('> From: ... @...', '> Sent:', '> To:',
'> Subject:')."""
_BARE_ADDRESS = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_INLINE_HEADER = re.compile(r"^[ >]*(From|Sent|Date|To|Cc|Subject)\s*:\s*(.*)$", re.IGNORECASE)

def parse_message(raw: bytes, limits: Limits, depth: int = 0) -> ParsedMessage:
    """Parse one message and its attachments. Raises MessageUnreadable only for non-mail."""
    if len(raw) > limits.max_message_bytes:
        raise MessageTooLarge(
            f"the message is {len(raw) / 1_048_576:.0f} MB, over the limit of "
            f"{limits.max_message_bytes / 1_048_576:.0f} MB: it was stored as it came and not read"
        )
    if limits.deadline is None:  # one time budget for all the files of this message
        limits = dataclasses.replace(limits, deadline=time.monotonic() + limits.message_seconds)
    try:
        mp = mailparser.parse_from_bytes(raw)
    except Exception as exc:  # mail-parser raises assorted types on hostile input
        raise MessageUnreadable(f"not a readable email message ({type(exc).__name__})") from exc
    msg: Message = mp.message
    headers = _decoded_headers(msg)
    if not headers:
        raise MessageUnreadable("not an email message: no headers found")
    text_body = "\n".join(mp.text_plain or [])[: limits.max_text_chars]
    html_text = html_to_text("\n".join(mp.text_html or [])[: limits.max_text_chars * 4])[
        : limits.max_text_chars
    ]
    attachments, attached = _walk_parts(msg, limits, depth)
    inline_forwards = _inline_forwards(text_body or html_text)
    sender, sender_refused = _strict_sender(msg)
    return ParsedMessage(
        message_id=_first(headers, "message-id"),
        from_=sender,
        sender_refused=sender_refused,
        to=_addresses(headers, "to"),
        cc=_addresses(headers, "cc"),
        reply_to=_addresses(headers, "reply-to"),
        subject=_first(headers, "subject") or "",
        date=_parse_date(_first(headers, "date")),
        headers=tuple(headers),
        text_body=text_body,
        html_body_text=html_text,
        attachments=tuple(attachments),
        forwarded=tuple(attached + inline_forwards),
        defects=tuple(_defects(mp, msg)),
        content_type=msg.get_content_type(),
        in_reply_to=_first(headers, "in-reply-to"),
        references=tuple(_first(headers, "references", "").split()),
    )


def read_attachment(
    name: str, declared: str, payload: bytes, limits: Limits, depth: int = 0, in_zip: bool = False
) -> Attachment:
    """One attached file, read as `parse_message` reads it: an attached message is parsed too."""
    return read_file(name, declared, payload, limits, parse_message, depth, in_zip)


def _raw_header_values(msg: Message, name: str) -> list[str]:
    """A header's values as they came, RFC 2047 words not decoded; raw UTF-8 bytes read as UTF-8."""
    out: list[str] = []
    for value in msg.get_all(name) or []:
        if isinstance(value, email.header.Header):  # raw 8-bit bytes: kept whole, not decoded
            chunks = value._chunks  # the only way to the undecoded bytes
            text = "".join(_utf8_text(c) for c, _charset in chunks)
        else:
            text = str(value)
        out.append(text)
    return out


def _utf8_text(chunk: object) -> str:
    if isinstance(chunk, str):
        return chunk.encode("ascii", "surrogateescape").decode("utf-8", "replace")
    return str(chunk)


def _strict_sender(msg: Message) -> tuple[Address | None, str | None]:
    """The one address in the undecoded From header, or None and why it was refused."""
    try:
        found = sender_of(_raw_header_values(msg, "from"))
    except AddressRefused as exc:
        return None, f"unknown sender: {exc}"
    return Address(name=_decode_header(found.display_name).strip('" '), email=found.email.lower()), None


def _decode_header(value: str) -> str:
    try:
        parts = email.header.decode_header(value)
        out = []
        for chunk, charset in parts:
            if isinstance(chunk, bytes):
                out.append(chunk.decode(charset or "utf-8", errors="replace"))
            else:
                out.append(chunk)
        text = "".join(out)
    except (LookupError, ValueError, UnicodeError, AssertionError, email.errors.HeaderParseError):
        text = str(value)
    return " ".join(text.split())[:_MAX_HEADER_CHARS]


def _decoded_headers(msg: Message) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, value in msg.items():
        out.append((str(key).lower().strip(), _decode_header(str(value))))
    return out


def _first(headers: list[tuple[str, str]], name: str, default: str | None = None) -> Any:
    return next((v for k, v in headers if k == name), default)


def _addresses(headers: list[tuple[str, str]], name: str) -> tuple[Address, ...]:
    values = [v for k, v in headers if k == name]
    try:
        pairs = email.utils.getaddresses(values)
    except RecursionError:  # a hostile header nests phrases deeper than the parser recurses
        pairs = [("", found) for v in values for found in _BARE_ADDRESS.findall(v)[:100]]
    return tuple(Address(name=n.strip(), email=e.strip().lower()) for n, e in pairs if "@" in e)


def _first_address(headers: list[tuple[str, str]], name: str) -> Address | None:
    found = _addresses(headers, name)
    return found[0] if found else None


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo else None


def _walk_parts(msg: Message, limits: Limits, depth: int) -> tuple[list[Attachment], list[ParsedMessage]]:
    attachments: list[Attachment] = []
    forwarded: list[ParsedMessage] = []
    for index, part in enumerate(_leaf_parts(msg)):
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            inner = _attached_message(part, limits, depth)
            if inner is not None:
                forwarded.append(inner)
            continue
        if not _is_attachment(part):
            continue
        payload = _payload_bytes(part)
        name = sniff.safe_filename(_part_filename(part), f"attachment-{index + 1}.bin")
        attachments.append(read_attachment(name, ctype, payload, limits, depth))
    forwarded.extend(attached_messages(tuple(attachments)))  # .msg, .eml, and those inside zips
    return attachments, forwarded


def _leaf_parts(msg: Message) -> list[Message]:
    """Every non-multipart part, without descending into attached messages."""
    out: list[Message] = []
    stack = [msg]
    while stack and len(out) < 500:
        part = stack.pop(0)
        if part.get_content_type() == "message/rfc822":
            out.append(part)
        elif part.is_multipart():
            payload = part.get_payload()
            if isinstance(payload, list):
                stack[0:0] = [p for p in payload if isinstance(p, Message)]
        elif part is not msg or _is_attachment(part):
            out.append(part)
    return out


def _is_attachment(part: Message) -> bool:
    ctype = part.get_content_type()
    disposition = str(part.get("Content-Disposition") or "").lower()
    if "attachment" in disposition or _part_filename(part):
        return not (ctype in ("text/plain", "text/html") and "attachment" not in disposition)
    return ctype.split("/")[0] in ("application", "image")


def _part_filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except (LookupError, ValueError, TypeError, AttributeError):
        return None
    return _decode_header(name) if name else None


def _payload_bytes(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except (ValueError, TypeError, AssertionError, LookupError):
        data = None
    if isinstance(data, bytes):
        return data
    raw = part.get_payload()
    return raw.encode("utf-8", errors="replace") if isinstance(raw, str) else b""


def _attached_message(part: Message, limits: Limits, depth: int) -> ParsedMessage | None:
    if depth >= limits.max_nesting:
        return None
    payload = part.get_payload()
    inner = payload[0] if isinstance(payload, list) and payload else None
    raw = inner.as_bytes() if isinstance(inner, Message) else _payload_bytes(part)
    try:
        return parse_message(raw, limits, depth + 1)
    except (MessageUnreadable, Exception):  # an unreadable forward never stops the outer one
        log.debug("attached message could not be read", exc_info=True)
        return None


def before_inline_forward(body: str) -> str:
    """The body up to its first 'Forwarded message' line: what follows is read as the forward."""
    mark = _FORWARD_MARKERS.search(body)
    return body[: mark.start()] if mark else body


def _inline_forwards(body: str) -> list[ParsedMessage]:
    """Messages quoted in the body under a 'Forwarded message' or 'Original Message' line."""
    out: list[ParsedMessage] = []
    marks = list(_FORWARD_MARKERS.finditer(body))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(body)
        block = body[mark.end() : end]
        out.append(_inline_message(block))
    return out


def _inline_message(block: str) -> ParsedMessage:
    headers: list[tuple[str, str]] = []
    lines = block.strip("\n").splitlines()
    consumed = 0
    for consumed, line in enumerate(lines):  # noqa: B007
        match = _INLINE_HEADER.match(line)
        if match:
            headers.append((match.group(1).lower(), match.group(2).strip()))
        elif line.strip() or headers:
            if not line.strip():
                break
            if not match and headers:
                break
    body = "\n".join(ln.lstrip("> ") for ln in lines[consumed:])
    date = _first(headers, "date") or _first(headers, "sent")
    return ParsedMessage(
        message_id=None,
        from_=_first_address(headers, "from"),
        to=_addresses(headers, "to"),
        cc=_addresses(headers, "cc"),
        reply_to=(),
        subject=_first(headers, "subject") or "",
        date=_parse_date(date),
        headers=tuple(headers),
        text_body=body,
        html_body_text="",
    )


def _defects(mp: Any, msg: Message) -> list[str]:
    out: list[str] = []
    for d in getattr(msg, "defects", []) or []:
        out.append(type(d).__name__)
    for cat in getattr(mp, "defects_categories", []) or []:
        if cat not in out:
            out.append(str(cat))
    return out[:50]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
