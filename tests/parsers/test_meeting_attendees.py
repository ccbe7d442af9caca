"""Who was at the meeting: attendee lists, attendance tables and a professional's own line."""

from __future__ import annotations

import pytest

from parsers.extract.meeting import is_member_line, meeting_held, present_in, professionals_present
from parsers.model import Document
from tests.minimail import Table, corpus_of, document

ATTENDEES: Table = (
    ("Name", "Role / agency"),
    ("Mrs Laura Hughes", "Mother"),
    ("Mr Tom Fletcher", "Headteacher"),
    ("Ms Dee Okoro", "Social Worker, Children's Social Care"),
)
SIGNED_WITH_ATTENDANCE: Table = (
    ("Name", "Role", "Attended the meeting?", "Signature"),
    ("Mrs Laura Hughes", "Parent", "Yes", "L Hughes"),
    ("Mr Adrian Moyo", "SEN Casework Officer, SEN Team", "No", ""),
    ("Mr Colin Ashe", "Virtual School", "✓", "C Ashe"),
)
SIGNED_ONLY: Table = (
    ("Name", "Role", "Signature", "Date"),
    ("Mr Z", "SEN Casework Officer, SEN Team", "Z", "03/03/2026"),
)

# (layout, the email's body, the plan attached or None, the professionals at the meeting)
LAYOUTS: list[tuple[str, str, Document | None, set[str]]] = [
    (
        "body: label on its own line, a bulleted list",
        "Present:\n- Mrs Bennett (mother)\n- Ms Patel (SENCo)\n- Jo Smith (Social Worker)\n\n"
        "The plan is attached.",
        None,
        {"social_worker"},
    ),
    (
        "body: 'Attendees:' over plain lines",
        "Attendees:\nMrs Bennett, mother\nMs Patel, SENCo\nJo Smith, Social Worker, Children's Social Care\n",
        None,
        {"social_worker"},
    ),
    (
        "body: 'Those present:' with a value and more lines",
        "Those present: Mrs Bennett (mother)\n- Ms Patel (SENCo)\n- Mr Darren Holt (YOS worker)\n",
        None,
        {"youth_justice"},
    ),
    (
        "body: an HTML table read as lines",
        "Attendees\n\nName Role\n\nMrs Bennett Mother\n\nMs Kaur SEN Casework Officer, LA SEN Team\n\n"
        "Decision\n",
        None,
        {"sen_team"},
    ),
    (
        "body: one line, several people with their roles in brackets",
        "Present: Mrs X (mother), Ms Ross (Early Help Worker), Mr Y (Head)",
        None,
        {"early_help"},
    ),
    (
        "plan: 'Meeting attended by:' over one person a line",
        "",
        document(
            "Meeting attended by:\nMrs Zofia Wiśniewska (mother)\nMr Tom Hale (Head of Year 8)\n"
            "Ms Aoife Ní Bhriain (Virtual School)\n"
        ),
        {"virtual_school"},
    ),
    (
        "plan: a Name / Role table under an attendance heading",
        "",
        document("Meeting attendance\nSee the table.", tables=(ATTENDEES,), headings=("Meeting attendance",)),
        {"social_worker"},
    ),
    (
        "plan: a signature table with an attendance column",
        "",
        document("Agreement", tables=(SIGNED_WITH_ATTENDANCE,)),
        {"virtual_school"},
    ),
    (
        "plan: the professional's own line in the agreement",
        "",
        document(
            "Signatures\nParent/carer: Mrs X 03/03/2026\n"
            "Virtual School (attended the meeting): Mr Colin Ashe 03/03/2026",
            headings=("Signatures",),
        ),
        {"virtual_school"},
    ),
    (
        "plan: own line, the signature still to come",
        "",
        document("Agreement\nSocial Worker - attended the meeting; signature to follow"),
        {"social_worker"},
    ),
    (
        "plan: own line, 'present at the meeting'",
        "",
        document("Agreement\nYouth Justice worker - present at the planning meeting, agrees: D. Holt 03/03"),
        {"youth_justice"},
    ),
    (
        "prose: who came after 'a meeting ... with', a negation elsewhere in the paragraph",
        "We met this afternoon. Following a meeting on Monday with Mrs Dunne, her social worker "
        "Mr Peter Lane and our SENCo, we agreed the plan. There is no court order and no EHCP.",
        None,
        {"social_worker"},
    ),
    (
        "prose: who came before 'attended'",
        "The meeting was on 4 May. Mr Ahmed (dad), Ms Kerry Dale (Virtual School) and I attended.",
        None,
        {"virtual_school"},
    ),
    (
        "prose: an inline 'Present:' list after other text, separated by semicolons",
        "Professionals involved: Mr Jo Bell, YJ worker Present: Mrs B (mother); Mr Jo Bell (YJ "
        "Case Manager); Ms Tia Moss (SEND Casework Officer (LA)).",
        None,
        {"youth_justice", "sen_team"},
    ),
    (
        "prose: 'signed at the meeting with Mum and his YOT worker'",
        "The plan was agreed and signed at the meeting today with Mum and his YOT worker.",
        None,
        {"youth_justice"},
    ),
]

