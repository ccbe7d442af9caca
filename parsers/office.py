"""Word files other than .docx: legacy .doc (antiword, catdoc), OpenDocument .odt, and .rtf.

Also the package check every .docx and .odt goes through before a library opens it: the
zip's declared and real sizes are capped, and XML parts with a DOCTYPE (the only way to
declare the entities of an "XML bomb") are refused; Word and LibreOffice never write one.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from typing import Any

from parsers import sidebars
from parsers.errors import ReadFailure, Unreadable
from parsers.limits import Limits
from parsers.model import Document, Page
from parsers.ziplimits import check_zip_infos, read_capped

_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_NAMES = (".xml", ".rels")
_MAX_TOOL_OUTPUT = 20 * 1024 * 1024


def check_package(data: bytes, limits: Limits, what: str) -> None:
    """Refuse a .docx/.odt whose zip is a bomb or whose XML declares entities."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            members = _package_limits(limits)
            check_zip_infos(infos, len(data), members, what)
            for info in infos:
                if info.filename.lower().endswith(_XML_NAMES):
                    _check_xml_part(zf, info, limits, what)
    except Unreadable:
        raise
    except NotImplementedError as exc:
        raise Unreadable(f"the {what} is compressed in a way that is not supported") from exc
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
        raise Unreadable(f"the {what} is damaged ({type(exc).__name__})") from exc


_MEDIA_FOLDERS = ("word/media/", "Pictures/")
_IMAGE_NAMES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp", ".webp")
_NUMBER = re.compile(r"(\d+)")


def package_images(data: bytes, limits: Limits) -> list[bytes]:
    """The pictures a .docx or .odt holds, in the order of their numbers ('image1.png',
    'image2.png'): what a copier's 'scan to Word' puts there, one page a picture. Raises
    Unreadable for a package over the limits (the same checks as before it is opened)."""
    check_package(data, limits, "Word file")
    cap = limits.max_attachment_bytes
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = [
                i for i in zf.infolist()
                if i.filename.startswith(_MEDIA_FOLDERS) and i.filename.lower().endswith(_IMAGE_NAMES)
            ]
            infos.sort(key=lambda i: [int(t) if t.isdigit() else t for t in _NUMBER.split(i.filename)])
            too_large = "a picture in the Word file is too large"
            return [read_capped(zf, i, cap, too_large) for i in infos[: limits.max_ocr_pages]]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError) as exc:
        raise Unreadable(f"the Word file's pictures could not be read ({type(exc).__name__})") from exc


def _package_limits(limits: Limits) -> Limits:
    """Office packages hold many small parts: allow more members than a sent zip."""
    from dataclasses import replace

    return replace(limits, max_zip_members=max(limits.max_zip_members, 5000))


def _check_xml_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, what: str) -> None:
    cap = min(limits.max_xml_part_bytes, limits.max_decompressed_bytes)
    reason = f"the {what} expands to more than {cap // (1024 * 1024)} MB"
    data = read_capped(zf, info, cap, reason)
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    if _DOCTYPE.search(head):
        raise Unreadable(f"the {what} contains XML entity declarations (an \"XML bomb\"?) and was not read")


def read_odt(source: str, data: bytes, limits: Limits) -> Document:
    """OpenDocument text: paragraphs, headings and tables in order, with defused XML."""
    check_package(data, limits, "OpenDocument file")
    from defusedxml import ElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            root = ElementTree.fromstring(zf.read("content.xml"))
    except KeyError as exc:
        raise Unreadable("the OpenDocument file has no content (content.xml is missing)") from exc
    except Exception as exc:  # defusedxml's refusals and XML syntax errors
        raise Unreadable(f"the OpenDocument file is damaged ({type(exc).__name__})") from exc
    lines: list[str] = []
    tables: list[tuple[tuple[str, ...], ...]] = []
    headings: list[str] = []
    _odt_walk(root, lines, tables, headings)
    text = "\n".join(line for line in lines if line.strip())
    page = Page(number=1, text=text, tables=tuple(tables), headings=tuple(h for h in headings if h.strip()))
    return Document(source=source, pages=(page,))


