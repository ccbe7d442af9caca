"""Emails to officers inside `rtt run` (issue 12): an alert when an urgent breach report
arrives (to the team address, RTT_TEAM_ADDRESS, and to its officer if it has one), an alert to
an officer when a case is assigned to them, and a daily digest from RTT_DIGEST_SEND_TIME
(Europe/London) on school days, to each officer for their cases and to the team for the
unassigned ones.

Each is an `officer_alert` row with a unique key made in one transaction with its outbox row
(idempotency key 'alert:<key>'), so it goes once whatever happens (a restart, two daemons);
the outbox sends it like any reply, with the same recipient checks and hourly limits. Only
the addresses an admin or the officer set on the account (and the team address) are written
to, and only in the trusted domains: never a sender of mail. A user with alerts or the digest
turned off gets none.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from config.settings import Settings
from intake.reminders import automatic_mail, due_day
from replies.officer_alerts import AlertCase, render_assigned_alert, render_breach_alert, render_digest
from replies.reminders import ReminderText
from store import officer_alerts as store_alerts
from store.db import session_scope
from store.models import Case, OfficerAlert, OutboundReply, utcnow
from triage.calendar import CalendarError
from triage.deadlines import local_day
from triage.officer_digest import TEAM, digests
from triage.reply_policy import domain_trusted, usable_recipients

log = logging.getLogger(__name__)
ALERT_LOOKBACK = timedelta(days=2)
"""Events older than this get no alert (so a first start does not mail about old cases)."""


@dataclass(frozen=True)
class Mail:
    """An alert or digest to queue (what `rtt digest` lists)."""

    key: str
    kind: str
    to: tuple[str, ...]
    user_id: int | None
    case_id: int | None
    day: date
    text: ReminderText


def trusted(addresses: Sequence[str], settings: Settings) -> tuple[str, ...]:
    """The addresses we may write to: plain, not our own or no-reply, in a trusted domain."""
    usable = usable_recipients([a.strip() for a in addresses if a and a.strip()], settings.from_address)
    ok = tuple(a for a in usable if domain_trusted(a, settings.trusted_domains))
    if len(ok) < len([a for a in addresses if a]):
        log.warning("officer alert: an address outside the trusted domains is not written to")
    return ok


def _alert_case(case: Case) -> AlertCase:
    assert case.id is not None
    return AlertCase(case.id, case.reference, case.kind, case.priority, case.school_name)


def plan_alerts(engine: Engine, settings: Settings, now: datetime) -> list[Mail]:
    """The alerts not yet queued for events since `ALERT_LOOKBACK` before `now`."""
    guidance, base, day = settings.loaded_guidance, settings.web_base_url, local_day(now)
    since = now - ALERT_LOOKBACK
    out: list[Mail] = []
    with session_scope(engine) as session:
        people = store_alerts.officers(session)
        by_id = {o.user_id: o for o in people.values()}
        for case in store_alerts.urgent_breaches_since(session, since):
            text = render_breach_alert(_alert_case(case), guidance, base)
            team = trusted([settings.team_address], settings)
            if team:
                out.append(Mail(f"breach:{case.id}:team", "breach", team, None, case.id, day, text))
            officer = by_id.get(case.assigned_to) if case.assigned_to is not None else None
            if officer is not None and officer.alerts and (to := trusted([officer.email], settings)):
                out.append(Mail(f"breach:{case.id}:user:{officer.user_id}", "breach", to,
                                officer.user_id, case.id, day, text))
        for a in store_alerts.assignments_since(session, since):
            officer = people.get(a.username)
            if officer is None or not officer.alerts or a.by == a.username:
                continue  # no address, alerts off, or they took the case themselves
            assigned = session.get(Case, a.case_id)
            to = trusted([officer.email], settings)
            if assigned is None or not to:
                continue
            text = render_assigned_alert(_alert_case(assigned), guidance, base, a.by)
            out.append(Mail(f"assigned:{a.event_id}:{officer.user_id}", "assigned", to,
                            officer.user_id, a.case_id, day, text))
        return [m for m in out if not store_alerts.exists(session, m.key)]


def digest_day(settings: Settings, now: datetime | None = None) -> date | None:
    """The day whose digest may go now: RTT_REMINDERS_TODAY (tests), else today in London once
    RTT_DIGEST_SEND_TIME has passed there; None before it, or on a day that is not a school day
    (weekends only, when the term dates do not cover it)."""
    day = due_day(settings, settings.digest_send_time, now)
    if day is None:
        return None
    try:
        school_day = settings.school_calendar().is_school_day(day)
    except CalendarError:
        school_day = day.weekday() < 5
    return day if school_day else None


def plan_digests(engine: Engine, settings: Settings, day: date) -> list[Mail]:
    """The day's digests not yet queued: each officer's (digest on, address set) and the team's."""
    guidance, base = settings.loaded_guidance, settings.web_base_url
    max_days = guidance.max_reduced_days
    out: list[Mail] = []
    with session_scope(engine) as session:
        readers = [o for o in store_alerts.officers(session).values() if o.digest]
        found = digests(store_alerts.case_lines(session), day, max_days, [o.user_id for o in readers])
        for officer in readers:
            digest = found.get(officer.user_id)
            to = trusted([officer.email], settings) if digest is not None else ()
            if digest is not None and to:
                text = render_digest(digest, day, guidance, base, team=False)
                key = f"digest:{day.isoformat()}:user:{officer.user_id}"
                out.append(Mail(key, "digest", to, officer.user_id, None, day, text))
        team_digest = found.get(TEAM)
        team = trusted([settings.team_address], settings) if team_digest is not None else ()
        if team_digest is not None and team:
            text = render_digest(team_digest, day, guidance, base, team=True)
            out.append(Mail(f"digest:{day.isoformat()}:team", "digest", team, None, None, day, text))
        return [m for m in out if not store_alerts.exists(session, m.key)]


def queue(engine: Engine, settings: Settings, mails: Sequence[Mail]) -> int:
    """Queue each mail once; returns how many this call queued."""
    queued = 0
    for mail in mails:
        try:
            with session_scope(engine) as session:
                if store_alerts.exists(session, mail.key):
                    continue
                alert = OfficerAlert(key=mail.key, kind=mail.kind, case_id=mail.case_id,
                                     user_id=mail.user_id, day=mail.day)
                store_alerts.record(session, alert=alert, reply=_outbound(settings, mail))
            queued += 1
            log.info("officer alert kind=%s key=%s queued", mail.kind, mail.key)
        except IntegrityError:  # another daemon queued it first
            log.info("officer alert key=%s already queued elsewhere", mail.key)
    return queued


def run_alerts(engine: Engine, settings: Settings, now: datetime | None = None) -> int:
    return queue(engine, settings, plan_alerts(engine, settings, now or utcnow()))


def run_digest(engine: Engine, settings: Settings, day: date) -> int:
    return queue(engine, settings, plan_digests(engine, settings, day))


def _outbound(settings: Settings, mail: Mail) -> OutboundReply:
    key = f"alert:{mail.key}"[:255]
    return automatic_mail(settings, key=key, kind=f"alert:{mail.kind}", case_id=mail.case_id, to=mail.to,
                          text=mail.text)
