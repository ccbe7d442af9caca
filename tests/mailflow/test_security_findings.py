"""Issue 8, tried as an attacker would: `rtt run` as a subprocess, a real Dovecot, a real SMTP
listener (aiosmtpd), on SQLite and PostgreSQL. Each test asserts who got what.

The numbered findings of the issue: 1 malformed From, 2 joining another's case, 3 encoded From,
4 DMARC, 5 files at rest, 6 size, 8 logs, 9 loops and floods (7, the sign-in, is in tests/web).
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
from sqlmodel import Session, select

from store.db import make_engine
from store.models import Case, CaseParticipant, OutboundReply, RawMessage

from .conftest import EXAMPLES, DaemonProcess
from .servers import Dovecot, SmtpServer

pytestmark = pytest.mark.system

PLAN = (EXAMPLES / "example-02-missing-items-pdf" / "message.eml").read_bytes()
"""Amelia Hughes's plan from head@millbrookfields.oxon.sch.uk."""
PUPIL = "Amelia"
SCHOOL = b"Tom Fletcher <head@millbrookfields.oxon.sch.uk>"
OUR_MX = "mx.oxfordshire.gov.uk"


def message_from(
    raw: bytes, sender: bytes, n: int, extra_headers: bytes = b"", subject: bytes | None = None
) -> bytes:
    """The plan, as sent by someone else: its From, Message-ID and (optionally) Subject replaced."""
    head, body = raw.split(b"\r\n\r\n", 1)
    lines = []
    for line in head.split(b"\r\n"):
        low = line.lower()
        if low.startswith(b"from:"):
            line = b"From: " + sender
        elif low.startswith(b"message-id:"):
            line = b"Message-ID: <sec-%d@test.example>" % n
        elif low.startswith(b"subject:") and subject is not None:
            line = b"Subject: " + subject
        lines.append(line)
    return (
        b"\r\n".join(lines)
        + (b"\r\n" + extra_headers.rstrip(b"\r\n") if extra_headers else b"")
        + b"\r\n\r\n"
        + body
    )


def dmarc(result: str, domain: str, server: str = OUR_MX) -> bytes:
    return f"Authentication-Results: {server}; dmarc={result} header.from={domain}".encode()


def run_once(daemon: DaemonProcess, dovecot: Dovecot, user: str, messages: list[bytes]) -> None:
    dovecot.append(user, "INBOX", messages)
    daemon.start("--once")
    assert daemon.proc is not None
    assert daemon.proc.wait(120) == 0, daemon.log_text()[-3000:]


def all_rcpts(smtp: SmtpServer) -> list[str]:
    return [r for got in smtp.received for r in got.rcpt_tos]


def test_forged_senders_get_nothing_and_dmarc_needs_our_servers_pass(
    daemon: DaemonProcess,
    daemon_env: dict[str, str],
    dovecot: Dovecot,
    imap_user: str,
    smtp: SmtpServer,
    db_url: str,
) -> None:
    daemon.env["RTT_TRUSTED_AUTHSERV_IDS"] = OUR_MX
    school = "millbrookfields.oxon.sch.uk"
    messages = [
        # the school itself, with our server's dmarc=pass: answered
        message_from(PLAN, SCHOOL, 1, dmarc("pass", school)),
        # 1: a quoted local part that smtplib reads as the attacker's address
        message_from(PLAN, b'"attacker@evil.example<@any.oxon.sch.uk', 2, dmarc("pass", "any.oxon.sch.uk")),
        message_from(PLAN, b'"attacker@evil.example>@rs7.oxon.sch.uk', 3, dmarc("pass", "rs7.oxon.sch.uk")),
        # 3: an encoded word that spells a school address before the real one
        message_from(PLAN, b"=?utf-8?q?head=40school=2Eoxon=2Esch=2Euk?= <attacker@evil.example>", 4),
        # 4: none, temperror, permerror, no result, and a pass claimed by a server not ours
        message_from(PLAN, b"<head2@millbrookfields.oxon.sch.uk>", 5, dmarc("none", school)),
        message_from(PLAN, b"<head3@millbrookfields.oxon.sch.uk>", 6, dmarc("temperror", school)),
        message_from(PLAN, b"<head4@millbrookfields.oxon.sch.uk>", 7, dmarc("permerror", school)),
        message_from(PLAN, b"<head5@millbrookfields.oxon.sch.uk>", 8),
        message_from(
            PLAN, b"<head6@millbrookfields.oxon.sch.uk>", 9, dmarc("pass", school, "mx.evil.example")
        ),
    ]
    run_once(daemon, dovecot, imap_user, messages)
    rcpts = all_rcpts(smtp)
    assert rcpts == ["head@millbrookfields.oxon.sch.uk"], rcpts
    assert not any("evil" in r for r in rcpts)
    engine = make_engine(db_url)
    with Session(engine) as s:
        cases = s.exec(select(Case)).all()
        held = [c for c in cases if c.status == "needs_officer"]
        reasons = " | ".join(c.needs_officer_reason or "" for c in held)
    engine.dispose()
    assert len(held) == len(messages) - 1, reasons
    assert reasons.count("unknown sender") == 2
    assert "outside the trusted domains" in reasons  # the encoded-word sender is evil.example
    for what in ("DMARC none", "DMARC temperror", "DMARC permerror", "no DMARC result from our mail servers"):
        assert what in reasons, what


