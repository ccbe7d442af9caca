"""The `rtt-check/1` JSON document of CONTRACT.md section 2, built from a `CheckOutcome`."""

from __future__ import annotations

from datetime import date
from typing import Any

from checking.pipeline import CheckOutcome
from parsers.facts import CIRCUMSTANCES, CaseFacts, Pupil, School
from parsers.model import Attachment, ParsedMessage
from replies.model import Reply
from triage.model import Breach, Triage

SCHEMA = "rtt-check/1"


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def attachment_json(a: Attachment) -> dict[str, Any]:
    doc = a.document
    return {
        "filename": a.filename,
        "content_type": a.content_type,
        "size": a.size,
        "sha256": a.sha256,
        "pages": len(doc.pages) if doc and doc.pages else None,
        "text_chars": doc.text_chars if doc else None,
        "readable": doc.readable if doc else True,
        "error": doc.error if doc else None,
    }


def message_json(m: ParsedMessage) -> dict[str, Any]:
    return {
        "message_id": m.message_id,
        "from": m.from_.email if m.from_ else None,
        "subject": m.subject,
        "date": m.date.isoformat() if m.date else None,
        "attachments": [attachment_json(a) for a in m.all_attachments()],
    }


def school_json(s: School) -> dict[str, Any]:
    return {"name": s.name, "urn": s.urn}


def pupil_json(p: Pupil) -> dict[str, Any]:
    return {"name": p.name, "dob": _iso(p.dob), "upn": p.upn, "year_group": p.year_group}


def case_json(c: CaseFacts) -> dict[str, Any]:
    ra = c.risk_assessment
    return {
        "school": school_json(c.school),
        "pupil": pupil_json(c.pupil),
        "circumstances": {k: c.circumstances.get(k) for k in CIRCUMSTANCES},
        "start_date": _iso(c.start_date),
        "full_time_date": _iso(c.full_time_date),
        "agreement_date": _iso(c.agreement_date),
        "meeting_date": _iso(c.meeting_date),
        "review_dates": [_iso(d) for d in c.review_dates],
        "timetable": [{"week": w.week, "hours": float(w.hours)} for w in c.timetable],
        "full_time_hours": c.full_time_hours,
        "named_person": c.named_person,
        "signatures": [{"role": s.role, "name": s.name, "date": _iso(s.date)} for s in c.signatures],
        "risk_assessment": (
            {"present": ra.present, "cse": ra.cse, "cde": ra.cde, "date": _iso(ra.date)}
            if ra
            else {"present": False, "cse": False, "cde": False, "date": None}
        ),
    }


def breach_json(b: Breach) -> dict[str, Any]:
    return {
        "school": school_json(b.school),
        "pupil": pupil_json(b.pupil),
        "reporter": {"name": b.reporter.name, "role": b.reporter.role, "email": b.reporter.email},
        "concerns": list(b.concerns),
    }


def reply_json(r: Reply | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {"to": list(r.to), "subject": r.subject, "text": r.text}


def triage_json(t: Triage) -> dict[str, Any]:
    """The judged part of the document: kind, case, requirements, problems, priority."""
    doc: dict[str, Any] = {
        "kind": t.kind,
        "case": case_json(t.case) if t.case else None,
        "requirements": [
            {
                "id": r.id,
                "status": r.status,
                "certainty": r.certainty,
                "evidence": r.evidence,
                "where": r.where,
            }
            for r in t.requirements
        ],
        "problems": t.problems,
        "priority": t.priority,
    }
    if t.breach is not None:
        doc["breach"] = breach_json(t.breach)
    return doc


def outcome_json(outcome: CheckOutcome) -> dict[str, Any]:
    doc: dict[str, Any] = {"schema": SCHEMA, "message": message_json(outcome.message)}
    doc.update(triage_json(outcome.triage))
    doc["reply"] = reply_json(outcome.reply)
    return doc
