"""Breach reports in plain prose from any professional outside the school (issue 9, kind 7):
the kind, the reporter, each concern the guidance implies, and the priority."""

from __future__ import annotations

import pytest

from parsers.extract import extract_facts
from parsers.model import ParsedMessage
from tests.minimail import document, message
from triage.assessment import priority
from triage.breach import breach_concerns, build_breach, clauses, voice
from triage.classify import classify

COUNCIL = "worker@oxfordshire.gov.uk"
INTRO = "I am the {role} for Sam Green (Year 8, Witney Vale School).\n\n"
REPORT = "Dear Attendance Team,\n\n{intro}{body}\n\nKind regards\n\nAlex Jones\n{role}\n"


def report(body: str, role: str = "Health Visitor", sender: str = COUNCIL) -> ParsedMessage:
    text = REPORT.format(intro=INTRO.format(role=role), body=body, role=role)
    return message(text, "Sam Green", sender=sender)


def concerns_of(body: str, role: str = "Social Worker") -> set[str]:
    messages = [report(body, role)]
    return set(breach_concerns(messages, extract_facts(messages))[0])


@pytest.mark.parametrize(
    "role",
    [
        "Health Visitor",
        "School Nurse",
        "Youth Justice Officer",
        "Virtual School Caseworker",
        "Early Help Worker",
        "CAMHS Practitioner",
        "Educational Psychologist",
        "Child Exploitation Specialist Worker",
        "Family Support Worker",
        "Social Worker",
        "SEN Casework Officer",
        "Parent Advocate",
        "Education Welfare Officer",
    ],
)
def test_a_professional_outside_the_school_reports_a_breach(role: str) -> None:
    body = (
        "Sam has been going home at 12.30 every day since the start of term. There was never a meeting "
        "about it and his mum has not been asked to sign anything."
    )
    messages = [report(body, role)]
    facts = extract_facts(messages)
    assert classify(messages, facts) == "breach_report"
    assert voice(messages[0]).role == role


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the parent's written agreement: never asked, not signed, did not agree
        ("She has not been given anything to sign and has not signed anything.", {"parent_signature"}),
        ("Neither parent has been asked to sign anything.", {"parent_signature"}),
        ("His mum rang the school to say that they did not agree.", {"parent_signature"}),
        ("The plan was never signed by his father.", {"parent_signature"}),
        ("Mum refused to sign the agreement.", {"parent_signature"}),
        ("His mum did sign a form agreeing to the hours, so that part is fine.", set()),
        # no return date, past six weeks
        ("Nobody has said when he will go back to full days.", {"full_time_within_6_weeks"}),
        ("They said there is no end date yet - it depends how he gets on.", {"full_time_within_6_weeks"}),
        ("It has now been going on for about three months.", {"full_time_within_6_weeks"}),
        (
            "He is on mornings only until March, about nine school weeks, well over six.",
            {"full_time_within_6_weeks"},
        ),
        # a professional left out, said in the first person
        (
            "As his social worker I should have been invited to the meeting, but I was not.",
            {"meeting_professionals"},
        ),
        ("He has been on half days for more than eight weeks.", {"full_time_within_6_weeks"}),
        ("No-one has told us when he is expected back to a full day.", {"full_time_within_6_weeks"}),
        # no meeting
        ("There was never a meeting about it.", {"meeting_held"}),
        ("There has never been a meeting with the family.", {"meeting_held"}),
        ("The school told her at the classroom door that he would go home at lunch.", {"meeting_held"}),
        ("They simply received a letter saying his hours would be cut.", {"meeting_held"}),
        ("His parents were informed by text message the evening before.", {"meeting_held"}),
        # the professional the circumstance requires: not invited, not agreeing
        ("I was not invited to that meeting or told about it.", {"meeting_professionals"}),
        ("Nobody from Children's Social Care has been asked to agree.", {"professional_agreement"}),
        ("The Youth Justice Service has not agreed to the arrangement.", {"professional_agreement"}),
        ("The plan has not been signed by his social worker.", {"professional_agreement"}),
        # no plan
        ("I was told there isn't a written plan - it is an informal arrangement.", {"plan_attached"}),
        ("There does not appear to be any written plan.", {"plan_attached"}),
        ("Apart from that form nothing has been written down.", {"plan_attached"}),
        ("I have never been given any plan to increase his hours.", {"full_time_within_6_weeks"}),
        # no review
        ("No one has reviewed the arrangement since it started.", {"review_schedule"}),
        ("There is no date for a review either.", {"review_schedule"}),
        ("The timetable has never been reviewed.", {"review_schedule"}),
        ("I have asked the school twice for a review meeting.", set()),
        # no risk assessment; exploitation not weighed
        ("No risk assessment was done before this started.", {"risk_assessment"}),
        (
            "The risk assessment says nothing at all about child criminal or sexual exploitation.",
            {"risk_assessment_cse_cde"},
        ),
        (
            "It covers his journey home, but it does not mention criminal or sexual exploitation anywhere.",
            {"risk_assessment_cse_cde"},
        ),
        ("No one has considered the risk of sexual exploitation.", {"risk_assessment_cse_cde"}),
        (
            "No risk assessment has been completed, and he is seen with older males linked to county lines.",
            {"risk_assessment", "risk_assessment_cse_cde"},
        ),
        ("The risk assessment found no concerns about exploitation.", set()),
        # 'no' denies its own noun phrase only
        ("There is no written agreement from mum.", {"parent_signature"}),
        ("No consent was given by the parents.", {"parent_signature"}),
        ("Mum has no concerns and has signed the plan.", set()),
        ("Mum has no concerns about the risk assessment.", set()),
        ("There is no mention of exploitation in the risk assessment.", {"risk_assessment_cse_cde"}),
        # hedges and offers are not concerns
        ("I'm not against a short reduction if the family agree to it.", set()),
        ("I am happy to attend a meeting.", set()),
    ],
)
def test_each_concern_is_read_from_ordinary_wording(sentence: str, expected: set[str]) -> None:
    assert concerns_of(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the council not told, or told late (the report is written to the council: 'you')
        ("The school has not let the county attendance team know about it.", {"plan_sent_within_2_days"}),
        ("As far as I can tell nobody has notified you.", {"plan_sent_within_2_days"}),
        ("I rang the attendance team and they had nothing on file for him.", {"plan_sent_within_2_days"}),
        (
            "The hours only went to the local authority three weeks after they were agreed.",
            {"plan_sent_within_2_days"},
        ),
        ("The school sent the plan to the council the same day.", set()),
        # the meeting with the family
        ("At no stage was his father asked in to talk it through.", {"meeting_held"}),
        ("Mrs Kowalczyk was never invited to any discussion about the hours.", {"meeting_held"}),
        ("The family learnt about the new hours from a text message.", {"meeting_held"}),
        ("A meeting was booked, but school called it off and it was never rearranged.", {"meeting_held"}),
        # the professional the circumstance requires
        ("The meeting went ahead without her social worker.", {"meeting_professionals"}),
        ("There was no one from the SEN team at the meeting.", {"meeting_professionals"}),
        ("Nobody thought to invite us.", {"meeting_professionals"}),
        ("Mum was not invited to the meeting and neither was I.", {"meeting_held", "meeting_professionals"}),
        ("I made clear that I could not support the reduction.", {"professional_agreement"}),
        # the written plan, the reviews, the risk assessment
        ("No written reintegration plan has been shared with anyone.", {"plan_attached"}),
        ("I asked for the plan and was told there isn't one.", {"plan_attached"}),
        ("There is no child protection plan at present.", set()),
        ("The reviews section on the form has been left blank.", {"review_schedule"}),
        ("The first review was cancelled and has not been rebooked.", {"review_schedule"}),
        ("The risk assessment was only done a fortnight after the hours were reduced.", {"risk_assessment"}),
        ("I asked whether anyone had assessed the risks and was told they had not.", {"risk_assessment"}),
        (
            "The risk assessment looks at his behaviour but not at criminal exploitation.",
            {"risk_assessment_cse_cde"},
        ),
        ("The assessment leaves out county lines altogether.", {"risk_assessment_cse_cde"}),
        # no return, or long since
        ("The letter does not give a date for him to return to full days.", {"full_time_within_6_weeks"}),
        ("He has been on half days for the foreseeable future.", {"full_time_within_6_weeks"}),
        (
            "His reduced timetable started in September and he is still only in mornings.",
            {"full_time_within_6_weeks"},
        ),
        ("He has been on a child in need plan since July and was reduced to mornings last week.", set()),
        # doubts, questions and double negatives claim nothing
        ("I am not sure whether mum has signed anything.", set()),
        ("Could you check whether a risk assessment was done?", set()),
        ("It is not the case that there was no meeting; there was one.", set()),
        ("Mum was not only at the meeting, she chaired it.", set()),
    ],
)
def test_each_concern_is_read_from_wording_of_its_class(sentence: str, expected: set[str]) -> None:
    """One row per class of wording the blind phrase bank showed missing (issue 9); the bank
    itself stays the measure (scripts/score_phrases.py)."""
    assert concerns_of(sentence) == expected


