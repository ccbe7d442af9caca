"""The HTML templates' environment: autoescape always on, and the display filters."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2

TEMPLATE_DIR = Path(__file__).parent / "templates"
UK = ZoneInfo("Europe/London")
STATUS_LABELS = {
    "open": "Open", "awaiting_school": "Awaiting school", "needs_officer": "Needs officer",
    "closed": "Closed", "met": "Met", "not_met": "Not met", "missing": "Missing",
    "not_applicable": "N/A", "queued": "Queued", "sent": "Sent", "failed": "Failed", "held": "Held",
    "cancelled": "Cancelled", "sending": "Sending",
    "done": "Done", "in_progress": "In progress", "duplicate": "Duplicate",
}
KIND_LABELS = {
    "rtt_notification": "Notification", "breach_report": "Breach report", "auto_reply": "Auto-reply",
    "other": "Other message",
}
OUTCOMES = {
    "back_to_full_time": "Back to full time",
    "ended_early": "Ended early",
    "withdrawn": "Withdrawn",
}


def uk_local(moment: datetime) -> datetime:
    """A stored moment (UTC; naive ones are UTC) as the UK's clock shows it (GMT or BST)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UK)


def uk_date(value: Any, missing: str = "—") -> str:
    if isinstance(value, datetime):
        value = uk_local(value).date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return missing


def uk_datetime(value: Any) -> str:
    if not isinstance(value, datetime):
        return "—"
    return uk_local(value).strftime("%d/%m/%Y %H:%M %Z")


def file_size(value: Any) -> str:
    if not isinstance(value, int):
        return "?"
    if value < 1024:
        return f"{value} B"
    if value < 1024 * 1024:
        return f"{value / 1024:.0f} KB"
    return f"{value / 1024 / 1024:.1f} MB"


def age_days(value: Any, today: date) -> str:
    if not isinstance(value, datetime):
        return ""
    return f"{(today - uk_local(value).date()).days} d"


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        uk_date=uk_date, uk_datetime=uk_datetime, file_size=file_size, age_days=age_days,
        status_label=lambda s: STATUS_LABELS.get(str(s), str(s)),
        kind_label=lambda k: KIND_LABELS.get(str(k), str(k)),
        outcome_label=lambda o: OUTCOMES.get(str(o), str(o)),
    )
    return env


def uk_today() -> date:
    """Today in the UK: the date deadlines (full-time, reviews) are counted against."""
    return datetime.now(UK).date()
