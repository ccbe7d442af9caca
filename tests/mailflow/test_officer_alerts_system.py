"""Emails to officers through the real daemon (issue 12): Dovecot, `rtt run --once` as a
subprocess, aiosmtpd receiving exactly the expected messages.

The day is injected (RTT_REMINDERS_TODAY) as in the reminders' test. Three notifications and an
urgent breach report arrive; the team is alerted of the breach report; an administrator assigns
cases (as the web queue does: the case's officer and an `assign` audit event) and the officer
is alerted, a user with alerts and the digest turned off is not, nor is an officer who took a
case themselves; on a school day each officer gets a digest of their cases and the team one of
the unassigned. Each goes once across runs, and none names a pupil.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from email.message import EmailMessage, Message

import pytest
from sqlmodel import Session, col, select

from store.db import make_engine, upgrade_schema
from store.models import AppUser, AuditEvent, Case, CaseParticipant, OfficerAlert

from .conftest import EXAMPLES, DaemonProcess
from .servers import Dovecot, SmtpServer, wait_until

pytestmark = [pytest.mark.system, pytest.mark.slow]

TEAM = "attendance.team@oxfordshire.gov.uk"
OLIVIA = "olivia.officer@oxfordshire.gov.uk"
SAM = "sam.officer@oxfordshire.gov.uk"
OFFICERS = {TEAM, OLIVIA, SAM}
BASE = "https://rtt.example.gov.uk"
PUPILS = ("Oliver", "Amelia", "Mia", "Leo", "Robinson", "Ward", "Hughes")
SATURDAY, MONDAY, NEXT_SATURDAY = date(2026, 3, 7), date(2026, 3, 9), date(2026, 3, 14)
SENDERS = {
    "example-01-complete-pdf": "h.carter@ashbrookvale.oxon.sch.uk",
    "example-02-missing-items-pdf": "head@millbrookfields.oxon.sch.uk",
    "example-04-over-six-weeks": "j.okafor@wychwoodrise.oxon.sch.uk",
    "example-05-breach-report": "daniel.moss@oxfordshire.gov.uk",
}


def _text(m: Message) -> str:
    assert isinstance(m, EmailMessage)
    return str(m.get_content())


def _officer_mail(smtp: SmtpServer) -> list[Message]:
    return [r.message for r in smtp.received if set(r.rcpt_tos) & OFFICERS]


class Store:
    def __init__(self, db_url: str) -> None:
        self.engine = make_engine(db_url)
        upgrade_schema(self.engine)
        with Session(self.engine) as s:
            for name, email, on in (("olivia", OLIVIA, True), ("sam", SAM, False), ("ada", None, True)):
                s.add(AppUser(username=name, password_hash="!", role="admin" if name == "ada" else "officer",
                              email=email, alerts_enabled=on, digest_enabled=on))
            s.commit()

    def case_of(self, sender: str) -> Case:
        with Session(self.engine) as s:
            query = select(Case).join(CaseParticipant, col(CaseParticipant.case_id) == col(Case.id))
            return s.exec(query.where(CaseParticipant.address == sender)).one()

    def assign(self, sender: str, to: str, by: str) -> None:
        """What the web queue's assign action writes."""
        with Session(self.engine) as s:
            case = s.get(Case, self.case_of(sender).id)
            user = s.exec(select(AppUser).where(AppUser.username == to)).one()
            assert case is not None
            case.assigned_to = user.id
            s.add(case)
            s.add(AuditEvent(actor=by, action="assign", case_id=case.id, detail={"to": to}))
            s.commit()

    def alert_keys(self) -> list[str]:
        with Session(self.engine) as s:
            return sorted(a.key for a in s.exec(select(OfficerAlert)).all())

    def alerts_to(self, username: str) -> int:
        with Session(self.engine) as s:
            user = s.exec(select(AppUser).where(AppUser.username == username)).one()
            return len(s.exec(select(OfficerAlert).where(OfficerAlert.user_id == user.id)).all())

    def close(self) -> None:
        self.engine.dispose()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    st = Store(db_url)
    yield st
    st.close()


def _run_once(daemon: DaemonProcess, day: date) -> None:
    daemon.env.update({"RTT_REMINDERS_ENABLED": "false", "RTT_REMINDERS_TODAY": day.isoformat(),
                       "RTT_TEAM_ADDRESS": TEAM, "RTT_WEB_BASE_URL": BASE})
    daemon.start("--once")
    assert daemon.proc is not None
    assert daemon.proc.wait(120) == 0, daemon.log_text()[-3000:]


