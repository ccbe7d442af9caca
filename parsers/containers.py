"""Files that hold other files: .zip (one level, with limits) and Outlook's winmail.dat (TNEF).

Each unpacker returns an `Unpacked`: the container's own text (a winmail.dat carries the
message body) and its members as (name, bytes). Members are read by the caller, each in
its own worker job, so one bad member never spoils the others.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass

from parsers.documents import Unreadable
from parsers.limits import Limits
from parsers.model import Document, Page

log = logging.getLogger(__name__)

_CHUNK = 1 << 16


@dataclass(frozen=True)
class Member:
    name: str
    data: bytes
    error: str | None = None
    """Why the member could not be taken out (encrypted, too big); data is then empty."""


@dataclass(frozen=True)
class Unpacked:
    document: Document
    members: tuple[Member, ...] = ()


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def unzip(source: str, data: bytes, limits: Limits) -> Unpacked:
    """The files in a zip, one level deep, refusing bombs before and while expanding."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            check_zip_infos(infos, len(data), limits, "zip")
            members: list[Member] = []
            total = 0
            for info in infos:
                member = _zip_member(zf, info, limits.max_decompressed_bytes - total, limits)
                total += len(member.data)
                _check_ratio(total, len(data), limits, "zip")
                members.append(member)
    except Unreadable:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise Unreadable(f"the zip file is damaged ({type(exc).__name__})") from exc
    return Unpacked(Document(source=source), tuple(members))


def _check_ratio(expanded: int, packed: int, limits: Limits, what: str) -> None:
    if expanded > 1024 * 1024 and expanded > limits.max_zip_ratio * max(packed, 1):
        raise Unreadable(f"the {what} expands more than {limits.max_zip_ratio:g} times (a zip bomb?)")


def check_zip_infos(infos: list[zipfile.ZipInfo], packed: int, limits: Limits, what: str) -> None:
    """Refuse a zip (or .docx/.odt package) by what its directory declares."""
    if len(infos) > limits.max_zip_members:
        raise Unreadable(f"the {what} holds {len(infos)} files, over the limit of {limits.max_zip_members}")
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_decompressed_bytes:
        raise Unreadable(f"the {what} expands to more than {_mb(limits.max_decompressed_bytes)}")
    _check_ratio(declared, packed, limits, what)


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


def _zip_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, room: int, limits: Limits) -> Member:
    name = info.filename
    if info.flag_bits & 0x1:
        return Member(name, b"", "the file is encrypted inside the zip (password protected)")
    try:
        reason = f"the zip expands to more than {_mb(limits.max_decompressed_bytes)}"
        data = read_capped(zf, info, room, reason)
    except NotImplementedError:
        return Member(name, b"", "the file is compressed in a way that is not supported")
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        return Member(name, b"", f"the file is damaged inside the zip ({type(exc).__name__})")
    return Member(name, data)


def untnef(source: str, data: bytes, limits: Limits) -> Unpacked:
    """Outlook's winmail.dat: the message body as text, and the attached files."""
    from tnefparse.tnef import TNEF

    logging.getLogger("tnefparse").setLevel(logging.ERROR)
    try:
        tnef = TNEF(data, do_checksum=False)
    except Exception as exc:  # tnefparse raises ValueError, struct.error, IndexError ...
        raise Unreadable(f"the winmail.dat (Outlook TNEF) file is damaged ({type(exc).__name__})") from exc
    text = _tnef_body(tnef)
    members: list[Member] = []
    total = 0
    for index, att in enumerate(tnef.attachments):
        payload = bytes(getattr(att, "data", b"") or b"")
        total += len(payload)
        if total > limits.max_decompressed_bytes:
            raise Unreadable(f"the winmail.dat expands to more than {_mb(limits.max_decompressed_bytes)}")
        name = _tnef_name(att, index)
        if hasattr(att, "embed"):
            name = f"{name or 'embedded-message'}.dat"
        members.append(Member(name, payload))
    pages = (Page(number=1, text=text),) if text.strip() else ()
    return Unpacked(Document(source=source, pages=pages), tuple(members))


def _tnef_name(att: object, index: int) -> str:
    try:
        name = str(att.long_filename() or att.name)  # type: ignore[attr-defined]
    except (UnicodeDecodeError, AttributeError, ValueError, TypeError):
        name = ""
    return name.strip("\x00 ") or f"winmail-attachment-{index + 1}.bin"


def _tnef_body(tnef: object) -> str:
    from parsers.htmltext import html_to_text

    body = getattr(tnef, "body", None)
    if body:
        return body if isinstance(body, str) else bytes(body).decode("cp1252", errors="replace")
    html = getattr(tnef, "htmlbody", None)
    if html:
        return html_to_text(html if isinstance(html, str) else bytes(html).decode("utf-8", "replace"))
    try:
        rtf = tnef.rtfbody  # type: ignore[attr-defined]
    except Exception:  # compressed RTF that does not decompress
        log.debug("TNEF RTF body unreadable", exc_info=True)
        return ""
    if not rtf:
        return ""
    from parsers.office import rtf_to_text

    return rtf_to_text(bytes(rtf))
