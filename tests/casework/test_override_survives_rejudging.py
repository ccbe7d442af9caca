"""An officer's override of a requirement outlives the next judgement of the case."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from checking.pipeline import check_message
from config.settings import Settings
from intake.casework import apply_triage, new_case
from store.db import make_engine, upgrade_schema
from store.models import RequirementRecord
from tests.conftest import EXAMPLES, require_shared


def test_an_overridden_problem_stays_cleared_when_the_case_is_judged_again(tmp_path: Path) -> None:
    raw = (require_shared(EXAMPLES) / "example-08-late-and-unsigned" / "message.eml").read_bytes()
    triage = check_message(raw, Settings().check_options()).triage
    assert "plan_sent_within_2_days" in triage.problems
    engine = make_engine(f"sqlite:///{tmp_path / 'rtt.sqlite3'}")
    upgrade_schema(engine)
    with Session(engine) as session:
        case = new_case(session, "RTT-2026-000001", triage, "s.whitfield@bourtonlea.oxon.sch.uk")
        record = session.exec(
            select(RequirementRecord).where(
                RequirementRecord.case_id == case.id,
                RequirementRecord.requirement_id == "plan_sent_within_2_days",
            )
        ).one()
        record.override_status, record.override_reason = "met", "sent on time by post"
        session.add(record)
        session.commit()
        apply_triage(session, case, triage)
        session.commit()
        assert "plan_sent_within_2_days" not in case.problems
        assert "parent_signature" in case.problems
