"""PDFs with pdfplumber: text by page, tables as rows, filled-in form fields, and signature marks.

Pages with nothing on them but text, ruling lines and rectangles take the fast path
(`parsers.pdf_fast`): pdfium's characters laid out by pdfplumber's own text and table code.

Pages without a text layer are not read here: `read_pdf` lists them in
`PdfText.scanned_pages`, and the caller reads each by OCR (`ocr_pdf_page`) in its own job.
"""

from __future__ import annotations

import functools
import io
import logging
import re
import zlib
from dataclasses import dataclass
from typing import Any

from parsers import pdf_content, pdf_fast, pdf_forms, sidebars, signatures
from parsers.errors import ReadFailure, Unreadable
from parsers.limits import Limits
from parsers.model import Document, Page
from parsers.signatures import BBox, Cell, Word
from parsers.styles import pdf_styled_lines as styled_lines

log = logging.getLogger(__name__)

_MIN_TEXT_CHARS = 20
"""A page with less text than this, and an image on it, is treated as a scan."""
_MAX_FIELDS = 2000


@dataclass(frozen=True)
class PdfText:
    document: Document
    scanned_pages: tuple[int, ...] = ()
    """Zero-based indexes of pages with no text layer that should be read by OCR."""


def read_pdf(source: str, data: bytes, limits: Limits) -> PdfText:
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    for name in ("pdfminer", "pdfplumber"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        pdf = _open_pdf(data, limits)
        # no `with`: closing builds every page first, which a page-tree bomb turns into minutes
        _check_page_count(pdf, limits)
        fast = _open_pdfium(data, limits, len(pdf.pages))
        try:
            read = [_read_page(i + 1, page, fast) for i, page in enumerate(pdf.pages)]
        finally:
            if fast is not None:
                fast.close()
        placed = {name for _, _, _, names in read for name in names}
        fields = tuple(f for f in _form_fields(pdf) if f[0] not in placed)
        pdf.close()
    except Unreadable:
        raise
    except PDFPasswordIncorrect as exc:
        raise Unreadable(ENCRYPTED_PDF, ReadFailure.ENCRYPTED) from exc
    except Exception as exc:  # pdfplumber raises many types on broken files
        if _encryption_error(exc):
            raise Unreadable(ENCRYPTED_PDF, ReadFailure.ENCRYPTED) from exc
        raise Unreadable(pdf_error(exc)) from exc
    pages = tuple(p for p, _, _, _ in read)
    marks = [m for _, _, found, _ in read for m in found]
    marks += [signatures.clean_label(name) for name, value in fields if value == "(signed)"]
    scanned = tuple(i for i, (_, is_scan, _, _) in enumerate(read) if is_scan)
    notes: tuple[str, ...] = ()
    if not scanned and not any(p.text.strip() for p in pages) and not fields:
        notes = ("the PDF has no text to read (its pages are empty, or it is damaged)",)
    doc = Document(
        source=source, pages=pages, form_fields=fields, signature_marks=signatures.unique(marks), notes=notes
    )
    return PdfText(doc, scanned)


ENCRYPTED_PDF = "the PDF is encrypted (password protected)"


def _open_pdf(data: bytes, limits: Limits) -> Any:
    """Open the PDF, with each password the thread gave when it needs one."""
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfplumber wraps pdfminer's PDFPasswordIncorrect
        if not _encryption_error(exc):
            raise
        for password in limits.passwords:
            try:
                return pdfplumber.open(io.BytesIO(data), password=password)
            except Exception as retry:
                if not _encryption_error(retry):
                    raise
        raise


def _check_page_count(pdf: Any, limits: Limits) -> None:
    """Refuse a PDF with too many pages before pdfplumber builds them all."""
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1

    too_many = f"the PDF has more than {limits.max_pages} pages (the limit)"
    try:
        declared = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
    except Exception:  # a damaged page tree is found out below
        declared = None
    if isinstance(declared, int) and declared > limits.max_pages:
        raise Unreadable(too_many)
    for count, _ in enumerate(PDFPage.create_pages(pdf.doc), start=1):
        if count > limits.max_pages:
            raise Unreadable(too_many)


def _open_pdfium(data: bytes, limits: Limits, pages: int) -> Any:
    """The same PDF opened by pdfium for the fast path, or None (pdfplumber reads every page)."""
    import pypdfium2 as pdfium

    for password in (None, *limits.passwords):
        try:
            doc = pdfium.PdfDocument(data, password=password)
        except pdfium.PdfiumError:
            continue
        if len(doc) == pages:
            return doc
        doc.close()
        return None
    return None


def _read_page(number: int, page: Any, fast: Any) -> tuple[Page, bool, list[str], set[str]]:
    """A page by the fast path (pdfium's text) when it has only text, ruling lines and
    rectangles; otherwise by pdfplumber. A page with filled-in form fields is read by
    pdfplumber with the fields' values placed where the form shows them; the names of
    those fields come back last."""
    values, placed = pdf_forms.placed_chars(page) if "Annots" in page.page_obj.attrs else ([], set())
    if values:
        return (*_pdf_page(number, page, values), placed)
    return (*_read_text_page(number, page, fast), set())


def _read_text_page(number: int, page: Any, fast: Any) -> tuple[Page, bool, list[str]]:
    contents = _small_contents(page) if fast is not None else None
    if contents is not None and not _all_text_invisible(contents):  # a searchable scan: pdfplumber's
        try:
            read = _fast_page(fast[number - 1], page, contents)
        except Exception:  # pdfium's view of a damaged page: pdfplumber reads it, or says why not
            log.debug("pdfium could not read page %d; pdfplumber reads it", number, exc_info=True)
            read = None
        if read is not None:
            return Page(number=number, text=read.text, tables=read.tables, headings=read.headings), False, []
        _forget_layout(page)
    return _pdf_page(number, page)


def _small_contents(page: Any) -> bytes | None:
    """The page's content streams, if they are plain or deflated and inflate to no more than
    `_MAX_FAST_CONTENT` bytes; else None. Others (a deflate bomb) go to pdfplumber, whose
    MemoryError the worker reports as such; pdfium, native code, would only crash at the memory
    limit."""
    from pdfminer.ascii85 import ascii85decode
    from pdfminer.pdftypes import LITERALS_ASCII85_DECODE, LITERALS_FLATE_DECODE, PDFStream

    left = _MAX_FAST_CONTENT
    inflated: list[bytes] = []
    for stream in _content_streams(page):
        if not isinstance(stream, PDFStream):
            return None
        data = stream.rawdata if stream.rawdata is not None else stream.data or b""
        filters = [f for f, _ in stream.get_filters()]
        try:
            if filters[:1] and filters[0] in LITERALS_ASCII85_DECODE:  # ReportLab's way: text, then deflate
                data, filters = ascii85decode(data), filters[1:]
            if filters[:1] and filters[0] in LITERALS_FLATE_DECODE:
                data, filters = zlib.decompressobj().decompress(data, left + 1), filters[1:]
        except (ValueError, zlib.error):
            return None
        left -= len(data)
        if filters or left < 0:
            return None
        inflated.append(data)
    return b"\n".join(inflated)


_HEX_STRING = re.compile(rb"<([0-9A-Fa-f\s]*)>")


def _bullet_text(contents: bytes) -> str | None:
    """What pdfminer makes of a bullet that pdfium reads in a font without its own glyphs, or
    None when that cannot be told from the page's content streams.

    pdfium reads code 127 in such a font as a bullet, as Windows does; pdfminer leaves it
    unmapped, "(cid:127)". The other bullet codes (0x95 in WinAnsiEncoding, 0xB7 in the standard
    encoding) read as a bullet in both. So a page that never shows code 127 has bullets; one that
    shows code 127 and neither of the others has "(cid:127)"; one that may show both is left to
    pdfplumber."""
    if not _may_show_code(contents, 0x7F):
        return chr(pdf_fast.BULLET)
    if _may_show_code(contents, 0x95) or _may_show_code(contents, 0xB7):
        return None
    return pdf_fast.UNMAPPED_127


def _may_show_code(contents: bytes, code: int) -> bool:
    """Whether the page's text may show a one-byte character code: as a raw byte, an octal escape
    or in a hex string (also found where it is no text at all: the answer errs on the yes side)."""
    if bytes([code]) in contents or b"\\%03o" % code in contents:
        return True
    pair = b"%02x" % code
    for match in _HEX_STRING.finditer(contents):
        digits = bytes(b for b in match.group(1) if not chr(b).isspace()).lower()
        if any(digits[i : i + 2] == pair for i in range(0, len(digits) - 1, 2)):
            return True
    return False


_MAX_FAST_CONTENT = 16 * 1024 * 1024
"""A page's content streams, inflated, that the fast path reads (a typed page is some 10 kB)."""


def _fast_page(page: Any, plumber: Any, contents: bytes) -> pdf_fast.FastPage | None:
    textpage = page.get_textpage()
    try:
        if pdf_fast.needs_layout(page, textpage) is not None:
            return None
        edges: list[dict[str, Any]] = []
        if pdf_fast.has_paths(page):
            _lay_out_without_text(plumber, contents)
            if plumber.curves or plumber.images:
                return None  # a drawn mark or an image: signatures need pdfplumber's words
            edges = plumber.edges
        size = (float(plumber.width), float(plumber.height))
        return pdf_fast.read_page(page, textpage, edges, size, bullet_text=_bullet_text(contents))
    finally:
        textpage.close()
        page.close()


@functools.cache
def _text_skipping_device() -> type:
    """pdfplumber's layout device, told to skip the text (pdfium reads it): the lines and
    rectangles come out exactly as pdfplumber would find them."""
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    class NoText(PDFPageAggregatorWithMarkedContent):  # type: ignore[misc]
        def render_string(self, *args: Any) -> None:
            return None

    return NoText


def _lay_out_without_text(page: Any, contents: bytes) -> None:
    """The page laid out by pdfminer without its text: from the content stream with the text
    operators left out (`pdf_content.without_text`), or the whole stream when that cannot be."""
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdftypes import PDFStream

    device = _text_skipping_device()(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    interpreter = PDFPageInterpreter(page.pdf.rsrcmgr, device)
    lines_only = pdf_content.without_text(contents)
    if lines_only is None:
        interpreter.process_page(page.page_obj)
    else:
        stream = PDFStream({}, lines_only)
        stream.set_objid(0, 0)  # pdfminer skips a stream without an object number
        _process_page(interpreter, page.page_obj, [stream])
    page._layout = device.get_result()


def _process_page(interpreter: Any, page: Any, streams: list[Any]) -> None:
    """pdfminer's `PDFPageInterpreter.process_page`, reading the given content streams."""
    (x0, y0, x1, y1) = page.mediabox
    if page.rotate == 90:
        ctm = (0, -1, 1, 0, -y0, x1)
    elif page.rotate == 180:
        ctm = (-1, 0, 0, -1, x1, y1)
    elif page.rotate == 270:
        ctm = (0, 1, -1, 0, y1, -x0)
    else:
        ctm = (1, 0, 0, 1, -x0, -y0)
    interpreter.device.begin_page(page, ctm)
    interpreter.render_contents(page.resources, streams, ctm=ctm)
    interpreter.device.end_page(page)


def _forget_layout(page: Any) -> None:
    """Drop a text-less layout (and what pdfplumber cached from it) before the page is read whole."""
    for name in ("_layout", "_objects", "_edges", "_rect_edges", "_curve_edges"):
        if name in vars(page):
            delattr(page, name)


def _pdf_page(
    number: int, page: Any, values: list[dict[str, Any]] | None = None
) -> tuple[Page, bool, list[str]]:
    """A page by pdfplumber; `values`: characters of filled-in form fields to read with its own."""
    if values:
        page.objects.setdefault("char", []).extend(values)
    found = page.find_tables()
    tables = tuple(
        tuple(tuple(pdf_fast.clean_cell(c) for c in row) for row in table.extract()) for table in found
    )
    beside = sidebars.tables_beside_text(page.chars, [t.bbox for t in found], float(page.width))
    text_page = _outside_tables(page, [found[i].bbox for i in beside])
    text = str(text_page.extract_text() or "")
    if beside:
        text = "\n".join([text, sidebars.row_lines([tables[i] for i in beside])])
    text = text.replace(pdf_fast.UNMAPPED_127, "•")
    is_scan = _has_big_image(page) and (len(text.strip()) < _MIN_TEXT_CHARS or _invisible_text_only(page))
    marks = [] if is_scan else _page_marks(page, found, tables)
    headings = () if is_scan else styled_lines(text_page)
    if beside and not is_scan:
        headings += sidebars.heading_rows([tables[i] for i in beside], styled_lines(page))
    return Page(number=number, text=text, tables=tables, headings=headings), is_scan, marks


def _outside_tables(page: Any, boxes: list[sidebars.BBox]) -> Any:
    """The page without the characters of the tables that stand beside its text."""
    if not boxes:
        return page
    def keep(obj: dict[str, Any]) -> bool:
        return obj.get("object_type") != "char" or not any(sidebars.inside(obj, box) for box in boxes)

    return page.filter(keep)


def _has_big_image(page: Any) -> bool:
    """A quarter of the page or more is picture: one scan, or a scan a copier stored as strips
    (each a sixth of the page); a logo or a signature's small picture does not count."""
    area = max(float(page.width) * float(page.height), 1.0)
    covered = 0.0
    for image in page.images:
        w = float(image.get("x1", 0)) - float(image.get("x0", 0))
        h = float(image.get("bottom", 0)) - float(image.get("top", 0))
        if w * h > area * _STRIP_SHARE:
            covered += w * h
    return covered > area * 0.25


_RENDER_OR_SHOW = re.compile(rb"\b(?P<mode>[0-7])\s+Tr\b|[)>\]]\s*(?:Tj|TJ|'|\")")


def _invisible_text_only(page: Any) -> bool:
    """A searchable scan: all the page's text is drawn invisible (render mode 3) over its picture,
    a scanner's own OCR of the printed form that holds nothing of what was written in by hand.
    The page is read as the scan it is; where OCR is off, that text is what is kept."""
    return _all_text_invisible(_parsed_contents(page))


def _all_text_invisible(contents: bytes) -> bool:
    mode, shown = b"0", 0
    for m in _RENDER_OR_SHOW.finditer(contents):
        if m.group("mode") is not None:
            mode = m.group("mode")
        elif mode != b"3":
            return False
        else:
            shown += 1
    return shown > 0


def _content_streams(page: Any) -> list[Any]:
    """The objects the page's Contents names, resolved (streams, or whatever a broken file put there)."""
    from pdfminer.pdftypes import resolve1

    contents = resolve1(page.page_obj.attrs.get("Contents"))
    return [resolve1(ref) for ref in (contents if isinstance(contents, list) else [contents])]


def _parsed_contents(page: Any) -> bytes:
    """The page's content streams as pdfplumber has already decoded them to lay the page out."""
    from pdfminer.pdftypes import PDFStream

    try:
        return b"\n".join(s.get_data() for s in _content_streams(page) if isinstance(s, PDFStream))
    except Exception:  # a stream pdfminer could lay out but not hand back: no judgement on it
        log.debug("page contents not read again", exc_info=True)
        return b""


_STRIP_SHARE = 0.05
"""Of the page, the least a picture covers to be part of a scan (a strip of one), not a logo."""


def _encryption_error(exc: Exception) -> bool:
    """pdfminer tells of encryption it cannot open in several exception types."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    seen: BaseException | None = exc
    for _ in range(5):  # pdfplumber wraps pdfminer's errors (PdfminerException), in args or as a cause
        if seen is None:
            return False
        inner = [a for a in getattr(seen, "args", ()) if isinstance(a, BaseException)]
        if isinstance(seen, PDFEncryptionError | PDFPasswordIncorrect) or any(
            isinstance(a, PDFEncryptionError | PDFPasswordIncorrect) for a in inner
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def pdf_error(exc: Exception) -> str:
    text = f"{type(exc).__name__}: {exc!r} {exc}".lower()
    if "encrypt" in text or "password" in text:
        return ENCRYPTED_PDF
    if isinstance(exc, MemoryError) or "memoryerror" in text:
        raise MemoryError from exc  # reported with the memory limit by the sandbox
    if isinstance(exc, RecursionError) or "recursion" in text:
        return "the PDF is damaged: its objects refer to each other in an endless loop"
    return f"the PDF is damaged and could not be read ({type(exc).__name__})"


# -- signatures on typed PDFs: an image, a drawn curve or an ink annotation ------------------


def _page_marks(page: Any, found: list[Any], tables: tuple[tuple[tuple[str, ...], ...], ...]) -> list[str]:
    marks = _mark_boxes(page)
    if not marks:
        return []

    def has_mark(box: BBox) -> bool:
        return any(signatures.overlaps(m, box) for m in marks)

    rows = [
        [
            [Cell(text, cell) for text, cell in zip(trow, brow.cells, strict=False)]
            for trow, brow in zip(texts, table.rows, strict=False)
        ]
        for texts, table in zip(tables, found, strict=False)
    ]
    out = signatures.table_marks(rows, has_mark)
    out += signatures.line_marks(_word_lines(page), float(page.width), has_mark)
    return out


def _mark_boxes(page: Any) -> list[BBox]:
    """Images, curves (drawn strokes) and ink/stamp annotations on the page."""
    boxes: list[BBox] = []
    for obj in list(page.images) + list(page.curves):
        boxes.append(_box(obj))
    try:
        annots = page.annots
    except Exception:  # a broken annotation array never stops the text
        annots = []
    for annot in annots:
        subtype = str((annot.get("data") or {}).get("Subtype", ""))
        if "Ink" in subtype or "Stamp" in subtype:
            boxes.append(_box(annot))
    return [_grown(b) for b in boxes if max(b[2] - b[0], b[3] - b[1]) > 8]


def _grown(b: BBox) -> BBox:
    """A stroke's box from its end points can be flat: give it a little height."""
    return (b[0], b[1] - 1.0, b[2], b[3] + 1.0)


def _box(obj: dict[str, Any]) -> BBox:
    return (float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]))


