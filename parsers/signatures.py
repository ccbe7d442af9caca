"""Where a signature should be, and whether something is there: the same rules for typed and scanned pages.

A signature is judged by what is on the page: a mark (an image, a drawn curve, ink on a
scan) in the signature box of a row labelled with a role ("Parent/carer"), or on the line
to the right of (or just above) a label such as "Parent/carer signature:". Printed text in
the box is not a mark. The caller supplies `has_mark(bbox)`, so this module holds geometry
only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

BBox = tuple[float, float, float, float]
"""x0, top, x1, bottom, in the page's own units (points or pixels), top-down."""

_SIGNATURE_HEADER = re.compile(r"\bsign(ed|ature)?\b", re.IGNORECASE)
_FIELD_FOLLOWS = re.compile(r"^([:_.\-–—|]|\(|date\b|name\b|print)", re.IGNORECASE)
_SIGNATURE_LABEL = re.compile(r"^(?P<label>.{2,60}?)[\s:_-]*\b(signature|signed)\b[\s:_.-]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Word:
    text: str
    bbox: BBox


@dataclass(frozen=True)
class Cell:
    text: str
    bbox: BBox | None


TableRows = Sequence[Sequence[Cell]]
MarkTest = Callable[[BBox], bool]


def clean_label(text: str) -> str:
    return " ".join(text.replace("\n", " ").split()).strip(" :-_")


def table_marks(tables: Sequence[TableRows], has_mark: MarkTest) -> list[str]:
    """Rows of a table with a "Signature" column whose signature cell holds a mark."""
    return [label for label, box in signature_cells(tables) if has_mark(box)]


def signature_cells(tables: Sequence[TableRows]) -> list[tuple[str, BBox]]:
    """(row label, box) of every cell under a "Signature" column heading."""
    found: list[tuple[str, BBox]] = []
    for rows in tables:
        column = _signature_column(rows)
        if column is None:
            continue
        header_index, col = column
        for row in rows[header_index + 1:]:
            if col >= len(row) or not row:
                continue
            label = clean_label(row[0].text)
            box = row[col].bbox
            if label and box is not None:
                found.append((label, box))
    return found


def _signature_column(rows: TableRows) -> tuple[int, int] | None:
    for r, row in enumerate(rows[:3]):
        for c, cell in enumerate(row):
            if c > 0 and _SIGNATURE_HEADER.search(cell.text or "") and len(cell.text) < 40:
                return r, c
    return None


def line_marks(lines: Sequence[Sequence[Word]], page_width: float, has_mark: MarkTest) -> list[str]:
    """Labels such as "Parent/carer signature:" with a mark to their right or just above the line."""
    found: list[str] = []
    for words in lines:
        for end in range(len(words)):
            if not re.search(r"sign(ed|ature)", words[end].text, re.IGNORECASE):
                continue
            label_words = words[: end + 1]
            text = " ".join(w.text for w in label_words)
            match = _SIGNATURE_LABEL.match(text)
            if not match:
                continue
            label = clean_label(match.group("label"))
            rest = words[end + 1:]
            if rest and not _FIELD_FOLLOWS.match(rest[0].text):
                break  # "Mrs Bennett signed this plan ...": prose, not a place to sign
            if label and has_mark(_right_of(words, end, page_width)):
                found.append(label)
            break
    return found


def _right_of(words: Sequence[Word], end: int, page_width: float) -> BBox:
    _, top, x1, bottom = words[end].bbox
    height = max(bottom - top, 1.0)
    right = page_width
    for w in words[end + 1:]:
        if re.match(r"(date|name|print)\b", w.text, re.IGNORECASE):
            right = w.bbox[0]
            break
    return (x1 + height * 0.3, top - height * 2.0, right, bottom + height * 0.6)


def overlaps(a: BBox, b: BBox, min_fraction: float = 0.0) -> bool:
    """Do two boxes intersect (by at least `min_fraction` of a's area)?"""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return False
    area = max((a[2] - a[0]) * (a[3] - a[1]), 1e-9)
    return (w * h) / area >= min_fraction


def unique(labels: Sequence[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for label in labels:
        seen.setdefault(label, None)
    return tuple(seen)
