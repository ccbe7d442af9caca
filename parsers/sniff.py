"""What a file really is, from its first bytes, and a name that is safe to store and show."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOC = "application/msword"
MSG = "application/vnd.ms-outlook"
RTF = "application/rtf"
TNEF = "application/ms-tnef"
ZIP = "application/zip"
JPEG = "image/jpeg"
PNG = "image/png"
TIFF = "image/tiff"
GIF = "image/gif"
EML = "message/rfc822"
OCTET = "application/octet-stream"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TNEF_MAGIC = b"\x78\x9f\x3e\x22"
_MSG_STREAM = "__substg1.0_".encode("utf-16-le")
_SIMPLE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"{\\rtf", RTF),
    (_TNEF_MAGIC, TNEF),
)
_EXTENSIONS = {
    ".pdf": PDF, ".docx": DOCX, ".odt": ODT, ".xlsx": XLSX, ".doc": DOC, ".msg": MSG, ".rtf": RTF,
    ".zip": ZIP, ".jpg": JPEG, ".jpeg": JPEG, ".png": PNG, ".tif": TIFF,
    ".tiff": TIFF, ".gif": GIF, ".eml": EML, ".txt": "text/plain", ".csv": "text/csv",
    ".htm": "text/html", ".html": "text/html", ".bmp": "image/bmp", ".webp": "image/webp",
}
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
"""An HTML page's first bytes, whatever the name or the declared type says."""
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def sniff_type(data: bytes, declared: str, filename: str) -> str:
    """The type the bytes say, falling back to the extension, then to the declared type."""
    head = data[:8]
    for magic, kind in _SIMPLE_MAGIC:
        if head.startswith(magic):
            return kind
    if b"%PDF-" in data[:1024]:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(_OLE_MAGIC):
        is_msg = filename.lower().endswith(".msg") or _MSG_STREAM in data[:65536]
        return MSG if is_msg else DOC
    if _HTML_START.match(data[:512]):
        return "text/html"  # Word's 'Web Page' saved as .doc, a system's export sent as msword
    by_ext = _EXTENSIONS.get(_extension(filename))
    if by_ext and by_ext not in (PDF, DOCX, ODT, XLSX, DOC, MSG, ZIP):
        return by_ext
    return declared.lower() if declared else OCTET


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist()[:2000])
            if "word/document.xml" in names or ("[Content_Types].xml" in names and any(
                n.startswith("word/") for n in names
            )):
                return DOCX
            if "mimetype" in names and zf.read("mimetype")[:64].startswith(ODT.encode()):
                return ODT
            if "xl/workbook.xml" in names:
                return XLSX
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, NotImplementedError):
        return ZIP
    return ZIP


def _extension(filename: str) -> str:
    dot = filename.rfind(".")
    return filename[dot:].lower() if dot >= 0 else ""


def safe_filename(name: str | None, fallback: str) -> str:
    """A display and storage name: no directories, no control characters, 120 chars at most."""
    if not name:
        return fallback
    name = unicodedata.normalize("NFC", name)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip(" .")
    if not name:
        return fallback
    if len(name) > 120:
        ext = _extension(name)[:10]
        name = name[: 120 - len(ext)] + ext
    return name
