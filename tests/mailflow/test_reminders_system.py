"""Reminders through the real daemon (issue 12): Dovecot, `rtt run` as a subprocess, aiosmtpd.

The clock is injected: RTT_REMINDERS_TODAY is the day the scheduler takes as today, and the
store's timestamps of each case (opened, the school's message received, our reply sent) are
moved back to the days the story needs, as if the mail had come then. The plans' own dates
are the examples' (spring 2026). The walk goes through a term: reviews ahead, the full-time
date, no answer, the school's confirmation; a school chased for missing items; a paused case,
a closed case and a case whose sender is not trusted get nothing; a second run on the same
day, a restart and kill -9 send nothing twice.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from email.message import Message
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import Session, col, select

from store.db import make_engine
from store.models import Case, CaseParticipant, OutboundReply, RawMessage, Reminder
from store.reminders import set_paused

from .conftest import EXAMPLES, DaemonProcess
from .servers import Dovecot, SmtpServer, variant, wait_until

pytestmark = [pytest.mark.system, pytest.mark.slow]

COMPLETE = "example-01-complete-pdf"  # reviews 16 Jan, 30 Jan, 6 Feb 2026; full time 9 Feb
MISSING = "example-02-missing-items-pdf"  # starts 2 Mar, full time 23 Mar; items missing
EHCP = "example-03-docx-ehcp"  # the SEN Team's agreement missing; starts 23 Feb
SENDERS = {
    COMPLETE: "h.carter@ashbrookvale.oxon.sch.uk",
    MISSING: "head@millbrookfields.oxon.sch.uk",
    EHCP: "r.evans@evenlodebridge.oxon.sch.uk",
}
UNTRUSTED = "helen.carter.school@gmail.com"


def _raw(name: str) -> bytes:
    return (EXAMPLES / name / "message.eml").read_bytes()


def _untrusted() -> bytes:
    raw = variant(_raw(COMPLETE), 91)
    return raw.replace(b"<h.carter@ashbrookvale.oxon.sch.uk>", f"<{UNTRUSTED}>".encode(), 1)


def _run_once(daemon: DaemonProcess, day: date | None, reminders: bool = True) -> None:
    daemon.env["RTT_REMINDERS_ENABLED"] = "true" if reminders else "false"
    if day is not None:
        daemon.env["RTT_REMINDERS_TODAY"] = day.isoformat()
    daemon.start("--once")
    assert daemon.proc is not None
    assert daemon.proc.wait(120) == 0, daemon.log_text()[-3000:]


def _reminders(smtp: SmtpServer) -> list[Message]:
    return [r.message for r in smtp.received if r.message["Auto-Submitted"] == "auto-generated"]


class Store:
    """The test's window on the daemon's database."""

    def __init__(self, db_url: str) -> None:
        self.engine = make_engine(db_url)

    def case_of(self, sender: str) -> Case:
        with Session(self.engine) as s:
            query = select(Case).join(CaseParticipant, col(CaseParticipant.case_id) == col(Case.id))
            case = s.exec(query.where(CaseParticipant.address == sender)).one()
            return case

    def backdate(self, sender: str, when: datetime) -> None:
        """As if the case's mail had come (and our reply gone) at `when`."""
        case_id = self.case_of(sender).id
        with Session(self.engine) as s:
            s.exec(update(Case).where(col(Case.id) == case_id).values(created_at=when))  # type: ignore[call-overload]
            s.exec(  # type: ignore[call-overload]
                update(RawMessage).where(col(RawMessage.case_id) == case_id).values(received_at=when)
            )
            s.exec(  # type: ignore[call-overload]
                update(OutboundReply)
                .where(col(OutboundReply.case_id) == case_id)
                .values(created_at=when, sent_at=when)
            )
            s.commit()

    def set_status(self, sender: str, status: str) -> None:
        case_id = self.case_of(sender).id
        with Session(self.engine) as s:
            s.exec(update(Case).where(col(Case.id) == case_id).values(status=status))  # type: ignore[call-overload]
            s.commit()

    def pause(self, sender: str) -> None:
        with Session(self.engine) as s:
            case = s.get(Case, self.case_of(sender).id)
            assert case is not None
            assert set_paused(s, case=case, paused=True, actor="olivia")
            s.commit()

    def reminder_rows(self) -> list[tuple[int, str, date]]:
        with Session(self.engine) as s:
            return [(r.case_id, r.kind, r.due) for r in s.exec(select(Reminder)).all()]

    def close(self) -> None:
        self.engine.dispose()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    st = Store(db_url)
    yield st
    st.close()