def test_the_professional_concerns_need_a_circumstance_or_its_professional() -> None:
    body = "I was not invited to the meeting and I have not agreed to it."
    assert concerns_of(body, "School Nurse") == set()
    assert concerns_of(body, "Youth Justice Officer") == {"meeting_professionals", "professional_agreement"}


@pytest.mark.parametrize(
    ("body", "subjects"),
    [
        ("Mum has not signed, and I was not invited.", ["parent", "professional"]),
        ("I was not invited, and have not agreed.", ["professional", "professional"]),
    ],
)
def test_a_clause_without_a_subject_keeps_the_one_before(body: str, subjects: list[str]) -> None:
    assert [c.subject for c in clauses(body)] == subjects


SCHOOL_NOTIFICATION = (
    "Dear Attendance Team,\n\nWe have agreed a reduced timetable for Sam Green (Year 9) from "
    "Monday 2 November "
    "2026. We are concerned about his behaviour in the afternoons and he has not coped with full "
    "days. Mum has "
    "not signed yet; there is no review date yet.\n\nKind regards\nMrs Jane Hill\nDesignated "
    "Safeguarding Lead\n"
)


@pytest.mark.parametrize(
    ("body", "sender", "kind"),
    [
        (SCHOOL_NOTIFICATION, "dsl@witneyvale.oxon.sch.uk", "rtt_notification"),
        (SCHOOL_NOTIFICATION, "jane.hill@witneyvaletrust.org.uk", "rtt_notification"),
        (
            "Hello,\n\nI am a health visitor. Could you tell me whether a part-time timetable needs the "
            "parents' written consent? Is there a limit on how long it can last?\n\nThanks\nBea "
            "Hall\nHealth Visitor\n",
            COUNCIL,
            "other",
        ),
        (
            "Hi,\n\nI confirm that as Sam Green's social worker I agree to the reduced timetable "
            "discussed at the "
            "meeting on 3 November. I attended the meeting.\n\nThanks\nLucy White\nSocial Worker\n",
            COUNCIL,
            "other",
        ),
    ],
)
def test_a_school_mail_or_a_question_is_not_a_report(body: str, sender: str, kind: str) -> None:
    messages = [message(body, "Sam Green", sender=sender)]
    assert classify(messages, extract_facts(messages)) == kind


