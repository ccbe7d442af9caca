"""Classes of wording from blind set 14's tuning part (issue 9): a school MIS export's 'Key staff:'
names the named person; a plan typed as the guidance's bullet list, each answer under its bullet
('o the named person responsible for the plan' over 'Mr Hamish Dunbar-Wyatt, Deputy Head')."""

from __future__ import annotations

import pytest

from parsers.extract.people import named_person
from tests.minimail import corpus_of, document


@pytest.mark.parametrize(
    "text",
    [
        "Primary contact: Mrs Elena Popa (mother)\nKey staff: Ms Yaroslava Kovalenko, Inclusion Manager\n",
        "o the named person responsible for the plan\n   Ms Yaroslava Kovalenko, Inclusion Manager\n",
    ],
)
def test_the_named_person_in_an_mis_export_or_under_a_bullet(text: str) -> None:
    name, _ = named_person(corpus_of("Plan attached.", documents=[document(text)]))
    assert name is not None and "Kovalenko" in name


def test_a_sentence_about_the_named_person_keeps_its_name() -> None:
    text = "The named person in school for the plan is Mrs Joanne Ellis, Head of Year 10.\n"
    name, _ = named_person(corpus_of("Plan attached.", documents=[document(text)]))
    assert name == "Mrs Joanne Ellis"