_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _odt_walk(
    node: Any, lines: list[str], tables: list[tuple[tuple[str, ...], ...]], headings: list[str]
) -> None:
    """Paragraphs and tables in order; headings (text:h) also listed as headings."""
    for child in node:
        if child.tag in (f"{_TEXT}p", f"{_TEXT}h"):
            lines.append(_odt_text(child))
            if child.tag == f"{_TEXT}h":
                headings.append(" ".join(lines[-1].split()))
        elif child.tag == f"{_TABLE}table":
            rows = tuple(
                tuple(_odt_cell(cell) for cell in row if cell.tag == f"{_TABLE}table-cell")
                for row in child.iter(f"{_TABLE}table-row")
            )
            tables.append(rows)
            lines.extend(sidebars.table_lines(rows))
        else:
            _odt_walk(child, lines, tables, headings)


def _odt_cell(cell: Any) -> str:
    paragraphs = (_odt_text(p) for p in cell.iter() if p.tag in (f"{_TEXT}p", f"{_TEXT}h"))
    return " ".join(" ".join(paragraphs).split())


def _odt_text(p: Any) -> str:
    out: list[str] = [p.text or ""]
    for child in p:
        if child.tag == f"{_TEXT}s":
            out.append(" " * int(child.get(f"{_TEXT}c", "1") or 1))
        elif child.tag == f"{_TEXT}tab":
            out.append("\t")
        elif child.tag == f"{_TEXT}line-break":
            out.append("\n")
        else:
            out.append(_odt_text(child))
        out.append(child.tail or "")
    return "".join(out)


def rtf_to_text(data: bytes) -> str:
    from striprtf.striprtf import rtf_to_text as strip

    text = data.decode("latin-1")
    return str(strip(text, errors="ignore"))  # type: ignore[no-untyped-call]


def read_rtf(source: str, data: bytes, limits: Limits) -> Document:
    try:
        text = rtf_to_text(data)
    except (ValueError, IndexError, UnicodeError, LookupError) as exc:
        raise Unreadable(f"the RTF file is damaged ({type(exc).__name__})") from exc
    return Document(source=source, pages=(Page(number=1, text=text),))


def read_doc(source: str, data: bytes, limits: Limits) -> Document:
    """Legacy Word 97-2003 .doc, through antiword (tables kept as |-separated rows), else catdoc."""
    errors: list[str] = []
    with tempfile.NamedTemporaryFile(suffix=".doc") as fh:
        fh.write(data)
        fh.flush()
        for tool in (["antiword", "-w", "0", fh.name], ["catdoc", "-w", fh.name]):
            if shutil.which(tool[0]) is None:
                errors.append(f"{tool[0]} is not installed")
                continue
            text = _run_tool(tool, limits)
            if text is not None and text.strip():
                return _doc_document(source, text)
    if len(errors) == 2:
        raise Unreadable("legacy Word (.doc) files cannot be read here: antiword/catdoc is not installed")
    raise Unreadable("the legacy Word (.doc) file could not be read (damaged, encrypted or not a Word file)")


def _run_tool(cmd: list[str], limits: Limits) -> str | None:
    try:
        done = subprocess.run(
            cmd, stdin=subprocess.DEVNULL, capture_output=True,
            timeout=max(1.0, limits.timeout_seconds - 1), check=False,
        )
    except subprocess.TimeoutExpired as exc:
        reason = f"reading took longer than {limits.timeout_seconds:g} s"
        raise Unreadable(reason, ReadFailure.TIMEOUT) from exc
    except OSError:
        return None
    if done.returncode != 0:
        return None
    return done.stdout[:_MAX_TOOL_OUTPUT].decode("utf-8", errors="replace")


def _doc_document(source: str, text: str) -> Document:
    """antiword writes table rows as `|cell|cell|`: keep them as tables too."""
    tables: list[tuple[tuple[str, ...], ...]] = []
    current: list[tuple[str, ...]] = []
    lines: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            cells = tuple(" ".join(c.split()) for c in stripped[1:-1].split("|"))
            current.append(cells)
            lines.append(" ".join(c for c in cells if c))
            continue
        if current:
            tables.append(tuple(current))
            current = []
        lines.append(line.rstrip())
    if current:
        tables.append(tuple(current))
    page = Page(number=1, text="\n".join(lines).strip(), tables=tuple(tables))
    return Document(source=source, pages=(page,))
