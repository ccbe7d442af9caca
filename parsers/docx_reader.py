"""Word .docx to text, in document order: paragraphs and tables interleaved, tick boxes kept.

Content-control and legacy form check boxes become the characters ☒ (ticked) and ☐
(not ticked), so that the extractor reads them like a typed form.

Only the main document part and its headers and footers are parsed (`_open_package`): the
package is walked by python-docx's own reader, its parts looked up but not inflated, and the
document parsed with python-docx's parser options without its element classes. Loading the whole
file with python-docx (its styles too, often hundreds of kB) costs more than reading the text. A
package of any other shape, or one this cannot open, is loaded by python-docx as before, so a
damaged file gets the same reason.
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from parsers import sidebars
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
    package = _open_package(data)
    lines: list[str] = []
    headings: list[str] = []
    tables: list[tuple[tuple[str, ...], ...]] = []
    headers = [m for m in package.margins if m.tag == f"{W}hdr"]
    footers = [m for m in package.margins if m.tag != f"{W}hdr"]
    # headers above the body and footers below it, as on the page (a form's pupil or lead is
    # often in a table in its header)
    for part in (*headers, package.body, *footers):
        for kind, element in _body_items(part):
            if kind == "p":
                lines.append(_paragraph_text(element))
                if part is package.body and _is_heading_paragraph(element) and lines[-1].strip():
                    headings.append(" ".join(lines[-1].split()))
            else:
                rows = _table_rows(element)
                tables.append(rows)
                lines.extend(sidebars.table_lines(rows))
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


@dataclass(frozen=True)
class _Package:
    body: Any
    """The document's w:body element."""
    margins: tuple[Any, ...]
    """The root element (w:hdr, w:ftr) of each header and footer a section defines (not linked to
    the previous section's), section by section, header before footer: their paragraphs and tables."""


def _open_package(data: bytes) -> _Package:
    try:
        found = _open_main_parts(data)
    except Exception:  # damaged or unusual: python-docx says what is wrong, as it always did
        found = None
    return found if found is not None else _open_with_python_docx(data)


def _open_with_python_docx(data: bytes) -> _Package:
    import docx

    document = docx.Document(io.BytesIO(data))
    margins: list[Any] = []
    for section in document.sections:
        for part in (section.header, section.footer):
            if part is not None and not part.is_linked_to_previous:
                margins.append(part._element)
    return _Package(body=document.element.body, margins=tuple(margins))


def _open_main_parts(data: bytes) -> _Package | None:
    """The main document and its headers and footers, or None when the package is not the
    ordinary kind (python-docx then loads it). The parts python-docx would find are found the same
    way (its package reader: the same missing part or content type is an error), but only those
    read here are inflated and parsed."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PACKAGE_URI
    from docx.opc.pkgreader import PackageReader, _ContentTypeMap

    walker: Any = PackageReader  # untyped
    types_map: Any = _ContentTypeMap
    with _PartsListedOnly(io.BytesIO(data)) as reader:
        content_types = types_map.from_xml(reader.content_types_xml)
        package_rels = walker._srels_for(reader, PACKAGE_URI)
        parts = {p.partname: p for p in walker._load_serialized_parts(reader, package_rels, content_types)}
        main = [r for r in package_rels if r.reltype == RT.OFFICE_DOCUMENT]
        if len(main) != 1 or main[0].is_external:
            return None
        document = parts[main[0].target_partname]
        if document.content_type != CT.WML_DOCUMENT_MAIN:
            return None
        root = _plain_xml(reader.inflate(document.partname))
        targets = {r.rId: r for r in document.srels}
        margins: list[Any] = []
        for sect_pr in root.xpath(_SECTIONS, namespaces=_NS):
            for kind, content_type in (("header", CT.WML_HEADER), ("footer", CT.WML_FOOTER)):
                refs = sect_pr.xpath(f"./w:{kind}Reference[@w:type='default']", namespaces=_NS)
                if not refs:
                    continue  # linked to the previous section's
                rel = targets.get(refs[0].get(_R_ID))
                if rel is None or rel.is_external or parts[rel.target_partname].content_type != content_type:
                    return None
                margins.append(_plain_xml(reader.inflate(rel.target_partname)))
    return _Package(body=root.find(f"{W}body"), margins=tuple(margins))


_NS = {"w": W[1:-1]}
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_SECTIONS = "./w:body/w:p/w:pPr/w:sectPr | ./w:body/w:sectPr"
"""Where python-docx finds a document's sections (`CT_Document.sectPr_lst`)."""


def _plain_xml(blob: bytes) -> Any:
    """A part parsed as python-docx parses it, as plain lxml elements (its element classes make
    every step through the tree slower)."""
    from lxml import etree

    return etree.fromstring(blob, _plain_parser())


@functools.cache
def _plain_parser() -> Any:
    from lxml import etree

    return etree.XMLParser(remove_blank_text=True, resolve_entities=False)


class _PartsListedOnly:
    """python-docx's zip package reader (`docx.opc.phys_pkg._ZipPkgReader`), except that a part
    is only looked up, not inflated, while the package is walked: `inflate` reads the few wanted."""

    def __init__(self, stream: io.BytesIO) -> None:
        self._zip = zipfile.ZipFile(stream, "r")

    def __enter__(self) -> _PartsListedOnly:
        return self

    def __exit__(self, *exc: object) -> None:
        self._zip.close()

    def blob_for(self, pack_uri: Any) -> bytes:
        self._zip.getinfo(pack_uri.membername)  # KeyError for a missing part, as reading it raises
        return b""

    def inflate(self, pack_uri: Any) -> bytes:
        return self._zip.read(pack_uri.membername)

    @property
    def content_types_xml(self) -> bytes:
        from docx.opc.packuri import CONTENT_TYPES_URI

        return self._zip.read(CONTENT_TYPES_URI.membername)

    def rels_xml_for(self, source_uri: Any) -> bytes | None:
        try:
            return self._zip.read(source_uri.rels_uri.membername)
        except KeyError:
            return None
