"""A table set beside a letter's running text (issue 9: blind 24's two-column letter with an 'At a
glance' box): the letter's sentences are read whole, then the box's rows, one line a row; a
table across the page is read as before."""

from __future__ import annotations

from parsers.limits import Limits
from parsers.pdf import read_pdf
from tests.filemakers import ruled_box, typed_pdf

_LETTER = [
    "Thank you for meeting us on 8 March 2028",
    "to talk about Amira's return to full days.",
    "The key facts are in the box on the right.",
    "Amira will attend school for shorter days",
    "from Monday 13 March 2028 and will be back",
    "on a full timetable from Monday 3 April.",
    "Alongside the shorter days: mentoring.",
]
_BOX = [("Pupil", "Amira Haddad"), ("Start", "13/03/2028"), ("Contact", "Mrs Soraya Benali")]


def _letter_with_box(x0: float, x1: float) -> bytes:
    lines = [(72.0, 150.0 + 14 * i, text) for i, text in enumerate(_LETTER)]
    drawings = []
    middle = (x0 + x1) / 2
    for i, (label, value) in enumerate(_BOX):
        top = 140.0 + 30 * i
        drawings += [ruled_box(x0, top, middle, top + 30), ruled_box(middle, top, x1, top + 30)]
        lines += [(x0 + 4, top + 18, label), (middle + 4, top + 18, value)]
    return typed_pdf([lines], [b"\n".join(drawings)])


def test_a_box_beside_the_letter_is_read_after_it_row_by_row() -> None:
    page = read_pdf("letter.pdf", _letter_with_box(340.0, 575.0), Limits()).document.pages[0]  # type: ignore[union-attr]
    assert "Thank you for meeting us on 8 March 2028\nto talk about Amira’s return" in page.text
    assert page.text.rstrip().endswith("Pupil Amira Haddad\nStart 13/03/2028\nContact Mrs Soraya Benali")


def test_a_table_with_little_beside_it_is_read_as_before() -> None:
    """Three lines of text beside a box (a header's address) are no running text."""
    lines = [(72.0, 150.0 + 14 * i, text) for i, text in enumerate(_LETTER[:3])]
    drawings = [ruled_box(340.0, 140.0, 457.0, 170.0), ruled_box(457.0, 140.0, 575.0, 170.0)]
    lines += [(344.0, 158.0, "Pupil"), (461.0, 158.0, "Amira")]
    page = read_pdf("letter.pdf", typed_pdf([lines], [b"\n".join(drawings)]), Limits()).document.pages[0]  # type: ignore[union-attr]
    assert page.text.index("Pupil Amira") < page.text.index("The key facts")
