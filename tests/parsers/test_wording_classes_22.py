"""Classes of wording from blind set 22's tuning part (issue 9): 'CSE - none identified' is an assessment
that covered it; 'exploitation (sexual and criminal)'; a ladder written from its top step down is read
from its first week; 'My main helper at school'; 'Planned together on <date> by ...' lists who came;
'The route back to full days (from <date>)' names the plan, not the return; a week's time in school
given in minutes ('675 mins'); 'Practising how to ...' as a plan's sentence is the new skills; a signer
named with and without accents is one signer."""

from __future__ import annotations

from datetime import date

import pytest

from parsers.extract import extract_facts
from parsers.extract.risk import CDE, CSE
from parsers.extract.weektables import read_week_table
from parsers.model import Document, Page
from tests.minimail import message


def _plan(text: str, rows: tuple[tuple[str, ...], ...] = ()) -> Document:
    return Document("plan.pdf", (Page(1, text, tables=(rows,) if rows else ()),))


def _table_text(rows: tuple[tuple[str, ...], ...]) -> str:
    return "\n".join(" ".join(r) for r in rows)


@pytest.mark.parametrize("finding", ["none identified", "not identified", "nothing found"])
def test_a_risk_screened_with_nothing_found_was_covered(finding: str) -> None:
    text = (
        "Safeguarding\nRisk assessed on 05/02/2026 by Ms Yordanos Haile (DSL). "
        f"Exploitation screening: CSE - {finding}; CDE - {finding}.\n"
    )
    facts = extract_facts([message("Plan attached.", documents=[_plan(text)])])
    assert facts.risk_assessment is not None
    assert (facts.risk_assessment.cse, facts.risk_assessment.cde) == (True, True)


def test_a_risk_answered_no_is_still_not_covered() -> None:
    text = "Safeguarding\nRisk assessment done 05/02/2026. CSE considered: No. CCE considered: Yes"
    facts = extract_facts([message("Plan attached.", documents=[_plan(text)])])
    assert facts.risk_assessment is not None
    assert (facts.risk_assessment.cse, facts.risk_assessment.cde) == (False, True)


def test_the_kinds_of_exploitation_in_brackets_after_the_noun() -> None:
    text = "covers exploitation (sexual and criminal) as well as supervision"
    assert (bool(CSE.search(text)), bool(CDE.search(text))) == (True, True)


def test_a_ladder_written_from_its_top_step_is_read_from_its_first_week() -> None:
    text = (
        "Full days from Monday 3 April 2028 (8:45-15:15)\n"
        "From Mon 27 Mar: in school 8:45-13:15, 4 hrs 30 mins a day (22½ h a week)\n"
        "From Mon 20 Mar: in school 8:45-11:45, 3 hrs a day (15 h a week)\n"
    )
    facts = extract_facts([message("Plan attached.", documents=[_plan(text)])])
    assert [w.hours for w in facts.timetable] == [15.0, 22.5]


def test_my_main_helper_at_school_is_the_named_person() -> None:
    text = "My main helper at school: Mrs Shirin Akhtar, SENDCo\n"
    facts = extract_facts([message("Plan attached.", documents=[_plan(text)])])
    assert facts.named_person == "Mrs Shirin Akhtar"


def test_planned_together_by_lists_who_came() -> None:
    text = (
        "Planned together on Wednesday 15 March 2028 by Mrs Sarita Bhandari (Mother), Mrs Shirin Akhtar "
        "(SENDCo), Mrs Gulsen Arslan (Family Support Worker).\n"
    )
    facts = extract_facts([message("Plan attached.", documents=[_plan(text)])])
    assert facts.professionals_present == {"early_help"}


def test_the_route_back_to_full_days_dated_is_no_full_time_date() -> None:
    rows = (
        ("", "Week", "Times", "Hours in the week"),
        ("Step 1", "w/c 27 Sep", "8.45am - 11.15am each day", "12½ hrs"),
        ("Step 2", "w/c 4 Oct", "8.45am - 12.15pm each day", "17½ hrs"),
        ("Arrive", "from 01/11/2027", "8.45am - 3.15pm, full days", "32½ hrs"),
    )
    text = "The route back to full days (from Monday 27 September 2027)\n" + _table_text(rows)
    facts = extract_facts([message("PATH attached.", documents=[_plan(text, rows)])])
    assert facts.full_time_date == date(2027, 11, 1)


def test_a_weeks_time_given_in_minutes_is_its_hours() -> None:
    rows = (
        ("", "W/c", "Sessions", "Time in school per week"),
        ("Week 1", "10/1", "Reg to end of P2, Mon-Fri", "675 mins"),
        ("Week 2", "17/1", "Reg to end of P3, Mon-Fri", "1050 mins"),
    )
    found = read_week_table(rows, date(2028, 1, 6))
    assert found is not None
    assert [w.hours for w in found.weeks] == [11.25, 17.5]


def test_a_plans_sentence_practising_how_to_is_the_new_skills() -> None:
    body = (
        "Weekly sessions with the school counsellor. Practising how to start a conversation with classmates "
        "and how to cope with losing a game.\n"
    )
    assert extract_facts([message(body)]).topics["new_skills"].found


def test_a_signer_named_with_and_without_accents_is_one_signer() -> None:
    rows = (
        ("Signed by", "Name", "Date"),
        ("Parent / carer", "Mrs Ayşe Yıldız", "12/01/2026"),
    )
    consent = "I agree to the reduced timetable.\nParent / carer signature: Mrs Ayse Yildiz 12/01/2026\n"
    plan = _plan(_table_text(rows), rows)
    form = Document("consent.pdf", (Page(1, consent),))
    facts = extract_facts([message("Plan and consent attached.", documents=[plan, form])])
    assert [s.role for s in facts.signatures].count("parent") == 1


def test_the_lead_staff_member_is_the_named_person() -> None:
    rows = (("Date of birth", "03/09/2015", "Lead staff member", "Ms Caoimhe Ní Bhriain, Assistant Head"),)
    facts = extract_facts([message("Plan attached.", documents=[_plan(_table_text(rows), rows)])])
    assert facts.named_person == "Ms Caoimhe Ní Bhriain"
