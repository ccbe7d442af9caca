"""Attachments to text: one entry point, `read_document`, dispatching on the sniffed type.

`read_document` never raises for bad input: a file that cannot be read becomes a
`Document(readable=False, error=...)` with a specific reason. It runs each reader as a
job under the limits (`parsers.sandbox`): in a worker process that a time limit and a
memory limit can stop, or in-process when `Limits.sandbox` is False. Scanned pages are
read by OCR, one job per page, so a long scan cannot starve the text of a short one.

The readers themselves (`parsers.pdf.read_pdf`, `parsers.docx_reader.read_docx`,
`parsers.textfiles.read_text`, ..., listed in `parsers.jobs`) are pure: bytes in, `Document`
out, raising `parsers.errors.Unreadable` with a reason.
"""

from __future__ import annotations

import io
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from PIL import Image

from parsers import sniff
from parsers.errors import ReadFailure, Refused, Unreadable
from parsers.limits import Limits
from parsers.model import Document, Page
from parsers.office import package_images
from parsers.protected import ENCRYPTED_OFFICE, is_encrypted_office
from parsers.sandbox import prepare_workers, run_job

log = logging.getLogger(__name__)


IMAGE_TYPES = (sniff.JPEG, sniff.PNG, sniff.TIFF, sniff.GIF, "image/bmp", "image/webp")

JOB_FOR_TYPE: dict[str, str] = {
    sniff.PDF: "pdf",
    sniff.DOCX: "docx",
    sniff.ODT: "odt",
    sniff.XLSX: "xlsx",
    sniff.DOC: "doc",
    sniff.RTF: "rtf",
    "text/rtf": "rtf",
    "text/plain": "text",
    "text/csv": "text",
    "text/html": "html",
    **{t: "image" for t in IMAGE_TYPES},
}


def readable_type(content_type: str) -> bool:
    return content_type in JOB_FOR_TYPE


def read_document(source: str, content_type: str, data: bytes, limits: Limits) -> Document:
    """Read one file under the limits; never raises for bad input."""
    if len(data) > limits.max_attachment_bytes:
        mb = limits.max_attachment_bytes // (1024 * 1024)
        return unreadable(source, f"the file is larger than {mb} MB")
    if not data:
        return unreadable(source, "the file is empty")
    if is_encrypted_office(data):
        return _read_protected_office(source, data, limits)
    job = JOB_FOR_TYPE.get(content_type)
    if job is None:
        return unreadable(source, f"files of type {content_type} are not read")
    try:
        if job == "pdf":
            doc = _read_pdf_with_ocr(source, data, limits)
        elif job == "image":
            image = _read_image(source, data, limits)
            if image is None:
                return Document(source=source, notes=("a small image (a logo or icon?): not read",))
            doc = image
        else:
            doc = run_job(job, (source, data, limits), limits)
            if job in _PACKAGES and doc.readable and _at_most_a_caption(doc):
                doc = _pictures_read(doc, data, limits)
    except Refused as exc:
        return unreadable(source, exc.reason, exc.cause)
    return _judged(doc, job, limits)


def unreadable(source: str, reason: str, cause: ReadFailure = ReadFailure.UNREADABLE) -> Document:
    return Document(source=source, readable=False, error=reason, encrypted=cause is ReadFailure.ENCRYPTED)


def _read_protected_office(source: str, data: bytes, limits: Limits) -> Document:
    """An encrypted Office file: opened with a password from the thread, then read as what it is."""
    if not limits.passwords:
        return unreadable(source, ENCRYPTED_OFFICE, ReadFailure.ENCRYPTED)
    try:
        plain: bytes = run_job("office_decrypt", (source, data, limits), limits)
    except Refused as exc:
        return unreadable(source, exc.reason, exc.cause)
    return read_document(source, sniff.sniff_type(plain, "application/octet-stream", source), plain, limits)


def _judged(doc: Document, job: str, limits: Limits) -> Document:
    """A document with no text at all, or far too much, is unreadable, with the most useful reason."""
    if doc.readable and doc.text_chars > limits.max_text_chars:
        pages = limits.max_text_chars // 3000
        reason = f"the file is too long: more than {limits.max_text_chars:,} characters (about {pages} pages)"
        return Document(source=doc.source, readable=False, error=reason)
    if doc.text.strip() or doc.form_fields or not doc.readable:
        return doc
    scanned = any(p.ocr_confidence is not None for p in doc.pages)
    if scanned:
        reason = "a scan or photo with no readable text (OCR found nothing)"
    elif doc.notes:
        reason = doc.notes[0]
    elif job == "pdf":
        reason = "the PDF has no text to read (a scan with no text layer?)"
    else:
        reason = "the file contains no text (pictures only, or empty)"
    return replace(doc, readable=False, error=reason)


def _read_pdf_with_ocr(source: str, data: bytes, limits: Limits) -> Document:
    found = run_job("pdf", (source, data, limits), limits)
    doc: Document = found.document
    if not found.scanned_pages:
        return doc
    if not limits.ocr_enabled:
        return replace(doc, notes=(*doc.notes, _not_read_note(found.scanned_pages, "OCR is switched off")))
    pages = list(doc.pages)
    marks = list(doc.signature_marks)
    todo = found.scanned_pages[: limits.max_ocr_pages]
    skipped = list(found.scanned_pages[limits.max_ocr_pages:])
    notes = list(doc.notes)
    late: list[int] = []
    for index, ocr in zip(todo, _ocr_in_parallel("ocr_pdf_page", data, todo, limits), strict=True):
        if ocr is _LATE or (isinstance(ocr, Refused) and ocr.cause is ReadFailure.BUDGET):
            late.append(index)
        elif isinstance(ocr, Refused):
            notes.append(f"page {index + 1} (a scan) could not be read: {ocr}")
        else:
            pages[index] = Page(number=index + 1, text=ocr.text, tables=ocr.tables,
                                ocr_confidence=ocr.confidence, headings=ocr.headings)
            marks.extend(ocr.signature_marks)
    if late:
        notes.append(_not_read_note(tuple(late), "the time for reading this message's files ran out"))
    if skipped:
        why = f"over the OCR limit of {limits.max_ocr_pages} pages"
        notes.append(_not_read_note(tuple(sorted(skipped)), why))
    return replace(doc, pages=tuple(pages), signature_marks=_unique(marks), notes=tuple(notes))


