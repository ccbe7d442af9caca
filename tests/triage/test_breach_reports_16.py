"""Breach reports from blind set 16's tuning part (issue 9, kind 7): 'she' after a professional
other than the writer is that professional; the council named as where a professional works is
not the attendance team."""

from __future__ import annotations

from tests.triage.test_breach_reports import concerns_of


def test_she_after_her_social_worker_is_the_social_worker() -> None:
    body = (
        "Natalia is subject to a Child Protection plan. I contacted her social worker, who told me she "
        "knew nothing about Natalia being on reduced hours - she had not been asked to any meeting about "
        "it and has not agreed to it."
    )
    found = concerns_of(body, role="Police Community Support Officer")
    assert {"meeting_professionals", "professional_agreement"} <= found
    assert not found & {"parent_signature", "meeting_held"}


def test_she_after_the_writer_is_still_the_parent() -> None:
    body = (
        "Mum told me he goes in for mornings only. I may have misunderstood, but she said nobody had asked "
        "her to sign anything."
    )
    assert "parent_signature" in concerns_of(body, role="Health Visitor")


def test_she_in_a_sentence_that_names_mum_is_still_the_parent() -> None:
    body = (
        "His mum tells me the head of year rang her and she said yes on the phone, and she has not "
        "signed anything."
    )
    assert "parent_signature" in concerns_of(body, role="Social Worker")


def test_the_council_as_a_professionals_employer_is_not_the_attendance_team() -> None:
    body = (
        "Ela has an EHC plan. When I phoned her SEN Officer at the County Council she was not aware of the "
        "reduced timetable at all, so I assume the SEN Team was neither at any meeting nor asked to agree it."
    )
    found = concerns_of(body, role="Consultant Community Paediatrician")
    assert "plan_sent_within_2_days" not in found
    assert {"meeting_professionals", "professional_agreement"} <= found


def test_the_council_not_told_is_still_a_concern() -> None:
    body = "Ela has an EHC plan. The County Council was not told about the reduced timetable."
    assert "plan_sent_within_2_days" in concerns_of(body, role="Consultant Community Paediatrician")


def test_nobody_could_say_who_is_actually_responsible() -> None:
    body = (
        "When I rang the school this week nobody could tell me who is actually responsible for the plan: "
        "the head of year said it was pastoral."
    )
    assert "named_person" in concerns_of(body, role="Social Worker")
