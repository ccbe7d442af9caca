"""Seed the store with realistic cases for the web tests and the benchmark.

Made-up people and schools only. `add_case` writes one full case through the ORM (message with
attachments, requirements, an auto-reply); `bulk_seed` writes thousands quickly with Core inserts.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import Session

from checking.stored_facts import facts_to_json
from parsers.facts import CaseFacts, Pupil, RiskAssessment, School, Signature, WeekHours
from store.cases import add_participant
from store.models import (
    AttachmentRecord,
    AuditEvent,
    Case,
    OutboundReply,
    RawMessage,
    RequirementRecord,
)
from triage.catalogue import load_guidance
from triage.model import Breach, Reporter

REQUIREMENT_IDS = [r.id for r in load_guidance().requirements]
CIRCUMSTANCES = [
    "looked_after",
    "court_order",
    "child_protection",
    "child_in_need",
    "team_around_family",
    "ehcp",
]
FIRST = ["Mia", "Leo", "Ava", "Noah", "Isla", "Oscar", "Freya", "Arlo", "Ivy", "Theo", "Ruby", "Finn"]
LAST = ["Robinson", "Ward", "Patel", "Okafor", "Hughes", "Nowak", "Evans", "Khan", "Brooks", "Lewis"]
SCHOOLS = [
    ("Cherwell Valley Academy", "cherwellvalley.oxon.sch.uk"),
    ("Thames Meadow Primary School", "thamesmeadow.oxon.sch.uk"),
    ("Banbury Road School", "banburyroad.oxon.sch.uk"),
    ("Wychwood Park Academy", "wychwoodpark.oxon.sch.uk"),
    ("Isis Vale Secondary", "isisvale.oxon.sch.uk"),
    ("Chiltern Edge Community School", "chilternedge.oxon.sch.uk"),
]
PDF_BYTES = b"%PDF-1.4\n% made-up plan for tests\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build_email(
    sender: str, subject: str, body: str, attachments: list[tuple[str, str, bytes]], sent: datetime
) -> tuple[bytes, str]:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "attendance@oxfordshire.gov.uk"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(sent)
    message_id = make_msgid(domain=sender.rsplit("@", 1)[-1])
    msg["Message-ID"] = message_id
    msg.set_content(body)
    for filename, ctype, payload in attachments:
        maintype, subtype = ctype.split("/", 1)
        msg.add_attachment(payload, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes(), message_id


def facts_for(
    pupil: str,
    school: str,
    start: date,
    weeks: list[float],
    circumstances: dict[str, bool],
    breach: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A case's stored facts, encoded by the daemon's own codec (`checking.stored_facts`)."""
    agreed = start - timedelta(days=3)
    plan = CaseFacts(
        school=School(name=school),
        pupil=Pupil(name=pupil, dob=date(2013, 5, 4), year_group="8"),
        circumstances={c: circumstances.get(c, False) for c in CIRCUMSTANCES},
        start_date=start,
        full_time_date=start + timedelta(weeks=len(weeks)),
        agreement_date=agreed,
        meeting_date=agreed,
        review_dates=(start + timedelta(weeks=2), start + timedelta(weeks=4)),
        timetable=tuple(WeekHours(i + 1, h) for i, h in enumerate(weeks)),
        full_time_hours=32.5,
        named_person="Ms J. Carter (SENCo)",
        signatures=(Signature("parent", "A. Parent", agreed), Signature("school", "J. Carter", None)),
        risk_assessment=RiskAssessment(present=True, cse=True, cde=True, date=start - timedelta(days=4)),
    )
    report = None
    if breach is not None:
        report = Breach(school=plan.school, pupil=plan.pupil, reporter=Reporter(**breach["reporter"]),
                        concerns=tuple(breach["concerns"]))
    return facts_to_json(plan, report)