def _step(daemon: DaemonProcess, smtp: SmtpServer, day: date) -> list[tuple[str, str]]:
    before = len(_officer_mail(smtp))
    _run_once(daemon, day)
    got = _officer_mail(smtp)[before:]
    for m in got:
        assert m["Auto-Submitted"] == "auto-generated"
        whole = m.as_string()
        assert not [p for p in PUPILS if p in whole], whole
    return sorted((str(m["To"]), str(m["Subject"])) for m in got)


def _rtt_digest(daemon: DaemonProcess, day: date) -> list[dict[str, object]]:
    env = {k: v for k, v in daemon.env.items() if k != "RTT_REMINDERS_TODAY"}
    done = subprocess.run(
        [sys.executable, "-m", "rtt.cli", "digest", "--today", day.isoformat(), "--json"],
        cwd=daemon.workdir, env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    found: list[dict[str, object]] = json.loads(done.stdout)
    return found


def test_alerts_and_digests_to_officers_through_the_daemon(
    daemon: DaemonProcess, dovecot: Dovecot, imap_user: str, smtp: SmtpServer, store: Store
) -> None:
    dovecot.append(imap_user, "INBOX", [(EXAMPLES / n / "message.eml").read_bytes() for n in SENDERS])
    # a Saturday: the four are answered, and the team alerted of the urgent breach report
    got = _step(daemon, smtp, SATURDAY)
    wait_until(lambda: len(smtp.received) >= 4, 30, "four answers and an alert")
    breach = store.case_of(SENDERS["example-05-breach-report"])
    complete = store.case_of(SENDERS["example-01-complete-pdf"])
    missing = store.case_of(SENDERS["example-02-missing-items-pdf"])
    late = store.case_of(SENDERS["example-04-over-six-weeks"])
    assert (breach.kind, breach.priority) == ("breach_report", "urgent")
    assert got == [(TEAM, f"Urgent breach report received [{breach.reference}]")]
    alert = next(m for m in _officer_mail(smtp) if m["To"] == TEAM)
    assert f"{BASE}/cases/{breach.id}" in _text(alert)
    assert _step(daemon, smtp, SATURDAY) == []  # a second run: nothing twice

    # an admin assigns: Olivia is told (and, the urgent breach report now being hers, of it too);
    # Sam has alerts off; a case Olivia took herself brings no alert
    store.assign(SENDERS["example-05-breach-report"], "olivia", "ada")
    store.assign(SENDERS["example-04-over-six-weeks"], "sam", "ada")
    store.assign(SENDERS["example-01-complete-pdf"], "olivia", "olivia")
    assert _step(daemon, smtp, SATURDAY) == sorted([
        (OLIVIA, f"A case has been assigned to you [{breach.reference}]"),
        (OLIVIA, f"Urgent breach report received [{breach.reference}]"),
    ])
    assert _step(daemon, smtp, SATURDAY) == []

    # Monday, a school day: `rtt digest` shows the two digests and writes nothing
    keys_before = store.alert_keys()
    shown = _rtt_digest(daemon, MONDAY)
    assert sorted((d["kind"], tuple(d["to"])) for d in shown) == sorted([  # type: ignore[arg-type]
        ("digest", (OLIVIA,)), ("digest", (TEAM,))
    ])
    assert store.alert_keys() == keys_before
    got = _step(daemon, smtp, MONDAY)
    assert got == sorted([
        (OLIVIA, "Daily digest for Monday 9 March 2026: 2 cases of yours to look at"),
        (TEAM, "Daily digest for Monday 9 March 2026: 1 case for the team to look at"),
    ])
    digests = {str(m["To"]): _text(m) for m in _officer_mail(smtp)[-2:]}
    mine, team = digests[OLIVIA], digests[TEAM]
    assert complete.reference in mine.split("Overdue (")[1]  # full time on 9 Feb, never confirmed
    assert breach.reference in mine and late.reference not in mine and missing.reference not in mine
    assert missing.reference in team.split("Unassigned (1)")[1]
    assert breach.reference not in team and complete.reference not in team and late.reference not in team
    assert _step(daemon, smtp, MONDAY) == []  # once a day
    assert _step(daemon, smtp, NEXT_SATURDAY) == []  # no digest at the weekend
    assert sum(1 for k in store.alert_keys() if k.startswith("digest:")) == 2
    assert store.alerts_to("sam") == 0  # alerts and digest off
