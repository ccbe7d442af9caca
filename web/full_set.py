"""How long a notification takes to be complete (issue 14): from the case's first message to
the first judging that found nothing missing (a full set of documents), in days.

Read from the audit trail: the daemon's `message_processed` (its `open_items`, or for events
written before that was recorded, its `problems`) and the officers' re-judgings (`judged`, the
case as it was left: `casework.officer`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from store.models import AuditEvent, RawMessage

OFFICER_JUDGINGS = ("fact_corrected", "fact_correction_cleared", "messages_reread")
"""The officers' actions whose audit holds the case as judged again (`judged`)."""


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def complete_judging(action: str, detail: dict[str, Any]) -> bool:
    """This audit event is a judging of a notification that found nothing missing."""
    if action == "message_processed":
        if detail.get("kind") != "rtt_notification":
            return False
        missing = detail.get("open_items", detail.get("problems"))
        return missing == 0
    judged = detail.get("judged")
    return (isinstance(judged, dict) and judged.get("kind") == "rtt_notification"
            and judged.get("problems") == [])


def days_to_full_set(session: Session, case_ids: Sequence[int]) -> dict[int, float]:
    """Per case that has become complete: days from its first message to that judging."""
    if not case_ids:
        return {}
    first = select(col(RawMessage.case_id), func.min(col(RawMessage.received_at))).where(
        col(RawMessage.case_id).in_(case_ids)).group_by(col(RawMessage.case_id))
    received = {int(c): _aware(at) for c, at in session.execute(first).all() if c is not None}
    events = select(col(AuditEvent.case_id), col(AuditEvent.action), col(AuditEvent.detail),
                    col(AuditEvent.at)).where(
        col(AuditEvent.case_id).in_(list(received)),
        col(AuditEvent.action).in_(("message_processed", *OFFICER_JUDGINGS)),
    ).order_by(col(AuditEvent.at), col(AuditEvent.id))
    out: dict[int, float] = {}
    for case_id, action, detail, at in session.execute(events).all():
        if case_id in out or not complete_judging(str(action), detail or {}):
            continue
        seconds = (_aware(at) - received[case_id]).total_seconds()
        out[int(case_id)] = round(max(0.0, seconds) / 86400, 1)
    return out
