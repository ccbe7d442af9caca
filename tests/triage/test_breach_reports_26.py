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


def test_nobody_in_touch_to_see_how_it_is_going_is_no_review() -> None:
    """'Nobody from the school has been in touch with her since the first meeting to see how it is
    going - no follow-up meeting, no phone call': no review, and a meeting was held."""
    found = concerns_of(
        "His mum did sign a letter from the school, and she went in for a meeting about it. Nobody from the "
        "school has been in touch with her since the first meeting to see how it is going - no follow-up "
        "meeting, no phone call."
    )
    assert "review_schedule" in found
    assert not {"meeting_held", "parent_signature"} & found


def test_nobody_asked_where_she_goes_is_no_risk_assessment() -> None:
    """'no one from the school has asked where Fatuma goes in the afternoons or who she is with'."""
    found = concerns_of(
        "The school sends her home at 12.30 every day. Her mother says no one from the school has asked "
        "where Fatuma goes in the afternoons or who she is with."
    )
    assert "risk_assessment" in found
