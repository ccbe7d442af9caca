"""Which lines of a page are set as headings: bold, or larger than the page's body text."""

from __future__ import annotations

from collections import Counter
from typing import Any

_MAX_HEADING_CHARS = 90


def _is_bold(fontname: str) -> bool:
    name = fontname.lower()
    return "bold" in name or "black" in name or "heavy" in name or name.endswith(",b")


def pdf_styled_lines(page: Any) -> tuple[str, ...]:
    """Lines of a pdfplumber page whose every character is bold or above the body size."""
    try:
        lines = page.extract_text_lines(return_chars=True)
    except Exception:  # layout failures never stop the text
        return ()
    return styled_lines_of(lines)


def styled_lines_of(lines: list[dict[str, Any]]) -> tuple[str, ...]:
    """Of text lines with their characters (pdfplumber's `extract_text_lines`), those whose every
    character is bold or above the body size."""
    sizes = Counter(round(float(c["size"]), 1) for ln in lines for c in ln["chars"] if c["text"].strip())
    if not sizes:
        return ()
    body = sizes.most_common(1)[0][0]
    out: list[str] = []
    for ln in lines:
        chars = [c for c in ln["chars"] if c["text"].strip()]
        text = " ".join(str(ln["text"]).split())
        if not chars or len(text) > _MAX_HEADING_CHARS:
            continue
        bold = all(_is_bold(str(c.get("fontname", ""))) for c in chars)
        big = min(float(c["size"]) for c in chars) > body + 0.5
        if bold or big:
            out.append(text)
    return tuple(out)
