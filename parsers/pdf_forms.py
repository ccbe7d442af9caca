"""A fillable PDF form, filled in and saved without flattening: its answers live in the form's
fields, not in the page's text, so a reader of the page sees labels with empty boxes.

`placed_chars` puts each filled field's value where the form shows it, as characters on the
page (what flattening the form would do): a text field's value in its box, wrapped to the box's
width; a check box or radio button as "☒" or "☐" at its place beside its printed label. The
page then reads as a typed form does. Names of the fields it placed come back too, so the
caller does not read those values a second time from the field list.
"""

from __future__ import annotations

import re
from typing import Any

CHECKED = "☒"
UNCHECKED = "☐"
_MAX_WIDGETS = 500
_MAX_VALUE = 4000
_FONT_SIZE = re.compile(rb"([\d.]+)\s+Tf")
Box = tuple[float, float, float, float]
"""x0, top, x1, bottom in pdfplumber's page coordinates."""
_PUSHBUTTON = 1 << 16
_RADIO = 1 << 15


def placed_chars(page: Any) -> tuple[list[dict[str, Any]], set[str]]:
    """pdfplumber characters for the values of the page's filled fields, and their names."""
    chars: list[dict[str, Any]] = []
    names: set[str] = set()
    printed = [(float(c["top"]), float(c["bottom"]), float(c["x1"])) for c in page.chars]
    words: list[dict[str, Any]] | None = None
    for annot in page.annots[:_MAX_WIDGETS]:
        data = annot.get("data") or {}
        if pdf_text(_resolve(data.get("Subtype"))) != "Widget":
            continue
        field = _field(data)
        text = _shown(field, data)
        if text is None:
            continue
        box = (float(annot["x0"]), float(annot["top"]), float(annot["x1"]), float(annot["bottom"]))
        if text in (CHECKED, UNCHECKED):
            words = page.extract_words() if words is None else words
            chars.append(_box_char(text, box, words, page))
        else:
            chars += _chars(text, box, field, page, _label_top(printed, box))
        if field["name"]:
            names.add(field["name"])
    return chars, names


def _field(widget: dict[str, Any]) -> dict[str, Any]:
    """The widget's field: its type, value, flags and default appearance, inherited from its
    parents where the widget does not set them; its full name."""
    found: dict[str, Any] = {"FT": None, "V": None, "Ff": None, "DA": None}
    parts: list[str] = []
    node: Any = widget
    for _ in range(8):
        if not isinstance(node, dict):
            break
        for key in found:
            if found[key] is None and key in node:
                found[key] = _resolve(node[key])
        title = pdf_text(_resolve(node.get("T")))
        if title:
            parts.append(title)
        node = _resolve(node.get("Parent"))
    found["name"] = ".".join(reversed(parts))
    return found


def _shown(field: dict[str, Any], widget: dict[str, Any]) -> str | None:
    """What the widget shows: a text or choice field's value, a box's mark; None for an empty
    text field, a push button or a signature field (read elsewhere)."""
    kind = pdf_text(field["FT"])
    flags = int(field["Ff"]) if isinstance(field["Ff"], int) else 0
    if kind == "Btn":
        if flags & _PUSHBUTTON:
            return None
        state = pdf_text(_resolve(widget.get("AS")))
        if not state and not flags & _RADIO:
            state = pdf_text(field["V"])
        return CHECKED if state not in ("", "Off") else UNCHECKED
    if kind in ("Tx", "Ch"):
        value = field["V"]
        text = ", ".join(pdf_text(v) for v in value[:20]) if isinstance(value, list) else pdf_text(value)
        text = text.strip()[:_MAX_VALUE]
        return text or None
    return None


