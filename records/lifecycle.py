"""The retention schedule applied, and erasure on request: one machinery.

Each case's removal is its own transaction (`store.erasure.remove_content`, audited); then the
removed messages' and replies' files are deleted, in-process caches forget them, and the
database is compacted so the bytes are gone from its files too."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col, select

from records.compact import compact
from records.places import Places, delete_files
from retention.plan import Removal, plan, plan_unfiled, unfiled_cutoff
from retention.schedule import Schedule
from store.audit import audit
from store.db import session_scope
from store.erasure import (
    HoldError,
    Removed,
    forget_cached,
    holdings,
    is_held,
    remove_content,
    remove_unfiled,
    unfiled_count,
)
from store.models import AuditEvent, Case, utcnow
from triage.states import CaseStatus

log = logging.getLogger(__name__)
RUN_EVERY = timedelta(days=1)
ERASURE_RULE = "erasure"
ERASED_THINGS = ("messages", "facts", "replies")
"""An erasure takes the content; the audit trail keeps that it happened (and who saw what)."""


@dataclass
class Outcome:
    removals: list[Removal] = field(default_factory=list)
    applied: list[Removal] = field(default_factory=list)
    files_deleted: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    compacted: bool = False


def preview(engine: Engine, schedule: Schedule, today: date) -> list[Removal]:
    """What the schedule removes today, and why (held cases listed as held; messages in no case
    last)."""
    cutoff = unfiled_cutoff(schedule, today)
    with session_scope(engine) as session:
        unfiled = plan_unfiled(schedule, today, unfiled_count(session, cutoff[1])) if cutoff else []
        return plan(holdings(session), schedule, today) + unfiled


def apply_schedule(engine: Engine, schedule: Schedule, places: Places, today: date,
                   actor: str = "system") -> Outcome:
    """Remove what is due today (not what is held); audit the run."""
    outcome = Outcome(removals=preview(engine, schedule, today))
    removed: list[Removed] = []
    for removal in outcome.removals:
        if removal.held:
            continue
        try:
            with session_scope(engine) as session:
                if removal.case_id is None:
                    removed.append(remove_unfiled(session, removal.ended, rule=removal.rule, actor=actor))
                else:
                    removed.append(remove_content(session, case_id=removal.case_id, what=removal.what,
                                                  rule=removal.rule, actor=actor))
            outcome.applied.append(removal)
        except HoldError:  # held since the plan was made
            continue
    _after(engine, places, removed, outcome)
    with session_scope(engine) as session:
        audit(session, "retention_run", actor=actor, applied=len(outcome.applied),
              held=sum(r.held for r in outcome.removals), files=outcome.files_deleted,
              compacted=outcome.compacted,
              schedule=schedule.name, **{f"removed_{k}": v for k, v in outcome.counts.items()})
    log.info("retention: %d removals applied, %d held, %d files deleted", len(outcome.applied),
             sum(r.held for r in outcome.removals), outcome.files_deleted)
    return outcome


def _after(engine: Engine, places: Places, removed: list[Removed], outcome: Outcome) -> None:
    for item in removed:
        outcome.files_deleted += delete_files(places, item)
        forget_cached(item.digests)
        for key, value in item.counts.items():
            outcome.counts[key] = outcome.counts.get(key, 0) + value
    if removed or _removed_lately(engine):
        try:
            compact(engine)
            outcome.compacted = True
        except SQLAlchemyError as exc:  # busy: the rows are gone; the next day's run compacts
            log.warning("compaction after removal failed (tried again tomorrow): %s", type(exc).__name__)


def _removed_lately(engine: Engine) -> bool:
    """Content was removed in the last two days. PostgreSQL keeps a removed row's old version
    while any transaction that began before the removal is still open, and VACUUM FULL copies
    it then: the next day's run compacts again to catch it."""
    since = utcnow() - 2 * RUN_EVERY
    with session_scope(engine) as session:
        query = select(AuditEvent.id).where(AuditEvent.action == "content_removed", AuditEvent.at >= since)
        return session.exec(query.limit(1)).first() is not None


def last_run(engine: Engine) -> datetime | None:
    with session_scope(engine) as session:
        query = select(AuditEvent.at).where(AuditEvent.action == "retention_run")
        return session.exec(query.order_by(col(AuditEvent.at).desc()).limit(1)).first()


def apply_if_due(engine: Engine, schedule: Schedule, places: Places, now: datetime | None = None) \
        -> Outcome | None:
    """The daemon's daily run: apply the schedule when it last ran a day ago or more."""
    now = now or utcnow()
    last = last_run(engine)
    if last is not None:
        if last.tzinfo is None:
            last = last.replace(tzinfo=now.tzinfo)
        if now - last < RUN_EVERY:
            return None
    return apply_schedule(engine, schedule, places, now.date())


class ErasureError(ValueError):
    """An erasure that cannot be done as asked (nothing was removed)."""


def erase_cases(engine: Engine, places: Places, case_ids: Sequence[int], reason: str, actor: str) \
        -> Outcome:
    """Erase these cases' content now (an erasure request), with its reason. Refused, with
    nothing removed, when a case is under a legal hold or does not exist, or without a reason."""
    if not reason.strip():
        raise ErasureError("an erasure needs a reason")
    if not case_ids:
        raise ErasureError("no case to erase")
    held: str | None = None
    with session_scope(engine) as session:
        for case_id in case_ids:
            case = session.get(Case, case_id)
            if case is None:
                raise ErasureError(f"there is no case {case_id}")
            held = case.reference if is_held(session, case_id) else None
            if held:
                break
    if held:
        with session_scope(engine) as session:
            audit(session, "erasure_refused", case_id=case_id, actor=actor, why="legal_hold")
        raise ErasureError(f"{held} is under a legal hold: lift it first")
    outcome = Outcome()
    removed: list[Removed] = []
    for case_id in case_ids:
        with session_scope(engine) as session:
            removed.append(remove_content(session, case_id=case_id, what=ERASED_THINGS, rule=ERASURE_RULE,
                                          actor=actor, reason=reason.strip()))
            case = session.get(Case, case_id)
            assert case is not None
            if case.status != CaseStatus.CLOSED:
                case.status, case.outcome, case.closed_at = CaseStatus.CLOSED, "erased", utcnow()
                session.add(case)
    _after(engine, places, removed, outcome)
    log.info("erasure: %d cases, %d files deleted", len(case_ids), outcome.files_deleted)
    return outcome
