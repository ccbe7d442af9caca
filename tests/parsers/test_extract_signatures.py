"""Signature roles and signature tables in the layouts schools use (issue 9, kind 3)."""

from __future__ import annotations

import pytest

from parsers.extract.corpus import Corpus, Field, Table
from parsers.extract.signatures import extract_signatures, signer_role, table_signatures
from tests.minimail import corpus_of, document

Rows = tuple[tuple[str, ...], ...]


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Mum", "parent"),
        ("Dad", "parent"),
        ("Father", "parent"),
        ("Foster carer", "parent"),
        ("Special guardian", "parent"),
        ("Parent/Carer (Dad)", "parent"),
        ("Headteacher", "school"),
        ("DSL", "school"),
        ("SENCO", "school"),
        ("SENDCo", "school"),
        ("Head of Year", "school"),
        ("Pastoral lead", "school"),
        ("Designated Teacher", "school"),
        ("SW", "social_worker"),
        ("Children's Social Care (SW)", "social_worker"),
        ("Virtual School Head", "virtual_school"),
        ("Education Adviser, Virtual School", "virtual_school"),
        ("YJ officer", "youth_justice"),
        ("YJ Case Manager", "youth_justice"),
        ("Youth Justice Officer", "youth_justice"),
        ("Early Help Worker", "early_help"),
        ("SEN Team officer", "sen_team"),
        ("SEN caseworker", "sen_team"),
        ("SEND Casework Officer (LA)", "sen_team"),
        ("LA SEN Officer", "sen_team"),
        ("Young person", "pupil"),
    ],
)
def test_signer_roles(label: str, role: str) -> None:
    assert signer_role(label) == role


def _roles(rows: Rows, section: str = "signatures") -> list[str]:
    return sorted(s.role for s in table_signatures(Table(rows, "plan.pdf#page=2", section, "attachment")))


@pytest.mark.parametrize(
    ("rows", "section", "roles"),
    [
        (  # a title row over the header; 'Capacity / Print / Sign / Dated'
            (
                ("Sign-off", "", "", ""),
                ("Capacity", "Print", "Sign", "Dated"),
                ("Foster carer", "Mr Stephen Ince", "S. Ince", "30 September 2026"),
                ("Education Adviser, Virtual School", "Ms Amara Eze", "A. Eze", "30 September 2026"),
            ),
            "sign-off",
            ["parent", "virtual_school"],
        ),
        (  # 'In what role'; a blank signature box is not a signature
            (
                ("In what role", "Name", "Signed", "Date"),
                ("Mother", "Mrs Kim Briggs", "K. Briggs", "04/11/2026"),
                ("SEND Casework Officer (LA)", "Ms Ruth Ambrose", "", ""),
                ("SENCO", "Ms Rhian Probert", "R. Probert", "04/11/2026"),
            ),
            "signatures",
            ["parent", "school"],
        ),
        (  # 'Agreed on behalf of'
            (
                ("Agreed on behalf of", "Name", "Signature", "Date"),
                ("Children's Social Care (SW)", "Mr Owen Fletcher", "O. Fletcher", "9 November 2026"),
                ("Pupil", "Harriet Oyelaran", "H. Oyelaran", "9 November 2026"),
            ),
            "signatures",
            ["pupil", "social_worker"],
        ),
        (  # 'Relationship to child' beside the names; two parents both sign
            (
                ("Agreed by", "Relationship to child", "Sign", "Date"),
                ("Mrs Sharon Druitt", "Mum", "S. Druitt", "18/01/2027"),
                ("Mr Kevin Druitt", "Dad", "K. Druitt", "18/01/2027"),
            ),
            "agreement",
            ["parent", "parent"],
        ),
        (  # 'Designation'; 'How we are involved'
            (
                ("Our names", "How we are involved", "Signature", "Date"),
                ("Mrs Donna Ferris", "Parent/carer", "D. Ferris", "25 November 2026"),
                ("Mrs Lisa Hamblin", "Headteacher (named person)", "L. Hamblin", "25 November 2026"),
            ),
            "our signatures",
            ["parent", "school"],
        ),
        (  # 'Signatory' holding the role and the name
            (
                ("Signatory", "Signature", "Date signed"),
                ("Parent/carer: Mrs Ayşe Öztürk", "A. Öztürk", "05/11/2026"),
                ("Head of Year 7 (named person): Mr Ollie Fenwick", "O. Fenwick", "05/11/2026"),
            ),
            "signatures",
            ["parent", "school"],
        ),
        (  # 'Signed by' is who signed, not the signature
            (
                ("Signed by", "Name", "Date"),
                ("Carer (foster carer)", "Beverley Hartley", "07/01/2026"),
                ("Designated Teacher", "Nadia Brook", "07/01/2026"),
            ),
            "signatures",
            ["parent", "school"],
        ),
        (  # label rows: who | signature | 'Date' | date
            (
                ("Parent/carer agreement to this plan", "K. Dunstable", "Date", "08/09/2026"),
                ("Headteacher's signature", "J. Pryce", "Date", "08/09/2026"),
            ),
            "parent/carer agreement to this",
            ["parent", "school"],
        ),
        (  # rows under an agreement heading that sign nothing
            (
                ("Outside agencies (behaviour support)", "Considered: advice requested."),
                ("Family support (early help)", "Discussed with Mrs Stubbs; offered."),
            ),
            "agreement",
            [],
        ),
        (  # a date of birth is not the date signed
            (("Pupil Daisy Quill", "Date of birth 26/11/2019", "Year"),),
            "signatures",
            [],
        ),
        (  # an action plan: who and when, no signature
            (
                ("Agreed actions", "", ""),
                ("Action", "Who", "When"),
                (
                    "Support: Home-school contact book, read and signed each day",
                    "Ms Eve Patterson",
                    "From week 1",
                ),
            ),
            "agreed actions",
            [],
        ),
    ],
)
def test_signature_tables(rows: Rows, section: str, roles: list[str]) -> None:
    assert _roles(rows, section) == roles