def _box_char(
    mark: str, box: Box, words: list[dict[str, Any]], page: Any
) -> dict[str, Any]:
    """A tick box's mark, written just before its label (the nearest printed word on its line,
    on either side) as a typed form writes "☒ Yes ☐ No"; where it is when no word is near."""
    x0, top, x1, bottom = box
    side = max(x1 - x0, 4.0)
    middle = (top + bottom) / 2
    near = [
        (max(float(w["x0"]) - x1, x0 - float(w["x1"])), w)
        for w in words
        if float(w["top"]) - 3 <= middle <= float(w["bottom"]) + 3
    ]
    near = [(gap, w) for gap, w in near if gap <= 3 * side]
    if not near:
        return _char(mark, x0, top, side, side, page)
    label = min(near, key=lambda item: item[0])[1]
    size = float(label["bottom"]) - float(label["top"])
    return _char(mark, float(label["x0"]) - size * 1.5, float(label["top"]), size * 0.9, size, page)


def _label_top(
    printed: list[tuple[float, float, float]], box: Box
) -> float | None:
    """The top of the printed text on the box's first line to its left (its label), so the
    value reads on the label's line; None when nothing printed sits beside the box."""
    x0, top, _, bottom = box
    first_line = min(bottom, top + 14)
    beside = [
        (x0 - right, char_top)
        for char_top, char_bottom, right in printed
        if right <= x0 + 1 and top - 3 <= (char_top + char_bottom) / 2 <= first_line + 3
    ]
    return min(beside)[1] if beside else None


def _chars(
    text: str,
    box: Box,
    field: dict[str, Any],
    page: Any,
    label_top: float | None,
) -> list[dict[str, Any]]:
    """Characters for `text` laid out in `box` (x0, top, x1, bottom), wrapped to its width,
    its first line on its label's line."""
    x0, top, x1, bottom = box
    size = _font_size(field["DA"], bottom - top)
    advance = size * 0.5
    per_line = max(int((x1 - x0 - 2) / advance), 1)
    lines = [piece for para in text.splitlines() for piece in _wrap(para, per_line)] or [""]
    first = top + 1
    if label_top is not None:
        first = label_top
    elif (
        len(lines) == 1 and bottom - top < 2 * size
    ):  # one line in a one-line box (or a tick box): its middle
        first = (top + bottom - size) / 2
    out = []
    for row, line in enumerate(lines):
        line_top = first + row * size * 1.2
        for col, ch in enumerate(line):
            left = x0 + 1 + col * advance
            out.append(_char(ch, left, line_top, advance, size, page))
    return out


def _font_size(appearance: Any, height: float) -> float:
    """The field's font size from its default appearance ('/Helv 9 Tf'); auto (0) or none:
    what fits a one-line box, at most 10 pt."""
    found = _FONT_SIZE.search(appearance if isinstance(appearance, bytes) else str(appearance or "").encode())
    size = float(found.group(1)) if found else 0.0
    if size <= 0:
        size = min(max(height * 0.7, 6.0), 10.0)
    return min(max(size, 4.0), 24.0)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > width:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def _char(text: str, x0: float, top: float, width: float, size: float, page: Any) -> dict[str, Any]:
    height = float(page.height)
    bottom = top + size
    return {
        "object_type": "char",
        "page_number": page.page_number,
        "text": text,
        "fontname": "Helvetica",
        "size": size,
        "adv": width,
        "upright": True,
        "x0": x0,
        "x1": x0 + width,
        "width": width,
        "top": top,
        "bottom": bottom,
        "height": size,
        "y0": height - bottom,
        "y1": height - top,
        "doctop": float(page.initial_doctop) + top,
        "matrix": (size, 0, 0, size, x0, height - bottom),
        "ncs": "DeviceGray",
        "stroking_color": None,
        "non_stroking_color": (0,),
        "mcid": None,
        "tag": None,
    }


def _resolve(value: Any) -> Any:
    from pdfminer.pdftypes import resolve1

    return resolve1(value)


def pdf_text(value: Any) -> str:
    """A PDF string or name as text (UTF-16 with its byte order mark, else Latin-1)."""
    from pdfminer.psparser import PSLiteral

    if isinstance(value, PSLiteral):
        return str(value.name)
    if isinstance(value, bytes):
        if value.startswith((b"\xfe\xff", b"\xff\xfe")):
            return value.decode("utf-16", errors="replace")
        return value.decode("latin-1")
    return value if isinstance(value, str) else ""