@pytest.mark.parametrize(
    ("body", "role", "level"),
    [
        (
            "Sam has been going home at 12.30 since Monday. The plan was never reviewed.",
            "School Nurse",
            "high",
        ),
        (
            "Sam has been going home at 12.30 since Monday. Mum has not been asked to sign anything.",
            "School Nurse",
            "urgent",
        ),
        (
            "Sam is out every afternoon. The risk assessment does not mention criminal exploitation.",
            "School Nurse",
            "urgent",
        ),
        (
            "Sam, who is on a Child Protection plan, has been going home at 12.30. The plan was "
            "never reviewed.",
            "School Nurse",
            "urgent",
        ),
    ],
)
def test_a_vulnerable_child_makes_a_report_urgent(body: str, role: str, level: str) -> None:
    messages = [report(body, role)]
    facts = extract_facts(messages)
    assert classify(messages, facts) == "breach_report"
    assert priority("breach_report", facts, (), build_breach(messages, facts)) == level


@pytest.mark.parametrize(
    ("sentence", "concern"),
    [
        ("There was meant to be a check-in every fortnight but not one has taken place.", "review_schedule"),
        ("Nothing is different; she isn't seeing anyone in school about it.", "supportive_interventions"),
        ("I'd have expected some support to be wrapped around a reduction.", "supportive_interventions"),
        ("There is nothing about what the school will do differently.", "school_changes"),
        ('Nobody could tell me what "success" would look like or when the plan would end.', "exit_strategy"),
        ("The alternative placement was never looked at.", "alternative_provision_considered"),
    ],
)
def test_concerns_about_the_parts_of_the_plan_in_plain_words(sentence: str, concern: str) -> None:
    assert concern in concerns_of(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "There's no pastoral support plan, no updated PEP, nothing.",
        "I have no clinical reason to support reduced hours for him.",
    ],
)
def test_a_support_plan_or_the_las_support_is_no_concern_about_interventions(sentence: str) -> None:
    assert "supportive_interventions" not in concerns_of(sentence)


