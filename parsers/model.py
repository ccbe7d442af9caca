"""What the parsers produce: plain, typed, immutable data. No I/O lives here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Page:
    """One page (or, for formats without pages, the whole document) of text."""

    number: int
    text: str
    tables: tuple[tuple[tuple[str, ...], ...], ...] = ()
    ocr_confidence: float | None = None
    """Mean OCR word confidence (0-100) where the text came from OCR, else None."""
    headings: tuple[str, ...] = ()
    """Lines set as headings (bold, larger, or a Word heading style), as they appear in `text`."""


@dataclass(frozen=True)
class Document:
    """The readable content of one attachment, or the reason it could not be read."""

    source: str
    """Where it came from: the attachment's safe filename, or 'body'."""
    pages: tuple[Page, ...] = ()
    form_fields: tuple[tuple[str, str], ...] = ()
    signature_marks: tuple[str, ...] = ()
    """Labels (e.g. 'Parent/carer') next to which a drawn or image signature was found."""
    readable: bool = True
    error: str | None = None
    encrypted: bool = False
    """Not read because it is password protected (and no password given in the thread opened it)."""
    notes: tuple[str, ...] = ()
    """What could not be read in an otherwise readable file (pages over the OCR limit ...)."""

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)

    @property
    def text_chars(self) -> int:
        return sum(len(p.text) for p in self.pages)


@dataclass(frozen=True)
class Attachment:
    """One attached file as received, with its sniffed type and what reading it gave."""

    filename: str
    """A safe name: no path parts, no control characters, at most 120 characters."""
    declared_type: str
    content_type: str
    """The sniffed type, from the file's first bytes where they say; else the declared type."""
    size: int
    sha256: str
    payload: bytes = field(repr=False, compare=False)
    document: Document | None = None
    children: tuple[Attachment, ...] = ()
    """Files found inside this one (a zip's members, a winmail.dat's attachments)."""
    message: ParsedMessage | None = None
    """An attached message (.msg, .eml) read as mail; it is also in the parent's `forwarded`."""


@dataclass(frozen=True)
class Address:
    name: str
    email: str


@dataclass(frozen=True)
class ParsedMessage:
    """One RFC 5322 message, with every part we could read and every defect we saw."""

    message_id: str | None
    from_: Address | None
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    reply_to: tuple[Address, ...]
    subject: str
    date: datetime | None
    headers: tuple[tuple[str, str], ...]
    """Every header as (lower-case name, decoded value), in order, repeats kept."""
    text_body: str
    html_body_text: str
    """The HTML body reduced to text (never rendered)."""
    attachments: tuple[Attachment, ...] = ()
    forwarded: tuple[ParsedMessage, ...] = ()
    """Messages forwarded inline ("Forwarded message" blocks) or attached (message/rfc822)."""
    defects: tuple[str, ...] = ()
    content_type: str = "text/plain"
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    sender_refused: str | None = None
    """Why `from_` is None although there is a From header: it is not one plain address
    (`parsers.address`). Such a message gets no reply; an officer decides."""

    def header(self, name: str) -> str | None:
        """The first value of a header, by case-insensitive name."""
        wanted = name.lower()
        return next((v for k, v in self.headers if k == wanted), None)

    def header_all(self, name: str) -> list[str]:
        wanted = name.lower()
        return [v for k, v in self.headers if k == wanted]

    @property
    def body(self) -> str:
        """The best text of the body: plain text where there is any, else the HTML's text."""
        return self.text_body if self.text_body.strip() else self.html_body_text

    def all_attachments(self) -> list[Attachment]:
        """Attachments of this message, of forwarded ones, and files inside containers."""
        out = self.own_attachments()
        for fwd in self.forwarded:
            out.extend(fwd.all_attachments())
        return out

    def own_attachments(self) -> list[Attachment]:
        """Attachments of this message and files inside containers (not those of forwarded ones)."""
        out: list[Attachment] = []

        def walk(items: tuple[Attachment, ...]) -> None:
            for a in items:
                out.append(a)
                walk(a.children)

        walk(self.attachments)
        return out
