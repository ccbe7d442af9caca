"""For monitoring (issue 15): `/healthz` (is the mailbox watched and reached, is the database
there, how big and how old is the backlog) and `/metrics` (Prometheus's text format). Counts,
times and addresses of mailboxes only: never a child's name or a message's text."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from config.settings import Settings
from store import ops
from store.models import utcnow
from store.states import UNPROCESSED_STATES
from store.workers import mailbox_lease
from telemetry.metrics import ProcessMetrics, gauge


def _age(when: datetime | None, now: datetime) -> float | None:
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return round(max(0.0, (now - when).total_seconds()), 3)


def stale_after(settings: Settings) -> float:
    """A mailbox not reached for longer than this is not connected: its leader reports after every
    pass, and waits at most the safety poll between passes."""
    return 2.0 * settings.imap_poll_seconds + settings.worker_lease_seconds


def health(engine: Engine, settings: Settings, metrics: ProcessMetrics) -> dict[str, Any]:
    """The report `/healthz` gives; `ok` is False when the database does not answer or a mailbox
    is not watched, not reached lately, or failing."""
    now = utcnow()
    problem = ops.reachable(engine)
    report: dict[str, Any] = {
        "ok": False,
        "database": {"reachable": problem is None, "problem": problem},
        "this_process": {"leads": sorted(k for k, v in metrics.leading().items() if v)},
    }
    if problem is not None:
        return report
    try:
        with Session(engine) as session:
            workers, leases = ops.cluster(session, settings.worker_lease_seconds)
            boxes = ops.mailboxes(session)
            oldest = ops.oldest_unprocessed(session)
            states = ops.messages_by_state(session)
            due = ops.replies_due(session)
    except SQLAlchemyError as exc:
        report["database"] = {"reachable": False, "problem": type(exc).__name__}
        return report
    mailboxes = []
    for box in boxes:
        leader = leases.get(mailbox_lease(box.mailbox, box.folder))
        age = _age(box.seen_at, now)
        fresh = age is not None and age <= stale_after(settings)
        mailboxes.append({
            "mailbox": box.mailbox,
            "folder": box.folder,
            "connected": leader is not None and box.problem is None and fresh,
            "last_seen": box.seen_at.isoformat() if box.seen_at else None,
            "seconds_since_seen": age,
            "problem": box.problem or (None if leader else "no live worker watches it"),
            "leader": leader,
        })
    report.update(
        ok=bool(mailboxes) and all(m["connected"] for m in mailboxes),
        mailboxes=mailboxes,
        backlog={
            "messages": sum(states.get(s, 0) for s in UNPROCESSED_STATES),
            "oldest_unprocessed_age_seconds": _age(oldest, now),
        },
        replies_due=due,
        workers=workers,
    )
    return report


def metrics_text(engine: Engine, settings: Settings, metrics: ProcessMetrics) -> str:
    """This process's counters, then the store's gauges (the same from every process)."""
    lines = metrics.lines()
    report = health(engine, settings, metrics)
    lines += gauge("rtt_database_up", "1 when the database answers.",
                   [({}, 1.0 if report["database"]["reachable"] else 0.0)])
    if report["database"]["reachable"]:
        lines += _store_gauges(engine, settings, report)
    return "\n".join(lines) + "\n"


def _store_gauges(engine: Engine, settings: Settings, report: dict[str, Any]) -> list[str]:
    with Session(engine) as session:
        states = ops.messages_by_state(session)
        replies = ops.replies_by_status(session)
    boxes = [(f"{b['mailbox']}/{b['folder']}", b) for b in report["mailboxes"]]
    backlog = report["backlog"]
    return [
        *gauge("rtt_messages", "Messages in the store, by state (the outcome of processing).",
               [({"state": k}, v) for k, v in sorted(states.items())]),
        *gauge("rtt_replies", "Replies in the outbox, by status.",
               [({"status": k}, v) for k, v in sorted(replies.items())]),
        *gauge("rtt_queue_depth", "Messages stored and not yet processed (new, or failed and to be retried).",
               [({}, backlog["messages"])]),
        *gauge("rtt_oldest_unprocessed_age_seconds", "Age of the oldest message not yet processed (0: none).",
               [({}, backlog["oldest_unprocessed_age_seconds"] or 0.0)]),
        *gauge("rtt_replies_due", "Replies due to be sent now.", [({}, report["replies_due"])]),
        *gauge("rtt_workers", "rtt run processes beating on this database.", [({}, report["workers"])]),
        *gauge("rtt_mailbox_up", "1 when a live worker watches the mailbox and reached it lately.",
               [({"mailbox": name}, 1.0 if b["connected"] else 0.0) for name, b in boxes]),
        *gauge("rtt_mailbox_seconds_since_seen", "Seconds since the mailbox was last reached.",
               [({"mailbox": name}, b["seconds_since_seen"])
                for name, b in boxes if b["seconds_since_seen"] is not None]),
    ]
