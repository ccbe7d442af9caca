"""The limits on zip packages, checked before and while they expand: a sent .zip, and the
.docx and .odt packages a library would otherwise open blindly."""

from __future__ import annotations

import zipfile

from parsers.errors import Unreadable
from parsers.limits import Limits

_CHUNK = 1 << 16


def megabytes(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def check_ratio(expanded: int, packed: int, limits: Limits, what: str) -> None:
    if expanded > 1024 * 1024 and expanded > limits.max_zip_ratio * max(packed, 1):
        raise Unreadable(f"the {what} expands more than {limits.max_zip_ratio:g} times (a zip bomb?)")


def check_zip_infos(infos: list[zipfile.ZipInfo], packed: int, limits: Limits, what: str) -> None:
    """Refuse a zip (or .docx/.odt package) by what its directory declares."""
    if len(infos) > limits.max_zip_members:
        raise Unreadable(f"the {what} holds {len(infos)} files, over the limit of {limits.max_zip_members}")
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_decompressed_bytes:
        raise Unreadable(f"the {what} expands to more than {megabytes(limits.max_decompressed_bytes)}")
    check_ratio(declared, packed, limits, what)


def read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, reason: str) -> bytes:
    """A member's bytes, streamed with a counter: the declared size is not trusted."""
    out = bytearray()
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            out += chunk
            if len(out) > cap:
                raise Unreadable(reason)
    return bytes(out)