def test_no_risk_assessment_for_a_child_who_goes_missing_leaves_exploitation_unweighed() -> None:
    found = concerns_of("No risk assessment was done before it started. He has been going missing at night.")
    assert {"risk_assessment", "risk_assessment_cse_cde"} <= found


# Classes found in blind set 7's tuning part.


@pytest.mark.parametrize(
    ("body", "concern"),
    [
        ("There is a risk assessment, but it says nothing at all about the older lads he has been seen with "
         "near the station, or about anyone grooming him.", "risk_assessment_cse_cde"),
        ("I wasn't told about any meeting and nobody has asked whether the Youth Justice Service agrees.",
         "professional_agreement"),
        ("School itself is exactly as it was: the same corridors, the same lessons in the same rooms.",
         "school_changes"),
        ("The carer also says that no date has been set to look at how it is going.", "review_schedule"),
        ("It was clear no one had thought about getting the behaviour outreach team in.",
         "external_support_considered"),
        ("I asked whether an Early Help Assessment had been thought about. It had not.",
         "early_help_assessment_considered"),
        ("They have never been given a written plan.", "plan_attached"),
    ],
)
def test_concerns_in_blind_seven_wording(body: str, concern: str) -> None:
    assert concern in concerns_of(body)


def test_a_date_to_look_at_how_it_goes_is_not_the_return_date() -> None:
    assert "full_time_within_6_weeks" not in concerns_of("No date has been set to look at how it is going.")


def test_an_early_help_worker_left_out_is_not_an_early_help_assessment() -> None:
    body = "I am the Early Help Worker and I was not invited to the meeting about the early help worker role."
    assert "early_help_assessment_considered" not in concerns_of(body, "Early Help Worker")


def test_concerns_are_read_once_for_the_same_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    from triage import breach

    messages = [report("The school has not held a meeting and nobody has signed anything.")]
    facts = extract_facts(messages)
    reads: list[int] = []
    real = breach._breach_concerns
    monkeypatch.setattr(breach, "_breach_concerns", lambda m, f: reads.append(1) or real(m, f))
    first = breach_concerns(messages, facts)
    first[1].clear()  # the caller's copy: the next caller's is whole
    second = breach_concerns(messages, facts)
    assert len(reads) == 1 and second[0] and set(second[1]) == set(second[0])
    breach_concerns(list(messages), facts)  # other objects (a new message): read again
    assert len(reads) == 2


# Classes found in blind set 8's tuning part.

_NOBODY_CAN_SAY = "No one can say what would need to happen for her to return to full days, or when."


@pytest.mark.parametrize(
    ("body", "concern"),
    [
        ("She has been on one hour a day since October 'until she is better'.", "full_time_within_6_weeks"),
        (_NOBODY_CAN_SAY, "exit_strategy"),
        (_NOBODY_CAN_SAY, "full_time_within_6_weeks"),
        ("She still sits in the same places in class; nothing about the school day has been adapted.",
         "school_changes"),
        ("I wasn't told before it started, let alone invited to a meeting.", "meeting_professionals"),
        ("Neither I nor anyone at the Virtual School was invited to a meeting about it or asked to agree to "
         "it.", "professional_agreement"),
    ],
)
def test_concerns_in_blind_eight_wording(body: str, concern: str) -> None:
    assert concern in concerns_of(body, "Virtual School Adviser")


@pytest.mark.parametrize(
    "sign",
    [
        "She hangs around the station with older lads who give her vapes and lifts in their cars.",
        "One of the concerns is online contact from adults asking him for pictures.",
    ],
)
def test_signs_of_exploitation_with_no_risk_assessment(sign: str) -> None:
    found = concerns_of(f"The school told me there is no risk assessment. {sign}")
    assert {"risk_assessment", "risk_assessment_cse_cde"} <= found


# Classes found in blind set 8's sealed part, consumed after it was scored.


