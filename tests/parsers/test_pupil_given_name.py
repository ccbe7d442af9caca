"""The pupil's full name where a scan's form does not give it under a label it knows, found
after the first name the subject gives ('Zuzanna W - signed memo (photos)', "Elif's plan"),
the class behind most twins' missing names in the consumed blind sets (issue 9)."""

from __future__ import annotations

from parsers.extract.people import pupil_name
from tests.minimail import corpus_of, document


def _name(subject: str, text: str) -> str | None:
    return pupil_name(corpus_of("Scan attached.", subject, [document(text, source="scan.pdf")]))[0]


def test_initials_in_the_subject_pick_the_name_from_the_letter() -> None:
    """A letter read by OCR names the pupil only in its prose; the subject's initial fits."""
    text = (
        "Date 15/09/2027 Re Luzanna Wisniewska (Year 8)\n"
        "Authorisation of a temporary reduced timetable for Zuzanna Wiśniewska from Monday 20 September.\n"
        "Mrs Ann Wisniewski Manager\n"
    )
    assert _name("Zuzanna W - signed memo (photos)", text) == "Zuzanna Wiśniewska"


def test_initials_that_do_not_fit_are_not_taken() -> None:
    text = "Present: Zuzanna Kowalska (sister), Mr Tom Reed\n"
    assert _name("Zuzanna W - signed memo (photos)", text) is None


def test_a_label_ocr_misread_before_the_full_name() -> None:
    """'Studant' for 'Student': the subject's bare first name and the label before it."""
    text = "Studant Yohannes Berhane Class / tutor group 7CNB\n"
    assert _name("Yohannes - signed plan (scanned)", text) == "Yohannes Berhane"


def test_a_first_name_the_minutes_call_the_pupil() -> None:
    """'Ayaan (Pupil, for the first part)' makes the first name the pupil's; the row of details
    that opens with the full name gives the rest."""
    text = (
        "Ayaan Abdullahi 03/03/2015 8 Mrs Ifrah Abdullahi\n"
        "Present: Mrs Ifrah Abdullahi (Mother); Ayaan (Pupil, for the first part)\n"
    )
    assert _name("Ayaan's plan (photos)", text) == "Ayaan Abdullahi"


def test_a_subject_word_that_is_not_the_pupil_names_nobody() -> None:
    """'Question about the RT1 form' over a blank form's 'Question Answer Professional (name)'."""
    text = "Question Answer Professional (name)\nPupil name\nDate of birth\n"
    assert _name("Question about the RT1 form", text) is None


def test_the_subjects_accents_mend_the_first_name_ocr_misread() -> None:
    """The subject's 'Zoë' and 'Yağmur' over a scan's 'Zoé' and 'Yagmur'."""
    assert _name("Zoë K-H - signed mapping (scan)", "Child Zoé Kowalewska-Hart Date of birth 14/02/2014") == (
        "Zoë Kowalewska-Hart"
    )
    assert _name("Yağmur - signed plan photos", "Pupil Yagmur Koç Date of birth 01/01/2015") == "Yağmur Koç"


def test_a_name_read_without_the_subjects_first_name_gives_way() -> None:
    """A heading read as the name ('Pathways Huang Jiayi') where the subject's first name stands
    after the young person's label."""
    text = "Pupil Pathways Huang Jiayi\nYoung person Luca-Andrei Munteanu Class / year Year 8\n"
    assert _name("Luca-Andrei's plan - photos", text) == "Luca-Andrei Munteanu"