def add_case(
    session: Session,
    *,
    reference: str,
    pupil: str,
    school: str,
    sender: str,
    subject: str,
    start: date,
    weeks: list[float],
    problems: list[str],
    kind: str = "rtt_notification",
    status: str = "needs_officer",
    priority: str = "high",
    circumstances: dict[str, bool] | None = None,
    attachment_name: str = "plan.pdf",
    body: str = "Please find attached the reintegration plan.",
    breach: dict[str, Any] | None = None,
    received: datetime | None = None,
    next_review: date | None = None,
) -> Case:
    received = received or datetime.now(UTC) - timedelta(days=2)
    facts = facts_for(pupil, school, start, weeks, circumstances or {}, breach)
    case = Case(
        reference=reference,
        kind=kind,
        status=status,
        priority=priority,
        priority_rank=["urgent", "high", "normal", "low"].index(priority),
        school_name=school,
        school_domain=sender.rsplit("@", 1)[-1],
        pupil_name=pupil,
        pupil_key=pupil.lower(),
        start_date=start,
        full_time_date=start + timedelta(weeks=len(weeks)),
        next_review_date=next_review,
        problems=problems,
        facts=facts,
        created_at=received,
        updated_at=received,
    )
    session.add(case)
    session.flush()
    message = _add_inbound(session, case, sender, subject, body, attachment_name, received)
    if kind == "rtt_notification":
        _add_requirements(session, case, problems, attachment_name)
    _add_auto_reply(session, case, message, problems)
    session.add(AuditEvent(actor="system", action="case_created", case_id=case.id, at=received))
    session.flush()
    return case


def _add_inbound(
    session: Session, case: Case, sender: str, subject: str, body: str, attachment: str, received: datetime
) -> RawMessage:
    raw, message_id = build_email(
        sender, subject, body, [(attachment, "application/pdf", PDF_BYTES)], received
    )
    message = RawMessage(
        mailbox="attendance@oxfordshire.gov.uk",
        folder="INBOX",
        uid=f"{case.reference}-1",
        message_id=message_id,
        sha256=hashlib.sha256(raw).hexdigest(),
        raw=raw,
        size=len(raw),
        received_at=received,
        state="done",
        kind=case.kind,
        from_address=sender,
        subject=subject,
        sent_date=received,
        case_id=case.id,
        mailbox_action_done=True,
    )
    session.add(message)
    session.flush()
    add_participant(session, case_id=case.id or 0, address=sender)
    session.add(
        AttachmentRecord(
            message_row_id=message.id or 0,
            filename=attachment,
            content_type="application/pdf",
            size=len(PDF_BYTES),
            sha256=hashlib.sha256(PDF_BYTES).hexdigest(),
            pages=3,
            text_chars=5120,
        )
    )
    return message


def _add_requirements(session: Session, case: Case, problems: list[str], attachment: str) -> None:
    for n, req_id in enumerate(REQUIREMENT_IDS):
        bad = req_id in problems
        session.add(
            RequirementRecord(
                case_id=case.id or 0,
                requirement_id=req_id,
                status="missing" if bad else "met",
                evidence=None if bad else f"Evidence for {req_id.replace('_', ' ')}",
                where=None if bad else f"{attachment}#page={1 + n % 3}",
            )
        )


def _add_auto_reply(session: Session, case: Case, message: RawMessage, problems: list[str]) -> None:
    session.add(
        OutboundReply(
            idempotency_key=f"auto:{message.id}",
            case_id=case.id,
            in_reply_to_row=message.id,
            kind="auto",
            to_addresses=[message.from_address or ""],
            subject=f"Re: {message.subject} [{case.reference}]",
            body_text="Thank you. We still need: " + ", ".join(problems),
            message_id=make_msgid(domain="oxfordshire.gov.uk"),
            in_reply_to=message.message_id,
            status="sent",
            created_at=message.received_at,
            sent_at=message.received_at + timedelta(minutes=1),
        )
    )


