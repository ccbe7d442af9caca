"""Word .docx to text, in document order: paragraphs and tables interleaved, tick boxes kept.

Content-control and legacy form check boxes become the characters ☒ (ticked) and ☐
(not ticked), so that the extractor reads them like a typed form.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from parsers.errors import Unreadable
from parsers.limits import Limits
from parsers.model import Document, Page
from parsers.office import check_package

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"


def read_docx(source: str, data: bytes, limits: Limits) -> Document:
    check_package(data, limits, "Word file")
    try:
        pages = docx_pages(data)
    except Unreadable:
        raise
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors ...
        reason = f"the Word file is damaged or of an unsupported kind ({type(exc).__name__})"
        raise Unreadable(reason) from exc
    return Document(source=source, pages=pages)


def docx_pages(data: bytes) -> tuple[Page, ...]:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    headings: list[str] = []
    tables: list[tuple[tuple[str, ...], ...]] = []
    for kind, element in _body_items(document.element.body):
        if kind == "p":
            lines.append(_paragraph_text(element))
            if _is_heading_paragraph(element) and lines[-1].strip():
                headings.append(" ".join(lines[-1].split()))
        else:
            rows = _table_rows(element)
            tables.append(rows)
            lines.extend(" ".join(c for c in row if c) for row in rows)
    for section in document.sections:
        for part in (section.header, section.footer):
            if part is not None and not part.is_linked_to_previous:
                lines.extend(p.text for p in part.paragraphs if p.text.strip())
    text = "\n".join(line for line in lines if line.strip())
    return (Page(number=1, text=text, tables=tuple(tables), headings=tuple(headings)),)


def _is_heading_paragraph(p: Any) -> bool:
    """A Word heading or title style, or a short paragraph whose text runs are all bold."""
    style = p.find(f"{W}pPr/{W}pStyle")
    name = (style.get(f"{W}val") or "").lower() if style is not None else ""
    if name.startswith(("heading", "title", "subtitle")):
        return True
    runs = [r for r in p.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t")).strip()]
    return bool(runs) and len(runs) <= 12 and all(_run_is_bold(r) for r in runs)


def _run_is_bold(run: Any) -> bool:
    bold = run.find(f"{W}rPr/{W}b")
    return bold is not None and bold.get(f"{W}val", "true") not in ("0", "false")


def _run_is_struck(run: Any) -> bool:
    """A run struck through in Word ('Yes / No' with the wrong answer struck out)."""
    if run is None:
        return False
    for name in ("strike", "dstrike"):
        mark = run.find(f"{W}rPr/{W}{name}")
        if mark is not None and mark.get(f"{W}val", "true") not in ("0", "false"):
            return True
    return False


def _struck(text: str) -> str:
    """Struck-through text as '~~text~~' (its spaces outside), as `tick_answer` reads it."""
    core = text.strip()
    if not core:
        return text
    start = text.index(core)
    return f"{text[:start]}~~{core}~~{text[start + len(core):]}"


def _body_items(body: Any) -> Iterator[tuple[str, Any]]:
    for child in body.iterchildren():
        if child.tag == f"{W}p":
            yield "p", child
        elif child.tag == f"{W}tbl":
            yield "t", child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None and not _showing_placeholder(child):
                yield from _body_items(content)


def _paragraph_text(p: Any) -> str:
    out: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag == f"{W}t":
            if _in_placeholder(el):
                continue
            out.append(_struck(el.text or "") if _run_is_struck(el.getparent()) else (el.text or ""))
        elif tag == f"{W}tab":
            out.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
        elif tag == f"{W14}checkbox":
            checked = el.find(f"{W14}checked")
            on = checked is not None and checked.get(f"{W14}val", "1") in ("1", "true")
            out.append("☒" if on else "☐")
        elif tag == f"{W}checkBox":
            out.append(_legacy_checkbox(el))
    text = "".join(out)
    # a content-control check box also carries its glyph as text; keep one mark only
    return text.replace("☒☒", "☒").replace("☐☐", "☐").replace("☒☐", "☒").replace("☐☒", "☐")


def _showing_placeholder(sdt: Any) -> bool:
    """A content control still showing its placeholder ('Click or tap here to enter text.'):
    Word marks it so; it holds no answer."""
    props = sdt.find(f"{W}sdtPr")
    return props is not None and props.find(f"{W}showingPlcHdr") is not None


def _in_placeholder(el: Any) -> bool:
    """The text is inside a content control that shows its placeholder."""
    node = el.getparent()
    for _ in range(12):
        if node is None:
            return False
        if node.tag == f"{W}sdtContent":
            sdt = node.getparent()
            if sdt is not None and _showing_placeholder(sdt):
                return True
        node = node.getparent()
    return False


def _legacy_checkbox(el: Any) -> str:
    checked = el.find(f"{W}checked")
    default = el.find(f"{W}default")
    node = checked if checked is not None else default
    on = node is not None and node.get(f"{W}val", "1") in ("1", "true")
    return "☒" if on else "☐"


def _table_rows(tbl: Any) -> tuple[tuple[str, ...], ...]:
    rows: list[tuple[str, ...]] = []
    for tr in tbl.iterchildren(f"{W}tr"):
        cells: list[str] = []
        for tc in tr.iterchildren(f"{W}tc"):
            paras = [_paragraph_text(p) for p in tc.iter(f"{W}p")]
            cells.append(" ".join(" ".join(paras).split()))
        rows.append(tuple(cells))
    return tuple(rows)
