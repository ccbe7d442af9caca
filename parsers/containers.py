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

from parsers.errors import Unreadable
from parsers.htmltext import html_to_text
from parsers.limits import Limits
from parsers.model import Document, Page
from parsers.office import rtf_to_text
from parsers.ziplimits import check_ratio, check_zip_infos, megabytes, read_capped

log = logging.getLogger(__name__)


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
                check_ratio(total, len(data), limits, "zip")
                members.append(member)
    except Unreadable:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise Unreadable(f"the zip file is damaged ({type(exc).__name__})") from exc
    return Unpacked(Document(source=source), tuple(members))


def _zip_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, room: int, limits: Limits) -> Member:
    name = info.filename
    if info.flag_bits & 0x1:
        return Member(name, b"", "the file is encrypted inside the zip (password protected)")
    try:
        reason = f"the zip expands to more than {megabytes(limits.max_decompressed_bytes)}"
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
            too_big = megabytes(limits.max_decompressed_bytes)
            raise Unreadable(f"the winmail.dat expands to more than {too_big}")
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
    return rtf_to_text(bytes(rtf))