# (case, the email's body, the plan attached or None): no professional was there
NOT_THERE: list[tuple[str, str, Document | None]] = [
    (
        "apologies after the list",
        "Those present:\n- Mrs Bennett (mother)\n- Ms Patel (SENCo)\n"
        "Apologies:\n- Jo Smith (Social Worker)\n",
        None,
    ),
    (
        "apologies on the person's line",
        "Present:\n- Mrs Bennett (mother)\n- Jo Smith (Social Worker) - sent apologies\n",
        None,
    ),
    (
        "apologies on the same line",
        "Present: Mrs X (mother), Mr Y (Head). Apologies: Ms Ross (Social Worker)",
        None,
    ),
    (
        "absent, in brackets",
        "Present: Mrs X (mother), Ms Ross (Social Worker, could not attend), Mr Y (Head)",
        None,
    ),
    (
        "prose after the list",
        "Present:\n- Mrs Bennett (mother)\n- Ms Patel (SENCo)\n\n"
        "The social worker will be sent a copy of the plan.",
        None,
    ),
    (
        "'at present' is not presence",
        "Early help: not needed at present.\nSocial worker: none allocated at present.",
        None,
    ),
    (
        "a sentence after the label does not open a list",
        "LA professional: the social worker was invited but could not attend.\n"
        "Social Worker: Ms Gemma Ross\n",
        None,
    ),
    (
        "'present' that is not a list of who came",
        "Present circumstances: a social worker has been allocated since 2024.",
        None,
    ),
    (
        "the minutes go on after the list",
        "Present:\n- Mrs Bennett (mother)\n- Ms Patel (SENCo)\n"
        "Actions\n- Social worker to be updated by the DSL\n",
        None,
    ),
    (
        "'at the meeting' outside the agreement",
        "Social care involvement: mum said at the meeting that the family had a social worker in 2023.",
        None,
    ),
    (
        "prose: a meeting still to come",
        "We will hold a meeting next week with his social worker to agree the plan.",
        None,
    ),
    (
        "prose: only invited",
        "A meeting was held with mum; the social worker was invited to the meeting.",
        None,
    ),
    (
        "prose: unable to attend, then a talk with someone else",
        "I was unable to attend the meeting on 04/11/2026, but I have discussed the timetable with "
        "the Designated Teacher and the Virtual School agrees to it.",
        None,
    ),
    (
        "prose: a professional who did not attend",
        "The meeting was on Monday. The social worker did not attend.",
        None,
    ),
    (
        "a contacts table under the pupil's attendance",
        "",
        document(
            "Attendance\nSee below.",
            tables=((("Name", "Role", "Phone"), ("Ms Ross", "Social Worker", "01632 960000")),),
            headings=("Attendance",),
        ),
    ),
    (
        "a signature table is not an attendance list",
        "",
        document("Meeting and agreement", tables=(SIGNED_ONLY,)),
    ),
]


@pytest.mark.parametrize(("layout", "body", "plan", "roles"), LAYOUTS, ids=[c[0] for c in LAYOUTS])
def test_the_professional_at_the_meeting_is_found(
    layout: str, body: str, plan: Document | None, roles: set[str]
) -> None:
    found, evidence, _not_invited = professionals_present(corpus_of(body, documents=[plan] if plan else []))
    assert found == roles
    assert evidence is not None


