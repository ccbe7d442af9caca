"""One attached file to an `Attachment`: sniffed, hashed, and read under the limits."""

from __future__ import annotations

import hashlib

from parsers import sniff
from parsers.documents import read_document
from parsers.limits import Limits
from parsers.model import Attachment

# Files that carry the plan's text; others (signature images, logos) are kept but not read.
_DOCUMENT_TYPES = {sniff.PDF, sniff.DOCX, "text/plain", "text/csv"}


def read_attachment(name: str, declared: str, payload: bytes, limits: Limits, depth: int = 0) -> Attachment:
    content_type = sniff.sniff_type(payload, declared, name)
    document = None
    if content_type in _DOCUMENT_TYPES:
        document = read_document(name, content_type, payload, limits)
    return Attachment(
        filename=name,
        declared_type=declared,
        content_type=content_type,
        size=len(payload),
        sha256=hashlib.sha256(payload).hexdigest(),
        payload=payload,
        document=document,
    )
