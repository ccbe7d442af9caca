"""Scanned tables read as their typed originals are, where the scan lost part of them: a cell
border a shadow or a faint copy wiped out, a header OCR misread, a rule read as an answer, inner
rules read as bars, a shaded header row."""

from __future__ import annotations

import shutil
from datetime import date

import numpy as np
import pytest
from PIL import ImageDraw

from parsers import sniff
from parsers.extract import extract_facts
from parsers.extract.lookup import is_empty
from parsers.extract.weektables import read_week_table
from parsers.facts import WeekHours
from parsers.limits import Limits
from parsers.mail import read_attachment
from parsers.model import Document, Page
from parsers.ocr import _bars_split, _rows_completed, _shaded_cells_read, _shaded_rows_split
from tests.filemakers import PLAN_ROWS, image_bytes, scanned_plan_page
from tests.minimail import message

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="needs Debian's tesseract-ocr (scripts/bootstrap)"
)


def test_a_cell_whose_border_was_lost_is_the_rows_band_across_its_column() -> None:
    rows = [
        [(282.0, 1168.0, 776.0, 1249.0), None],
        [(282.0, 1249.0, 776.0, 1378.0), None],
        [(282.0, 1499.0, 776.0, 1589.0), (776.0, 1499.0, 2211.0, 1589.0)],
    ]
    assert _rows_completed(rows) == [
        [(282.0, 1168.0, 776.0, 1249.0), (776.0, 1168.0, 2211.0, 1249.0)],
        [(282.0, 1249.0, 776.0, 1378.0), (776.0, 1249.0, 2211.0, 1378.0)],
        rows[2],
    ]


def test_a_cell_another_spans_stays_merged() -> None:
    title_across = [
        [(282.0, 2233.0, 2211.0, 2298.0), None, None],
        [(282.0, 2298.0, 968.0, 2363.0), (968.0, 2298.0, 1319.0, 2363.0), (1319.0, 2298.0, 2211.0, 2363.0)],
    ]
    label_down_two_rows = [
        [(0.0, 0.0, 100.0, 80.0), (100.0, 0.0, 300.0, 40.0)],
        [None, (100.0, 40.0, 300.0, 80.0)],
    ]
    assert _rows_completed(title_across) == title_across
    assert _rows_completed(label_down_two_rows) == label_down_two_rows


@pytest.mark.slow
@needs_tesseract
def test_a_scanned_table_with_its_right_border_faded_keeps_its_answers() -> None:
    page = scanned_plan_page(signed=False, dpi=300, noise=6.0)
    scale = 300 / 72
    draw = ImageDraw.Draw(page)
    right = 545 * scale
    draw.rectangle((right - 8, 100 * scale - 8, right + 8, (100 + 26 * 3) * scale - 4), fill=255)
    data = image_bytes(page, "PNG", 300)
    doc = read_attachment("scan.png", sniff.OCTET, data, Limits(timeout_seconds=60)).document
    assert doc is not None and doc.readable
    assert doc.pages[0].tables[0] == PLAN_ROWS


def test_a_week_column_ocr_misread_in_the_header_is_found_by_its_numbered_rows() -> None:
    rows = (
        ("Wic Pattern", "", "", "Hrs", "Review due", "Nékes at review"),
        ("1", "04.10.27", "Mon-Fri 9:00-11:00", "10", "-", ""),
        ("2", "11.10.27", "Mon-Fri 9:00-12:00", "15", "Review 15.10.27", ""),
        ("3", "18.10.27", "Mon-Fri 9:00-13:00", "20", "-", ""),
        ("FT", "25.10.27", "Normal school day", "32.5", "-", ""),
    )
    table = read_week_table(rows, date(2027, 10, 1))
    assert table is not None
    assert table.weeks == (WeekHours(1, 10.0), WeekHours(2, 15.0), WeekHours(3, 20.0))
    assert (table.first_day, table.full_time_date) == (date(2027, 10, 4), date(2027, 10, 25))


def test_rows_not_numbered_from_one_are_no_week_table() -> None:
    rows = (("Item", "Cost", "Hrs"), ("12", "Taxi", "3"), ("40", "Tutor", "2"))
    assert read_week_table(rows, date(2027, 10, 1)) is None


@pytest.mark.parametrize("value", ["—_", "- -", "_ _ _", "...", "~", "—"])
def test_a_rule_or_its_ocr_garble_is_no_answer(value: str) -> None:
    assert is_empty(value)


@pytest.mark.parametrize("value", ["☒", "No", "1", "— see page 2"])
def test_a_mark_or_a_word_is_an_answer(value: str) -> None:
    assert not is_empty(value)