def _bulk_case_row(i: int, rng: random.Random, today: date) -> dict[str, Any]:
    school, domain = rng.choice(SCHOOLS)
    pupil = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    start = today - timedelta(days=rng.randint(0, 120))
    weeks = [float(h) for h in sorted(rng.choice([10, 12.5, 15, 20, 25]) for _ in range(rng.randint(3, 8)))]
    problems = rng.sample(REQUIREMENT_IDS, rng.randint(0, 4))
    kind = rng.choices(["rtt_notification", "breach_report", "other"], [85, 10, 5])[0]
    priority = rng.choices(["urgent", "high", "normal", "low"], [5, 25, 55, 15])[0]
    created = datetime.combine(start, datetime.min.time(), tzinfo=UTC) - timedelta(days=rng.randint(0, 5))
    return {
        "reference": f"RTT-BENCH-{i:06d}",
        "kind": kind,
        "status": rng.choices(["open", "awaiting_school", "needs_officer", "closed"], [20, 35, 20, 25])[0],
        "priority": priority,
        "priority_rank": ["urgent", "high", "normal", "low"].index(priority),
        "school_name": school,
        "school_domain": domain,
        "pupil_name": pupil,
        "pupil_key": pupil.lower(),
        "start_date": start,
        "full_time_date": start + timedelta(weeks=len(weeks)),
        "next_review_date": start + timedelta(weeks=2),
        "problems": problems,
        "facts": facts_for(pupil, school, start, weeks, {rng.choice(CIRCUMSTANCES): rng.random() < 0.3}),
        "created_at": created,
        "updated_at": created,
    }


def bulk_seed(engine: Engine, n: int, today: date, seed: int = 7, batch: int = 1000) -> None:
    """n cases, each with its message, attachment, 19 requirements and a reply."""
    rng = random.Random(seed)
    raw, message_id = build_email(
        "head@banburyroad.oxon.sch.uk",
        "Reintegration timetable",
        "Please find the plan attached.",
        [("plan.pdf", "application/pdf", PDF_BYTES)],
        datetime.now(UTC),
    )
    for first in range(0, n, batch):
        rows = [_bulk_case_row(i, rng, today) for i in range(first, min(n, first + batch))]
        with engine.begin() as conn:
            stmt = insert(Case).returning(Case.id, sort_by_parameter_order=True)  # type: ignore[arg-type]
            ids = list(conn.execute(stmt, rows).scalars())
            _bulk_children(conn, ids, rows, raw, message_id)


def _bulk_children(
    conn: Any, ids: list[int], rows: list[dict[str, Any]], raw: bytes, message_id: str
) -> None:
    digest = hashlib.sha256(raw).hexdigest()
    messages = [
        {
            "mailbox": "bench",
            "folder": "INBOX",
            "uid": f"b{cid}",
            "message_id": message_id,
            "sha256": digest,
            "raw": raw,
            "size": len(raw),
            "received_at": row["created_at"],
            "state": "done",
            "kind": row["kind"],
            "from_address": f"head@{row['school_domain']}",
            "subject": f"RTT plan for {row['pupil_name']}",
            "case_id": cid,
            "uidvalidity": 0,
            "attempts": 0,
            "mailbox_action_done": True,
        }
        for cid, row in zip(ids, rows, strict=True)
    ]
    stmt = insert(RawMessage).returning(RawMessage.id, sort_by_parameter_order=True)  # type: ignore[arg-type]
    msg_ids = list(conn.execute(stmt, messages).scalars())
    conn.execute(
        insert(AttachmentRecord),
        [
            {
                "message_row_id": mid,
                "filename": "plan.pdf",
                "content_type": "application/pdf",
                "size": len(PDF_BYTES),
                "sha256": hashlib.sha256(PDF_BYTES).hexdigest(),
                "pages": 3,
                "text_chars": 5000,
                "readable": True,
            }
            for mid in msg_ids
        ],
    )
    conn.execute(
        insert(RequirementRecord),
        [
            {
                "case_id": cid,
                "requirement_id": rid,
                "status": "missing" if rid in row["problems"] else "met",
                "evidence": None if rid in row["problems"] else "Quoted evidence",
                "where": "plan.pdf#page=2",
            }
            for cid, row in zip(ids, rows, strict=True)
            for rid in REQUIREMENT_IDS
        ],
    )
    conn.execute(
        insert(OutboundReply),
        [
            {
                "idempotency_key": f"auto:{mid}",
                "case_id": cid,
                "in_reply_to_row": mid,
                "kind": "auto",
                "to_addresses": [f"head@{row['school_domain']}"],
                "subject": "Re: RTT plan",
                "body_text": "Thank you.",
                "message_id": f"<bench-{mid}@oxfordshire.gov.uk>",
                "status": "sent",
                "attempts": 0,
                "next_attempt_at": row["created_at"],
                "created_at": row["created_at"],
            }
            for cid, mid, row in zip(ids, msg_ids, rows, strict=True)
        ],
    )
