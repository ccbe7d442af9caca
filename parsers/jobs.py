"""The jobs a worker process runs: each a pure reader, named so that only these can be asked for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from parsers import containers, docx_reader, ocr, office, outlook, pdf, protected, spreadsheets, textfiles

JOBS: dict[str, Callable[..., Any]] = {
    "pdf": pdf.read_pdf,
    "docx": docx_reader.read_docx,
    "odt": office.read_odt,
    "xlsx": spreadsheets.read_xlsx,
    "doc": office.read_doc,
    "rtf": office.read_rtf,
    "text": textfiles.read_text,
    "html": textfiles.read_html,
    "ocr_pdf_page": ocr.ocr_pdf_page,
    "ocr_image": ocr.ocr_image_frame,
    "zip": containers.unzip,
    "tnef": containers.untnef,
    "msg": outlook.msg_to_eml,
    "office_decrypt": protected.decrypt_office,
}
