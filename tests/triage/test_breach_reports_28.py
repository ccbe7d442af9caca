"""Breach reports from blind set 28's sealed part, read after its one scoring (issue 9, kind 7)."""

from __future__ import annotations

from parsers.extract import extract_facts
from tests.minimail import message
from tests.triage.test_breach_reports import concerns_of
from triage.classify import classify
from triage.states import Kind


def test_a_coach_naming_the_childs_school_is_a_report() -> None:
    """A boxing club's coach names the school ('Year 9, Fair Mile School') rather than 'the school'."""
    body = (
        "Hi,\n\nI coach at an amateur boxing club. One of our juniors, Malia Leaupepe (Year 9, "
        "Fair Mile School), has been out of school from 11 o'clock most days for about a month.\n\n"
        "A couple of our parents have seen Malia at the retail park in school hours getting into cars with "
        "older men. As far as anyone can tell nobody thought about where she would be or who with when her "
        "hours were cut.\n\nLee Gosling\n"
    )
    messages = [message(body, "Concern about one of our juniors", sender="lee@boxing.example.co.uk")]
    assert classify(messages, extract_facts(messages)) == Kind.BREACH_REPORT


def test_she_after_the_professional_named_in_the_sentence_before() -> None:
    """'I contacted her Virtual School education adviser ... She had not heard of it: she was not
    invited to the meeting and has not agreed to anything.' The adviser, not the parent; and 'Mum
    told the social worker. She has not signed anything.' stays the parent."""
    found = concerns_of(
        "Kavitha is looked after. I contacted her Virtual School education adviser to ask about it, as the "
        "part-time day affects her insulin routine at lunch. She had not heard of it: she was not invited to "
        "the meeting and has not agreed to anything."
    )
    assert {"meeting_professionals", "professional_agreement"} <= found
    assert not {"parent_signature", "meeting_held"} & found


def test_she_after_the_family_or_the_writers_own_role_stays_the_parent() -> None:
    unsigned = "She has not signed anything."
    assert concerns_of(f"Mum told the social worker about it. {unsigned}") == {"parent_signature"}
    assert concerns_of(f"I'm the family's health visitor. {unsigned}") == {"parent_signature"}