def _scanned_status_table(header: str, answers: tuple[str, ...]) -> dict[str, bool | None]:
    rows = (("Status (mark each)", "", "", "", "", ""), (header, "", "", "", "", ""), answers)
    page = Page(1, "Status (mark each)\n", tables=(rows,), ocr_confidence=84.0)
    facts = extract_facts([message("Scan attached.", documents=[Document("scan.pdf", (page,))])])
    return facts.circumstances


def test_a_scanned_header_whose_rules_ocr_read_as_bars_is_split_over_its_answers() -> None:
    found = _scanned_status_table(
        "Looked after? | Court order? |CP plan? [CIN plan? | TAF / EH plan?",
        ("☐ Yes ☒ No", ".", "☐ Yes ☒ No", "☒ Yes ☐ No", "☐ Yes ☒ No", "☐ Yes ☒ No"),
    )
    assert [found[c] for c in ("looked_after", "court_order", "child_protection")] == [False, False, True]
    assert [found[c] for c in ("child_in_need", "team_around_family")] == [False, False]


def test_bars_over_fewer_answers_than_labels_answer_nothing() -> None:
    found = _scanned_status_table(
        "Looked after? | Court order? |CP plan? [CIN plan? | TAF / EH plan?",
        ("☐ Yes ☒ No", "☒ Yes ☐ No", "", "", "", ""),
    )
    assert found["child_protection"] is None and found["court_order"] is None


def test_a_shaded_cell_is_thresholded_by_its_own_pixels() -> None:
    pixels = np.full((120, 400), 235, np.uint8)
    pixels[10:60, 10:390] = 192  # a grey header band, below the page's threshold
    pixels[25:45, 40:120] = 40  # its dark text
    pixels[80:100, 40:120] = 40  # text on white paper below
    ink = pixels < 200
    band, plain = (10.0, 10.0, 390.0, 60.0), (10.0, 60.0, 390.0, 110.0)
    shaded = _shaded_cells_read(pixels, ink, 200.0, [[[band], [plain]]])
    assert shaded == {band}
    assert ink[25:45, 40:120].all() and not ink[15:22, 130:380].any(), "the text stands out of its fill"
    assert ink[80:100, 40:120].all() and not ink[65:75, 130:380].any(), "white paper's cells untouched"


def test_a_shaded_row_found_as_one_cell_takes_the_columns_below() -> None:
    header = (0.0, 0.0, 300.0, 20.0)
    rows: list[list[tuple[float, float, float, float] | None]] = [
        [header, None, None],
        [(0.0, 20.0, 100.0, 40.0), (100.0, 20.0, 200.0, 40.0), (200.0, 20.0, 300.0, 40.0)],
    ]
    split = _shaded_rows_split(rows, {header})
    assert split[0] == [(0.0, 0.0, 100.0, 20.0), (100.0, 0.0, 200.0, 20.0), (200.0, 0.0, 300.0, 20.0)]
    assert _shaded_rows_split(rows, set()) == rows, "an unshaded title across the table stays one cell"


def test_the_rules_inside_a_shaded_cell_are_not_read_as_letters() -> None:
    pixels = np.full((60, 400), 235, np.uint8)
    pixels[5:55, 5:395] = 192
    pixels[5:55, 200:203] = 30  # the rule between two columns the fill hid
    pixels[20:40, 40:120] = 40
    ink = pixels < 200
    _shaded_cells_read(pixels, ink, 200.0, [[[(5.0, 5.0, 395.0, 55.0)]]])
    assert ink[20:40, 40:120].all() and not ink[9:51, 195:208].any()


def test_a_row_read_as_one_cell_with_its_rules_as_bars_is_split_at_them() -> None:
    assert _bars_split(("| From | Seestons | Hours", "", "", "")) == ("", "From", "Seestons", "Hours")
    assert _bars_split(("Week | From | Hours", "", "")) == ("Week", "From", "Hours")
    grid = ("Week | Mon [tue l wed | Thu | Fri | Hrs", "", "", "", "", "", "")
    assert _bars_split(grid) == ("Week", "Mon", "tue", "wed", "Thu", "Fri", "Hrs")
    specked = ("we. |Mon ‘|Tue | Weed | Thu | fet | Fotal", "", "", "", "", "", "")
    assert _bars_split(specked) == ("we.", "Mon", "Tue", "Weed", "Thu", "fet", "Fotal")


def test_bars_that_do_not_give_the_rows_cells_one_for_one_split_nothing() -> None:
    crowded = ("Looked after? | Court order? |CP plan? [CIN plan?", "", "", "", "", "")
    assert _bars_split(crowded) == crowded
    assert _bars_split(("a | b | c", "filled", "")) == ("a | b | c", "filled", "")


def test_a_row_one_bar_short_is_not_split_it_cannot_tell_where_the_cell_went() -> None:
    header = ("Name | Signature | Date", "", "", "")  # the role column has no head: the first cell is lost
    assert _bars_split(header) == header
