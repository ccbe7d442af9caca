"""Reading the store from a test: counts by state, cases, outbox rows."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from store.db import make_engine
from store.models import Case, Lease, OutboundReply, RawMessage


def done_count(db_url: str) -> int:
    """Messages done so far; 0 while the daemon has not made its tables yet."""
    try:
        states = snapshot(db_url)["states"]
    except SQLAlchemyError:
        return 0
    assert isinstance(states, dict)
    return int(states.get("done", 0))


def snapshot(db_url: str) -> dict[str, Any]:
    engine = make_engine(db_url)
    try:
        with Session(engine) as s:
            states = Counter(s.exec(select(RawMessage.state)).all())
            keys = s.exec(
                select(RawMessage.uidvalidity, RawMessage.uid, func.count()).group_by(
                    col(RawMessage.uidvalidity), col(RawMessage.uid)
                )
            ).all()
            replies = Counter(s.exec(select(OutboundReply.status)).all())
            cases = s.exec(select(func.count()).select_from(Case)).one()
            moved = s.exec(select(func.count()).where(col(RawMessage.mailbox_action_done).is_(True))).one()
    finally:
        engine.dispose()
    return {
        "states": dict(states),
        "max_rows_per_key": max((n for _, _, n in keys), default=0),
        "replies": dict(replies),
        "cases": cases,
        "moved": moved,
    }


def leader_pid(db_url: str) -> int | None:
    """The pid in the worker id holding a mailbox's lease (alive or not); None before there is one."""
    engine = make_engine(db_url)
    try:
        with Session(engine) as s:
            holders = s.exec(select(Lease.holder).where(col(Lease.name).startswith("mailbox:"))).all()
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()
    return int(holders[0].split(":")[1]) if holders else None
