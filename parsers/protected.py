"""Password-protected Office files: found by their container, opened with a password the school
gave in the thread (`Limits.passwords`).

An encrypted .docx/.xlsx is an OLE compound file holding an `EncryptedPackage` stream (MS-OFFCRYPTO);
it is found from its bytes without parsing them, and decrypted with msoffcrypto-tool in a worker
(`parsers.jobs`), like every other reader of untrusted files.
"""

from __future__ import annotations

import io

from parsers.errors import ReadFailure, Unreadable
from parsers.limits import Limits

ENCRYPTED_OFFICE = "the Word file is password protected"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def is_encrypted_office(data: bytes) -> bool:
    """An OLE compound file that holds an encrypted OOXML package."""
    return data.startswith(_OLE_MAGIC) and _ENCRYPTED_PACKAGE in data[:65536] + data[-65536:]


def decrypt_office(source: str, data: bytes, limits: Limits) -> bytes:
    """The decrypted package (a .docx or .xlsx) with the first password that opens it."""
    import msoffcrypto
    from msoffcrypto.exceptions import InvalidKeyError

    for password in limits.passwords:
        try:
            office = msoffcrypto.OfficeFile(io.BytesIO(data))
            office.load_key(password=password)
            out = io.BytesIO()
            office.decrypt(out)
        except InvalidKeyError:
            continue
        except Exception as exc:  # msoffcrypto raises assorted types on damaged files
            raise Unreadable(f"{ENCRYPTED_OFFICE} and could not be opened ({type(exc).__name__})") from exc
        return out.getvalue()
    raise Unreadable(ENCRYPTED_OFFICE, ReadFailure.ENCRYPTED)
