"""Classes of wording from blind set 13's tuning part (issue 9): a named person labelled by what
they are accountable for ('Member of staff accountable for this agreement', 'RESPONSIBLE IN
SCHOOL'), and a plan in a reply's quoted mail under a bare Outlook header block ('> From: ...',
'> Sent: ...', '> To: ...', '> Subject: ...', no 'Original Message' line)."""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage

import pytest

from parsers.extract import extract_facts
from parsers.extract.circumstances import extract_circumstances
from parsers.extract.corpus import Table
from parsers.extract.meeting import professional_agreement
from parsers.extract.people import named_person, pupil_name
from parsers.extract.risk import extract_risk
from parsers.extract.topics import extract_topics, passages_like, unplaced_parts
from parsers.limits import Limits
from parsers.mail import parse_message
from tests.minimail import corpus_of, document, message


@pytest.mark.parametrize(
    "label",
    ["Member of staff accountable for this agreement", "RESPONSIBLE IN SCHOOL", "Person accountable"],
)
def test_a_named_person_labelled_by_what_they_answer_for(label: str) -> None:
    text = f"Review dates: 01/10/2027 and 08/10/2027\n{label}: Mrs Agnieszka Pawłowska (Head of Year 9)\n"
    name, _ = named_person(corpus_of("Plan attached.", documents=[document(text)]))
    assert name is not None and "Pawłowska" in name


def _reply_quoting(quoted: list[str]) -> bytes:
    mail = EmailMessage()
    mail["From"] = "Head of Year <hoy@school.oxon.sch.uk>"
    mail["To"] = "attendance@oxfordshire.gov.uk"
    mail["Subject"] = "RE: Aleksandra - plan we agreed today"
    mail["Date"] = "Thu, 11 Nov 2027 09:00:00 +0000"
    body = ["Sorry - below is the plan as I sent it to mum.", ""] + [f"> {line}" for line in quoted]
    mail.set_content("\n".join(body))
    return mail.as_bytes()


def test_a_quoted_outlook_header_block_starts_the_quoted_mail() -> None:
    quoted = [
        "From: Head of Year <hoy@school.oxon.sch.uk>",
        "Sent: 10 November 2027 15:05",
        "To: Joanna Michalska",
        "Subject: Aleksandra - plan we agreed today",
        "",
        "Review dates: Progress reviewed with home on 26/11/2027 and again on 10/12/2027.",
    ]
    message = parse_message(_reply_quoting(quoted), Limits(ocr_enabled=False))
    assert [f.subject for f in message.forwarded] == ["Aleksandra - plan we agreed today"]
    assert "Review dates" in message.forwarded[0].body


def test_quoted_lines_without_a_header_block_are_no_forward() -> None:
    quoted = ["From what we said on Tuesday, Sent home early twice.", "Subject: maths"]
    message = parse_message(_reply_quoting(quoted), Limits(ocr_enabled=False))
    assert message.forwarded == ()


def test_a_headings_rest_is_no_risk_assessment() -> None:
    """'6. Risk assessment - time at home' over the next section's heading: an empty section."""
    text = (
        "5. What school will put in place\nSupport: ELSA twice a week.\n"
        "6. Risk assessment - time at home\n7. Also considered\n"
    )
    assert extract_risk(corpus_of("Plan attached.", documents=[document(text)])) is None


def test_a_heading_with_its_date_is_still_read() -> None:
    text = "5. Support\nELSA twice a week.\n6. Risk assessment - completed 14/01/2026 by the DSL\n7. Next\n"
    found = extract_risk(corpus_of("Plan attached.", documents=[document(text)]))
    assert found is not None and found.present and found.date == date(2026, 1, 14)


@pytest.mark.parametrize("label", ["Other agencies' views", "External agencies’ comments"])
def test_what_other_agencies_think_is_no_external_support(label: str) -> None:
    text = f"Pupil's view\nMornings are OK.\n{label}\nNone present.\nTargets\n"
    topics = extract_topics(corpus_of("Plan attached.", documents=[document(text)]))
    found = topics.get("external_support_considered")
    assert found is None or not found.negative


def test_a_checklist_item_left_unticked_with_nothing_beside_it_is_not_there() -> None:
    text = (
        "D. Agreement checklist (tick each box that has been done and add the detail)\nItem Detail\n"
        "☒ Review dates We will meet again on 19/11/2027 and 03/12/2027.\n☐ Skills to be taught\n"
    )
    topics = extract_topics(corpus_of("Plan attached.", documents=[document(text)]))
    assert not topics["new_skills"].found