@pytest.mark.parametrize(
    ("label", "value", "roles"),
    [
        ("Signed", "Mr Grant Osborne (Father)", ["parent"]),
        ("Signed", "D. Coles (Parent/carer: Mr Darren Coles) Date: 05/10/2026", ["parent"]),
        (
            "Signed",
            "Parent: S. Bramwell 17/06/2026 Headteacher: O. Pritchard 17/06/2026",
            ["parent", "school"],
        ),
        ("Parent/carer signature", "L. Hughes 25/02/2026", ["parent"]),
        ("Parent/carer signature", "to follow", []),
    ],
)
def test_signature_fields(label: str, value: str, roles: list[str]) -> None:
    corpus = Corpus(fields=[Field(label, value, "plan.docx", "signatures", "attachment", 0)])
    assert sorted(s.role for s in extract_signatures(corpus)) == roles


def test_signers_listed_one_by_one_in_a_sentence() -> None:
    """'signed ... by Mrs Çelik, by Mr Asante for Children's Social Care, and by me': each signer,
    by the role the plan gives them elsewhere, whom they signed for, or the writer's school."""
    body = (
        "Present: Mrs Hatice Çelik (mother), Mr Kwame Asante (Social Worker, Family Solutions).\n"
        "The plan and the hours were signed at the meeting (14/01/2027) by Mrs Çelik, by Mr Asante "
        "for Children's Social Care, and by me.\n"
    )
    roles = sorted(s.role for s in extract_signatures(corpus_of(body)))
    assert roles == ["parent", "school", "social_worker"]


def test_signers_listed_with_one_unknown_are_not_guessed() -> None:
    body = "The plan was signed on 14/01/2027 by Mr Hale, by Ms Oduya and by me.\n"
    roles = [s.role for s in extract_signatures(corpus_of(body))]
    assert "social_worker" not in roles and len(roles) <= 1


def test_a_pupil_details_row_naming_the_parent_is_no_signature() -> None:
    rows = (
        ("Pupil", "Phạm Thị Lan", "DOB", "02/04/2015", "Yr", "8"),
        ("Parent/carer", "Mrs Phạm Thị Hương", "Meeting", "10/11/2027", "Key adult", "Mrs Kowalska (HoY)"),
    )
    section = "part-time timetable - agreement with parent"
    assert not table_signatures(Table(rows, "plan.docx", section, "attachment"))


def test_a_consent_forms_details_line_is_no_pupil_signature() -> None:
    text = (
        "Parental consent to a temporary part-time timetable\n"
        "Pupil: Maryam Al-Sayegh Year 8 Start: 20/01/2026 Full time from: 09/02/2026\n"
        "☒ I have read the plan and the hours, and I agree to them.\n"
    )
    heading = "Parental consent to a temporary part-time timetable"
    corpus = corpus_of("", documents=[document(text, source="consent.pdf", headings=[heading])])
    assert "pupil" not in [s.role for s in extract_signatures(corpus)]
