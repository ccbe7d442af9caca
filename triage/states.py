"""The judging's vocabularies as enums: a message's kind, a case's priority and a case's status.

Each value is the string the store and the contract JSON have always held (a `StrEnum` member is
that string), so the database and the JSON are unchanged. The store's own bookkeeping (a message's
processing state, a reply's delivery status) is in `store.states`.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """What a message (and the case it opened) is."""

    RTT_NOTIFICATION = "rtt_notification"
    BREACH_REPORT = "breach_report"
    AUTO_REPLY = "auto_reply"
    OTHER = "other"


class Priority(StrEnum):
    URGENT = "urgent"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class CaseStatus(StrEnum):
    """Where a case stands (`store.models.Case.status`)."""

    OPEN = "open"
    AWAITING_SCHOOL = "awaiting_school"
    NEEDS_OFFICER = "needs_officer"
    CLOSED = "closed"


SPECIFIC_KINDS: tuple[Kind, ...] = (Kind.RTT_NOTIFICATION, Kind.BREACH_REPORT)
"""The kinds that carry a case's facts (a notification's plan, a report's breach)."""
OPEN_STATUSES: tuple[CaseStatus, ...] = tuple(s for s in CaseStatus if s != CaseStatus.CLOSED)
"""Every status but closed."""
