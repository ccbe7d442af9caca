"""Excel workbooks (issue 9): a school's timetable in a .xlsx is read as the table Excel shows."""

from __future__ import annotations

from parsers import sniff
from parsers.documents import read_document
from parsers.limits import Limits
from tests.filemakers import xlsx_bytes, zip_bomb

_LIMITS = Limits(ocr_enabled=False)
_HOURS = [
    ["Week", "w/c", "Start", "Mon", "Total hrs"],
    [1.0, ("date", 46811), ("time", 0.375), 2.5, ("sum", 12.5)],
    [2.0, ("date", 46818), ("time", 0.375), 4, ("sum", 20)],
]


def _read(data: bytes) -> tuple[str, tuple[tuple[str, ...], ...]]:
    kind = sniff.sniff_type(data, "application/octet-stream", "hours.xlsx")
    doc = read_document("hours.xlsx", kind, data, _LIMITS)
    return doc.text, doc.pages[0].tables[0] if doc.pages and doc.pages[0].tables else ()


def test_a_workbook_is_known_by_its_bytes() -> None:
    assert sniff.sniff_type(xlsx_bytes(_HOURS), "application/octet-stream", "x.bin") == sniff.XLSX


def test_cells_read_as_excel_shows_them_dates_times_and_formula_results() -> None:
    _text, table = _read(xlsx_bytes(_HOURS))
    assert table[0] == ("Week", "w/c", "Start", "Mon", "Total hrs")
    assert table[1] == ("1", "28/02/2028", "9:00", "2.5", "12.5")
    assert table[2] == ("2", "06/03/2028", "9:00", "4", "20")


def test_the_sheets_name_and_rows_are_its_text() -> None:
    text, _table = _read(xlsx_bytes(_HOURS, sheet="Hours"))
    assert text.splitlines()[:2] == ["Hours", "Week w/c Start Mon Total hrs"]


def test_a_zip_that_is_no_workbook_is_refused_with_a_reason() -> None:
    doc = read_document("hours.xlsx", sniff.XLSX, zip_bomb(50), _LIMITS)
    assert not doc.readable and doc.error is not None and "zip bomb" in doc.error
