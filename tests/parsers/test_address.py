"""parsers.address: the one strict reading of an address (issue 8, findings 1 and 3)."""

from __future__ import annotations

import pytest

from parsers.address import AddressRefused, canonical_addr_spec, parse_mailbox, sender_of

ACCEPTED = [
    ("head@school.oxon.sch.uk", "head@school.oxon.sch.uk", ""),
    ("Jane Smith <jane@school.oxon.sch.uk>", "jane@school.oxon.sch.uk", "Jane Smith"),
    ('"Smith, Jane" <Jane.Smith@School.OXON.sch.uk>', "Jane.Smith@school.oxon.sch.uk", '"Smith, Jane"'),
    ('"Jane (head@x)" <jane@school.oxon.sch.uk>', "jane@school.oxon.sch.uk", '"Jane (head@x)"'),
    (
        "=?utf-8?q?Ma=C5=82gorzata?= <m@school.oxon.sch.uk>",
        "m@school.oxon.sch.uk",
        "=?utf-8?q?Ma=C5=82gorzata?=",
    ),
    ("<o'brien+rtt@school.oxon.sch.uk>", "o'brien+rtt@school.oxon.sch.uk", ""),
    ("Zoë <z@bücher.example>", "z@xn--bcher-kva.example", "Zoë"),
    ("Jane\r\n <jane@school.oxon.sch.uk>", "jane@school.oxon.sch.uk", "Jane"),
]

REFUSED = [
    '"attacker@evil.example<@any.oxon.sch.uk',
    '"attacker@evil.example>@rs7.oxon.sch.uk',
    '"a@b"@school.oxon.sch.uk',
    "attacker@evil.example <head@school.oxon.sch.uk>",
    "x <a@evil.example> <c@school.oxon.sch.uk>",
    "a@school.oxon.sch.uk, c@other.oxon.sch.uk",
    "jane@school.oxon.sch.uk (Jane)",
    "jane@[127.0.0.1]",
    "jane@localhost",
    "jane@-bad-.oxon.sch.uk",
    "jane..smith@school.oxon.sch.uk",
    "Jane <>",
    "",
    "Jane: <jane@school.oxon.sch.uk>",
    "jane;x@school.oxon.sch.uk",
    "ünïcode@school.oxon.sch.uk",
    "a" * 65 + "@school.oxon.sch.uk",
]


@pytest.mark.parametrize(("value", "email", "name"), ACCEPTED)
def test_one_plain_address_is_read(value: str, email: str, name: str) -> None:
    found = parse_mailbox(value)
    assert (found.email, found.display_name) == (email, name)


@pytest.mark.parametrize("value", REFUSED)
def test_anything_else_is_refused(value: str) -> None:
    with pytest.raises(AddressRefused):
        parse_mailbox(value)


def test_a_sender_needs_exactly_one_from_header() -> None:
    with pytest.raises(AddressRefused, match="no From"):
        sender_of([])
    with pytest.raises(AddressRefused, match="more than one"):
        sender_of(["a@school.oxon.sch.uk", "b@school.oxon.sch.uk"])
    assert sender_of(["a@school.oxon.sch.uk"]).email == "a@school.oxon.sch.uk"


def test_the_canonical_form_is_what_smtp_gets() -> None:
    assert canonical_addr_spec("Head@School.OXON.SCH.UK") == "Head@school.oxon.sch.uk"
