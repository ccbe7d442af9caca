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


def test_she_after_when_mum_rang_her_is_the_one_rung() -> None:
    """'the lady from the SEN team was not at the meeting and, when mum rang her, she had not heard
    anything about it and had not agreed to it': the professional, not the mother."""
    found = concerns_of(
        "His mum went to a meeting and signed the form. But she also said the lady from the council's "
        "SEN team was not at the meeting and, when mum rang her, she had not heard anything about it and "
        "had not agreed to it."
    )
    assert {"meeting_professionals", "professional_agreement"} <= found
    assert "parent_signature" not in found


def test_she_after_when_i_spoke_to_her_is_the_professional() -> None:
    found = concerns_of(
        "His family have a Team Around the Family plan and an early help worker, but when I spoke to her she "
        "hadn't been asked to any meeting about the shorter days and hadn't agreed to them."
    )
    assert {"meeting_professionals", "professional_agreement"} <= found
    assert "meeting_held" not in found
