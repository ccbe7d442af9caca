"""Cases holding a child's data in every place the store keeps it, for the removal tests.
Made-up people only; the names are unusual so a byte search finds nothing else."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from store.db import session_scope
from store.models import AuditEvent, CaseNote, OutboundReply, ParsedSnapshot, RawMessage
from store.outbox import outbox_file_key
from tests.web import webseed

OLD = "Peregrine Quasthoff"
"""The pupil whose case closed long ago: everything about them goes."""
HELD = "Ottoline Vanderquist"
"""A pupil whose old case is under a legal hold: nothing goes."""
DOB = date(2013, 5, 4)
OPEN = "Barnaby Wexcombe"
"""A pupil whose case is open: nothing goes."""


@dataclass
class Seeded:
    old: int
    held: int
    open: int
    maildir_file: Path
    outbox_file: Path


def _case(engine: Engine, reference: str, pupil: str, closed_years_ago: float | None, places: Path) \
        -> tuple[int, Path, Path]:
    start = date.today() - timedelta(days=int(365.25 * (closed_years_ago or 0)) + 60)
    with session_scope(engine) as s:
        case = webseed.add_case(
            s, reference=reference, pupil=pupil, school="Cherwell Valley Academy",
            sender="head@cherwellvalley.oxon.sch.uk", subject=f"Reintegration timetable for {pupil}",
            start=start, weeks=[10, 15, 20, 25], problems=["review_schedule"],
            status="closed" if closed_years_ago is not None else "needs_officer",
            attachment_name=f"{pupil} plan.pdf", body=f"Dear team,\nThe plan for {pupil} is attached.\n",
        )
        assert case.id is not None
        case.pupil_dob = DOB
        if closed_years_ago is not None:
            case.closed_at = datetime.now(UTC) - timedelta(days=int(365.25 * closed_years_ago))
            case.full_time_date = case.closed_at.date() - timedelta(days=10)
        message = s.exec(select(RawMessage).where(RawMessage.case_id == case.id)).one()
        maildir = places / "maildir"
        message.mailbox, message.uid = f"maildir:{maildir.resolve()}", f"17000.{reference}.host"
        (maildir / "cur").mkdir(parents=True, exist_ok=True)
        mail_file = maildir / "cur" / f"17000.{reference}.host:2,S"
        mail_file.write_bytes(message.raw)
        s.add(ParsedSnapshot(sha256=message.sha256, readers_version=1,
                             snapshot=f'{{"pupil": "{pupil}"}}'.encode()))
        s.add(CaseNote(case_id=case.id, text=f"Spoke to {pupil}'s mother."))
        s.add(AuditEvent(actor="olivia", action="download_attachment", case_id=case.id,
                         message_row_id=message.id,
                         detail={"attachment_id": 1, "filename": f"{pupil} plan.pdf"}))
        reply = s.exec(select(OutboundReply).where(OutboundReply.case_id == case.id)).one()
        reply.mime = f"Subject: Re: {pupil}\r\n\r\nAbout {pupil}.\r\n".encode()
        assert reply.id is not None
        (places / "outbox" / "cur").mkdir(parents=True, exist_ok=True)
        out_file = places / "outbox" / "cur" / (outbox_file_key(reply.id, reply.message_id) + ":2,S")
        out_file.write_bytes(reply.mime)
        s.add(message)
        s.add(case)
        return case.id, mail_file, out_file


def seed(engine: Engine, places: Path) -> Seeded:
    old, mail_file, out_file = _case(engine, "RTT-2018-OLDOLD", OLD, 7.5, places)
    held, _, _ = _case(engine, "RTT-2018-HELDHD", HELD, 7.5, places)
    open_, _, _ = _case(engine, "RTT-2026-OPENOP", OPEN, None, places)
    return Seeded(old, held, open_, mail_file, out_file)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
