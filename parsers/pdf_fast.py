"""The fast path for PDF pages: a page's text (and headings) by pdfium, pdfplumber only where needed.

pdfplumber lays each page out with pdfminer, in Python: about 50 times slower than pdfium reads
the same characters. Tables, signature marks and scans need pdfplumber's objects (ruling lines,
rectangles, curves, images, annotations); a page with none of those is plain text, and its
characters are taken from pdfium, given the same shape as pdfplumber's own (position, size,
font), and put into lines and words by pdfplumber's own text layout. So a plain page reads as it
did, only faster.

`needs_layout` is the routing decision; `page_text` reads a plain page.
"""

from __future__ import annotations

import bisect
import ctypes
import functools
from dataclasses import dataclass
from typing import Any

from parsers import sidebars
from parsers.styles import styled_lines_of

_TEXT = 1
_PATH = 2
BULLET = 0x2022
UNMAPPED_127 = "(cid:127)"
"""What pdfminer reads for code 127 in a font without its own glyphs (Windows shows a bullet):
the page text says "•" for it, headings and table cells keep it as pdfminer read it."""
_MIN_CHARS = 20
"""A page with less text than this is left to pdfplumber, which decides whether it is a scan."""


@dataclass(frozen=True)
class FastPage:
    text: str
    headings: tuple[str, ...]
    tables: tuple[tuple[tuple[str, ...], ...], ...]


def needs_layout(page: Any, textpage: Any) -> str | None:
    """Why this pdfium page must be read by pdfplumber, or None when pdfium's text will do.

    Anything but text and straight ruling lines or rectangles (an image: a scan or a signature;
    a curve: a drawn signature; a shading; a form XObject, which may hold any of those), any
    annotation (ink, stamps, widgets), a rotated page or one whose boxes do not start at 0,0, or
    too little text (maybe a scan). Rotated text and characters without Unicode are found out by
    `read_page`.
    """
    import pypdfium2.raw as raw

    if page.get_rotation() % 360:
        return "rotated page"
    media = tuple(page.get_mediabox())
    if media != tuple(page.get_cropbox()) or media[0] != 0 or media[1] != 0:
        return "page box"
    if raw.FPDFPage_GetAnnotCount(page.raw) > 0:
        return "annotations"
    if object_types(page) - {_TEXT, _PATH}:
        return "image or form"
    if textpage.count_chars() < _MIN_CHARS:
        return "little text"
    return None


def read_page(page: Any, textpage: Any, edges: list[dict[str, Any]],
              size: tuple[float, float], bullet_text: str | None = None) -> FastPage | None:
    """The text, headings and tables of a page `needs_layout` let through, laid out as pdfplumber
    does from pdfium's characters and the page's ruling `edges` (pdfplumber's, which the caller
    found without the text); None when a character is not upright or has no Unicode: then
    pdfplumber reads the page. `size` is the page's (width, height) as pdfplumber has it.
    `bullet_text`: what pdfminer reads where pdfium reads a bullet in a font without its own
    glyphs (`parsers.pdf._bullet_text`); None sends a page with such a bullet to pdfplumber."""
    from pdfplumber.table import TableFinder, TableSettings
    from pdfplumber.utils.text import chars_to_textmap

    width, height = size
    chars = _chars(textpage, height, bullet_text)
    if chars is None:
        return None
    if not chars:
        return FastPage("", (), ())
    textmap = chars_to_textmap(chars, layout_bbox=(0.0, 0.0, width, height),
                               layout_width=width, layout_height=height)
    lines = textmap.extract_text_lines(strip=True, return_chars=True)
    tables: tuple[tuple[tuple[str, ...], ...], ...] = ()
    if edges:
        plain = _PlainPage(chars, edges, (0.0, 0.0, width, height))
        found = TableFinder(plain, TableSettings.resolve(None)).tables  # type: ignore[arg-type]
        tables = tuple(_table_rows(t, chars) for t in found)
        beside = sidebars.tables_beside_text(chars, [t.bbox for t in found], width)
        if beside:
            return _beside_tables_read(chars, [found[i].bbox for i in beside], [tables[i] for i in beside],
                                       styled_lines_of(lines), tables, size)
    return FastPage(textmap.as_string.replace(UNMAPPED_127, "•"), styled_lines_of(lines), tables)


Rows = tuple[tuple[str, ...], ...]


def _beside_tables_read(
    chars: list[dict[str, Any]],
    boxes: list[sidebars.BBox],
    beside: list[Rows],
    styled: tuple[str, ...],
    tables: tuple[Rows, ...],
    size: tuple[float, float],
) -> FastPage:
    """A page whose tables stand beside its text (`parsers.sidebars`): the text outside them,
    then their rows."""
    from pdfplumber.utils.text import chars_to_textmap

    width, height = size
    textmap = chars_to_textmap(sidebars.outside(chars, boxes), layout_bbox=(0.0, 0.0, width, height),
                               layout_width=width, layout_height=height)
    lines = textmap.extract_text_lines(strip=True, return_chars=True)
    text = "\n".join([textmap.as_string, sidebars.row_lines(beside)])
    headings = styled_lines_of(lines) + sidebars.heading_rows(beside, styled)
    return FastPage(text.replace(UNMAPPED_127, "•"), headings, tables)


