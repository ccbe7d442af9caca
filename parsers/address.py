"""Who sent this: one strict reading of an address, used wherever an address decides who
may be told about a child (the sender of a message, the recipients of a reply).

The address is read from the header as it came (never after RFC 2047 decoding: an encoded
word can spell an address, `=?utf-8?q?head=40school?= <attacker@evil.example>`). It must be
exactly one addr-spec, alone or in angle brackets after a display name:

- the local part is a dot-atom of RFC 5322 `atext` (no quoted local parts, no comments);
- the domain is a dot-atom of letters, digits and hyphens; an internationalised domain is
  compared in its ASCII (IDNA) form;
- nothing of `<>()",;:\\[]` may stand outside a quoted display name, and only one `<...>`.

Anything else is an unknown sender: it gets no reply, and an officer decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.errors import RttError

_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_LOCAL = re.compile(rf"{_ATEXT}+(?:\.{_ATEXT}+)*\Z")
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)\Z")
_QUOTED = re.compile(r'"(?:[^"\\\r\n]|\\[^\r\n])*"')
_FORBIDDEN_IN_PHRASE = set('<>()",;:\\[]@')
_MAX_ADDRESS = 254


@dataclass(frozen=True)
class StrictAddress:
    email: str
    """The canonical addr-spec: the local part as written, the domain lower-case ASCII."""
    display_name: str
    """The display name as it came (RFC 2047 words not decoded)."""


class AddressRefused(RttError, ValueError):
    """The header is not one plain address; the text says why (no address echoed back)."""


def canonical_addr_spec(text: str) -> str:
    """`local@domain` checked strictly; the domain in ASCII lower case. Raises AddressRefused."""
    if text.count("@") != 1:
        raise AddressRefused("an address needs exactly one @")
    local, domain = text.split("@")
    if not _LOCAL.match(local) or len(local) > 64:
        raise AddressRefused("the part before @ is not a plain mailbox name")
    ascii_domain = _ascii_domain(domain)
    address = f"{local}@{ascii_domain}"
    if len(address) > _MAX_ADDRESS:
        raise AddressRefused("the address is too long")
    return address


def _ascii_domain(domain: str) -> str:
    try:
        ascii_domain = domain.encode("idna").decode("ascii").lower()
    except (UnicodeError, ValueError) as exc:
        raise AddressRefused("the domain is not a valid domain name") from exc
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise AddressRefused("the domain is not a valid domain name")
    return ascii_domain


def parse_mailbox(value: str) -> StrictAddress:
    """One `From`-style header value (unfolded, undecoded) read as exactly one mailbox."""
    text = " ".join(value.replace("\r", " ").replace("\n", " ").split())
    if not text:
        raise AddressRefused("the header is empty")
    if text.endswith(">"):
        phrase, _, inner = text[:-1].rpartition("<")
        _check_phrase(phrase)
        return StrictAddress(canonical_addr_spec(inner.strip()), phrase.strip())
    return StrictAddress(canonical_addr_spec(text), "")


def _check_phrase(phrase: str) -> None:
    """A display name: words, and quoted strings, with no address syntax outside quotes."""
    unquoted = _QUOTED.sub("", phrase)
    if _FORBIDDEN_IN_PHRASE.intersection(unquoted):
        raise AddressRefused("the display name holds address syntax")


def sender_of(from_values: list[str]) -> StrictAddress:
    """The sender from every `From` header of a message, as they came. Raises AddressRefused
    unless there is exactly one header holding exactly one plain address."""
    if len(from_values) != 1:
        raise AddressRefused("no From header" if not from_values else "more than one From header")
    return parse_mailbox(from_values[0])


def same_address(a: str, b: str) -> bool:
    """Equal once both are canonical (the local part compared without case, as mail systems do)."""
    try:
        return canonical_addr_spec(a).lower() == canonical_addr_spec(b).lower()
    except AddressRefused:
        return False


_SCHOOL_DOMAIN = re.compile(r"\.sch\.uk$", re.I)


def is_school_address(email: str) -> bool:
    """An address on a school's own domain (an English school's '.sch.uk')."""
    return bool(_SCHOOL_DOMAIN.search(email))
