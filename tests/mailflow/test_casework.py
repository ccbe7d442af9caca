"""A judgement written onto its case, on SQLite and PostgreSQL: breach reports find the
notification for the same pupil and school, a re-judgement clears a problem."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import select

from intake.casework import apply_triage, new_case
from parsers.facts import CaseFacts, Pupil, School
from store.db import session_scope
from store.models import Case, RequirementRecord
from triage.model import Breach, Reporter, RequirementResult, Triage


def notification(pupil: str, school: str, signed: bool) -> Triage:
    facts = CaseFacts(school=School(name=school), pupil=Pupil(name=pupil), start_date=date(2026, 3, 2))
    status = "met" if signed else "missing"
    return Triage(
        kind="rtt_notification",
        case=facts,
        priority="high",
        requirements=(
            RequirementResult("parent_signature", status),
            RequirementResult("plan_attached", "met"),
        ),
    )


def breach(pupil: str, school: str) -> Triage:
    return Triage(
        kind="breach_report",
        case=None,
        requirements=(),
        priority="urgent",
        breach=Breach(
            School(name=school), Pupil(name=pupil), Reporter("A", "social worker", "a@x"), ("meeting_held",)
        ),
    )


def test_a_breach_report_is_linked_to_the_same_pupil_and_school(engine: Engine) -> None:
    with session_scope(engine) as s:
        plan = new_case(
            s, "RTT-2026-000001", notification("Leo Ward", "Greystone Park Academy", False), "h@g.oxon.sch.uk"
        )
        other = new_case(
            s, "RTT-2026-000002", notification("Leo Ward", "Another School", False), "h@a.oxon.sch.uk"
        )
        report = new_case(
            s, "RTT-2026-000003", breach("leo  WARD", "Greystone Park Academy"), "sw@oxfordshire.gov.uk"
        )
        assert report.linked_case_id == plan.id != other.id
        assert report.priority == "urgent" and report.priority_rank == 0
        assert report.facts["breach"]["concerns"] == ["meeting_held"]


def test_a_notification_after_the_report_links_the_report(engine: Engine) -> None:
    with session_scope(engine) as s:
        report = new_case(
            s, "RTT-2026-000001", breach("Mia Robinson", "Wychwood Rise"), "sw@oxfordshire.gov.uk"
        )
        plan = new_case(
            s, "RTT-2026-000002", notification("Mia Robinson", "Wychwood Rise", True), "h@w.oxon.sch.uk"
        )
        assert report.linked_case_id == plan.id


def test_judged_again_a_signed_copy_clears_parent_signature(engine: Engine) -> None:
    with session_scope(engine) as s:
        case = new_case(
            s, "RTT-2026-000001", notification("Noah Patel", "Bourton Lea", False), "s@b.oxon.sch.uk"
        )
        assert case.problems == ["parent_signature"] and case.status == "awaiting_school"
        apply_triage(s, case, notification("Noah Patel", "Bourton Lea", True))
        case_id = case.id
    with session_scope(engine) as s:
        case = s.get(Case, case_id)
        assert case is not None and case.problems == [] and case.status == "open"
        rows = s.exec(select(RequirementRecord).where(RequirementRecord.case_id == case_id)).all()
        assert {r.requirement_id: r.status for r in rows} == {
            "parent_signature": "met",
            "plan_attached": "met",
        }