def _rtt_reminders(daemon: DaemonProcess, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in daemon.env.items() if k != "RTT_REMINDERS_TODAY"}
    return subprocess.run(
        [sys.executable, "-m", "rtt.cli", "reminders", *args],
        cwd=daemon.workdir, env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True, timeout=120,
    )


def _ingest(daemon: DaemonProcess, dovecot: Dovecot, imap_user: str, smtp: SmtpServer, store: Store) -> None:
    """The four notifications arrive and are answered (three replies: not the untrusted one);
    then their mail is moved back to the days of the story."""
    dovecot.append(imap_user, "INBOX", [_raw(COMPLETE), _raw(MISSING), _raw(EHCP), _untrusted()])
    _run_once(daemon, None, reminders=False)
    wait_until(lambda: len(smtp.received) >= 3, 30, "three replies")
    store.backdate(SENDERS[COMPLETE], datetime(2026, 1, 8, 9, tzinfo=UTC))
    store.backdate(SENDERS[MISSING], datetime(2026, 2, 25, 9, tzinfo=UTC))
    store.backdate(SENDERS[EHCP], datetime(2026, 2, 18, 9, tzinfo=UTC))
    store.backdate(UNTRUSTED, datetime(2026, 1, 8, 9, tzinfo=UTC))
    # the untrusted sender's case waits for an officer; even were it open, it gets nothing
    assert store.case_of(UNTRUSTED).status == "needs_officer"
    store.set_status(UNTRUSTED, "open")
    store.pause(SENDERS[EHCP])


def _step(daemon: DaemonProcess, smtp: SmtpServer, day: date) -> list[Message]:
    before = len(_reminders(smtp))
    _run_once(daemon, day)
    return _reminders(smtp)[before:]


def _stop(proc: DaemonProcess) -> int:
    """SIGTERM (a clean stop gives 0); kill -9 if it does not stop."""
    if not proc.alive():
        return 0
    try:
        return proc.terminate()
    except subprocess.TimeoutExpired:
        proc.kill9()
        return -9


def _kinds(store: Store, messages: list[Message]) -> list[tuple[str, str]]:
    """(the school's address, the reminder's kind) for each, from the outbox row it came from."""
    out = []
    with Session(store.engine) as s:
        for m in messages:
            row = s.exec(select(OutboundReply).where(OutboundReply.message_id == m["Message-ID"])).one()
            out.append((str(m["To"]), row.kind.removeprefix("reminder:")))
    return sorted(out)