def _word_lines(page: Any) -> list[list[Word]]:
    lines: dict[int, list[Word]] = {}
    for w in page.extract_words():
        key = round(float(w["top"]) / 3)
        lines.setdefault(key, []).append(Word(str(w["text"]), _box(w)))
    return [sorted(ws, key=lambda w: w.bbox[0]) for _, ws in sorted(lines.items())]


# -- form fields ---------------------------------------------------------------------------


def _form_fields(pdf: Any) -> tuple[tuple[str, str], ...]:
    """Filled-in AcroForm fields as (name, value); a signed signature field's value is '(signed)'."""
    from pdfminer.pdftypes import resolve1

    try:
        form = resolve1(pdf.doc.catalog.get("AcroForm"))
        fields = resolve1(form.get("Fields")) if isinstance(form, dict) else None
    except Exception:  # a damaged form never stops the text
        return ()
    out: list[tuple[str, str]] = []
    seen: set[int] = set()
    stack: list[tuple[Any, str]] = [(f, "") for f in (fields or [])][:_MAX_FIELDS]
    while stack and len(out) < _MAX_FIELDS and len(seen) < _MAX_FIELDS * 4:
        ref, prefix = stack.pop(0)
        key = id(ref) if not hasattr(ref, "objid") else int(ref.objid)
        if key in seen:
            continue
        seen.add(key)
        _visit_field(resolve1(ref), prefix, stack, out)
    return tuple(out)


def _visit_field(field: Any, prefix: str, stack: list[tuple[Any, str]], out: list[tuple[str, str]]) -> None:
    from pdfminer.pdftypes import resolve1

    if not isinstance(field, dict):
        return
    name = _pdf_str(field.get("T"))
    full = f"{prefix}.{name}" if prefix and name else (name or prefix)
    kids = resolve1(field.get("Kids"))
    if isinstance(kids, list):
        stack.extend((k, full) for k in kids[:_MAX_FIELDS])
    value = resolve1(field.get("V"))
    if value is None or not full:
        return
    kind = str(resolve1(field.get("FT")) or "")
    text = "(signed)" if "Sig" in kind else _pdf_str(value)
    if text and text.lower() not in ("off",):
        out.append((full, text))


def _pdf_str(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_pdf_str(v) for v in value[:20])
    return pdf_forms.pdf_text(value).strip()
