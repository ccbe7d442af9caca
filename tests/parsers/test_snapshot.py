"""The snapshot codec: every public example's parsed message round-trips exactly."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from parsers.limits import Limits
from parsers.mail import parse_message
from parsers.model import Attachment, ParsedMessage
from parsers.snapshot import decode, encode

EXAMPLES = sorted((Path(__file__).resolve().parents[3] / "shared" / "examples").glob("*/message.eml"))


def _attachments(m: ParsedMessage) -> list[Attachment]:
    nested = (a for x in m.all_attachments() if x.message for a in _attachments(x.message))
    return [*m.all_attachments(), *nested]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.parent.name for p in EXAMPLES])
def test_the_examples_round_trip(path: Path) -> None:
    parsed = parse_message(path.read_bytes(), Limits(passwords=("never-stored",)))
    data = encode(parsed)
    back = decode(data)
    assert back == parsed
    assert repr(back) == repr(parsed)  # dataclass equality plus field types (tuples stay tuples)
    assert all(a.payload == b"" for a in _attachments(back))
    assert b"never-stored" not in __import__("zlib").decompress(data)


def test_a_hand_made_message_round_trips() -> None:
    from datetime import datetime, timedelta, timezone

    from parsers.model import Address, Document, Page

    doc = Document(
        source="plan.pdf",
        pages=(Page(1, "Week 1 | 2h", tables=((("Week", "Hours"), ("1", "2")),), ocr_confidence=91.25,
                    headings=("Plan",)),),
        form_fields=(("Pupil", "A \udcff B"),),
        signature_marks=("Parent/carer",),
        readable=False,
        error="x",
        encrypted=True,
        notes=("page 41 not read",),
    )
    inner = ParsedMessage(None, None, (), (), (), "", None, (), "", "")
    att = Attachment("plan.pdf", "application/pdf", "application/pdf", 3, "ab", b"abc", doc,
                     children=(Attachment("c.txt", "text/plain", "text/plain", 0, "cd", b""),), message=inner)
    m = ParsedMessage(
        "<id@x>", Address("Ann", "ann@x.org"), (Address("", "t@y"),), (), (), "Subj ✓",
        datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
        (("from", "Ann <ann@x.org>"), ("x", "ü")), "body", "html", attachments=(att,), forwarded=(inner,),
        defects=("d",), content_type="multipart/mixed", in_reply_to="<a@b>", references=("<a@b>",),
        sender_refused="why",
    )
    back = decode(encode(m))
    assert back == m and repr(back) == repr(dataclasses.replace(m, attachments=(dataclasses.replace(
        att, payload=b""),)))