def test_a_term_of_reminders_through_the_daemon(
    daemon: DaemonProcess, dovecot: Dovecot, imap_user: str, smtp: SmtpServer, store: Store
) -> None:
    _ingest(daemon, dovecot, imap_user, smtp, store)
    complete = store.case_of(SENDERS[COMPLETE])
    school = SENDERS[COMPLETE]

    # `rtt reminders` shows what would go, to whom, and sends and writes nothing
    shown = _rtt_reminders(daemon, "--today", "2026-01-14", "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == [
        {"case": complete.reference, "kind": "review_upcoming", "due": "2026-01-14", "to": [school],
         "subject": f"Reminder: a review of the reduced timetable is due on Friday 16 January 2026 "
                    f"[{complete.reference}]", "raises_for_officer": False}
    ]
    assert store.reminder_rows() == []

    walk = [
        (date(2026, 1, 13), []),
        (date(2026, 1, 14), [(school, "review_upcoming")]),
        (date(2026, 1, 14), []),  # the same day again (a restart): nothing twice
        (date(2026, 1, 28), [(school, "review_upcoming")]),
        (date(2026, 2, 4), [(school, "review_upcoming")]),
        (date(2026, 2, 6), []),
        (date(2026, 2, 9), [(school, "full_time_confirm")]),
        (date(2026, 2, 13), []),
        # five school days after 9 Feb, over half term (16-20 Feb); the paused EHCP case would
        # have had its professional's agreement chased today
        (date(2026, 2, 23), [(school, "full_time_confirm_again")]),
    ]
    for day, expected in walk:
        got = _step(daemon, smtp, day)
        assert _kinds(store, got) == expected, day
        for m in got:
            assert f"[{complete.reference}]" in m["Subject"]
            assert m["In-Reply-To"] and "20260108091432.7F3A21C4@ashbrookvale.oxon.sch.uk" in m["References"]
            assert m["X-Auto-Response-Suppress"] == "All"

    # the school confirms, answering the last reminder; an officer closes the case
    last = _reminders(smtp)[-1]
    confirmation = (
        f"From: Helen Carter <{school}>\r\nTo: attendance@oxfordshire.gov.uk\r\n"
        f"Subject: Re: {last['Subject']}\r\nMessage-ID: <confirm-1@ashbrookvale.oxon.sch.uk>\r\n"
        f"In-Reply-To: {last['Message-ID']}\r\nReferences: {last['Message-ID']}\r\n"
        f"Date: Tue, 24 Feb 2026 10:00:00 +0000\r\n\r\nOliver has been back full time since 9 February.\r\n"
    ).encode()
    dovecot.append(imap_user, "INBOX", [confirmation])
    assert _step(daemon, smtp, date(2026, 2, 24)) == []
    with Session(store.engine) as s:
        confirm_id = "<confirm-1@ashbrookvale.oxon.sch.uk>"
        joined = s.exec(select(RawMessage).where(RawMessage.message_id == confirm_id)).one()
        assert joined.case_id == complete.id
    store.set_status(school, "closed")

    chased = _step(daemon, smtp, date(2026, 3, 4))  # five school days after the reply of 25 Feb
    assert _kinds(store, chased) == [(SENDERS[MISSING], "missing_items_chase")]
    assert "Review schedule" in chased[0].get_content()
    store.set_status(SENDERS[MISSING], "closed")
    assert _step(daemon, smtp, date(2026, 3, 23)) == []  # its full-time date: closed, nothing

    rows = store.reminder_rows()
    assert len(rows) == len(set(rows)) == 6
    assert {r.message["Message-ID"] for r in smtp.received if r.message["Auto-Submitted"] == "auto-generated"}
    assert all(UNTRUSTED not in r.rcpt_tos for r in smtp.received)
    assert all(SENDERS[EHCP] not in r.rcpt_tos for r in smtp.received[3:])


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_kill_9_and_two_daemons_send_each_reminder_once(
    tmp_path: Path, daemon: DaemonProcess, dovecot: Dovecot, imap_user: str, smtp: SmtpServer, store: Store
) -> None:
    """Two daemons on one PostgreSQL work out the same day at once; one is killed with -9 as
    the reminders are queued, then started again: every reminder went exactly once."""
    _ingest(daemon, dovecot, imap_user, smtp, store)
    replies = len(smtp.received)
    day = date(2026, 2, 23)
    store.set_status(SENDERS[EHCP], "awaiting_school")
    with Session(store.engine) as s:
        case = s.get(Case, store.case_of(SENDERS[EHCP]).id)
        assert case is not None
        set_paused(s, case=case, paused=False, actor="olivia")
        s.commit()
    # due on the day: the EHCP case's professional agreement (it starts today) and the
    # complete case's full-time question (9 Feb, never asked: overdue)
    (tmp_path / "second").mkdir()
    second = DaemonProcess(tmp_path / "second", {**daemon.env, "RTT_DATA_DIR": str(tmp_path / "var2")})
    for proc in (daemon, second):
        proc.env.update({"RTT_REMINDERS_TODAY": day.isoformat(), "RTT_REMINDERS_ENABLED": "true"})
        proc.start()
    try:
        wait_until(lambda: store.reminder_rows(), 60, "the first reminder to be queued", interval=0.02)
        daemon.kill9()
        # (SIGTERM before a daemon has set its handlers would kill it, not stop it)
        wait_until(lambda: "rtt run started" in second.log_text(), 60, "the second daemon to start")
        daemon.start()
        wait_until(lambda: daemon.log_text().count("rtt run started") >= 2, 60, "the restart")
        wait_until(lambda: len(_reminders(smtp)) >= 2, 60, "the reminders to go")
        wait_until(lambda: store.reminder_rows() and len(_reminders(smtp)) == len(store.reminder_rows()), 30,
                   "every queued reminder to be sent")
        time.sleep(3)  # a second copy, were one coming, would arrive now
    finally:
        codes = [_stop(proc) for proc in (daemon, second)]  # both, whatever happened
    assert codes == [0, 0]
    rows = store.reminder_rows()
    assert len(rows) == len(set(rows))
    kinds = sorted(kind for _, kind, _ in rows)
    assert kinds == ["full_time_confirm", "professional_agreement"], kinds
    sent = _reminders(smtp)
    assert len(sent) == len(rows) == len({m["Message-ID"] for m in sent})
    assert len(smtp.received) == replies + len(rows)
