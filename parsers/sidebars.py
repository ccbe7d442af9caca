"""A table set beside running text, as a letter's 'At a glance' box down its right margin: the
page's lines run across both, so read as one they interleave the letter's sentences with the
box's cells ('...to talk about Pupil' / 'Fatima-Zahra El' / 'Fatima-Zahra's return to full
days...'). Such a page is read as the text outside the tables, then each table's rows, one line
a row (its cells, not the lines they wrap onto).

A table is beside the text when it takes at most half the page's width and the page has text
to its side on several of the lines it spans; a table across the page, or one with a label or
two beside it, is read as before."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

BBox = tuple[float, float, float, float]
_MOST_OF_THE_WIDTH = 0.5
_LINES_BESIDE = 4
_LINE_STEP = 3.0


def tables_beside_text(chars: Sequence[dict[str, Any]], boxes: Sequence[BBox], width: float) -> list[int]:
    """Of the tables' boxes (x0, top, x1, bottom), the indices of those with running text beside them."""
    return [
        i
        for i, box in enumerate(boxes)
        if box[2] - box[0] <= width * _MOST_OF_THE_WIDTH and _lines_beside(chars, box) >= _LINES_BESIDE
    ]


def _lines_beside(chars: Sequence[dict[str, Any]], box: BBox) -> int:
    x0, top, x1, bottom = box
    tops = sorted(
        float(c["top"])
        for c in chars
        if top <= float(c["top"]) < bottom
        and (float(c["x1"]) <= x0 or float(c["x0"]) >= x1)
        and str(c["text"]).strip()
    )
    lines = 0
    last = None
    for t in tops:
        if last is None or t - last > _LINE_STEP:
            lines += 1
        last = t
    return lines


def inside(char: dict[str, Any], box: BBox) -> bool:
    x0, top, x1, bottom = box
    mid_x = (float(char["x0"]) + float(char["x1"])) / 2
    mid_y = (float(char["top"]) + float(char["bottom"])) / 2
    return x0 <= mid_x <= x1 and top <= mid_y <= bottom


def outside(chars: Sequence[dict[str, Any]], boxes: Sequence[BBox]) -> list[dict[str, Any]]:
    """The characters outside every box."""
    return [char for char in chars if not any(inside(char, box) for box in boxes)]


def row_lines(tables: Sequence[Sequence[Sequence[str]]]) -> str:
    """The tables' rows, one line a row, its cells' words in order."""
    return "\n".join(_row_text(row) for table in tables for row in table)


def _row_text(row: Sequence[str]) -> str:
    return " ".join(" ".join(cell.split()) for cell in row if cell.strip())


def heading_rows(tables: Sequence[Sequence[Sequence[str]]], styled: Sequence[str]) -> tuple[str, ...]:
    """The tables' rows of one cell that the page sets as headings ('AT A GLANCE', 'AGREED BY')."""
    headings = {" ".join(line.split()) for line in styled}
    rows = (_row_text(row) for table in tables for row in table)
    return tuple(row for row in rows if row in headings and row)


_PROSE_CELL = 60
_SHORT_LABEL = 40
_ANSWER_ONLY = re.compile(r"^\W*(?:yes|no|y|n|n/a|[☐☒☑✓✔x])?\W*$", re.IGNORECASE)


def letter_beside_box(rows: Sequence[Sequence[str]]) -> bool:
    """A word processor's layout table that holds a letter in its first column and a box of
    labels and values in the others ('Thank you for meeting us ...' | 'Pupil' | 'Ayaan, Year 6'):
    most first cells are sentences (none a question), the second column holds labels, not
    answers, and the third their values."""
    firsts = [row[0].strip() for row in rows if row and row[0].strip()]
    if any(c.endswith("?") for c in firsts):
        return False
    prose = [c for c in firsts if len(c) >= _PROSE_CELL]
    if len(prose) < 4 or len(prose) < 0.6 * len(firsts):
        return False
    labels = [row[1].strip() for row in rows if len(row) >= 3 and row[1].strip()]
    values = [row[2].strip() for row in rows if len(row) >= 3 and row[2].strip()]
    if len(labels) < 4 or len(values) < 0.5 * len(labels):
        return False
    return all(len(c) <= _SHORT_LABEL and not _ANSWER_ONLY.match(c) for c in labels)


def letter_then_box(rows: Sequence[Sequence[str]]) -> list[str]:
    """Such a table's lines: the letter's paragraphs, then the box's rows."""
    letter = [row[0] for row in rows if row and row[0].strip()]
    box = [_row_text(row[1:]) for row in rows if any(c.strip() for c in row[1:])]
    return [*letter, *box]


def table_lines(rows: Sequence[Sequence[str]]) -> list[str]:
    """A word processor's table as lines of text: one a row, or, for a letter beside a box, the
    letter's paragraphs and then the box's rows."""
    if letter_beside_box(rows):
        return letter_then_box(rows)
    return [" ".join(c for c in row if c) for row in rows]
