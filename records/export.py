"""Subject access: one archive of everything held about a pupil across their cases: each
message as it came (.eml) and its attachments, the facts read, the replies and follow-ups, the
notes and the audit entries, with an index page a person can read. Other people's data (staff,
parents, professionals, other children a message may name) is flagged for the officer to
redact before the archive is sent, never dropped. Building it writes nothing to the store; the
caller audits it."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
from sqlmodel import Session, col, select

from checking.stored_facts import facts_from_json
from parsers.payloads import attachment_payload
from store.audit import audit
from store.erasure import pupil_cases
from store.models import (
    AppUser,
    AttachmentRecord,
    AuditEvent,
    Case,
    CaseNote,
    CaseParticipant,
    OutboundReply,
    RawMessage,
    RequirementRecord,
)

TEMPLATES = Path(__file__).parent / "templates"
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


@dataclass
class Flag:
    """Someone other than the pupil in an item: for the officer to check and redact."""

    item: str
    who: str
    why: str


@dataclass
class CaseExport:
    case: Case
    folder: str
    messages: list[dict[str, Any]] = field(default_factory=list)
    replies: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    requirements: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


def safe_name(name: str, fallback: str = "file") -> str:
    cleaned = _UNSAFE.sub("_", name).strip(" .")[:100]
    return cleaned or fallback


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


class ExportError(ValueError):
    """Nothing to export (no case matches)."""


def export_pupil(session: Session, name: str, dob: date | None, actor: str, produced: datetime) \
        -> tuple[bytes, list[Case]]:
    """The archive of every case about the pupil, and the cases; each case's export is audited
    (who, when: it shows in the report of who saw what)."""
    cases = pupil_cases(session, name=name, dob=dob)
    if not cases:
        raise ExportError("no case matches that name" + (" and date of birth" if dob else ""))
    archive = build_export(session, cases, name.strip(), produced)
    for case in cases:
        audit(session, "export_pupil", case_id=case.id, actor=actor, cases=len(cases), bytes=len(archive))
    return archive, cases


def build_export(session: Session, cases: Iterable[Case], pupil: str, produced: datetime) -> bytes:
    """The archive (zip bytes) for these cases of one pupil."""
    exports = [_case_export(session, case) for case in cases]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for export in exports:
            _write_case(session, archive, export)
        flags = [{"case": e.case.reference, "item": f.item, "who": f.who, "why": f.why}
                 for e in exports for f in e.flags]
        archive.writestr("for-the-officer/third-parties.json", _json(flags))
        archive.writestr("index.html", _index(exports, pupil, produced))
    return buffer.getvalue()


def _case_export(session: Session, case: Case) -> CaseExport:
    assert case.id is not None
    export = CaseExport(case=case, folder=f"cases/{safe_name(case.reference)}")
    names = {i: u for i, u in session.exec(select(AppUser.id, AppUser.username)).all()}
    _facts_flags(export)
    for person in session.exec(select(CaseParticipant).where(CaseParticipant.case_id == case.id)).all():
        export.flags.append(Flag("people on the case", person.address, "may be told of the case"))
    for note in session.exec(select(CaseNote).where(CaseNote.case_id == case.id)
                             .order_by(col(CaseNote.created_at))).all():
        export.notes.append({"at": note.created_at, "by": names.get(note.author_id), "text": note.text})
        export.flags.append(Flag("notes", "the note's text", "an officer's note may name others"))
    for req in session.exec(select(RequirementRecord).where(RequirementRecord.case_id == case.id)).all():
        export.requirements.append({
            "requirement": req.requirement_id, "status": req.override_status or req.status,
            "as_judged": req.status, "evidence": req.evidence, "where": req.where,
            "officer_reason": req.override_reason})
    for event in session.exec(select(AuditEvent).where(AuditEvent.case_id == case.id)
                              .order_by(col(AuditEvent.at), col(AuditEvent.id))).all():
        export.audit.append({"at": event.at, "who": event.actor, "action": event.action,
                             "message": event.message_row_id, "detail": event.detail})
    staff = sorted({e["who"] for e in export.audit if e["who"] != "system"})
    if staff:
        export.flags.append(Flag("audit entries", ", ".join(staff), "council staff's user names"))
    return export


def _facts_flags(export: CaseExport) -> None:
    facts = facts_from_json(export.case.facts)
    for signer in facts.plan.signatures:
        if signer.name:
            export.flags.append(Flag("facts", signer.name, f"signed the plan ({signer.role})"))
    if facts.plan.named_person:
        export.flags.append(Flag("facts", facts.plan.named_person, "the plan's named person"))
    reporter = facts.breach.reporter if facts.breach else None
    if reporter is not None and (reporter.name or reporter.email):
        who = " ".join(v for v in (reporter.name, reporter.email) if v)
        export.flags.append(Flag("facts", who, "reported a concern (a professional)"))


def _write_case(session: Session, archive: zipfile.ZipFile, export: CaseExport) -> None:
    case = export.case
    folder = export.folder
    identity = {"reference": case.reference, "kind": case.kind, "status": case.status,
                "outcome": case.outcome, "pupil": case.pupil_name, "date_of_birth": case.pupil_dob,
                "school": case.school_name, "start_date": case.start_date,
                "full_time_date": case.full_time_date, "opened": case.created_at, "closed": case.closed_at}
    archive.writestr(f"{folder}/case.json", _json({"case": identity, "facts": case.facts,
                                                  "requirements": export.requirements}))
    archive.writestr(f"{folder}/notes.json", _json(export.notes))
    archive.writestr(f"{folder}/audit.json", _json(export.audit))
    messages = session.exec(select(RawMessage).where(RawMessage.case_id == case.id)
                            .order_by(col(RawMessage.received_at), col(RawMessage.id))).all()
    for n, message in enumerate(messages, 1):
        _write_message(session, archive, export, n, message)
    replies = session.exec(select(OutboundReply).where(OutboundReply.case_id == case.id)
                           .order_by(col(OutboundReply.created_at), col(OutboundReply.id))).all()
    for n, reply in enumerate(replies, 1):
        name = f"{folder}/replies/{n:03d}-{reply.kind}.{'eml' if reply.mime else 'txt'}"
        if reply.removed_at is None:
            archive.writestr(name, reply.mime or reply.body_text)
            for address in reply.to_addresses:
                export.flags.append(Flag(name.removeprefix(folder + "/"), address, "the reply's recipient"))
        export.replies.append({"file": name.removeprefix(folder + "/") if reply.removed_at is None else None,
                               "kind": reply.kind, "status": reply.status, "subject": reply.subject,
                               "at": reply.sent_at or reply.created_at, "removed": reply.removed_at})


def _write_message(session: Session, archive: zipfile.ZipFile, export: CaseExport, n: int,
                   message: RawMessage) -> None:
    folder = export.folder
    entry: dict[str, Any] = {"at": message.sent_date or message.received_at, "from": message.from_address,
                             "subject": message.subject, "removed": message.removed_at, "file": None,
                             "attachments": []}
    if message.removed_at is None:
        name = f"messages/{n:03d}.eml"
        archive.writestr(f"{folder}/{name}", message.raw)
        entry["file"] = name
        if message.from_address:
            export.flags.append(Flag(name, message.from_address, "the sender"))
        export.flags.append(Flag(name, "the message's text", "may name other people: parents, staff, "
                                 "other children"))
        records = session.exec(select(AttachmentRecord).where(AttachmentRecord.message_row_id == message.id)
                               .order_by(col(AttachmentRecord.id))).all()
        for k, record in enumerate(records, 1):
            payload = attachment_payload(message.raw, record.sha256)
            att_name = f"messages/{n:03d}-attachments/{k:02d}-{safe_name(record.filename, 'attachment')}"
            if payload is not None:
                archive.writestr(f"{folder}/{att_name}", payload)
                export.flags.append(Flag(att_name, "the document", "may name other people and hold their "
                                         "signatures"))
            entry["attachments"].append({"file": att_name if payload is not None else None,
                                         "filename": record.filename})
    export.messages.append(entry)


def _index(exports: list[CaseExport], pupil: str, produced: datetime) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    env.filters["day"] = _day
    return env.get_template("export_index.html").render(exports=exports, pupil=pupil, produced=produced)


def _day(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d %B %Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d %B %Y")
    return "" if value is None else str(value)
