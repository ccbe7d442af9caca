"""A plan in a password-protected file (issue 9, kind 6): the reply asks for the password and
lists nothing as missing; when the password comes in a later message of the thread the file is
opened and the case judged as if it had come open; the password is never shown back."""

from __future__ import annotations

import io
import json
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from checking.contract import outcome_json
from checking.options import CheckOptions
from checking.pipeline import check_message, check_thread, unlock_thread
from config.settings import Settings
from parsers.mail import parse_message
from parsers.passwords import passwords_in

EXAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "examples" / "example-01-complete-pdf"
PASSWORD = "Kestrel-77"


def _plan_lines() -> list[str]:
    options = Settings(ocr_enabled=False).check_options()  # type: ignore[call-arg]
    parsed = parse_message((EXAMPLE / "message.eml").read_bytes(), options.limits)
    (plan,) = [a for a in parsed.attachments if a.filename.endswith(".pdf")]
    assert plan.document is not None
    return plan.document.text.splitlines()


def _pdf(lines: list[str], password: str | None) -> bytes:
    out = io.BytesIO()
    encrypt = StandardEncryption(password, ownerPassword="owner-" + password) if password else None
    page = canvas.Canvas(out, pagesize=A4, encrypt=encrypt)
    y = 800
    for line in lines:
        if y < 40:
            page.showPage()
            y = 800
        page.drawString(40, y, line[:110])
        y -= 13
    page.save()
    return out.getvalue()


def _with_attachment(pdf: bytes) -> bytes:
    msg = message_from_bytes((EXAMPLE / "message.eml").read_bytes(), policy=policy.default)
    assert isinstance(msg, EmailMessage)
    for part in msg.iter_attachments():
        if part.get_content_type() == "application/pdf":
            part.set_content(pdf, maintype="application", subtype="pdf", filename=part.get_filename())
    return msg.as_bytes(policy=policy.SMTP)


def _password_mail(original: bytes) -> bytes:
    first = message_from_bytes(original, policy=policy.default)
    reply = EmailMessage()
    reply["From"] = first["From"]
    reply["To"] = first["To"]
    reply["Subject"] = "Re: " + str(first["Subject"])
    reply["Date"] = first["Date"]
    reply["Message-ID"] = "<password-1@ashbrookvale.oxon.sch.uk>"
    reply["In-Reply-To"] = first["Message-ID"]
    reply.set_content(f"Hello,\n\nThe password for the plan is {PASSWORD}.\n\nThanks\n")
    return reply.as_bytes(policy=policy.SMTP)


@pytest.fixture(scope="module")
def options() -> CheckOptions:
    return Settings(ocr_enabled=False).check_options()  # type: ignore[call-arg]


def test_a_locked_plan_gets_a_request_for_the_password_and_no_list(options: CheckOptions) -> None:
    locked = _with_attachment(_pdf(_plan_lines(), PASSWORD))
    outcome = check_message(locked, options)
    assert outcome.triage.kind == "rtt_notification"
    assert outcome.triage.locked
    assert outcome.reply is not None
    assert "password protected" in outcome.reply.text
    assert "meet the guidance:" not in outcome.reply.text


def test_the_password_in_a_later_message_opens_the_plan(options: CheckOptions) -> None:
    lines = _plan_lines()
    plain = check_message(_with_attachment(_pdf(lines, None)), options)
    locked = _with_attachment(_pdf(lines, PASSWORD))
    follow = _password_mail(locked)
    raws = [locked, follow]
    parsed = [parse_message(r, options.limits) for r in raws]
    outcome = check_thread(unlock_thread(raws, parsed, options.limits), options)
    assert not outcome.triage.locked
    assert outcome.triage.problems == plain.triage.problems
    shown = json.dumps(outcome_json(outcome)) + (outcome.reply.text if outcome.reply else "")
    assert PASSWORD not in shown
    assert PASSWORD not in repr(options.limits) and PASSWORD not in repr(parsed[0])


def test_a_wrong_password_leaves_it_locked(options: CheckOptions) -> None:
    locked = _with_attachment(_pdf(_plan_lines(), PASSWORD))
    wrong = _password_mail(locked).replace(PASSWORD.encode(), b"Wrong-123")
    raws = [locked, wrong]
    parsed = [parse_message(r, options.limits) for r in raws]
    outcome = check_thread(unlock_thread(raws, parsed, options.limits), options)
    assert outcome.triage.locked


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The password will follow in a separate email.", ()),
        ("password to follow", ()),
        ("The password is to be sent by text.", ()),
        ("Password: Marsh2026!", ("Marsh2026!", "Marsh2026")),
        ("the password for the plan is Tx-4491.", ("Tx-4491.", "Tx-4491")),
        ("As promised, the password is: 'kestrel77'", ("kestrel77",)),
        ("PW = abc123", ("abc123",)),
        ("Here is the password - Blue*Sky9", ("Blue*Sky9",)),
    ],
)
def test_passwords_are_read_from_the_ways_schools_give_them(text: str, found: tuple[str, ...]) -> None:
    assert passwords_in(text) == found