def test_a_ticked_checklist_item_with_its_detail_is_there() -> None:
    text = "Item Detail\n☒ Skills to be taught Spotting the early signs of frustration; a time-out card.\n"
    topics = extract_topics(corpus_of("Plan attached.", documents=[document(text)]))
    assert topics["new_skills"].found


def test_agreed_with_a_professional_at_the_meeting_is_no_written_agreement() -> None:
    body = "Chiamaka's PSP is attached - it was agreed with dad and her social worker at our meeting."
    roles, given, _ = professional_agreement(corpus_of(body), ())
    assert "social_worker" not in roles and given is None


def test_a_professionals_agreement_by_email_is_written() -> None:
    body = "Her social worker agreed to the plan by email on 02/03/2028; the email is attached."
    roles, _, _ = professional_agreement(corpus_of(body), ())
    assert "social_worker" in roles


@pytest.mark.parametrize("name", ["Henley Fair Mile Primary", "Bure Park Nursery", "Cherwell Vale Trust"])
def test_a_schools_or_trusts_name_is_no_unplaced_part(name: str) -> None:
    text = f"RETURN TO SCHOOL PLAN\n{name}\nPupil Zainab Farah-Hussein, Year 6, whose plan is below.\n"
    scan = document(text, headings=[name])
    assert name not in unplaced_parts(corpus_of("Plan attached.", documents=[scan]))


@pytest.mark.parametrize(
    "heading,passage",
    [
        ("Parent / carer's view", "Happy to try this if it gets back to full days quickly."),
        ("Signed", "Key adult Mrs Agnieszka Pawłowska Mrs Agnieszka Pawłowska 01/03/2028 review"),
    ],
)
def test_a_view_or_a_signature_row_is_no_passage_like_a_part(heading: str, passage: str) -> None:
    text = f"{heading}\n{passage}\n"
    corpus = corpus_of("Plan attached.", documents=[document(text, headings=[heading])])
    assert passages_like(corpus, extract_topics(corpus)) == {}


def test_learner_before_a_name_cues_the_pupil() -> None:
    text = "INDIVIDUAL LEARNING PLAN\nLearner Aisling D'Arcy-Mensah Year 8\nDate of birth 26/11/2014\n"
    name, _ = pupil_name(corpus_of("Photos attached.", subject="ILP (photos)", documents=[document(text)]))
    assert name == "Aisling D'Arcy-Mensah"


FORMS_PRINTOUT = (
    "Reduced Timetable Notification (Responses)\n9. First day of the reduced timetable\n27/09/2027\n"
    "10. Week 1 - hours and daily pattern\n15 hours (Mon-Fri 9:00-12:00)\n"
    "11. Week 2 - hours and daily pattern\n20 hours (Mon-Fri 9:00-13:00)\n"
    "24. Parent/carer - type your full name to confirm agreement\nMr Sorin Popa\n"
    "25. Parent/carer - date\n22/09/2027\n"
    "28. Social Worker - type your full name to confirm agreement\n29. Social Worker - date\n"
)
"""An online form's response printed to PDF: each question, its answer on the line below (blind
13's sealed n11, n12, after their scoring)."""


def test_an_online_forms_weeks_and_typed_name_signatures() -> None:
    facts = extract_facts([message("Response attached.", documents=[document(FORMS_PRINTOUT)])])
    assert [(w.week, w.hours) for w in facts.timetable] == [(1, 15.0), (2, 20.0)]
    signed = [(s.role, s.name, s.date) for s in facts.signatures]
    assert signed == [("parent", "Mr Sorin Popa", date(2027, 9, 22))]
    assert "social_worker" not in facts.professionals_agreed


@pytest.mark.parametrize(
    "line,applies",
    [
        ("Plans / orders\tChild Protection plan - YES; all others NO", "child_protection"),
        ("Plans\tTeam Around the Family / Early Help plan - YES; all others NO", "team_around_family"),
        ("Plans / orders\tEHC plan - YES; all others NO", "ehcp"),
    ],
)
def test_one_circumstance_yes_and_all_others_no(line: str, applies: str) -> None:
    """A plan typed into a mail's table ('Plans / orders | Child Protection plan - YES; all others
    NO'): its own answer comes first, and the five it does not name do not apply."""
    row = tuple(line.split("\t"))
    corpus = corpus_of(line.replace("\t", " ") + "\n")
    corpus.tables.append(Table((row,), "body", "", "body"))
    got, _ = extract_circumstances(corpus)
    assert got == {cid: cid == applies for cid in got}
