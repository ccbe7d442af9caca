"""One attached file to an `Attachment`: sniffed, hashed, and read under the limits.

Documents (PDF, Word, OpenDocument, RTF, text, images) get a `Document`. Containers are
opened: a .zip to one level, a winmail.dat (TNEF) with its body as the container's text;
their files become `children`, each read in its own job. An Outlook .msg or an attached
.eml becomes `message` (a `ParsedMessage`, read by the `read_message` the caller gives:
`parsers.mail.parse_message`, which also lists it in `forwarded`). Nothing here raises for
bad input.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from parsers import sniff
from parsers.documents import read_document, readable_type, unreadable
from parsers.errors import MessageUnreadable, Refused
from parsers.limits import Limits
from parsers.model import Attachment, Document, ParsedMessage
from parsers.sandbox import run_job

log = logging.getLogger(__name__)

_CONTAINERS = {sniff.ZIP: "zip", sniff.TNEF: "tnef"}
_MESSAGES = {sniff.MSG, sniff.EML}

MessageReader = Callable[[bytes, Limits, int], ParsedMessage]
"""Reads an attached message's bytes at a nesting depth, raising `MessageUnreadable` for
what is not mail: `parsers.mail.parse_message`."""


def read_file(
    name: str,
    declared: str,
    payload: bytes,
    limits: Limits,
    read_message: MessageReader,
    depth: int = 0,
    in_zip: bool = False,
) -> Attachment:
    content_type = sniff.sniff_type(payload, declared, name)
    document: Document | None = None
    children: tuple[Attachment, ...] = ()
    message: ParsedMessage | None = None
    if len(payload) > limits.max_attachment_bytes:
        mb = limits.max_attachment_bytes // (1024 * 1024)
        document = unreadable(name, f"the file is larger than {mb} MB")
    elif content_type in _CONTAINERS:
        document, children = _read_container(name, content_type, payload, limits, read_message, depth, in_zip)
    elif content_type in _MESSAGES:
        document, message = _read_message(name, content_type, payload, limits, read_message, depth)
    elif readable_type(content_type):
        document = read_document(name, content_type, payload, limits)
    return Attachment(
        filename=name,
        declared_type=declared,
        content_type=content_type,
        size=len(payload),
        sha256=hashlib.sha256(payload).hexdigest(),
        payload=payload,
        document=document,
        children=children,
        message=message,
    )


def _read_container(
    name: str,
    content_type: str,
    payload: bytes,
    limits: Limits,
    read_message: MessageReader,
    depth: int,
    in_zip: bool,
) -> tuple[Document, tuple[Attachment, ...]]:
    if depth >= limits.max_nesting:
        return unreadable(name, "files nested this deep are not opened"), ()
    if content_type == sniff.ZIP and in_zip:
        return unreadable(name, "a zip inside a zip is not opened (send the files themselves)"), ()
    try:
        unpacked = run_job(_CONTAINERS[content_type], (name, payload, limits), limits)
    except Refused as exc:
        return unreadable(name, exc.reason), ()
    inner_zip = in_zip or content_type == sniff.ZIP
    children = tuple(
        _child(m.name, m.data, m.error, limits, read_message, depth + 1, inner_zip) for m in unpacked.members
    )
    return unpacked.document, children


def _child(
    name: str,
    data: bytes,
    error: str | None,
    limits: Limits,
    read_message: MessageReader,
    depth: int,
    in_zip: bool,
) -> Attachment:
    safe = sniff.safe_filename(name, "file.bin")
    if error is not None:
        return Attachment(
            filename=safe, declared_type=sniff.OCTET, content_type=sniff.sniff_type(b"", sniff.OCTET, safe),
            size=0, sha256=hashlib.sha256(b"").hexdigest(), payload=b"", document=unreadable(safe, error),
        )
    return read_file(safe, sniff.OCTET, data, limits, read_message, depth, in_zip)


def _read_message(
    name: str, content_type: str, payload: bytes, limits: Limits, read_message: MessageReader, depth: int
) -> tuple[Document, ParsedMessage | None]:
    if depth >= limits.max_nesting:
        return unreadable(name, "messages nested this deep are not opened"), None
    raw = payload
    if content_type == sniff.MSG:
        try:
            raw = run_job("msg", (name, payload, limits), limits)
        except Refused as exc:
            return unreadable(name, exc.reason), None
    try:
        message = read_message(raw, limits, depth + 1)
    except MessageUnreadable as exc:
        return unreadable(name, f"the attached message could not be read: {exc}"), None
    return Document(source=name), message


def attached_messages(attachments: tuple[Attachment, ...]) -> list[ParsedMessage]:
    """Messages carried by attachments (and by files inside containers), in order."""
    out: list[ParsedMessage] = []
    for a in attachments:
        if a.message is not None:
            out.append(a.message)
        out.extend(attached_messages(a.children))
    return out