@pytest.mark.parametrize(
    ("body", "concern"),
    [
        ("His dad told me he has no idea when Kacper will be back on full days.", "full_time_within_6_weeks"),
        ("Mum does not know when she will return to full time.", "full_time_within_6_weeks"),
        ("When I asked for the plan I was told there isn't anything written down.", "plan_attached"),
        ("The teacher said there is not anything in writing yet.", "plan_attached"),
        ("Nobody has thought about what Amira needs to learn to cope with longer days.", "new_skills"),
        ("The plan says nothing about what he will need to practise before his hours go up.", "new_skills"),
        ("There are no new skills in the plan at all.", "new_skills"),
    ],
)
def test_concerns_in_blind_eight_sealed_wording(body: str, concern: str) -> None:
    assert concern in concerns_of(body, "Educational Psychologist")


@pytest.mark.parametrize(
    "body",
    [
        "I went to the meeting on 2 February; nobody at the meeting suggested any outreach for mum.",
        "No one at the meeting asked what support the family needed.",
    ],
)
def test_nobody_at_the_meeting_is_no_missing_meeting(body: str) -> None:
    assert "meeting_held" not in concerns_of(body, "Early Help Practitioner")


# Classes found in blind set 9's tuning part (each in other words than the case's).


@pytest.mark.parametrize(
    ("body", "concern"),
    [
        ("Nobody has asked me whether I think this is a good idea.", "professional_agreement"),
        ("Nothing says what Zofia is supposed to be practising to manage whole days.", "new_skills"),
        ("There is no mention of anything being taught to help her cope with the noise.", "new_skills"),
        ("Nothing changes for her when she is in school: same corridors, same lunch hall.", "school_changes"),
        ("No alternative such as a smaller setting has been looked at.", "alternative_provision_considered"),
        ("The school told dad they would see how the term goes.", "full_time_within_6_weeks"),
        ("Nobody has mentioned any mentoring or support in school.", "supportive_interventions"),
        ("The school hasn't put anything extra in for him on the days he is in.", "supportive_interventions"),
        ("The outreach we agreed at the meeting (a referral to the behaviour team) has not been followed up.",
         "external_support_considered"),
        ("Dad doesn't remember any meeting; he got a text with the times.", "meeting_held"),
        ("The office said they would have to check who is in charge of the plan.", "named_person"),
        ("Nobody has told mum what help he gets, or who at school is responsible.", "named_person"),
        ("I asked whether anyone had weighed up the risk of him being exploited, the answer was no.",
         "risk_assessment_cse_cde"),
        ("I would expect a risk assessment for the afternoons. The school has confirmed there isn't one.",
         "risk_assessment"),
    ],
)
def test_concerns_in_blind_nine_wording(body: str, concern: str) -> None:
    assert concern in concerns_of(body, "Social Worker")


def test_a_meeting_we_were_not_invited_to_is_no_missing_meeting() -> None:
    found = concerns_of("There was no meeting to which we were invited and we have not agreed to it.")
    assert "meeting_professionals" in found and "meeting_held" not in found


def test_not_knowing_whom_to_tell_is_no_late_notification() -> None:
    found = concerns_of("I wasn't sure who to tell, so I am letting you know.")
    assert "plan_sent_within_2_days" not in found


# Classes found in blind set 10's tuning part (each in other words than the case's).


@pytest.mark.parametrize(
    ("body", "concern"),
    [
        ("His mum does not know how long it will go on.", "full_time_within_6_weeks"),
        ("She is to be collected at lunchtime until she settles.", "full_time_within_6_weeks"),
        ("I was not told about it before it started.", "meeting_professionals"),
        ("I asked for the plan and was told there isn't a written one.", "plan_attached"),
        ("There is nothing set up beyond the shorter days: no mentoring or counselling.",
         "supportive_interventions"),
        ("There was no thought given to what would need to change in school.", "school_changes"),
        ("He told me the plan doesn't say what success looks like.", "exit_strategy"),
        ("The school said the risk assessment \"is still to be done\".", "risk_assessment"),
        ("The plan has no review dates and no named lead.", "named_person"),
        ("Nobody had asked whether dad needed any support at home.", "external_support_considered"),
        ("Nobody at school has offered any help for the family or suggested an Early Help Assessment.",
         "early_help_assessment_considered"),
    ],
)
def test_concerns_in_blind_ten_wording(body: str, concern: str) -> None:
    assert concern in concerns_of(body, "Social Worker")


