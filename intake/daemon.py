"""The daemon loop: store what arrived, process it, tidy the mailbox, send what is due, wait.

Order within a cycle, for each batch of new messages:
1. the exact bytes are committed (`raw_message`, state in_progress);
2. each message is processed in its own transaction (case, requirements, outbox row, done);
3. only then does the mailbox change (IMAP MOVE to the done folder, Maildir new/ -> cur/);
4. replies that are due go out.
A crash between any two steps repeats the later steps, never the earlier ones' effects.

Several processes may share one PostgreSQL (issue 15): each is a worker (`intake.cluster`);
every worker claims and processes messages and sends replies, and only the mailbox's leader
(the worker holding its lease) watches the mailbox, stores what arrives, tidies the mailbox and
runs `leader_jobs`. The others poll the store every `RTT_WORKER_POLL_SECONDS`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from config.settings import Settings
from intake.cluster import Membership
from intake.health import FILE_NAME, FailureNotice, Health
from intake.officer_alerts import digest_day, run_alerts, run_digest
from intake.process import process_message
from intake.reminders import reminder_day, run_reminders
from intake.sources import SessionExpired, Source, SourceAuthError, SourceError
from records.lifecycle import apply_if_due
from records.places import Places
from sending.delivery import Transport, deliver_due
from store import outbox
from store.db import session_scope
from store.messages import (
    MessageKey,
    known_uids,
    mark_mailbox_done,
    next_retry_at,
    note_uidvalidity,
    pending_ids,
    store_raw,
    unfinished_mailbox_actions,
    unmoved_exists,
)
from store.models import utcnow
from store.ops import note_mailbox
from store.workers import SOLO, mailbox_lease
from telemetry.metrics import ProcessMetrics

log = logging.getLogger(__name__)
RETENTION_LOOK_SECONDS = 3600.0
"""How often the daemon looks whether the day's retention run is due (it runs once a day)."""


class Backoff:
    """Doubling waits between reconnection attempts, capped; reset after a good cycle."""

    def __init__(self, first: float, cap: float) -> None:
        self.first, self.cap, self.current = first, cap, first

    def next(self) -> float:
        wait, self.current = self.current, min(self.cap, self.current * 2)
        return wait

    def reset(self) -> None:
        self.current = self.first


LeaderJob = Callable[[], None]
"""A periodic job only the mailbox's leader runs, once per cycle (it keeps its own timing)."""


