"""The limits every untrusted file is read under."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    timeout_seconds: float = 30.0
    memory_mb: int = 768
    max_attachment_bytes: int = 25 * 1024 * 1024
    max_pages: int = 200
    max_decompressed_bytes: int = 100 * 1024 * 1024
    max_zip_ratio: float = 100.0
    max_zip_members: int = 50
    max_nesting: int = 3
    ocr_enabled: bool = True
    sandbox: bool = True
    """Read each file in a worker process that the time and memory limits can stop."""


DEFAULT_LIMITS = Limits()