def test_a_case_is_told_only_to_its_own_people(
    daemon: DaemonProcess,
    dovecot: Dovecot,
    imap_user: str,
    smtp: SmtpServer,
    db_url: str,
) -> None:
    run_once(daemon, dovecot, imap_user, [message_from(PLAN, SCHOOL, 1)])
    assert all_rcpts(smtp) == ["head@millbrookfields.oxon.sch.uk"]
    subject = str(smtp.received[0].message["Subject"])
    reference = re.search(r"RTT-\d{4}-[0-9A-Z]{6}", subject)
    assert reference is not None, subject
    our_reply_id = str(smtp.received[0].message["Message-ID"])
    # 2: staff at another school quote the reference, and In-Reply-To our reply
    intruder = (
        b"From: Nosy <staff@otherschool.oxon.sch.uk>\r\nTo: attendance@oxfordshire.gov.uk\r\n"
        b"Subject: Re: [" + reference.group(0).encode() + b"] what is missing?\r\n"
        b"Message-ID: <intruder-1@otherschool.oxon.sch.uk>\r\nIn-Reply-To: " + our_reply_id.encode() + b"\r\n"
        b"Date: Fri, 27 Feb 2026 09:00:00 +0000\r\n\r\nPlease send me the details of this case.\r\n"
    )
    daemon.proc = None
    run_once(daemon, dovecot, imap_user, [intruder])
    assert len(smtp.received) == 2
    to_intruder = smtp.received[1]
    assert to_intruder.rcpt_tos == ["staff@otherschool.oxon.sch.uk"]
    text = to_intruder.message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert PUPIL not in text and "Hughes" not in text and "Millbrook" not in text
    engine = make_engine(db_url)
    with Session(engine) as s:
        cases = s.exec(select(Case).order_by(Case.id)).all()
        people = {(p.case_id, p.address) for p in s.exec(select(CaseParticipant)).all()}
    engine.dispose()
    assert len(cases) == 2
    first, second = cases
    assert (first.id, "staff@otherschool.oxon.sch.uk") not in people
    assert (first.id, "head@millbrookfields.oxon.sch.uk") in people
    assert second.status == "needs_officer" and first.reference in (second.needs_officer_reason or "")
    assert first.reference != second.reference
    codes = [c.reference[-6:] for c in cases]
    assert not all(code.isdigit() for code in codes)  # not row ids


REPORT = (EXAMPLES / "example-05-breach-report" / "message.eml").read_bytes()
"""Leo Ward at Greystone Park Academy, reported by a council social worker."""


def test_a_reporter_outside_the_trusted_domains_gets_only_a_bare_acknowledgement(
    daemon: DaemonProcess,
    dovecot: Dovecot,
    imap_user: str,
    smtp: SmtpServer,
    db_url: str,
) -> None:
    daemon.env["RTT_TRUSTED_AUTHSERV_IDS"] = OUR_MX
    messages = [
        message_from(REPORT, b"Alison Greaves <alison.greaves1@nhs.net>", 21, dmarc("pass", "nhs.net")),
        message_from(REPORT, b"<hv2@nhs.net>", 22, dmarc("fail", "nhs.net")),
        message_from(REPORT, b"<worried@gmail.example>", 23, dmarc("pass", "gmail.example")),
    ]
    run_once(daemon, dovecot, imap_user, messages)
    assert all_rcpts(smtp) == ["alison.greaves1@nhs.net"]
    got = smtp.received[0].message
    text = got.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    for named in ("Leo", "Ward", "Greystone"):
        assert named not in text and named not in str(got["Subject"]), named
    engine = make_engine(db_url)
    with Session(engine) as s:
        kinds = [r.kind for r in s.exec(select(OutboundReply)).all()]
        reports = s.exec(select(Case)).all()
    engine.dispose()
    assert kinds == ["bare_ack"]
    assert len(reports) == 3  # every report is kept for the officers


