"""Every view of a case and every officer action becomes an AuditEvent."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from store.models import AuditEvent


def record(
    session: Session,
    actor: str,
    action: str,
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
    message_row_id: int | None = None,
) -> None:
    session.add(
        AuditEvent(
            actor=actor,
            action=action,
            case_id=case_id,
            message_row_id=message_row_id,
            detail=detail or {},
        )
    )
