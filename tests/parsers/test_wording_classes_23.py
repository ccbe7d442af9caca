"""Classes of wording from blind set 23's tuning part (issue 9): a circumstance that 'does not apply'
(and one that 'applies'); a council's question ('whether she is looked after, ...') is no statement;
a meeting's entry with who was present; 'Who was at the meeting:'; a task list's '<name>: lead the
plan'; a school's 'Ans:' under the council's quoted question; agreement in writing by email pasted
under its 'From:' line, and 'For the school: agreed by ...'; 'Passport holder (me)', 'Me (Fionn)';
support named by its provisions;
accommodations in school (a timetable card, a fixed seat, detentions replaced, staff briefed)."""

from __future__ import annotations

import pytest

from parsers.extract import extract_facts
from parsers.extract.corpus import build_corpus
from parsers.extract.people import role_of
from parsers.extract.topics import extract_topics
from tests.minimail import document, message

_ROWS = (
    ("I am looked after (in care)", "does not apply"),
    ("I have a court order", "does not apply"),
    ("Child protection plan", "does not apply"),
    ("Child in need plan", "does not apply"),
    ("Team Around the Family plan", "does not apply"),
    ("Education, Health and Care plan", "applies"),
)


def test_a_circumstance_that_does_not_apply_is_no() -> None:
    text = "Plans that apply to me\n" + "\n".join(" ".join(r) for r in _ROWS)
    facts = extract_facts([message("Plan attached.", documents=[document(text, [_ROWS])])])
    assert facts.circumstances == {
        "looked_after": False, "court_order": False, "child_protection": False,
        "child_in_need": False, "team_around_family": False, "ehcp": True,
    }


def test_the_councils_question_is_no_statement_the_answer_under_it_is() -> None:
    body = (
        "10. whether she is looked after, on a court order, on a CP, CIN or TAF plan, or has an EHC plan\n"
        "Ans: She has an EHC plan. She is not looked after, has no court order and there is no CP, CIN or "
        "TAF plan.\n"
    )
    facts = extract_facts([message(body)])
    assert facts.circumstances["ehcp"] is True
    assert facts.circumstances["looked_after"] is False
    assert facts.circumstances["child_protection"] is False


@pytest.mark.parametrize("present", ["Present", "Attendees", "Those present"])
def test_a_record_entry_of_a_meeting_and_who_was_present_is_the_meeting(present: str) -> None:
    row = (
        "05/01/2028",
        f"Planning meeting for a reintegration timetable. {present}: Mrs Rasa Jankauskienė (Mother); "
        "Mr Jonah Abramowicz (Head of Year 8).",
        "Meeting",
    )
    text = "Chronology\n" + " ".join(row)
    plan = document(text, [(("Date", "Event", "Source"), row)])
    facts = extract_facts([message("Record attached.", documents=[plan])])
    assert facts.topics["meeting_held"].found and not facts.topics["meeting_held"].negative


def test_who_was_at_the_meeting_lists_who_came() -> None:
    body = (
        "Who was at the meeting: Mrs Eleni Papadopoulou (mum), Niko, Ms Gráinne Ní Fhaoláin (Social Worker) "
        "and me.\n"
    )
    facts = extract_facts([message(body)])
    assert "social_worker" in facts.professionals_present


def test_a_task_lists_lead_of_the_plan_is_the_named_person() -> None:
    body = "Follow-up tasks\n• Mr Kwesi Danquah-Lowe: lead the plan in school and be the first contact"
    facts = extract_facts([message(body)])
    assert facts.named_person == "Mr Kwesi Danquah-Lowe"


def test_an_answer_under_the_councils_quoted_question_is_labelled_by_it() -> None:
    body = "7. who in school is responsible for the plan;\nAns: Me - Mrs Halina Wróblewska, SENCo.\n"
    corpus = build_corpus([message(body)])
    assert any(f.label.startswith("who in school is responsible") for f in corpus.fields)
    assert extract_facts([message(body)]).named_person is not None


