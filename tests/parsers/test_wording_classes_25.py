"""Classes of wording and layout from blind set 25's tuning part (issue 9): each test is one class
of wording, not one case's words."""

from __future__ import annotations

from parsers.extract import extract_facts
from parsers.extract.circumstances import extract_circumstances
from parsers.extract.hours import stated_hours
from parsers.facts import CaseFacts
from tests.minimail import corpus_of, document, message

_SERVICES = (
    "Step 5. Services and professionals\n"
    "Service Involved? Name\n"
    "Virtual School (I am in care) Not involved\n"
    "Youth Justice (court order) Not involved\n"
    "Social worker - child protection plan Not involved\n"
    "Social worker - child in need plan Not involved\n"
    "Early Help worker - Team Around the Family Involved\n"
    "Mrs Ann Reed, Early Help Worker\n"
    "SEN Team - my EHC plan Not involved\n"
)


def test_a_services_involved_column_answers_the_circumstances() -> None:
    """'Not involved' is no, 'Involved' yes; before, a service named was read as applying."""
    corpus = corpus_of("Plan attached.", documents=[document(_SERVICES, (), "plan.pdf")])
    values, _ = extract_circumstances(corpus)
    assert values == {
        "looked_after": False,
        "court_order": False,
        "child_protection": False,
        "child_in_need": False,
        "team_around_family": True,
        "ehcp": False,
    }


def test_hours_written_in_words() -> None:
    assert stated_hours("8.45 till 10.45 every day (ten hours that week)") == [10.0]
    assert stated_hours("twenty-five hours a week") == [25.0]
    assert stated_hours("twelve and a half hours") == [12.5]
    assert stated_hours("two hours a day") == []


def _facts_of(text: str) -> CaseFacts:
    return extract_facts([message("Plan attached.", documents=[document(text, (), "plan.pdf")])])


def test_dated_steps_in_one_paragraph_with_short_day_names() -> None:
    """'from Monday 6 March 2028: ... (ten hours that week), then from Mon 13 Mar: ...': a week
    each, the short day names too."""
    text = (
        "My return to full days\n"
        "My return, step by step: from Monday 6 March 2028: 8.45 till 10.45 every day (ten hours that week), "
        "then from Mon 13 Mar: 8.45 till 11.45 every day (fifteen hours that week), then from Mon 20 Mar: "
        "8.45 till 12.45 every day (twenty hours that week). Back to full days on Monday 27 March 2028.\n"
    )
    facts = _facts_of(text)
    assert [w.hours for w in facts.timetable] == [10.0, 15.0, 20.0]


def test_who_helped_make_this_plan_lists_the_meeting() -> None:
    text = (
        "My safety plan\nPlan made on 01/03/2028\n"
        "Who helped make this plan\n"
        "• Mrs Ann Green - Mother\n• Sam - Pupil, for part of the meeting\n"
        "• Ms Jo Hart - School Counsellor\n• Mrs Ann Reed - Early Help Worker\n"
    )
    facts = _facts_of(text)
    assert facts.topics["meeting_held"].found


def test_a_programme_lead_and_the_full_programme_from() -> None:
    """A learning plan's 'Programme lead (school)' is the named person; 'Full programme (full time)
    from' dates the return to full time."""
    text = (
        "Learner\tSam Green\tDate of birth\t21/09/2017\n"
        "Programme lead (school)\tMiss Eira Pritchard, Year 5 Teacher\n"
        "Planned start\tMonday 28 February 2028\n"
        "Full programme (full time) from\tMonday 27 March 2028\n"
    )
    facts = _facts_of(text)
    assert facts.named_person == "Miss Eira Pritchard"
    assert str(facts.full_time_date) == "2028-03-27"


def test_a_lead_professional_outside_the_school_is_no_named_person() -> None:
    """The guidance's named person is the one in school responsible for the plan: an Early Help
    worker who is the family's lead professional is not; a DSL is."""
    outside = _facts_of(
        "Circumstances: there is a Team Around the Family plan; Mrs Ann Reed (Early Help Worker, Locality "
        "and Community Support Service) is the lead professional.\n"
    )
    assert outside.named_person is None
    inside = _facts_of("Lead member of staff: Ms Gemma Okafor, DSL; the family have a family support worker.")
    assert inside.named_person == "Ms Gemma Okafor"


def test_a_weeks_hours_as_part_of_the_full_week() -> None:
    assert stated_hours("Week 1, from 13/03/2028: 8.45-11.45 daily - 15 of the full 32.5 hours") == [15.0]


def test_a_date_after_another_events_words_is_not_the_return_to_full_time() -> None:
    """A form's lines run together: '... the date of the return to full days' then 'Meeting held on
    Wednesday 1 December 2027'; the mail gives the return date."""
    text = (
        "✓ I agree to the hours for each week and the date of the return to full days "
        "Meeting held on Wednesday 1 December 2027.\n"
    )
    body = "He will be back on full days from Monday 10 January 2028."
    facts = extract_facts([message(body, documents=[document(text, (), "agreement.pdf")])])
    assert str(facts.full_time_date) == "2028-01-10"


def test_skills_after_a_colon() -> None:
    body = (
        "We met Mrs Ann Green on Wednesday 1 December 2027. Sam will attend 8.45 to 11.15 each day in "
        "the week starting Monday 6 December 2027 (12.5 hours that week). Lunch can be taken in the "
        "Learning Hub. In lessons we will work on this: practising how to rejoin a lesson after a break, "
        "with a script agreed with the key adult. Reviewed fortnightly."
    )
    facts = extract_facts([message(body)])
    assert facts.topics["new_skills"].found


def test_a_meeting_heading_over_those_involved() -> None:
    text = (
        "Care planning meeting 12/01/2028 - those involved\n"
        "• Mrs Elena Green, Mother (attended)\n"
        "• Mrs Ann Hart, Class Lead, Key Stage 3 (attended)\n"
        "• Ms Oona Reed, Social Worker (attended)\n"
    )
    facts = _facts_of(text)
    assert facts.topics["meeting_professionals"].found


def test_hours_and_minutes_written_12h30() -> None:
    """'12h30' is 12.5 hours; a day's '5 x 2h30' and a time of day ('from 9h30') are not a week's."""
    assert stated_hours("Mon-Fri 08:45-11°15 (5 x 2h30) 12h30") == [12.5]
    assert stated_hours("from 9h30 to 12h") == [12.0]
    assert stated_hours("9h30-12h30 daily") == []


def test_a_report_names_its_pupil_and_start_in_its_own_words() -> None:
    """'One of our under-15s, Mikołaj Wróbel, goes to Sor Brook Academy'; 'From 10 January the
    school changed his day to 10 until 12'."""
    body = (
        "I'm the welfare officer for a junior football club. One of our under-15s, Mikołaj Wróbel, goes to "
        "Sor Brook Academy. From 10 January the school changed his day to 10 until 12."
    )
    facts = extract_facts([message(body, "One of our players")])
    assert facts.pupil.name == "Mikołaj Wróbel"
    assert facts.start_date is not None and (facts.start_date.day, facts.start_date.month) == (10, 1)
