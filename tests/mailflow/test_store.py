"""The store on SQLite and PostgreSQL: the same code, the same tests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from store import outbox
from store.cases import reference_in, thread_case
from store.db import session_scope, upgrade_schema
from store.messages import (
    MessageKey,
    claim,
    find_duplicate,
    header_message_id,
    known_uids,
    note_uidvalidity,
    pending_ids,
    record_failure,
    store_raw,
)
from store.models import Case, OutboundReply, RawMessage, utcnow

RAW = b"From: a@b.oxon.sch.uk\r\nMessage-ID: <m1@b>\r\nSubject: hi\r\n\r\nbody\r\n"


def key(uid: str, uidvalidity: int = 7) -> MessageKey:
    return MessageKey("attendance@host", "INBOX", uidvalidity, uid)


def test_migrations_reach_the_models_and_run_twice(engine: Engine) -> None:
    upgrade_schema(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"raw_message", "case", "outbound_reply", "audit_event", "alembic_version"} <= tables
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata
        )
    assert diff == []


def test_the_idempotency_key_is_a_database_constraint(engine: Engine) -> None:
    first, created = store_raw(engine, key=key("1"), raw=RAW)
    again, created_again = store_raw(engine, key=key("1"), raw=RAW)
    assert created and not created_again and first == again
    with pytest.raises(IntegrityError), session_scope(engine) as s:
        s.add(
            RawMessage(mailbox="attendance@host", folder="INBOX", uidvalidity=7, uid="1", sha256="x", raw=b"")
        )
    with session_scope(engine) as s:
        assert known_uids(s, mailbox="attendance@host", folder="INBOX", uidvalidity=7, uids=["1",
                                                                                             "2"]) == {"1"}
        assert known_uids(s, mailbox="attendance@host", folder="INBOX", uidvalidity=8, uids=["1"]) == set()


def test_a_big_uidvalidity_fits(engine: Engine) -> None:
    row_id, _ = store_raw(engine, key=key("1", uidvalidity=4_294_967_295), raw=RAW)
    with session_scope(engine) as s:
        row = s.get(RawMessage, row_id)
        assert row is not None and row.uidvalidity == 4_294_967_295


def test_a_copy_under_a_new_uidvalidity_is_a_duplicate(engine: Engine) -> None:
    first, _ = store_raw(engine, key=key("1"), raw=RAW)
    copy, _ = store_raw(engine, key=key("1", uidvalidity=8), raw=RAW)
    resent, _ = store_raw(engine, key=key("2", uidvalidity=8), raw=RAW.replace(b"body", b"body again"))
    with session_scope(engine) as s:
        for row_id in (copy, resent):
            row = s.get(RawMessage, row_id)
            assert row is not None
            dup = find_duplicate(s, row)
            assert dup is not None and dup.id == first
    assert header_message_id(RAW) == "<m1@b>"


def test_uidvalidity_changes_are_noticed(engine: Engine) -> None:
    assert not note_uidvalidity(engine, mailbox="m", folder="INBOX", uidvalidity=5)
    assert not note_uidvalidity(engine, mailbox="m", folder="INBOX", uidvalidity=5)
    assert note_uidvalidity(engine, mailbox="m", folder="INBOX", uidvalidity=6)


def test_failures_retry_then_wait_for_an_officer(engine: Engine) -> None:
    row_id, _ = store_raw(engine, key=key("1"), raw=RAW)
    assert pending_ids(engine, now=utcnow()) == [row_id]
    for attempt in range(1, 4):
        assert claim(engine, row_id=row_id, max_attempts=3)
        state = record_failure(engine, row_id=row_id, reason="boom", max_attempts=3, retry_seconds=60)
        assert state == ("failed" if attempt < 3 else "needs_officer")
        if attempt < 3:
            assert pending_ids(engine, now=utcnow()) == []
            assert pending_ids(engine, now=utcnow() + timedelta(hours=2)) == [row_id]
    with session_scope(engine) as s:
        row = s.get(RawMessage, row_id)
        assert row is not None and row.state == "needs_officer" and row.case_id is not None
        case = s.get(Case, row.case_id)
        assert case is not None and case.status == "needs_officer"


def test_a_message_that_kills_the_process_ends_with_an_officer(engine: Engine) -> None:
    row_id, _ = store_raw(engine, key=key("1"), raw=RAW)
    assert claim(engine, row_id=row_id, max_attempts=2)
    assert claim(engine, row_id=row_id, max_attempts=2)  # the process died twice while processing it
    assert not claim(engine, row_id=row_id, max_attempts=2)
    with session_scope(engine) as s:
        row = s.get(RawMessage, row_id)
        assert row is not None and row.state == "needs_officer"


def _reply(key_: str, case_id: int | None = None, message_id: str = "<r1@x>") -> OutboundReply:
    return OutboundReply(
        idempotency_key=key_,
        case_id=case_id,
        to_addresses=["Head@A.oxon.sch.uk"],
        subject="s",
        body_text="t",
        message_id=message_id,
        mime=b"x",
    )


def test_one_reply_per_cause_and_the_outbox_states(engine: Engine) -> None:
    with session_scope(engine) as s:
        first = outbox.enqueue(s, _reply("auto:1"))
        again = outbox.enqueue(s, _reply("auto:1"))
        assert first.id == again.id and first.recipient == "head@a.oxon.sch.uk"
    assert first.id is not None
    assert outbox.due_ids(engine, now=utcnow()) == [first.id]
    assert outbox.mark_sending(engine, reply_id=first.id) is not None
    assert outbox.mark_retry(engine, reply_id=first.id, error="down", max_attempts=3,
                             max_delay=60) == "queued"
    assert outbox.due_ids(engine, now=utcnow()) == []
    assert outbox.next_due_at(engine) is not None
    assert outbox.mark_sending(engine, reply_id=first.id) is not None
    outbox.mark_sent(engine, first.id)
    with session_scope(engine) as s:
        assert outbox.sent_to_since(s, recipient="head@a.oxon.sch.uk",
                                    since=utcnow() - timedelta(hours=1)) == 1
        row = s.exec(select(OutboundReply)).one()
        assert row.status == "sent" and row.attempts == 2


def test_follow_ups_find_their_case(engine: Engine) -> None:
    with session_scope(engine) as s:
        case = Case(reference="RTT-2026-000042", kind="rtt_notification")
        s.add(case)
        s.flush()
        outbox.enqueue(s, _reply("auto:9", case.id, "<ours@oxfordshire.gov.uk>"))
    with session_scope(engine) as s:
        by_thread = thread_case(s, message_ids=["<other@x>", "<ours@oxfordshire.gov.uk>"], subject="Re: plan")
        by_subject = thread_case(s, message_ids=[], subject="Re: Re: plan [RTT-2026-000042] signed copy")
        assert by_thread is not None and by_thread.reference == "RTT-2026-000042"
        assert by_subject is not None and by_subject.id == by_thread.id
        assert thread_case(s, message_ids=["<unknown@x>"], subject="Re: plan") is None
    assert reference_in("Re: x [RTT-2026-000042]") == "RTT-2026-000042"