def object_types(page: Any) -> set[int]:
    """The kinds of object on a pdfium page (1 text, 2 path, 3 image, 4 shading, 5 form)."""
    import pypdfium2.raw as raw

    get_type, get_object, handle = raw.FPDFPageObj_GetType, raw.FPDFPage_GetObject, page.raw
    return {get_type(get_object(handle, i)) for i in range(raw.FPDFPage_CountObjects(handle))}


def has_paths(page: Any) -> bool:
    return _PATH in object_types(page)


def _table_rows(table: Any, chars: list[dict[str, Any]]) -> tuple[tuple[str, ...], ...]:
    """pdfplumber's `Table.extract`, cleaned as `parsers.pdf` does, with each row's characters
    found by bisection rather than by testing every character of the page against every row."""
    from pdfplumber.utils.text import extract_text

    mids = sorted(((c["top"] + c["bottom"]) / 2, (c["x0"] + c["x1"]) / 2, i) for i, c in enumerate(chars))
    keys = [m[0] for m in mids]
    rows: list[tuple[str, ...]] = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        lo, hi = bisect.bisect_left(keys, top), bisect.bisect_left(keys, bottom)
        in_row = sorted((i, v, h) for v, h, i in mids[lo:hi] if x0 <= h < x1)
        cells: list[str] = []
        for cell in row.cells:
            if cell is None:
                cells.append("")
                continue
            cx0, ctop, cx1, cbottom = cell
            inside = [chars[i] for i, v, h in in_row if cx0 <= h < cx1 and ctop <= v < cbottom]
            cells.append(clean_cell(extract_text(inside)) if inside else "")
        rows.append(tuple(cells))
    return tuple(rows)


def clean_cell(cell: object) -> str:
    """A table cell's text on one line; an empty or missing cell is ''."""
    return " ".join(str(cell).split()) if cell is not None else ""


@dataclass(frozen=True)
class _PlainPage:
    """What pdfplumber's table finder asks of a page (lines strategy)."""

    chars: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    bbox: tuple[float, float, float, float]


def _chars(textpage: Any, height: float, bullet_text: str | None) -> list[dict[str, Any]] | None:
    import pypdfium2.raw as raw

    tp = textpage.raw
    rect = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    fonts: dict[int, tuple[str, float, bool]] = {}
    out: list[dict[str, Any]] = []
    object_address = _text_object_address()
    for i in range(textpage.count_chars()):
        if raw.FPDFText_IsGenerated(tp, i) == 1:
            continue
        code = raw.FPDFText_GetUnicode(tp, i)
        if code in (0, 0xFFFE) or raw.FPDFText_HasUnicodeMapError(tp, i) == 1:
            return None
        key = object_address(tp, i) or 0
        font = fonts.get(key)
        if font is None:
            obj = raw.FPDFText_GetTextObject(tp, i)
            if not raw.FPDFText_GetMatrix(tp, i, matrix):
                return None
            if matrix.b != 0 or matrix.c != 0 or matrix.a <= 0 or matrix.d <= 0:
                return None  # rotated, mirrored or vertical text: pdfplumber reads it
            handle = raw.FPDFTextObj_GetFont(obj)
            embedded = bool(handle) and raw.FPDFFont_GetIsEmbedded(handle) == 1
            font = fonts[key] = (_font_name(raw, handle), float(raw.FPDFText_GetFontSize(tp, i)), embedded)
        fontname, size, embedded = font
        text = chr(code)
        if code == BULLET and not embedded:
            if bullet_text is None:
                return None  # code 127 or a bullet: pdfplumber reads the page
            text = bullet_text
        if not raw.FPDFText_GetLooseCharBox(tp, i, rect):
            return None
        y0 = float(rect.bottom)  # pdfium's loose box stands on the font's descent, as pdfminer's
        y1 = y0 + size
        top, bottom = height - y1, height - y0
        x0, x1 = float(rect.left), float(rect.right)
        out.append({
            "text": text, "fontname": fontname, "size": size, "upright": True,
            "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "object_type": "char",
        })
    return out


@functools.cache
def _text_object_address() -> Any:
    """pdfium's FPDFText_GetTextObject giving the object's address as an int: a character's text
    object tells its font, and casting each pointer to compare it costs more than the call."""
    import pypdfium2.raw as raw

    prototype = ctypes.CFUNCTYPE(ctypes.c_void_p, raw.FPDF_TEXTPAGE, ctypes.c_int)
    return ctypes.cast(raw.FPDFText_GetTextObject, prototype)


def _font_name(raw: Any, font: Any) -> str:
    """A font's base name, as pdfminer gives it (headings look for 'Bold')."""
    if not font:
        return ""
    size = raw.FPDFFont_GetBaseFontName(font, None, 0)
    buf = ctypes.create_string_buffer(max(int(size), 1))
    raw.FPDFFont_GetBaseFontName(font, buf, size)
    return buf.value.decode("utf-8", errors="replace")