class Daemon:
    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        source: Source,
        transport: Transport,
        membership: Membership | None = None,
        metrics: ProcessMetrics | None = None,
    ) -> None:
        self.settings, self.engine, self.source, self.transport = settings, engine, source, transport
        self.metrics = metrics or ProcessMetrics()
        self._noted_at = 0.0
        self.membership = membership
        """None: the only process (no leases; it always leads)."""
        self.claimant = membership.claimant if membership is not None else SOLO
        self.shared = engine.dialect.name != "sqlite"
        """Other processes may share the store: the mailbox is tidied from the store, not from
        what this process touched."""
        self.lease = mailbox_lease(source.mailbox, source.folder)
        self.leader_jobs: list[LeaderJob] = [self.apply_retention]
        if membership is not None:
            membership.want(self.lease)
        self.uidvalidity: int | None = None
        self.stop = threading.Event()
        """Set to stop after the message in hand (a backlog is not finished first)."""
        self._touched: set[int] | None = None
        """Rows processed since the mailbox was last tidied; None: look at every row."""
        self.health = Health(settings.data_dir / FILE_NAME)
        self.mailbox_notice = FailureNotice("mailbox or store", self.health, "mailbox")
        self.sender_notice = FailureNotice("sending", self.health, "sender")
        self._retention_looked: float | None = None
        """When the daemon last looked whether the day's retention run is due (monotonic)."""
        self._reminded_at: float | None = None
        """When the reminders were last worked out (monotonic seconds)."""
        self._digest_done: date | None = None
        """The last day whose digests this process queued (it looks no more that day)."""

    def connect(self) -> None:
        self.uidvalidity = self.source.open()
        self._touched = None
        if note_uidvalidity(self.engine, mailbox=self.source.mailbox, folder=self.source.folder,
                            uidvalidity=self.uidvalidity):
            log.warning(
                "UIDVALIDITY of %s changed to %d: known messages are matched by Message-ID and sha256",
                self.source.folder,
                self.uidvalidity,
            )

    def leading(self) -> bool:
        """Whether this process watches the mailbox (holds its lease, or is alone)."""
        leads = self.membership is None or self.membership.leads(self.lease)
        self.metrics.set_leading(self.lease, leads)
        return leads

    def await_leadership(self, stop: threading.Event) -> bool:
        """For `--once`: wait (up to a lease and two beats) for a dead worker's lease on the
        mailbox to lapse, so a run after a crash reads the mailbox. False when a live worker
        watches it: then this run only processes and sends."""
        if self.membership is None:
            return True
        deadline = time.monotonic() + self.membership.lease_seconds + 2 * self.membership.beat_seconds
        while not self.leading() and time.monotonic() < deadline and not stop.is_set():
            self.membership.wait_for_beat(self.membership.beat_seconds * 2)
        if not self.leading():
            log.info("another worker watches %s: this run processes and sends only", self.source.folder)
        return self.leading()

    def note_mailbox(self, problem: str | None) -> None:
        """Tell the store (for /healthz) the mailbox was reached, at most every few seconds, or
        why it was not. Only the leader speaks of the mailbox."""
        now = time.monotonic()
        if problem is None and now - self._noted_at < MAILBOX_NOTE_SECONDS:
            return
        if not self.leading():
            return
        try:
            note_mailbox(self.engine, mailbox=self.source.mailbox, folder=self.source.folder, problem=problem)
        except SQLAlchemyError as exc:
            log.debug("mailbox state not noted: %s", type(exc).__name__)
            return
        self._noted_at = 0.0 if problem else now

    def cycle(self) -> int:
        """One pass over the folder (the leader), or over the store (another worker). Returns how
        many new messages were stored."""
        if not self.leading():
            if self.uidvalidity is not None:
                log.info("no longer watching %s: another worker leads it", self.source.folder)
                self.source.close()
                self.uidvalidity = None
            self.process_pending()
            self.send_due()
            return 0
        if self.uidvalidity is None:
            self.connect()
        assert self.uidvalidity is not None
        self.tidy_mailbox()
        stored = 0
        for batch in self._new_batches():
            if self.stop.is_set():
                break
            stored += self._store(batch)
            if self.shared:
                continue  # store the whole backlog first: the other workers start on it at once
            self.process_pending()
            self.tidy_mailbox()
            self.send_due()
        self.process_pending()
        self.tidy_mailbox()
        if self.leading():  # one process works out reminders (their rows are unique besides)
            self.remind()
            self.alert_officers()
        self.send_due()
        self.run_leader_jobs()
        self.note_mailbox(None)
        return stored

    def remind(self) -> int:
        """Queue the reminders due today, at most once every RTT_REMINDERS_CHECK_SECONDS."""
        if not self.settings.reminders_enabled or self.stop.is_set():
            return 0
        now = time.monotonic()
        if self._reminded_at is not None and now - self._reminded_at < self.settings.reminders_check_seconds:
            return 0
        self._reminded_at = now
        day = reminder_day(self.settings)
        return run_reminders(self.engine, self.settings, day) if day is not None else 0

    def alert_officers(self) -> int:
        """Queue the officers' alerts for new events, and the day's digests once their time has
        come (issue 12). Run beside `remind`, before the cycle's sending, so `--once` sends them.
        A failure is logged and tried again next cycle; it never stops the mail."""
        if not self.settings.officer_alerts_enabled or self.stop.is_set():
            return 0
        try:
            queued = run_alerts(self.engine, self.settings)
            day = digest_day(self.settings)
            if day is not None and day != self._digest_done:
                queued += run_digest(self.engine, self.settings, day)
                self._digest_done = day
        except SQLAlchemyError as exc:
            log.warning("officer alerts failed (tried again later): %s", type(exc).__name__)
            return 0
        return queued

    def run_leader_jobs(self) -> None:
        for job in self.leader_jobs:
            if self.stop.is_set() or not self.leading():
                return
            job()

    def apply_retention(self) -> None:
        """Once a day, the retention schedule (issue 13); a failure is logged and tried again
        on a later cycle, and never stops the mail."""
        schedule = self.settings.retention_schedule()
        now = time.monotonic()
        if schedule is None or self.stop.is_set() or (
            self._retention_looked is not None and now - self._retention_looked < RETENTION_LOOK_SECONDS
        ):
            return
        self._retention_looked = now
        places = Places(maildir=self.settings.resolved_maildir, outbox=self.settings.outbox_dir)
        try:
            apply_if_due(self.engine, schedule, places)
        except (SQLAlchemyError, OSError) as exc:
            log.warning("retention failed (tried again later): %s", type(exc).__name__)

    def _new_batches(self) -> list[list[str]]:
        keys = self.source.waiting()
        with session_scope(self.engine) as session:
            assert self.uidvalidity is not None
            known = known_uids(session, mailbox=self.source.mailbox, folder=self.source.folder,
                               uidvalidity=self.uidvalidity, uids=keys)
        new = [k for k in keys if k not in known]
        size = self.settings.imap_batch_size
        return [new[i : i + size] for i in range(0, len(new), size)]

    def _store(self, keys: Sequence[str]) -> int:
        assert self.uidvalidity is not None
        count = 0
        for uid, raw in self.source.fetch(keys):
            key = MessageKey(self.source.mailbox, self.source.folder, self.uidvalidity, uid)
            _, created = store_raw(self.engine, key=key, raw=raw)
            count += created
        if count:
            log.info("stored new=%d folder=%s", count, self.source.folder)
        return count

    def process_pending(self) -> None:
        for row_id in pending_ids(self.engine, now=utcnow(), claimant=self.claimant):
            if self.stop.is_set():
                return
            started = time.perf_counter()
            result = process_message(self.engine, self.settings, row_id, self.claimant)
            if result.state != "skipped":
                self.metrics.parse_seconds.observe(time.perf_counter() - started)
                self.metrics.messages.inc(outcome=result.state)
            if self._touched is not None:
                self._touched.add(row_id)

    def tidy_mailbox(self) -> None:
        """Move out of the watched folder what the store has finished with."""
        assert self.uidvalidity is not None
        touched = None if self.shared else self._touched
        if touched is not None and not touched:
            return
        with session_scope(self.engine) as session:
            pairs = unfinished_mailbox_actions(
                session,
                mailbox=self.source.mailbox,
                folder=self.source.folder,
                uidvalidity=self.uidvalidity,
                ids=None if touched is None else sorted(touched),
            )
        if pairs:
            self.source.finish([uid for _, uid in pairs])
            mark_mailbox_done(self.engine, [row_id for row_id, _ in pairs])
        self._touched = set()

    def send_due(self) -> int:
        try:
            sent = deliver_due(self.engine, self.transport, self.settings, claimant=self.claimant)
            if sent:
                self.metrics.replies.inc(sent, result="sent")
            return sent
        finally:
            self.transport.close()
            self._note_sender()

    def _note_sender(self) -> None:
        """The transport's `problem`: None (it did not connect), "" (it worked) or why not."""
        problem: str | None = getattr(self.transport, "problem", None)
        if problem:
            wait, cap = outbox_wait(self.engine), self.settings.smtp_retry_max_seconds
            self.sender_notice.failed(problem, wait, cap, denied="refused" in problem)
        elif problem == "":
            self.sender_notice.worked()

    def next_wake(self) -> float:
        """Seconds until the next safety poll, retry or reply that is due. A worker that does not
        lead looks at the store every `worker_poll_seconds`, and so does a leader while other
        workers have messages of its mailbox in hand (to move them out of the folder when done)."""
        polled = self.settings.imap_host or self.settings.mail_api == "graph"
        wake = float(self.settings.imap_poll_seconds if polled else 3600)
        for when in (outbox.next_due_at(self.engine, self.claimant), next_retry_at(self.engine)):
            if when is not None:
                wake = min(wake, max(0.05, _seconds_until(when)))
        if self.membership is not None and (not self.leading() or self._others_at_work()):
            wake = min(wake, self.settings.worker_poll_seconds)
        if self.settings.reminders_enabled and self._reminded_at is not None:
            since = time.monotonic() - self._reminded_at
            wake = min(wake, max(0.05, self.settings.reminders_check_seconds - since))
        return wake

    def _others_at_work(self) -> bool:
        if not self.shared or self.uidvalidity is None:
            return False
        with session_scope(self.engine) as session:
            return unmoved_exists(session, mailbox=self.source.mailbox, folder=self.source.folder,
                                  uidvalidity=self.uidvalidity)

    def wait(self, stop: threading.Event) -> None:
        """Until news may have arrived: the mailbox's word (the leader), or the next look at the store."""
        wake = self.next_wake()
        if self.uidvalidity is not None and self.leading():
            self.source.wait(wake, stop)
        else:
            stop.wait(wake)

    def close(self) -> None:
        self.source.close()
        self.transport.close()
        self.uidvalidity = None


