"""The limits every untrusted file is read under."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limits:
    timeout_seconds: float = 30.0
    """Wall-clock time for reading one file (one worker job)."""
    memory_mb: int = 768
    """Memory a worker may map on top of what it starts with."""
    max_attachment_bytes: int = 25 * 1024 * 1024
    max_pages: int = 200
    max_decompressed_bytes: int = 100 * 1024 * 1024
    """Total size of what a container (zip, winmail.dat, .docx, .odt) expands to."""
    max_zip_ratio: float = 100.0
    max_zip_members: int = 50
    max_nesting: int = 3
    ocr_enabled: bool = True
    sandbox: bool = True
    """Read each file in a worker process that the time and memory limits can stop."""
    workers: int = 2
    """How many worker processes may read files at the same time."""
    max_ocr_pages: int = 40
    """Scanned pages read by OCR in one file; pages beyond are reported, not read."""
    max_image_pixels: int = 60_000_000
    """Pixels of one image or rendered page (60 MP: an A4 page at 1,200 dpi is 140 MP)."""
    ocr_dpi: int = 300
    max_xml_part_bytes: int = 50 * 1024 * 1024
    """One XML part inside a .docx or .odt, decompressed."""
    message_seconds: float = 25.0
    """Time for reading all the files of one message (attachments, scanned pages); what is
    left unread when it runs out is reported as such. Keeps `rtt check` within 30 s."""
    deadline: float | None = None
    """Set by `parse_message`: when reading this message's files must end (time.monotonic())."""
    max_text_chars: int = 600_000
    """Text read from one file (about 200 pages): longer files are not plans, and would only
    slow the checks down. The message's own text and HTML bodies are cut at the same length."""
    passwords: tuple[str, ...] = field(default=(), repr=False)
    """Passwords a school gave in the thread, tried on password-protected files. A secret: never
    logged, never shown (`repr=False`), never stored apart from the mail that carried it."""
    max_message_bytes: int = 50 * 1024 * 1024
    """A larger message is not read at all (`MessageTooLarge`): the daemon has stored it, and
    an officer sees why it was not read."""


DEFAULT_LIMITS = Limits()
