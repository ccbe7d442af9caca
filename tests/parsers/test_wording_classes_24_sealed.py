"""Classes from blind set 24's sealed part, written after it was scored once (not blind; issue 9):
a checklist's ticks before its labels; 'None of the following apply: ...'; agreement by replies
in a forwarded chain (the reply's sender, or its bracketed sign-off); a Word letter beside a box
of labels and values; signers under a box's title in a layout table's middle column."""

from __future__ import annotations

import dataclasses

from parsers.extract import extract_facts
from parsers.extract.circumstances import extract_circumstances
from parsers.model import Address
from parsers.sidebars import table_lines
from tests.minimail import corpus_of, document, message


def test_a_checklists_ticked_labels() -> None:
    body = (
        "We have gone through your checklist.\n\n"
        "✔ Named person: Mrs Anjali Raman, Pastoral Support Worker\n"
        "✔ New skills: Joining group work and asking a classmate for help.\n"
    )
    facts = extract_facts([message(body)])
    assert facts.named_person == "Mrs Anjali Raman"
    assert facts.topics["new_skills"].found


def test_none_of_the_following_apply_to_a_list() -> None:
    got, _ = extract_circumstances(
        corpus_of("None of the following apply: looked after, court order, child protection plan, EHCP.\n")
    )
    assert got["looked_after"] is False and got["court_order"] is False and got["ehcp"] is False


def test_agreement_by_replies_in_a_forwarded_chain() -> None:
    """The head's 'Approved - I agree to the plan' from a school address, and the mother's 'I
    agree to the hours' signed '<name> (<child>'s mother)': a school's and a parent's agreement."""
    head = dataclasses.replace(
        message("Approved - I agree to the plan and hours below.\nDA\n"),
        from_=Address("Mr Desmond Achterberg", "head@vale.oxon.sch.uk"),
    )
    mum = dataclasses.replace(
        message(
            "Thank you for the meeting today.\n\nI have read the plan and I agree to the hours.\n"
            "Pham Thi Hoa (Nhung's mother)\n"
        ),
        from_=Address("Mrs Pham Thi Hoa", "hoa@gmail.com"),
    )
    top = dataclasses.replace(message("Please see the plan below."), forwarded=(head, mum))
    signers = {(s.role, s.name) for s in extract_facts([top]).signatures}
    assert ("school", "Mr Desmond Achterberg") in signers
    assert ("parent", "Pham Thi Hoa") in signers


_LETTER_TABLE = (
    ("Dear Mrs Xasan,", "AT A GLANCE", ""),
    (
        "Thank you for meeting us on Wednesday 17 November 2027 to talk about Ayaan's return to full days.",
        "Pupil",
        "Ayaan Faarax, Year 6",
    ),
    (
        "Ayaan has had a change of medication and has been very drowsy in the afternoons for some weeks now.",
        "Shorter days start",
        "22/11/2027",
    ),
    (
        "Ayaan will attend school for shorter days from Monday 22 November 2027 and then back to full days.",
        "Hours",
        "From 22 Nov 2027: 9.00 to 11.00 (10 hours a week)",
    ),
    (
        "Alongside the shorter days: weekly counselling through the school's wellbeing service and a pen.",
        "Your contact",
        "Ms Ogunleye, Key Worker",
    ),
    ("", "AGREED BY", ""),
    ("", "Mum", "Mrs Faadumo Xasan"),
    ("", "", "Mrs Faadumo Xasan, 17/11/2027"),
)


def test_a_word_letter_beside_a_box_reads_as_the_letter_then_the_box() -> None:
    lines = table_lines(_LETTER_TABLE)
    assert lines[1].startswith("Thank you for meeting us") and lines[1].endswith("full days.")
    assert "Pupil Ayaan Faarax, Year 6" in lines
    assert lines.index("Pupil Ayaan Faarax, Year 6") > lines.index(_LETTER_TABLE[4][0])


def test_a_question_and_answer_table_stays_row_by_row() -> None:
    rows = tuple(
        (f"Is there a {what} for the pupil in place at the moment, as far as the school knows?", "NO", "")
        for what in ("Child Protection plan", "Child in Need plan", "Team Around the Family plan", "EHC plan")
    )
    assert table_lines(rows)[0].endswith("knows? NO")


def test_signers_under_a_title_in_a_layout_tables_middle_column() -> None:
    text = "\n".join(table_lines(_LETTER_TABLE))
    letter = document(text, (_LETTER_TABLE,), "letter.docx")
    facts = extract_facts([message("Letter attached.", documents=[letter])])
    assert ("parent", "Mrs Faadumo Xasan") in {(s.role, s.name) for s in facts.signatures}



def test_a_signer_whose_role_the_lists_do_not_hold_takes_the_one_the_letter_gives() -> None:
    """'Key Worker | Ms Ogunleye' under 'AGREED BY', the letter naming her 'Class Teacher and Key
    Worker' elsewhere: the school's signature."""
    rows = (("AGREED BY", ""), ("Key Worker", "Ms Ayo Ogunleye"), ("", "Ms Ayo Ogunleye, 17/11/2027"))
    text = "Your contact: Ms Ayo Ogunleye, Class Teacher and Key Worker\n" + "\n".join(table_lines(rows))
    facts = extract_facts([message("Letter attached.", documents=[document(text, (rows,), "letter.docx")])])
    assert ("school", "Ms Ayo Ogunleye") in {(s.role, s.name) for s in facts.signatures}
