"""The audit trail: one row per event, written in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from store.models import AuditEvent


def audit(
    session: Session,
    action: str,
    *,
    case_id: int | None = None,
    message_row_id: int | None = None,
    actor: str = "system",
    **detail: Any,
) -> None:
    """Record an event. `detail` holds ids, counts and states: never names or bodies."""
    session.add(
        AuditEvent(action=action, case_id=case_id, message_row_id=message_row_id, actor=actor, detail=detail)
    )
