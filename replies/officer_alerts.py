"""Render the emails to officers (issue 12): an urgent breach report's alert, a case assigned
to an officer, and the daily digest. Pure. They carry no pupil's name and no message text:
the case reference, its kind, priority and school, and a link to the case page; officers read
the case itself in the queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from replies.reminders import ReminderText, long_date, split_subject
from replies.render import council_words, environment, tidy
from triage.catalogue import Guidance
from triage.officer_digest import Digest, Entry

KIND_WORDS = {
    "rtt_notification": "notification of a reduced timetable",
    "breach_report": "breach report",
    "general_query": "general question",
}


@dataclass(frozen=True)
class AlertCase:
    """What an alert says of its case."""

    case_id: int
    reference: str
    kind: str
    priority: str
    school: str | None = None


def case_link(base_url: str, case_id: int) -> str | None:
    """The case page's address in the web queue (None without RTT_WEB_BASE_URL)."""
    return f"{base_url.rstrip('/')}/cases/{case_id}" if base_url else None


def _kind(kind: str) -> str:
    return KIND_WORDS.get(kind, kind.replace("_", " "))


def render_breach_alert(case: AlertCase, guidance: Guidance, base_url: str) -> ReminderText:
    return _render("alert_breach.txt.j2", case, guidance, base_url)


def render_assigned_alert(case: AlertCase, guidance: Guidance, base_url: str, by: str) -> ReminderText:
    return _render("alert_assigned.txt.j2", case, guidance, base_url, by=by)


def _render(name: str, case: AlertCase, guidance: Guidance, base_url: str, **extra: str) -> ReminderText:
    rendered = environment().get_template(name).render(
        **council_words(guidance),
        reference=case.reference,
        kind=_kind(case.kind),
        priority=case.priority,
        school=case.school,
        link=case_link(base_url, case.case_id),
        **extra,
    )
    return split_subject(tidy(rendered), name, case.reference)


def render_digest(digest: Digest, day: date, guidance: Guidance, base_url: str, team: bool) -> ReminderText:
    def rows(entries: tuple[Entry, ...]) -> list[dict[str, object]]:
        return [
            {"reference": e.line.reference, "kind": _kind(e.line.kind), "priority": e.line.priority,
             "school": e.line.school, "why": e.why, "link": case_link(base_url, e.line.case_id)}
            for e in entries
        ]

    rendered = environment().get_template("digest.txt.j2").render(
        **council_words(guidance),
        day=long_date(day),
        team_digest=team,
        count=digest.count,
        sections=[
            ("Overdue", rows(digest.overdue)),
            ("Due this week", rows(digest.due_this_week)),
            ("Held for an officer", rows(digest.held)),
            ("Unassigned", rows(digest.unassigned)),
        ],
        queue=base_url.rstrip("/") + "/" if base_url else None,
    )
    return split_subject(tidy(rendered), "digest.txt.j2", None)
