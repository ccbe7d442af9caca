"""Officers' corrections of a case's facts and the kinds they gave its messages: what every
judging of the case lays over what was read (`checking.corrections.Overrides`).

The caller owns the session (and its transaction) and audits.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from checking.corrections import KINDS, Overrides
from store.models import CaseCorrection, RawMessage, utcnow
from triage.states import Kind


def corrections_of(session: Session, case_id: int) -> dict[str, CaseCorrection]:
    """The case's corrections by field."""
    query = select(CaseCorrection).where(CaseCorrection.case_id == case_id)
    return {c.field: c for c in session.exec(query).all()}


def set_correction(
    session: Session, *, case_id: int, field: str, value: Any, reason: str, officer: str
) -> CaseCorrection | None:
    """Set (or change) the officer's value for a field; returns the correction it replaced, as
    it was (detached), or None."""
    current = corrections_of(session, case_id).get(field)
    before = CaseCorrection.model_validate(current.model_dump()) if current is not None else None
    row = current or CaseCorrection(case_id=case_id, field=field, reason=reason, set_by=officer)
    row.value, row.reason, row.set_by, row.set_at = value, reason, officer, utcnow()
    session.add(row)
    session.flush()
    return before


def clear_correction(session: Session, *, case_id: int, field: str) -> CaseCorrection | None:
    """Remove the officer's value (what was read counts again); the removed one, or None."""
    current = corrections_of(session, case_id).get(field)
    if current is not None:
        session.delete(current)
        session.flush()
    return current


def move_corrections(session: Session, *, from_case: int, to_case: int) -> list[str]:
    """A merged case's corrections join the case it is merged into, where that has none of
    its own for the field; returns the fields moved."""
    kept = corrections_of(session, to_case)
    moved: list[str] = []
    for field, row in corrections_of(session, from_case).items():
        if field in kept:
            session.delete(row)
        else:
            row.case_id = to_case
            session.add(row)
            moved.append(field)
    session.flush()
    return moved


def overrides_for(session: Session, case_id: int) -> Overrides:
    """What the officers have set on the case: its corrections, and the kind given to the
    newest of its messages that an officer gave one (an auto-reply is never judged)."""
    facts = {field: row.value for field, row in corrections_of(session, case_id).items()}
    query = (
        select(RawMessage.kind_override)
        .where(RawMessage.case_id == case_id, col(RawMessage.kind_override).is_not(None))
        .where(RawMessage.kind_override != Kind.AUTO_REPLY)
        .order_by(col(RawMessage.id).desc())
    )
    kind = session.exec(query.limit(1)).first()
    given: Kind | None = next((k for k in KINDS if k == kind), None)
    return Overrides(facts=facts, kind=given)
