"""Reading a stored message for the case page: its body as text, an attachment's bytes.

Sender HTML is reduced to text here and never rendered. Only the standard library's MIME
parser runs on a page view (fast); the full parser runs only to find an attachment that sits
inside a container (a zip, a forwarded message).
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import logging
import re
import threading
from collections import OrderedDict
from email.message import Message

from parsers.htmltext import html_to_text
from parsers.limits import Limits
from parsers.mail import read_attachment
from parsers.payloads import as_message as _as_message
from store.erasure import on_content_removed

log = logging.getLogger(__name__)
BODY_LIMIT = 20_000


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def body_text(raw: bytes, limit: int = BODY_LIMIT) -> str:
    """The message's text: the plain part, else the HTML part reduced to text."""
    try:
        msg = _as_message(raw)
        part = msg.get_body(preferencelist=("plain", "html"))
    except Exception:  # hostile MIME can break the stdlib parser in many ways
        log.debug("body unreadable", exc_info=True)
        return ""
    if part is None:
        return ""
    text = _part_text(part)
    if part.get_content_type() == "text/html":
        text = html_to_text(text)
    if len(text) > limit:
        return text[:limit] + "\n[… cut here: the message is longer]"
    return text


def threading_headers(raw: bytes) -> tuple[str | None, list[str]]:
    """The message's Message-ID and References (for a follow-up's In-Reply-To/References)."""
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    except Exception:
        return None, []
    message_id = str(msg.get("Message-ID", "")).strip() or None
    references = str(msg.get("References", "")).split()
    return message_id, references


_PAGE_CACHE: OrderedDict[str, list[tuple[int, str]]] = OrderedDict()
_PAGE_CACHE_SIZE = 64
_PAGE_LOCK = threading.Lock()


def page_texts(filename: str, content_type: str, payload: bytes, limits: Limits) -> list[tuple[int, str]]:
    """The text of each page of an attachment, read by the same parsers as the daemon (a few
    seconds for a scan or a long PDF, so the last files read are kept, by digest)."""
    digest = hashlib.sha256(payload).hexdigest()
    with _PAGE_LOCK:
        if digest in _PAGE_CACHE:
            _PAGE_CACHE.move_to_end(digest)
            return _PAGE_CACHE[digest]
    document = read_attachment(filename, content_type, payload, limits).document
    pages = [(p.number, p.text) for p in document.pages] if document and document.readable else []
    with _PAGE_LOCK:
        _PAGE_CACHE[digest] = pages
        while len(_PAGE_CACHE) > _PAGE_CACHE_SIZE:
            _PAGE_CACHE.popitem(last=False)
    return pages


def forget_pages(digests: set[str]) -> None:
    """Drop the page texts of attachments whose content was removed (retention, erasure)."""
    with _PAGE_LOCK:
        for digest in digests & set(_PAGE_CACHE):
            del _PAGE_CACHE[digest]


on_content_removed(forget_pages)


def _candidates(quote: str) -> list[str]:
    """The quote, then its parts: the evidence is often 'Heading: text' or a list of items."""
    out = [quote]
    if ": " in quote:
        out.append(quote.split(": ", 1)[1])
    out.extend(part for part in re.split(r"\s*(?:•|;|\n)\s*", quote) if len(part) >= 12)
    return [c.strip(" .•:") for c in out if c.strip(" .•:")]


def split_on(text: str, quote: str | None) -> tuple[str, str, str] | None:
    """(before, the quote as found, after) when the quote (or a part of it) is in the text, found
    whatever the case, the line breaks and the punctuation between words; else None."""
    if not quote or not quote.strip():
        return None
    for candidate in _candidates(quote):
        words = re.findall(r"\w+", candidate)
        found = re.search(r"\W+".join(words), text, re.IGNORECASE) if len(words) >= 2 else None
        if found:
            return text[: found.start()], found.group(0), text[found.end():]
    return None
