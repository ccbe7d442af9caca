"""Excel workbooks (.xlsx): each sheet a page of one table, its cells as Excel shows them.

Schools keep timetables in Excel: week rows, day columns, times, dates and `SUM` totals. The
cells hold numbers; the number format says what they mean: a date is a serial day count
(46331 is 5 November 2026), a time a fraction of a day (0.375 is 9:00). They are written as a
person reading the sheet sees them, dates as dd/mm/yyyy and times as H:MM, so the readers of
tables read a workbook as they read a Word table. A formula's cached value is its result.

Read with the standard library and defusedxml under the package limits (a zip bomb or an XML
entity declaration is refused as for a .docx).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, timedelta
from typing import Any

from parsers.errors import Unreadable
from parsers.limits import Limits
from parsers.model import Document, Page
from parsers.office import check_package

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAX_SHEETS = 20
_MAX_ROWS = 2000
_MAX_COLUMNS = 60
_DATE_FORMATS = frozenset(range(14, 18)) | {22}
_TIME_FORMATS = frozenset({18, 19, 20, 21, 45, 46, 47})
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_EXCEL_EPOCH = date(1899, 12, 30)


def read_xlsx(source: str, data: bytes, limits: Limits) -> Document:
    check_package(data, limits, "Excel workbook")
    from defusedxml import ElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())

            def xml(name: str) -> Any:
                return ElementTree.fromstring(zf.read(name)) if name in names else None

            shared = _shared_strings(xml("xl/sharedStrings.xml"))
            formats = _cell_formats(xml("xl/styles.xml"))
            pages = []
            for number, (title, path) in enumerate(
                _sheets(xml("xl/workbook.xml"), xml("xl/_rels/workbook.xml.rels")), 1
            ):
                rows = _rows(xml(path), shared, formats)
                pages.append(_page(number, title, rows))
    except Unreadable:
        raise
    except Exception as exc:  # defusedxml's refusals, XML syntax errors, a damaged zip
        raise Unreadable(f"the Excel workbook is damaged ({type(exc).__name__})") from exc
    if not pages:
        raise Unreadable("the Excel workbook has no sheets")
    return Document(source=source, pages=tuple(pages))


def _page(number: int, title: str, rows: list[tuple[str, ...]]) -> Page:
    lines = [title, *(" ".join(c for c in row if c) for row in rows)]
    text = "\n".join(line for line in lines if line.strip())
    return Page(
        number=number, text=text, tables=(tuple(rows),) if rows else (), headings=(title,) if title else ()
    )


def _sheets(workbook: Any, rels: Any) -> list[tuple[str, str]]:
    """(sheet name, part path) in the workbook's order."""
    if workbook is None:
        return []
    targets = {}
    for rel in rels.iter(f"{_PKG_REL}Relationship") if rels is not None else ():
        target = rel.get("Target", "")
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    out = []
    for sheet in list(workbook.iter(f"{_MAIN}sheet"))[:_MAX_SHEETS]:
        path = targets.get(sheet.get(f"{_REL}id"))
        if path:
            out.append((sheet.get("name", ""), path))
    return out


def _shared_strings(root: Any) -> list[str]:
    if root is None:
        return []
    return ["".join(t.text or "" for t in si.iter(f"{_MAIN}t")) for si in root.iter(f"{_MAIN}si")]


def _cell_formats(root: Any) -> list[str]:
    """For each cell style (the `s` of a cell), what its number format shows: 'date', 'time' or ''."""
    if root is None:
        return []
    custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in root.iter(f"{_MAIN}numFmt")}
    xfs = root.find(f"{_MAIN}cellXfs")
    out = []
    for xf in xfs.iter(f"{_MAIN}xf") if xfs is not None else ():
        out.append(_format_kind(int(xf.get("numFmtId", "0")), custom))
    return out


def _format_kind(number: int, custom: dict[int, str]) -> str:
    if number in _DATE_FORMATS:
        return "date"
    if number in _TIME_FORMATS:
        return "time"
    code = _QUOTED.sub("", custom.get(number, "")).lower()
    if re.search(r"[dy]", code) or re.search(r"m{3,}", code):
        return "date"
    if re.search(r"[hs]", code):
        return "time"
    return ""


def _rows(sheet: Any, shared: list[str], formats: list[str]) -> list[tuple[str, ...]]:
    if sheet is None:
        return []
    grid: dict[int, dict[int, str]] = {}
    for row_number, row in enumerate(sheet.iter(f"{_MAIN}row")):
        if row_number >= _MAX_ROWS:
            break
        r = int(row.get("r", row_number + 1))
        for cell in row.iter(f"{_MAIN}c"):
            column = _column(cell.get("r", ""))
            if column is None or column >= _MAX_COLUMNS:
                continue
            text = _cell_text(cell, shared, formats)
            if text:
                grid.setdefault(r, {})[column] = text
    if not grid:
        return []
    width = max(c for cells in grid.values() for c in cells) + 1
    return [tuple(grid[r].get(c, "") for c in range(width)) for r in sorted(grid)]


def _column(ref: str) -> int | None:
    letters = re.match(r"[A-Z]+", ref)
    if not letters:
        return None
    index = 0
    for ch in letters.group(0):
        index = index * 26 + ord(ch) - 64
    return index - 1


def _cell_text(cell: Any, shared: list[str], formats: list[str]) -> str:
    kind = cell.get("t", "n")
    value = cell.find(f"{_MAIN}v")
    raw = value.text if value is not None and value.text is not None else ""
    if kind == "inlineStr":
        return " ".join("".join(t.text or "" for t in cell.iter(f"{_MAIN}t")).split())
    if kind == "s":
        index = int(raw) if raw.isdigit() else -1
        return " ".join(shared[index].split()) if 0 <= index < len(shared) else ""
    if kind == "b":
        return "TRUE" if raw == "1" else "FALSE" if raw else ""
    if kind in ("str", "e"):
        return raw.strip()
    style = int(cell.get("s", "0") or 0)
    return _number_text(raw, formats[style] if style < len(formats) else "")


def _number_text(raw: str, kind: str) -> str:
    try:
        number = float(raw)
    except ValueError:
        return raw.strip()
    if kind == "date" and 1 <= number < 2958466:
        day = _EXCEL_EPOCH + timedelta(days=int(number))
        return day.strftime("%d/%m/%Y")
    if kind == "time" and 0 <= number < 1:
        minutes = round(number * 24 * 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    return f"{number:g}" if abs(number) < 1e15 else raw