_SIGN_OFF = (
    "Who was at the meeting: Mrs Eleni Papadopoulou (mum), Ms Gráinne Ní Fhaoláin (Social Worker) and me.\n\n"
    "Sign-off (replies to my email of the plan, pasted below)\n\n"
    "From: Ελένη Παπαδοπούλου <eleni.papadopoulou@outlook.com>\n"
    "Sent: Wednesday 7 June 2028 19:42\n"
    "Subject: RE: Niko's plan\n"
    "I have read the plan and the hours and I agree to them. - Mrs Eleni Papadopoulou\n\n"
    "From: Gráinne Ní Fhaoláin <g.nifhaolain@oxfordshire.gov.uk>\n"
    "Sent: Wednesday 7 June 2028 20:15\n"
    "Subject: RE: Niko's plan\n"
    "I was at the meeting and I agree to the plan and the reduced hours. "
    "- Ms Gráinne Ní Fhaoláin, Social Worker\n\n"
    "For the school: agreed by Mrs Agnieszka Pawłowska, Head of Year 7, 07/06/2028.\n"
)


def test_agreement_by_email_pasted_under_its_from_line_is_a_signature() -> None:
    facts = extract_facts([message(_SIGN_OFF)])
    assert sorted(s.role for s in facts.signatures) == ["parent", "school", "social_worker"]


def test_an_email_that_does_not_agree_is_no_signature() -> None:
    agreed = "I have read the plan and the hours and I agree to them."
    body = _SIGN_OFF.replace(agreed, "I do not agree to this plan.")
    facts = extract_facts([message(body)])
    assert "parent" not in {s.role for s in facts.signatures}


@pytest.mark.parametrize("label", ["Passport holder (me)", "Me (Fionn)", "Me"])
def test_the_pupils_own_row_in_a_passport_is_the_pupil(label: str) -> None:
    assert role_of(label) == "pupil"


def test_support_named_by_its_provisions_is_the_interventions() -> None:
    text = "We agree that\nArt therapy once a week, a soft-start breakfast with the attendance mentor."
    topics = extract_topics(build_corpus([message("x", documents=[document(text)])]))
    assert topics["supportive_interventions"].found


@pytest.mark.parametrize(
    "sentence",
    [
        "A timetable card that lets Sam leave lessons two minutes early and a fixed seat by the window.",
        "Cover teachers will be briefed about Sam, and detentions are replaced by a catch-up chat.",
    ],
)
def test_accommodations_in_school_are_the_changes(sentence: str) -> None:
    topics = extract_topics(build_corpus([message("x", documents=[document("We agree that\n" + sentence)])]))
    assert topics["school_changes"].found


@pytest.mark.parametrize(
    "sentence",
    [
        "We will close the plan when Luka, the family and the key adult agree that full days are settled.",
        "The plan ends once Niko has managed three full weeks in a row.",
    ],
)
def test_when_the_plan_closes_is_its_exit(sentence: str) -> None:
    topics = extract_topics(build_corpus([message("x", documents=[document("Moving on\n" + sentence)])]))
    assert topics["exit_strategy"].found


def test_the_same_bare_cross_against_every_circumstance_is_unread() -> None:
    """A form ticked for yes and crossed for no, OCR reading each cross as 'x': not six yeses."""
    rows = (
        ("Is there a Child Protection plan?", "x"),
        ("Is there a Child in Need plan?", "x"),
        ("Is there a Team Around the Family (early help) plan?", "x"),
        ("Does Sam have an Education, Health and Care plan?", "x"),
        ("Is Sam subject to a court order?", "x"),
    )
    text = "\n".join(" ".join(r) for r in rows)
    facts = extract_facts([message("Plan attached.", documents=[document(text, [rows])])])
    assert not any(facts.circumstances.values())


def test_one_cross_beside_what_applies_is_still_read() -> None:
    rows = (("Child Protection plan", "x"), ("Child in Need plan", ""), ("EHC plan", ""))
    facts = extract_facts([message("Plan attached.", documents=[document("Status\n", [rows])])])
    assert facts.circumstances["child_protection"] is True


@pytest.mark.parametrize(
    "text",
    [
        "Reviews\nWe will formally review the plan on 24/09/2027 and 05/11/2027.",
        "7. Follow-up meetings\nOn 24/09/2027 and 05/11/2027, with the family.",
    ],
)
def test_reviews_with_an_adverb_or_under_follow_up_meetings(text: str) -> None:
    prose_only = text.replace("Reviews\n", "Next steps\n")
    topics = extract_topics(build_corpus([message("x", documents=[document(prose_only)])]))
    assert topics["review_schedule"].found


def test_her_daughter_before_the_childs_year_is_no_name() -> None:
    """'Her daughter Amira (Year 4, ...)': a heading line's name is capitalised words, not 'Her daughter'."""
    facts = extract_facts([message("Her daughter Amira (Year 4, Cumnor Hill Primary) has a CP plan.")])
    assert facts.pupil.name is None or "daughter" not in facts.pupil.name