_LATE = object()
"""A page whose OCR was not started: the file's OCR time (four times a file's limit) was spent."""


def _ocr_in_parallel(job: str, data: bytes, indexes: tuple[int, ...], limits: Limits) -> list[Any]:
    """OCR of several pages of one file, as many at once as there are workers (`Limits.workers`).

    Each page is its own job under the time and memory limits, and the results come back in
    page order whatever order they finish in: the job's value, its `Refused`, or `_LATE` for a
    page not started because the file's pages had already taken four times a file's time limit."""
    started = time.monotonic()

    def read(index: int) -> Any:
        if time.monotonic() - started > limits.timeout_seconds * 4:
            return _LATE
        try:
            return run_job(job, (data, index, limits), limits)
        except Refused as exc:
            return exc

    at_once = min(len(indexes), max(1, limits.workers)) if limits.sandbox else 1
    if at_once <= 1:
        return [read(index) for index in indexes]
    prepare_workers(at_once, limits)
    with ThreadPoolExecutor(max_workers=at_once, thread_name_prefix="rtt-ocr") as pool:
        return list(pool.map(read, indexes))


def _not_read_note(indexes: tuple[int, ...], why: str) -> str:
    shown = ", ".join(str(i + 1) for i in indexes[:10]) + (" ..." if len(indexes) > 10 else "")
    return f"scanned pages not read by OCR ({why}): {shown}"


def _read_image(source: str, data: bytes, limits: Limits) -> Document | None:
    """An image attachment (a photo or scan of a page); every frame of a TIFF is a page."""
    if not limits.ocr_enabled:
        return unreadable(source, "an image, not read: OCR is switched off")
    first, frames = run_job("ocr_image", (data, 0, limits), limits)
    if first is None:
        return None
    results = [first]
    notes: list[str] = []
    rest = tuple(range(1, min(frames, limits.max_ocr_pages)))
    for index, read in zip(rest, _ocr_in_parallel("ocr_image", data, rest, limits), strict=True):
        if read is _LATE:
            notes.append(f"page {index + 1} of the image was not read: the time for reading the file ran out")
            break
        if isinstance(read, Refused):
            notes.append(f"page {index + 1} of the image could not be read: {read}")
            if read.cause is ReadFailure.BUDGET:
                break
        elif read[0] is not None:
            results.append(read[0])
    if frames > limits.max_ocr_pages:
        notes.append(f"pages after {limits.max_ocr_pages} of the image were not read (OCR limit)")
    pages = tuple(
        Page(number=i + 1, text=r.text, tables=r.tables, ocr_confidence=r.confidence, headings=r.headings)
        for i, r in enumerate(results)
    )
    marks = _unique([m for r in results for m in r.signature_marks])
    return Document(source=source, pages=pages, signature_marks=marks, notes=tuple(notes))


_PACKAGES = ("docx", "odt")


_CAPTION_CHARS = 200
"""A Word file with no more text than a caption ('Signed passport - photos of the paper copy')."""


def _at_most_a_caption(doc: Document) -> bool:
    return len(doc.text.strip()) < _CAPTION_CHARS and not doc.form_fields


def _pictures_read(doc: Document, data: bytes, limits: Limits) -> Document:
    """A Word file with no text but pictures, or a caption over them (a copier's 'scan to Word',
    phone photos pasted in): each picture is read by OCR as a page, as if it had been sent as an
    image, after the caption's page."""
    try:
        pictures = package_images(data, limits)
    except Unreadable:
        return doc
    if doc.text.strip():  # a caption over them: only photos or scans of pages, not a logo or a banner
        pictures = [p for p in pictures if _page_like(p)]
    if not pictures:
        return doc
    if not limits.ocr_enabled:
        return replace(doc, notes=(*doc.notes, "pictures of pages, not read: OCR is switched off"))
    try:
        images = [_read_image(doc.source, picture, limits) for picture in pictures]
        read = [d for d in images if d is not None]
    except Refused as exc:
        return replace(doc, notes=(*doc.notes, f"pictures of pages could not be read: {exc}"))
    pages = [p for d in read if d.readable for p in d.pages]
    if not pages:
        return doc
    pages = [p for p in doc.pages if p.text.strip()] + pages
    return Document(
        source=doc.source,
        pages=tuple(replace(p, number=i + 1) for i, p in enumerate(pages)),
        signature_marks=_unique([m for d in read for m in d.signature_marks]),
        notes=tuple(n for d in read for n in d.notes),
    )


_PAGE_SIDE = 1000
"""Pixels on a picture's longer side for it to be a photo or scan of a page."""


def _page_like(picture: bytes) -> bool:
    """A picture shaped like a page (at least half as tall as it is wide, and large): its header
    only is read, the picture itself is read by OCR under the limits."""
    try:
        with Image.open(io.BytesIO(picture)) as image:
            width, height = image.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return False
    return max(width, height) >= _PAGE_SIDE and height >= width * 0.5


def _unique(labels: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(labels))