def _seconds_until(when: datetime) -> float:
    if when.tzinfo is None:
        from datetime import UTC

        when = when.replace(tzinfo=UTC)
    return (when - utcnow()).total_seconds()


RECOVERABLE = (SourceError, SQLAlchemyError, OSError)
MAILBOX_NOTE_SECONDS = 5.0
"""How often the leader tells the store it reached the mailbox (for /healthz)."""


def outbox_wait(engine: Engine) -> float:
    """Seconds until the next reply is due (0 when none waits)."""
    when = outbox.next_due_at(engine)
    return max(0.0, _seconds_until(when)) if when is not None else 0.0


def failure_reason(exc: BaseException) -> str:
    """A refused sign-in says why (our own words); anything else only its kind: the text of
    other errors may quote a server."""
    return str(exc) if isinstance(exc, SourceAuthError) else type(exc).__name__


def run_loop(daemon: Daemon, stop: threading.Event, once: bool = False) -> int:
    """Cycle until stopped; on trouble, reconnect with backoff. `once`: one cycle, then return."""
    backoff = Backoff(1.0, daemon.settings.imap_reconnect_max_seconds)
    daemon.stop = stop
    if once:
        daemon.await_leadership(stop)
    while not stop.is_set():
        try:
            daemon.cycle()
            backoff.reset()
            daemon.mailbox_notice.worked()
            if once:
                return 0
            daemon.wait(stop)
        except SessionExpired:
            log.debug("signing in to the mailbox again: its OAuth2 token is due for renewal")
            daemon.close()
        except RECOVERABLE as exc:
            daemon.close()
            if once:
                log.error("run --once failed: %s", exc)
                return 1
            wait = backoff.next()
            denied = isinstance(exc, SourceAuthError)
            daemon.mailbox_notice.failed(failure_reason(exc), wait, backoff.cap, denied=denied)
            if not isinstance(exc, SQLAlchemyError):
                daemon.note_mailbox(failure_reason(exc))
            _send_while_waiting(daemon, stop, wait)
    daemon.close()
    return 0


def _send_while_waiting(daemon: Daemon, stop: threading.Event, wait: float) -> None:
    """The outbox does not depend on the mailbox: keep sending while the mailbox is away."""
    deadline = time.monotonic() + wait
    try:
        daemon.send_due()
    except RECOVERABLE as exc:
        log.warning("sending failed: %s", type(exc).__name__)
    stop.wait(max(0.0, deadline - time.monotonic()))
