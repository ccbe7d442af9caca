"""'Sent within 2 days' is claimed late only on dates that agree (issue 9: never claim on weak
evidence): a parent's signature read as dated before the planning meeting, when another signer
dated the plan on the meeting's day, is likelier a misread date (a PDF's columns run together,
'Byrne-Nowa2k6/01/2028') than a plan agreed before its meeting; the lateness is asked about."""

from __future__ import annotations

from datetime import date, datetime

from parsers.facts import CaseFacts, Signature
from parsers.model import Attachment, Document, Page, ParsedMessage
from triage.assessment import evaluate
from triage.catalogue import load_guidance

PLAN = Document("plan.pdf", pages=(Page(1, "Reintegration plan"),))


def _sent_on(day: date) -> ParsedMessage:
    attachment = Attachment("plan.pdf", "application/pdf", "application/pdf", 1, "0" * 64, b"", document=PLAN)
    when = datetime(day.year, day.month, day.day, 15)
    return ParsedMessage(None, None, (), (), (), "plan", when, (), "", "", (attachment,))


def _judged(parent_signed: date, school_signed: date, meeting: date, sent: date) -> tuple[str, str]:
    signatures = (Signature("parent", "Mrs A", parent_signed), Signature("school", "Mr B", school_signed))
    facts = CaseFacts(
        signatures=signatures, agreement_date=parent_signed, meeting_date=meeting, plan_document="plan.pdf"
    )
    results = evaluate(facts, [_sent_on(sent)], load_guidance())
    result = next(r for r in results if r.id == "plan_sent_within_2_days")
    return result.status, result.certainty


def test_a_parent_date_before_the_meeting_the_school_signed_on_is_asked_about() -> None:
    judged = _judged(date(2028, 1, 6), date(2028, 1, 26), date(2028, 1, 26), date(2028, 1, 27))
    assert judged == ("not_met", "unsure")


def test_dates_that_agree_and_are_late_are_claimed() -> None:
    judged = _judged(date(2028, 1, 6), date(2028, 1, 6), date(2028, 1, 6), date(2028, 1, 27))
    assert judged == ("not_met", "sure")


def test_late_from_the_meeting_too_is_claimed() -> None:
    judged = _judged(date(2028, 1, 3), date(2028, 1, 10), date(2028, 1, 10), date(2028, 1, 27))
    assert judged == ("not_met", "sure")
