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
