"""Breach reports from blind set 26's tuning part (issue 9, kind 7)."""

from __future__ import annotations

from tests.triage.test_breach_reports import concerns_of


def test_a_plan_never_given_to_the_parent_is_no_plan() -> None:
    """'the school has never given him a written plan' (the one who was not given it between)."""
    found = concerns_of(
        "Her dad agreed to it at a meeting and signed, but he says the school has never given him "
        "a written plan."
    )
    assert "plan_attached" in found
    assert "parent_signature" not in found
