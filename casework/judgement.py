"""A judgement written onto its case: the columns the queue sorts by, the requirement rows,
the attachments read, and the case's status."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from checking.contract import attachment_json
from checking.stored_facts import facts_to_json
from parsers.model import ParsedMessage
from store.audit import audit
from store.cases import PRIORITY_RANK, add_participant, breach_partner, pupil_key
from store.models import AttachmentRecord, Case, RawMessage, RequirementRecord, utcnow
from store.schools import link_case_school
from triage.model import PROBLEM_STATUSES, Triage
from triage.reply_policy import domain_of
from triage.states import SPECIFIC_KINDS, CaseStatus, Kind


def new_case(session: Session, reference: str, triage: Triage, sender: str | None) -> Case:
    case = Case(reference=reference, kind=triage.kind, school_domain=domain_of(sender or "") or None)
    session.add(case)
    apply_triage(session, case, triage)
    assert case.id is not None
    if sender:
        add_participant(session, case_id=case.id, address=sender)
    link_breach(session, case)
    audit(session, "case_opened", case_id=case.id, kind=case.kind, priority=case.priority)
    return case


def apply_triage(session: Session, case: Case, triage: Triage, today: date | None = None) -> None:
    """Write the judgement onto the case (the kind only ever becomes more specific)."""
    if triage.kind in SPECIFIC_KINDS or case.kind not in SPECIFIC_KINDS:
        case.kind = triage.kind
    case.priority = triage.priority
    case.priority_rank = PRIORITY_RANK.get(triage.priority, 2)
    _apply_facts(session, case, triage, today or date.today())
    case.problems = list(triage.open_items)
    case.facts = facts_to_json(triage.case, triage.breach)
    case.status = _status(case, triage)
    case.updated_at = utcnow()
    session.flush()
    records = _write_requirements(session, case, triage)
    if records:  # an officer's override outlives the next judgement
        effective = ((r.requirement_id, r.override_status or r.status) for r in records)
        case.problems = [rid for rid, status in effective if status in PROBLEM_STATUSES]


def _apply_facts(session: Session, case: Case, triage: Triage, today: date) -> None:
    facts = triage.case
    school = facts.school if facts else (triage.breach.school if triage.breach else None)
    pupil = facts.pupil if facts else (triage.breach.pupil if triage.breach else None)
    case.school_name = school.name if school and school.name else case.school_name
    link_case_school(session, case=case, urn_read=school.urn if school else None)
    if pupil and pupil.name:
        case.pupil_name, case.pupil_key = pupil.name, pupil_key(pupil.name)
    case.pupil_dob = pupil.dob if pupil and pupil.dob else case.pupil_dob
    if facts:
        case.start_date = facts.start_date
        case.full_time_date = facts.full_time_date
        case.next_review_date = min((d for d in facts.review_dates if d and d >= today), default=None)


def _status(case: Case, triage: Triage) -> str:
    """Waiting for an officer stays so until an officer acts; a closed case reopens."""
    if case.status == CaseStatus.NEEDS_OFFICER:
        return case.status
    if triage.kind == Kind.RTT_NOTIFICATION and triage.open_items:
        return CaseStatus.AWAITING_SCHOOL
    return CaseStatus.OPEN


def _write_requirements(session: Session, case: Case, triage: Triage) -> list[RequirementRecord]:
    existing = {
        r.requirement_id: r
        for r in session.exec(select(RequirementRecord).where(RequirementRecord.case_id == case.id)).all()
    }
    assert case.id is not None
    records: list[RequirementRecord] = []
    for result in triage.requirements:
        record = existing.get(result.id) or RequirementRecord(
            case_id=case.id, requirement_id=result.id, status=""
        )
        record.status, record.evidence, record.where = result.status, result.evidence, result.where
        session.add(record)
        records.append(record)
    return records


def link_breach(session: Session, case: Case) -> None:
    """A breach report and the notification for the same pupil and school point at each other."""
    partner = breach_partner(session, case)
    if partner is None:
        return
    if case.kind == Kind.BREACH_REPORT:
        case.linked_case_id = partner.id
    else:
        partner.linked_case_id = case.id
    audit(session, "case_linked", case_id=case.id, other=partner.id)


def hold_for_officer(case: Case, reason: str) -> None:
    case.status = CaseStatus.NEEDS_OFFICER
    case.needs_officer_reason = reason
    case.updated_at = utcnow()


def record_message(session: Session, row: RawMessage, parsed: ParsedMessage) -> None:
    """The message's headline fields and its attachments, as read."""
    row.message_id = parsed.message_id or row.message_id
    row.from_address = parsed.from_.email if parsed.from_ else None
    row.subject = parsed.subject[:2000]
    row.sent_date = parsed.date
    assert row.id is not None
    for a in parsed.all_attachments():
        doc = attachment_json(a)
        session.add(
            AttachmentRecord(
                message_row_id=row.id,
                filename=a.filename,
                content_type=a.content_type,
                size=a.size,
                sha256=a.sha256,
                pages=doc["pages"],
                text_chars=doc["text_chars"],
                readable=doc["readable"],
                error=doc["error"],
            )
        )
