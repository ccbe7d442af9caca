"""Plain-text and HTML attachments to a `Document` (HTML read as text, never rendered)."""

from __future__ import annotations

from parsers.htmltext import html_to_text
from parsers.limits import Limits
from parsers.model import Document, Page


def read_text(source: str, data: bytes, limits: Limits) -> Document:
    text = data.decode("utf-8", errors="replace")
    return Document(source=source, pages=(Page(number=1, text=text),))


def read_html(source: str, data: bytes, limits: Limits) -> Document:
    text = html_to_text(data.decode("utf-8", errors="replace"))
    return Document(source=source, pages=(Page(number=1, text=text),))