def test_files_at_rest_are_private_to_their_owner(tmp_path: Path) -> None:
    """5: the embedded defaults (SQLite, the outbox Maildir), as `make run` leaves them."""
    var, inbox = tmp_path / "private", tmp_path / "inbox"
    env = {
        "RTT_DATA_DIR": str(var),
        "RTT_MAILDIR": str(inbox),
        "RTT_WEB_ENABLED": "false",
        "RTT_OCR_ENABLED": "false",
    }
    for sub in ("new", "cur", "tmp"):
        (inbox / sub).mkdir(parents=True)
    (inbox / "new" / "1.eml").write_bytes(PLAN)
    proc = DaemonProcess(tmp_path, env)
    proc.start("--once")
    assert proc.proc is not None and proc.proc.wait(120) == 0, proc.log_text()[-2000:]
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    written = [p for p in (var / "outbox").rglob("*") if p.is_file()]
    assert written, "a reply was written to the outbox"
    for path in [var / "rtt.sqlite3", *written, *var.glob("rtt.sqlite3-*")]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
    (var / "outbox").chmod(0o755)
    proc.start("--once")
    assert proc.proc.wait(120) == 0
    assert "readable by others than its owner" in proc.log_text()


def test_a_large_message_is_stored_refused_and_blocks_nothing(
    daemon: DaemonProcess,
    dovecot: Dovecot,
    imap_user: str,
    smtp: SmtpServer,
    db_url: str,
) -> None:
    """6 and 8: a message over RTT_MAX_MESSAGE_MB is kept as it came and refused before parsing;
    the next one is answered; no child's name reaches the log from any library."""
    daemon.env["RTT_MAX_MESSAGE_MB"] = "1"
    big = message_from(
        PLAN,
        b"<big@millbrookfields.oxon.sch.uk>",
        1,
        b"X-Padding: " + b"A" * 70 + b"\r\n" + (b"X-Pad: " + b"B" * 900 + b"\r\n") * 1500,
    )
    undecodable = message_from(
        PLAN, SCHOOL, 2, subject=b"Amelia Hughes DOB 01/02/2016 =?utf-8?b?A?="
    )
    run_once(daemon, dovecot, imap_user, [big, undecodable])
    assert all_rcpts(smtp) == ["head@millbrookfields.oxon.sch.uk"]
    engine = make_engine(db_url)
    with Session(engine) as s:
        rows = s.exec(select(RawMessage).order_by(RawMessage.id)).all()
        refused = next(r for r in rows if r.size > 1024 * 1024)
        assert refused.raw == big
        assert refused.state == "needs_officer" and "over the limit of 1 MB" in (refused.error or "")
        case = s.get(Case, refused.case_id)
        assert case is not None and "too large" in (case.needs_officer_reason or "")
    engine.dispose()
    log = daemon.log_text()
    assert "Amelia" not in log and "Hughes" not in log and "01/02/2016" not in log


OUT_OF_OFFICE = {
    "fr": ("Réponse automatique : Re: plan", "Je suis absente du bureau jusqu'au 5 janvier."),
    "de": ("Automatische Antwort: Re: plan", "Ich bin bis zum 5. Januar nicht im Büro."),
    "pl": ("Automatyczna odpowiedź: Re: plan", "Jestem poza biurem do 5 stycznia."),
}


def test_loops_and_floods_do_not_become_replies(
    daemon: DaemonProcess,
    dovecot: Dovecot,
    imap_user: str,
    smtp: SmtpServer,
    db_url: str,
) -> None:
    """9: foreign out-of-office replies unanswered; one sender's flood grouped on one case; a
    global hourly cap on automatic replies whoever they go to."""
    daemon.env["RTT_SENDER_FLOOD_THRESHOLD"] = "3"
    daemon.env["RTT_REPLY_GLOBAL_LIMIT_PER_HOUR"] = "6"
    ooo = [
        (
            f"From: <teacher{i}@millbrookfields.oxon.sch.uk>\r\nTo: attendance@oxfordshire.gov.uk\r\n"
            f"Subject: {subject}\r\nMessage-ID: <ooo-{i}@x.example>\r\n"
            "Date: Fri, 27 Feb 2026 09:00:00 +0000\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
        ).encode()
        for i, (subject, body) in enumerate(OUT_OF_OFFICE.values())
    ]
    flood = [message_from(PLAN, b"<flood@millbrookfields.oxon.sch.uk>", 100 + i) for i in range(8)]
    many = [message_from(PLAN, f"<head{i}@school{i}.oxon.sch.uk>".encode(), 200 + i) for i in range(8)]
    run_once(daemon, dovecot, imap_user, [*ooo, *flood, *many])
    rcpts = all_rcpts(smtp)
    assert not any(r.startswith("teacher") for r in rcpts)
    assert rcpts.count("flood@millbrookfields.oxon.sch.uk") <= 3
    assert len(rcpts) == 6
    engine = make_engine(db_url)
    with Session(engine) as s:
        held = s.exec(select(OutboundReply).where(OutboundReply.status == "held")).all()
        flood_cases = {
            r.case_id
            for r in s.exec(select(RawMessage)).all()
            if r.from_address == "flood@millbrookfields.oxon.sch.uk"
        }
        grouped = [s.get(Case, c) for c in flood_cases]
    engine.dispose()
    assert any("automatic replies an hour in all" in (h.hold_reason or "") for h in held)
    assert len(flood_cases) <= 3
    assert any("grouped, not answered" in (c.needs_officer_reason or "") for c in grouped if c)