@pytest.mark.parametrize(
    ("body", "concern"),
    [
        ("She doesn't know when he is meant to go back full time.", "full_time_within_6_weeks"),
        ("No one from the school discussed safety with her or asked who would be with him after lunch.",
         "risk_assessment"),
        ("She was told by the Head of Year in the car park that it would help him settle.", "meeting_held"),
        ("Nobody even knows who's in charge of it at school.", "named_person"),
        ("There's nothing about what support she gets in school.", "supportive_interventions"),
        ("There is nothing about what would change for her in school.", "school_changes"),
        ("There is nothing about what success looks like.", "exit_strategy"),
        ("As far as she knows nobody from the SEN Team has been told.", "meeting_professionals"),
        ("As far as she knows nobody from the SEN Team has been told.", "professional_agreement"),
        ("I had no invitation to a meeting.", "meeting_professionals"),
        ("He is at home on his own most afternoons; nobody from school has asked about any of this.",
         "risk_assessment"),
    ],
)
def test_concerns_in_blind_eleven_wording(body: str, concern: str) -> None:
    assert concern in concerns_of(body, "Social Worker")


@pytest.mark.parametrize(
    ("body", "concern"),
    [
        ("Mum says nobody has talked to her about whether another setting might suit her better.",
         "alternative_provision_considered"),
        ("Nobody from the school has asked me whether Children's Social Care agrees to it.",
         "professional_agreement"),
        ("Nobody in school seems to have looked at what he might be exposed to while he is out of school.",
         "risk_assessment"),
        ("Mum isn't sure what the arrangement is - she says she hasn't signed anything.", "parent_signature"),
        ("Her mum said she is not sure when it is meant to end.", "full_time_within_6_weeks"),
        ("Mum said she has never been to a meeting about it.", "meeting_held"),
        ("Mum said it was sorted out over the phone.", "meeting_held"),
    ],
)
def test_concerns_in_earlier_sets_consumed_wording(body: str, concern: str) -> None:
    assert concern in concerns_of(body, "Social Worker")


@pytest.mark.parametrize(
    "body",
    ["I am not sure whether mum has signed anything.", "The social worker agreed it over the phone with me."],
)
def test_a_doubt_or_a_professionals_phone_call_claims_nothing(body: str) -> None:
    assert not concerns_of(body, "Health Visitor") & {"parent_signature", "meeting_held"}


def test_a_child_alone_with_older_boys_nobody_asked_about_is_an_unassessed_exploitation_risk() -> None:
    body = (
        "He is at home on his own most afternoons and has started hanging around with older boys at the "
        "park; nobody from school has asked about any of this."
    )
    assert {"risk_assessment", "risk_assessment_cse_cde"} <= concerns_of(body, "Family Support Worker")


def test_help_for_the_family_is_outside_help_not_the_schools_support() -> None:
    found = concerns_of("Nobody at school has offered any help for the family.", "Health Visitor")
    assert "external_support_considered" in found and "supportive_interventions" not in found


def test_a_report_in_a_letter_attached_to_a_cover_note_is_read_from_the_letter() -> None:
    letter = (
        "Dear Attendance Team,\nI saw Mia Hart, aged 12, at the surgery. Mia has been attending school only "
        "until lunchtime since October. Her dad tells me he was not invited to a meeting and has never been "
        "asked to sign anything, and no end date has been given.\nYours faithfully,\nDr Ann Lee, GP Partner\n"
    )
    cover = "Dear Sir/Madam,\n\nPlease see attached.\n\nReception team"
    attached = [document(letter, source="letter.pdf")]
    messages = [message(cover, "Letter about Mia Hart", attached, sender="reception@nhs.net")]
    facts = extract_facts(messages)
    assert classify(messages, facts) == "breach_report"
    concerns = set(breach_concerns(messages, facts)[0])
    assert {"meeting_held", "parent_signature", "full_time_within_6_weeks"} <= concerns


@pytest.mark.parametrize(
    ("sentence", "concern"),
    [
        ("Her son's social worker didn't know anything about it.", "meeting_professionals"),
        ("The SEN caseworker I spoke to last week had not heard about it.", "meeting_professionals"),
        ("His mum says their early help worker wasn't at the school meeting.", "meeting_professionals"),
        ("There doesn't appear to have been any meeting - she was told at pick-up.", "meeting_held"),
        ("There also seems to be no end point.", "full_time_within_6_weeks"),
        ("I'm not aware of school having thought about who she is with when not there.", "risk_assessment"),
        ("I'm also not aware of anyone having looked at the risks of him being out.", "risk_assessment"),
    ],
)
def test_blind_12_wordings_of_a_concern(sentence: str, concern: str) -> None:
    body = f"Sam has a Child in Need plan and goes home at lunchtime every day since September. {sentence}"
    assert concern in concerns_of(body, "School Nurse")