@pytest.mark.parametrize(("case", "body", "plan"), NOT_THERE, ids=[c[0] for c in NOT_THERE])
def test_a_professional_who_was_not_there_is_not_counted(case: str, body: str, plan: Document | None) -> None:
    found, _evidence, _not_invited = professionals_present(corpus_of(body, documents=[plan] if plan else []))
    assert found == set()


@pytest.mark.parametrize(
    ("value", "roles"),
    [
        ("Mrs X (mother); Ms Ross (Social Worker); Mr Y (Head)", {"social_worker"}),
        ("Mrs X (mother); Ms Ross (Social Worker) - apologies; Mr Y (Head)", set()),
        ("Mr Darren Holt, Youth Justice worker, attended and agreed the plan.", {"youth_justice"}),
        ("Callum's social worker (Ms Gemma Ross) was invited but could not attend.", set()),
        ("Not required", set()),
    ],
)
def test_present_in_a_value(value: str, roles: set[str]) -> None:
    assert present_in(value) == roles


@pytest.mark.parametrize(
    ("line", "member"),
    [
        ("- Jo Smith (Social Worker)", True),
        ("Kayden", True),
        ("Social Worker: Ms Gemma Ross", True),
        ("Date: 03/03/2026", False),
        ("Apologies: Ms Ross", False),
        ("The social worker will be sent a copy of the plan.", False),
    ],
)
def test_what_a_line_of_a_list_is(line: str, member: bool) -> None:
    assert is_member_line(line) is member


def test_a_meetings_own_label_over_its_date_and_who_came() -> None:
    came = "23/02/2028 - Mrs Aylin Kaya (Mother); Elif (Pupil); Cerys Price (Early Help Worker, LCSS)"
    rows = (("PSP meeting", came),)
    corpus = corpus_of("", documents=[document("PSP", tables=[rows])])
    assert "early_help" in professionals_present(corpus)[0]


@pytest.mark.parametrize(
    "text",
    [
        "PSP meeting\n06/10/2027 - Mr Hoàng Văn Đức (Father); Mrs Philippa Hart (Headteacher)\n",
        "Planning meeting: 6th October 2027, with mum and the class teacher\n",
    ],
)
def test_a_meetings_own_label_over_a_date_says_it_was_held(text: str) -> None:
    corpus = corpus_of("", documents=[document(text, tables=[(tuple(text.strip().split("\n", 1)),)])])
    found = meeting_held(corpus, meeting_date_found=False)
    assert found.found and not found.negative


def test_a_meetings_own_label_over_no_date_says_nothing_of_it() -> None:
    text = "PSP meeting\nTo be arranged with the family\n"
    corpus = corpus_of("", documents=[document(text, tables=[(tuple(text.strip().split("\n", 1)),)])])
    assert not meeting_held(corpus, meeting_date_found=False).found


def test_a_meeting_heading_over_lines_is_no_list_of_who_came() -> None:
    text = "4. Meeting\nDate and time 10/11/2026 at 15:30\nThe social worker was unable to attend.\n"
    corpus = corpus_of("", documents=[document(text, headings=["4. Meeting"])])
    assert not professionals_present(corpus)[0]


@pytest.mark.parametrize(
    ("label", "value"),
    [
        ("Meeting", "10/11/2027: Mum, Deputy Head / DSL, SEN Team (LA), Trần (part)"),
        ("Professional", "Trần Minh Khoa, SEN Casework Officer, Oxfordshire SEN Team - attended"),
    ],
)
def test_who_came_after_the_meetings_date_or_a_professional_who_attended(label: str, value: str) -> None:
    corpus = corpus_of("", documents=[document("Plan", tables=[((label, value),)])])
    assert "sen_team" in professionals_present(corpus)[0]


def test_a_professional_who_did_not_attend_is_not_present() -> None:
    rows = (("Professional", "Trần Minh Khoa, SEN Casework Officer - not attended, sent a report"),)
    corpus = corpus_of("", documents=[document("Plan", tables=[rows])])
    assert "sen_team" not in professionals_present(corpus)[0]


def test_a_professional_row_over_at_the_meeting_yes() -> None:
    rows = (
        ("Professional involved", "Caoimhe Fitzpatrick - YJS Officer, Oxfordshire Youth Justice Service"),
        ("At the meeting?", "Yes"),
    )
    corpus = corpus_of("", documents=[document("Plan", tables=[rows])])
    assert "youth_justice" in professionals_present(corpus)[0]
