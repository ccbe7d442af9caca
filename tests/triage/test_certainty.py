"""An item not found is `unsure` when the reading itself is in doubt (issue 9: never tell a
school something is missing on weak evidence); the reply then asks where it is."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime

import pytest

from parsers.extract import extract_facts
from parsers.facts import CIRCUMSTANCES, CaseFacts, Evidence, Topic
from parsers.model import Attachment, Document, Page, ParsedMessage
from replies.render import problem_lines
from tests.minimail import document, message
from triage.assessment import _doubted, _scanned_places, evaluate, judge, reading_doubt
from triage.catalogue import load_guidance
from triage.model import RequirementResult
from triage.states import Kind


def _message(*documents: Document) -> ParsedMessage:
    attachments = tuple(
        Attachment(d.source, "application/pdf", "application/pdf", 1, "0" * 64, b"", document=d)
        for d in documents
    )
    return ParsedMessage(None, None, (), (), (), "plan", datetime(2026, 12, 1), (), "", "", attachments)


TYPED = Document("plan.pdf", pages=(Page(1, "Reintegration plan"),))
SCANNED = Document("scan.pdf", pages=(Page(1, "Reintegration plan", ocr_confidence=93.0),))
LOCKED = Document("plan.docx", readable=False, error="the Word file is password protected", encrypted=True)
PART_READ = Document("scan.pdf", pages=(Page(1, "text"),), notes=("scanned pages not read by OCR (x): 3",))


@pytest.mark.parametrize(
    ("documents", "doubt"),
    [
        ((), None),
        ((TYPED,), None),
        ((SCANNED,), "your plan is a scan or photo, which we read by machine"),
        ((TYPED, LOCKED), "a file you sent could not be read"),
        ((PART_READ,), "some scanned pages could not be read"),
    ],
)
def test_the_reading_is_in_doubt_only_when_what_was_sent_was_not_read_whole(
    documents: tuple[Document, ...], doubt: str | None
) -> None:
    assert reading_doubt([_message(*documents)]) == doubt


@pytest.mark.parametrize(
    ("status", "certainty"),
    [("missing", "unsure"), ("not_met", "sure"), ("met", "sure"), ("not_applicable", "sure")],
)
def test_only_what_was_not_found_becomes_unsure(status: str, certainty: str) -> None:
    result = _doubted(RequirementResult("new_skills", status), "a file you sent could not be read")  # type: ignore[arg-type]
    assert result.certainty == certainty
    assert (result.doubt is not None) == (certainty == "unsure")


def test_a_scanned_plan_is_asked_about_not_told_it_lacks_things() -> None:
    from pathlib import Path

    from checking.pipeline import check_message
    from config.settings import Settings

    cases = Path(__file__).resolve().parents[1] / "fixtures" / "cases"
    case = cases / "zd-scanned-image-only-pdf-signed-by-hand"
    outcome = check_message((case / "message.eml").read_bytes(), Settings().check_options())
    unsure = [r for r in outcome.triage.requirements if r.certainty == "unsure"]
    assert unsure and all(r.status == "missing" for r in unsure)
    assert outcome.reply is not None
    assert "please tell us where" in outcome.reply.text
    assert "meet the guidance:" not in outcome.reply.text
    # `problems` is what the reply claims; the unsure items are asked about, and the case still
    # waits for the school on them
    assert not {r.id for r in unsure} & set(outcome.triage.problems)
    assert {r.id for r in unsure} == set(outcome.triage.questions)
    assert set(outcome.triage.open_items) == set(outcome.triage.problems) | set(outcome.triage.questions)


@pytest.mark.parametrize(
    ("status", "read_by_machine", "certainty"),
    [
        ("not_met", True, "unsure"),  # 'Alternative provision: No' read off a scan
        ("not_met", False, "sure"),  # the same 'No', typed, or a date past the limit
        ("missing", False, "unsure"),
        ("met", True, "sure"),
    ],
)
def test_a_no_read_off_a_scan_is_asked_about(status: str, read_by_machine: bool, certainty: str) -> None:
    result = RequirementResult("alternative_provision_considered", status, where="scan.pdf#page=1")  # type: ignore[arg-type]
    doubted = _doubted(result, "your plan is a scan or photo, which we read by machine", read_by_machine)
    assert doubted.certainty == certainty


def test_only_pages_read_by_ocr_are_scanned_places() -> None:
    places = _scanned_places([_message(TYPED, SCANNED)])
    assert "scan.pdf#page=1" in places and "plan.pdf#page=1" not in places


def test_a_part_a_passage_reads_like_is_asked_about_naming_the_passage() -> None:
    topics = {"supportive_interventions": Topic(False)}
    passage = Evidence("Alongside the shorter days: ELSA twice weekly; Lego therapy on Wednesdays", "body")
    facts = CaseFacts(topics=topics, reads_like={"supportive_interventions": passage})
    results = {r.id: r for r in evaluate(facts, [_message(TYPED)], load_guidance())}
    asked = results["supportive_interventions"]
    assert (asked.status, asked.certainty) == ("missing", "unsure")
    assert asked.doubt is not None and "Alongside the shorter days" in asked.doubt
    assert results["review_schedule"].certainty == "sure"  # only the part a passage reads like


def test_a_plan_without_the_date_it_was_agreed_is_asked_about_not_claimed_late() -> None:
    facts = CaseFacts(plan_document="plan.pdf")
    results = {r.id: r for r in evaluate(facts, [_message(TYPED)], load_guidance())}
    sent = results["plan_sent_within_2_days"]
    assert (sent.status, sent.certainty) == ("missing", "unsure")
    assert sent.doubt == "we could not find the date the plan was agreed"


@pytest.mark.parametrize(("agreed_day", "late"), [(3, False), (2, False), (25, True)])
def test_hours_sent_before_the_plan_are_late_only_once_the_two_days_have_passed(
    agreed_day: int, late: bool
) -> None:
    from datetime import date

    from parsers.facts import WeekHours

    message = ParsedMessage(
        message_id="<t@x>", from_=None, to=(), cc=(), reply_to=(), subject="Hours (plan to follow)",
        date=datetime(2026, 3, 4, 9, 0), headers=(), text_body="Hours below; the plan will follow.",
        html_body_text="",
    )
    agreed = date(2026, 3, agreed_day) if agreed_day < 10 else date(2026, 2, agreed_day)
    facts = CaseFacts(agreement_date=agreed, timetable=(WeekHours(1, 15.0),))
    sent = {r.id: r for r in evaluate(facts, [message], load_guidance())}["plan_sent_within_2_days"]
    assert (sent.status != "met") is late


def _long_plan() -> Document:
    return Document("plan.pdf", pages=(Page(1, "Our plan for the pupil. " * 80),))


def test_most_parts_not_found_in_a_long_plan_are_asked_about_not_claimed() -> None:
    facts = CaseFacts(topics={}, plan_document="plan.pdf")
    results = {r.id: r for r in evaluate(facts, [_message(_long_plan())], load_guidance())}
    for rid in ("new_skills", "hours_agreed", "parent_signature"):  # a misread plan proves nothing missing
        asked = results[rid]
        assert (asked.status, asked.certainty) == ("missing", "unsure")
        assert asked.doubt is not None and "few of the parts" in asked.doubt


def test_a_few_parts_missing_from_a_long_plan_are_still_claimed() -> None:
    found = Topic(True, Evidence("written", "plan.pdf"))
    parts = ("review_schedule", "supportive_interventions", "school_changes", "new_skills", "exit_strategy")
    topics = dict.fromkeys(parts, found)
    facts = CaseFacts(topics=topics, named_person="Mr Tom Reed", plan_document="plan.pdf")
    results = {r.id: r for r in evaluate(facts, [_message(_long_plan())], load_guidance())}
    missing = [r for r in results.values() if r.status == "missing" and r.id.endswith("_considered")]
    assert missing and all(r.certainty == "sure" for r in missing)


def test_most_parts_missing_from_a_short_note_are_still_claimed() -> None:
    facts = CaseFacts(topics={}, plan_document="plan.pdf")
    results = {r.id: r for r in evaluate(facts, [_message(TYPED)], load_guidance())}
    assert results["new_skills"].certainty == "sure"


def _answer_to_us(own_words: str, in_reply_to: str | None, documents: Sequence[Document] = ()) -> list[str]:
    body = (
        f"{own_words}\n\nOn Wed, 19 Jan 2028 at 15:12, County Attendance Team "
        "<attendance@oxfordshire.gov.uk> wrote:\n> We could not find the named person.\n"
    )
    answer = dataclasses.replace(
        message(body, "Re: Reduced timetable - Sam Green", documents=documents), in_reply_to=in_reply_to
    )
    messages = [answer]
    facts = extract_facts(messages)
    own = "attendance@oxfordshire.gov.uk"
    triage = judge(messages, facts, ("oxon.sch.uk",), own, load_guidance(), kind=Kind.RTT_NOTIFICATION)
    return [r.id for r in triage.requirements if r.is_claimed]


def test_a_school_answering_our_points_in_a_few_lines_is_asked_not_told_what_is_missing() -> None:
    words = "Answers to your points:\n- Lead member of staff: Ms Bethan Rowlands, DSL"
    assert _answer_to_us(words, "<rtt-1@oxfordshire.gov.uk>") == []
    assert _answer_to_us(words, None) == []  # it quotes us


def test_an_answer_with_a_signed_agreement_attached_again_is_asked_not_told() -> None:
    words = "The two things you asked for:\nEHA: the family already has one.\nSigned agreement attached."
    agreement = document(
        "Reduced timetable - parent/carer agreement\n"
        "I have read the plan and the hours and I agree to them.\nParent/carer Mr Rui Carvalho 23/02/2028\n",
        source="agreement.pdf",
    )
    assert _answer_to_us(words, None, [agreement]) == []
    weeks = document(
        "Week 1 (w/c 28/02/2028): Mon-Fri 9:00-12:00, 15 hours\nWeek 2 (w/c 06/03/2028): Mon-Fri 9:00-13:00, "
        "20 hours\n",
        source="plan.pdf",
    )
    assert _answer_to_us("The updated plan is attached.", None, [weeks])  # a plan with its weeks is judged


def test_a_plan_typed_out_again_in_an_answer_is_judged_as_a_plan() -> None:
    words = "Here is the whole plan again.\n" + "Start: Monday 24 January 2028. Mon-Fri 9:00-12:00.\n" * 40
    assert _answer_to_us(words, "<rtt-1@oxfordshire.gov.uk>")


PROFESSIONALS = ("meeting_professionals", "professional_agreement")


@pytest.mark.parametrize(
    ("document", "circumstances", "asked"),
    [
        (SCANNED, dict.fromkeys(CIRCUMSTANCES), True),  # nothing read: any of them may apply
        (SCANNED, {**dict.fromkeys(CIRCUMSTANCES, False), "ehcp": None}, True),
        (SCANNED, dict.fromkeys(CIRCUMSTANCES, False), False),  # all six read as not applying
        (TYPED, dict.fromkeys(CIRCUMSTANCES), False),  # a typed plan that names none: none applies
    ],
)
def test_a_scan_whose_circumstances_could_not_be_read_asks_about_the_professionals(
    document: Document, circumstances: dict[str, bool | None], asked: bool
) -> None:
    facts = CaseFacts(circumstances=circumstances, plan_document=document.source)
    results = {r.id: r for r in evaluate(facts, [_message(document)], load_guidance())}
    for rid in PROFESSIONALS:
        r = results[rid]
        if asked:
            assert (r.status, r.certainty) == ("missing", "unsure") and not r.is_claimed
        else:
            assert r.status == "not_applicable"


def test_the_reply_asks_which_circumstance_applies_on_such_a_scan() -> None:
    message_ = _message(SCANNED)
    facts = CaseFacts(circumstances=dict.fromkeys(CIRCUMSTANCES), plan_document=SCANNED.source)
    own = "attendance@oxfordshire.gov.uk"
    triage = judge([message_], facts, ("oxon.sch.uk",), own, load_guidance(), kind=Kind.RTT_NOTIFICATION)
    lines = {p.label: p.ask for p in problem_lines(triage.requirements, triage, load_guidance())}
    ask = lines["Required professional at the meeting"]
    assert ask.startswith("If the pupil is Looked After") and "which of these applies" in ask
    assert "Because" not in ask


def _full_time_judged(text: str, scanned: bool) -> RequirementResult:
    """The full-time requirement of a plan whose weeks start on 08/11/2027 and whose return to
    full time reads `text`, typed or read off a scan."""
    page = Page(
        1,
        "Reintegration timetable\nWeek w/c Times Hours\nWk 1 08/11/2027 9-12 Mon-Fri 15\n"
        f"Wk 2 15/11/2027 9-1 Mon-Fri 20\n{text}\n",
        ocr_confidence=88.0 if scanned else None,
    )
    msg = dataclasses.replace(_message(Document("plan.pdf", pages=(page,))), date=datetime(2027, 11, 4))
    facts = extract_facts([msg])
    results = evaluate(facts, [msg], load_guidance())
    return next(r for r in results if r.id == "full_time_within_6_weeks")


def test_a_yearless_full_time_date_off_a_scan_past_six_weeks_is_asked_about() -> None:
    """'29/1' read off a scan, the '1/2027' of '29/11/2027' lost: over six weeks, but asked."""
    result = _full_time_judged("Full timetable from 29/1", scanned=True)
    assert result.status == "not_met" and result.certainty == "unsure"
    assert result.doubt is not None and "no year" in result.doubt


@pytest.mark.parametrize(("text", "scanned"), [("Full timetable from 29/1", False),
                                               ("Full timetable from 29/01/2028", True)])
def test_a_typed_or_dated_return_past_six_weeks_is_claimed(text: str, scanned: bool) -> None:
    result = _full_time_judged(text, scanned)
    assert result.status == "not_met" and result.certainty == "sure"


_SIGNED_BY_THE_SOCIAL_WORKER = (
    "Reintegration plan for Mia Clarke\nChild protection plan: Yes - Ms Dee Okoro (Social Worker)\n"
    "Meeting held on 03/03/2026 at school.\n"
)
_SIGNATURES: tuple[tuple[str, ...], ...] = (
    ("Role", "Name", "Signature", "Date"),
    ("Parent", "Mrs Jo Clarke", "J Clarke", "03/03/2026"),
    ("Social Worker", "Ms Dee Okoro", "D Okoro", "03/03/2026"),
)


@pytest.mark.parametrize(
    ("said", "certainty"),
    [
        ("", "unsure"),  # nothing says who came: asked
        ("Ms Okoro could not attend the meeting but has signed the plan since.\n", "sure"),
        ("Present: Mrs Jo Clarke (mother), Mr Len Ward (Head of Year)\n", "sure"),
    ],
)
def test_a_professional_who_signed_but_is_not_found_at_the_meeting(said: str, certainty: str) -> None:
    """Claimed missing only where the plan says who came or that they did not; where it says
    neither, their attendance may be set out in a way we do not read: asked."""
    doc = document(_SIGNED_BY_THE_SOCIAL_WORKER + said, (_SIGNATURES,), "plan.docx")
    sent = [message("Plan attached.", documents=[doc])]
    facts = extract_facts(sent)
    assert facts.professionals_agreed == {"social_worker"}
    results = {r.id: r for r in evaluate(facts, sent, load_guidance())}
    assert results["meeting_professionals"].status == "missing"
    assert results["meeting_professionals"].certainty == certainty
