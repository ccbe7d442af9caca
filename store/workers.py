"""Workers and leases: several `rtt run` processes on one database (issue 15).

Each process is a `worker` row that beats (`heartbeat_at`) every few seconds. A worker is alive
while its last beat is younger than the lease time; everything it holds lapses when it stops:
its claims on messages (`raw_message.claimed_by`) and replies (`outbound_reply.claimed_by`), and
its leases (`lease`: one holder per named job, e.g. watching a mailbox).

A claim or a lease is taken by one conditional UPDATE (or INSERT under the primary key), so two
workers can never both win: PostgreSQL re-reads a row another transaction changed before
deciding (read committed), and SQLite writes one transaction at a time. The clocks compared are
the hosts' own: keep them in time (NTP), as for any lease.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, delete, exists, insert, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from store.db import session_scope
from store.models import Lease, Worker, utcnow


@dataclass(frozen=True)
class Claimant:
    """Who claims messages and replies, and how long a silent worker's claims stand."""

    id: str
    lease_seconds: float

    def cutoff(self) -> datetime:
        return alive_cutoff(self.lease_seconds)


SOLO = Claimant("solo", 10.0)
"""A caller that is no registered worker (a one-off call, a test): its claims look lapsed to
every worker, as before there were workers."""


def mailbox_lease(mailbox: str, folder: str) -> str:
    """The lease that makes a worker the leader of one watched folder."""
    return f"mailbox:{mailbox}/{folder}"[:400]


def alive_cutoff(lease_seconds: float, now: datetime | None = None) -> datetime:
    """A worker whose last beat is older than this is taken for dead."""
    return (now or utcnow()) - timedelta(seconds=lease_seconds)


WorkerColumn = Any
"""A column naming a worker (`claimed_by`, `holder`): typed loosely, as sqlmodel's `col()` gives
a `Mapped` that SQLAlchemy's expression functions accept."""


def held_by_the_living(column: WorkerColumn, cutoff: datetime) -> ColumnElement[bool]:
    """`column` names a worker that still beats (a claim or lease that has not lapsed)."""
    return exists().where(col(Worker.id) == column, col(Worker.heartbeat_at) >= cutoff)


def claimable(column: WorkerColumn, worker_id: str, cutoff: datetime) -> ColumnElement[bool]:
    """Nobody holds it, or this worker does, or its holder stopped beating."""
    return or_(column.is_(None), column == worker_id, ~held_by_the_living(column, cutoff))


def register(engine: Engine, *, worker_id: str, host: str, pid: int) -> None:
    with session_scope(engine) as session:
        session.add(Worker(id=worker_id, host=host, pid=pid))


def beat(engine: Engine, worker_id: str) -> bool:
    """Renew the worker's heartbeat; False when its row is gone (then it registers again)."""
    with session_scope(engine) as session:
        result = session.execute(
            update(Worker).where(col(Worker.id) == worker_id).values(heartbeat_at=utcnow())
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def retire(engine: Engine, worker_id: str) -> None:
    """A clean stop: the worker's leases and claims lapse at once instead of after the lease time."""
    with session_scope(engine) as session:
        session.execute(delete(Lease).where(col(Lease.holder) == worker_id))
        session.execute(delete(Worker).where(col(Worker.id) == worker_id))


def forget_others(engine: Engine, worker_id: str) -> int:
    """Only for a store one process alone may use (SQLite, under its lock file): every other worker
    row is a dead process's, so its claims lapse now. Returns how many were forgotten."""
    with session_scope(engine) as session:
        session.execute(delete(Lease).where(col(Lease.holder) != worker_id))
        result = session.execute(delete(Worker).where(col(Worker.id) != worker_id))
        return int(result.rowcount)  # type: ignore[attr-defined]


def take_lease(engine: Engine, *, name: str, worker_id: str, lease_seconds: float) -> bool:
    """Hold the named lease: keep it, take it from a worker that stopped beating, or take a free
    one. True when this worker holds it now."""
    cutoff = alive_cutoff(lease_seconds)
    with session_scope(engine) as session:
        taken = session.execute(
            update(Lease)
            .where(col(Lease.name) == name, claimable(col(Lease.holder), worker_id, cutoff))
            .values(holder=worker_id)
        )
        if taken.rowcount:  # type: ignore[attr-defined]
            return True
    try:
        with session_scope(engine) as session:
            session.execute(insert(Lease).values(name=name, holder=worker_id, acquired_at=utcnow()))
        return True
    except IntegrityError:
        return False  # another worker holds it


def holder(session: Session, *, name: str, lease_seconds: float) -> str | None:
    """The live worker holding the lease, or None."""
    cutoff = alive_cutoff(lease_seconds)
    query = select(col(Lease.holder)).where(
        col(Lease.name) == name, held_by_the_living(col(Lease.holder), cutoff)
    )
    return session.execute(query).scalar_one_or_none()


def live_workers(session: Session, lease_seconds: float) -> list[Worker]:
    query = select(Worker).where(col(Worker.heartbeat_at) >= alive_cutoff(lease_seconds))
    return list(session.execute(query.order_by(col(Worker.started_at))).scalars().all())


def leases(session: Session, lease_seconds: float) -> dict[str, str]:
    """Every lease held by a live worker: name -> worker id."""
    cutoff = alive_cutoff(lease_seconds)
    query = select(col(Lease.name), col(Lease.holder)).where(held_by_the_living(col(Lease.holder), cutoff))
    return {name: who for name, who in session.execute(query).all()}
