"""How professionals write of a child in a breach report (issue 9, kind 7): the child's name as the
owner of a meeting, a plan or a carer ('At Thandiwe Pretorius-Nkosi's PEP meeting'), and a child
looked after said in the words of fostering ('who is in foster care', 'her foster carer', 'a
child we care for'), not only 'looked after' or 'CLA'."""

from __future__ import annotations

import pytest

from parsers.extract.circumstances import extract_circumstances
from parsers.extract.nlp import pupil_name_in_prose
from tests.minimail import corpus_of


@pytest.mark.parametrize(
    "sentence,name",
    [
        ("At Thandiwe Pretorius-Nkosi's PEP meeting her carer mentioned it.", "Thandiwe Pretorius-Nkosi"),
        ("I was at Kacper Wiśniewski’s annual review on Tuesday.", "Kacper Wiśniewski"),
        ("Ayodele Okafor's foster carers told me she finishes at noon.", "Ayodele Okafor"),
    ],
)
def test_a_childs_name_as_owner_of_what_a_child_has(sentence: str, name: str) -> None:
    assert pupil_name_in_prose([sentence]) == name


def test_a_titled_owner_is_staff_not_the_pupil() -> None:
    assert pupil_name_in_prose(["We met in Mrs Joanna Baker's office."]) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Kai, Year 7, who is in foster care, has been attending 9:00 to 12:30 only.",
        "Her foster carer mentioned that Thandiwe has been finishing at 12.30.",
        "Chloë is a child we care for, in Year 6 at Shippon Green Primary School.",
        "Mia's foster placement is in Banbury and she finishes at 11.",
    ],
)
def test_fostering_words_say_the_child_is_looked_after(sentence: str) -> None:
    assert extract_circumstances(corpus_of(sentence))[0]["looked_after"] is True


@pytest.mark.parametrize(
    "sentence",
    [
        "Signature of parent / carer / foster carer: ____",
        "Parents and foster carers are asked to sign below.",
    ],
)
def test_a_forms_generic_foster_carer_says_nothing(sentence: str) -> None:
    assert extract_circumstances(corpus_of(sentence))[0]["looked_after"] is not True
