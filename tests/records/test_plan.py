"""The retention schedule and the pure decision of what goes (no database)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from config.settings import Settings
from retention.plan import Holding, add_period, case_end, plan, plan_unfiled, unfiled_cutoff
from retention.schedule import Rule, load_schedule, parse_schedule

TODAY = date(2030, 6, 1)


def _holding(
    status: str = "closed", closed: date | None = date(2020, 3, 1), full_time: date | None = None,
    held: bool = False, **counts: int,
) -> Holding:
    return Holding(1, "RTT-2020-AAAAAA", status, closed, full_time, held,
                   counts or {"messages": 2, "facts": 3, "replies": 1, "audit": 9})


def test_a_case_ends_on_the_later_of_closure_and_full_time() -> None:
    assert case_end(_holding(closed=date(2020, 3, 1), full_time=date(2020, 4, 1))) == date(2020, 4, 1)
    assert case_end(_holding(closed=date(2020, 3, 1), full_time=date(2020, 1, 1))) == date(2020, 3, 1)
    assert case_end(_holding(closed=date(2020, 3, 1))) == date(2020, 3, 1)
    assert case_end(_holding(status="awaiting_school")) is None


def test_periods_count_calendar_years_and_months() -> None:
    assert add_period(date(2020, 2, 29), Rule("r", ("facts",), years=6)) == date(2026, 2, 28)
    assert add_period(date(2020, 1, 31), Rule("r", ("facts",), years=0, months=1)) == date(2020, 2, 29)
    yearly = Rule("r", ("facts",), years=1, months=1, days=1)
    assert add_period(date(2020, 12, 15), yearly) == date(2022, 1, 16)


def test_what_goes_and_why_under_the_oxfordshire_schedule() -> None:
    schedule = load_schedule("oxfordshire")
    due = plan([_holding(full_time=date(2020, 5, 1))], schedule, date(2026, 5, 1))
    assert [(r.rule, r.what, r.due) for r in due] == [
        ("case-content-6y", ("messages", "facts", "replies"), date(2026, 5, 1))]
    assert "2020-05-01" in due[0].why and "6 years" in due[0].why
    assert plan([_holding(full_time=date(2020, 5, 1))], schedule, date(2026, 4, 30)) == []
    both = plan([_holding()], schedule, date(2032, 3, 1))
    assert [r.rule for r in both] == ["case-content-6y", "audit-trail-12y"]
    assert both[1].as_json()["what"] == ["audit"]


def test_nothing_goes_from_open_cases_or_from_what_is_already_gone() -> None:
    schedule = load_schedule("oxfordshire")
    assert plan([_holding(status="open")], schedule, TODAY) == []
    gone = _holding(messages=0, facts=0, replies=0, audit=4)
    assert plan([gone], schedule, TODAY) == []
    partly = plan([_holding(messages=0, facts=1, replies=0)], schedule, TODAY)
    assert [r.what for r in partly] == [("facts",)]


def test_a_held_case_is_listed_as_held() -> None:
    due = plan([_holding(held=True)], load_schedule("oxfordshire"), TODAY)
    assert [r.held for r in due] == [True] and "legal hold" in due[0].why


def test_bad_schedules_are_refused_plainly(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown thing 'photos'"):
        parse_schedule({"name": "x", "rule": [{"id": "a", "what": ["photos"], "years": 1}]})
    with pytest.raises(ValueError, match="in two rules"):
        parse_schedule({"name": "x", "rule": [{"id": "a", "what": ["facts"], "years": 1},
                                               {"id": "b", "what": ["facts"], "years": 2}]})
    with pytest.raises(ValueError, match="negative"):
        parse_schedule({"name": "x", "rule": [{"id": "a", "what": ["facts"], "years": -1}]})
    broken = tmp_path / "broken.toml"
    broken.write_text("name = ")
    with pytest.raises(ValueError, match="RTT_RETENTION"):
        Settings(retention=str(broken))


def test_the_schedule_is_chosen_by_setting_or_found_beside_the_guidance(tmp_path: Path) -> None:
    assert Settings().retention_schedule() == load_schedule("oxfordshire")
    guidance = tmp_path / "wessex.toml"
    guidance.write_text((Path(__file__).parents[2] / "triage/guidance/oxfordshire.toml").read_text())
    assert Settings(guidance=str(guidance)).retention_schedule() is None  # none beside it: nothing goes
    (tmp_path / "wessex.retention.toml").write_text(
        'name = "Wessex"\n[[rule]]\nid = "all-2y"\n'
        'what = ["messages", "facts", "replies", "audit"]\nyears = 2\n')
    found = Settings(guidance=str(guidance)).retention_schedule()
    assert found is not None and found.name == "Wessex" and found.rule_for("audit") is not None
    assert Settings(retention=str(tmp_path / "wessex.retention.toml")).retention_schedule() == found


def test_messages_in_no_case_go_a_period_after_they_came() -> None:
    schedule = load_schedule("oxfordshire")
    assert unfiled_cutoff(schedule, date(2030, 6, 1)) == (schedule.rule_for("unfiled"), date(2029, 6, 1))
    assert plan_unfiled(schedule, TODAY, 0) == []
    [removal] = plan_unfiled(schedule, TODAY, 3)
    assert removal.as_json()["case"] is None and removal.what == ("unfiled",)
    assert removal.counts == {"unfiled": 3}
    kept = parse_schedule({"name": "x", "rule": [{"id": "a", "what": ["facts"], "years": 1}]})
    assert unfiled_cutoff(kept, TODAY) is None and plan_unfiled(kept, TODAY, 3) == []
