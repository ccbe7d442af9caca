"""Names in any script: letters outside ASCII, apostrophes, hyphens and particles read whole."""

from __future__ import annotations

import pytest

from parsers.extract import extract_facts
from parsers.extract.names import NAME, in_shadow
from parsers.extract.nlp import pupil_name_in_prose
from parsers.extract.people import clean_name, pupil_name
from tests.minimail import corpus_of, document, message

NAMES = [
    "Zofia Wiśniewska",
    "Łukasz Żak",
    "Ayşe Yılmaz",
    "Ömer Çelik",
    "Seán Ó Súilleabháin",
    "Aoife Ní Bhriain",
    "Liam O'Brien",
    "Liam O’Brien",
    "Nguyễn Thị Hương",
    "Omar Al-Hassan",
    "Yusuf Abdul-Rahman",
    "Ahmed al-Sayed",
    "Amelia Smith-Jones",
    "Zoë Müller",
    "Lotte van der Berg",
    "Dmitri Иванов",
    "Ewan McDonald",
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    "template", ["{}", "{} (Year 8)", "{}, mother", "Mrs {} (mother)", "{} DOB: 03/04/2013", "{} - Year 9"]
)
def test_a_value_gives_the_whole_name(name: str, template: str) -> None:
    title = "Mrs " if template.startswith("Mrs ") else ""
    assert clean_name(template.format(name)) == title + name


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Nguye\u0302\u0303n Thi\u0323 Hương", "Nguyễn Thị Hương"),  # written decomposed: read composed
        ("Oliver Bennett will be the named person", "Oliver Bennett"),  # stops at lower-case words
        ("Claire Bennett C. Bennett 07/01/2026", "Claire Bennett"),  # an initial is not a name word
        ("Wiśniewska", None),  # one word is not a full name
        ("not yet signed", None),
    ],
)
def test_where_a_name_stops(value: str, expected: str | None) -> None:
    assert clean_name(value) == expected


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    "sentence",
    [
        "We have agreed a reduced timetable for {} (Year 7) from Monday.",
        "{} (Year 9) has found full days hard since January.",
        "I am writing regarding {}, who is in Year 10.",
    ],
)
def test_a_name_in_prose(name: str, sentence: str) -> None:
    assert pupil_name_in_prose([sentence.format(name)]) == name


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    "subject", ["Reduced timetable - {}", "RTT for {}", "Re: Reintegration timetable: {} - Year 9", "{} (Y8)"]
)
def test_the_pupil_named_in_the_subject(name: str, subject: str) -> None:
    facts = extract_facts([message("Please see the plan.", subject.format(name))])
    assert facts.pupil.name == name


def test_labels_and_signatures_keep_their_letters() -> None:
    body = (
        "Pupil name: Zofia Wiśniewska\n"
        "Named person: Mr Seán Ó Súilleabháin (Head of Year 8)\n\n"
        "Parent/carer signature: Agnieszka Wiśniewska 27/02/2026\n"
        "Headteacher signature: Nguyễn Thị Hương 27/02/2026\n"
    )
    facts = extract_facts([message(body)])
    assert facts.pupil.name == "Zofia Wiśniewska"
    assert facts.named_person == "Mr Seán Ó Súilleabháin"
    assert [(s.role, s.name) for s in facts.signatures] == [
        ("parent", "Agnieszka Wiśniewska"),
        ("school", "Nguyễn Thị Hương"),
    ]


def test_the_named_person_in_prose() -> None:
    facts = extract_facts([message("Łucja Kowalczyk-Nowak will be the named person for the plan.")])
    assert facts.named_person == "Łucja Kowalczyk-Nowak"


@pytest.mark.parametrize("text", ["Year 8", "the plan", "12 March 2026", "SENCo"])
def test_what_is_not_a_name(text: str) -> None:
    assert NAME.fullmatch(text) is None


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Cian Ó Súilleabháin – Year 8 – reintegration timetable", "Cian Ó Súilleabháin"),
        ("Re: Zofia Wiśniewska (Year 9)", "Zofia Wiśniewska"),
        ("Amir Haddad, DOB 03/04/2014", "Amir Haddad"),
    ],
)
def test_the_pupil_from_a_letters_regarding_line(line: str, name: str) -> None:
    found, _hit = pupil_name(
        corpus_of("Please see the attached letter.", documents=[document(f"{line}\nDear team,")])
    )
    assert found == name


def test_a_member_of_staff_on_such_a_line_is_not_the_pupil() -> None:
    found, _hit = pupil_name(
        corpus_of("Hello", documents=[document("Mrs Claire Bennett (Year 8 tutor)\nDear team,")])
    )
    assert found != "Claire Bennett"


@pytest.mark.parametrize(
    "sentence",
    [
        "I am the school nurse for Coldharbour Lane Academy. I saw {} (Year 7) in drop-in this week.",
        "{} is in Year 4 at Kennet Rise Primary.",
        "Yesterday I spoke to {} (15, Year 10) in the town centre.",
    ],
)
def test_a_name_in_a_professional_s_report_and_never_a_place(sentence: str) -> None:
    assert pupil_name_in_prose([sentence.format("Ellie-Mae Tomkins")]) == "Ellie-Mae Tomkins"


def test_a_name_line_after_the_pupil_heading_a_scan_ran_into_noise() -> None:
    plan = document("Ardley Downs School\n1. Pupil eee -— —.__ - —\nName Nour Khatib\nYear group 10\n")
    assert pupil_name(corpus_of(documents=[plan]))[0] == "Nour Khatib"


def test_an_irish_surname_with_the_letter_after_its_particle_is_read_whole() -> None:
    text, shadowed = in_shadow("Pupil: Ciarán Ó hAodha (Year 11)")
    found = NAME.search(shadowed)
    assert found is not None and text[found.start() : found.end()] == "Ciarán Ó hAodha"
    corpus = corpus_of("Plan attached.", subject="Ciaran O hAodha - part-time timetable")
    assert pupil_name(corpus)[0] == "Ciaran O hAodha"


def test_a_subjects_name_without_accents_takes_them_word_by_word_from_the_mail() -> None:
    body = "Ms Ní Mhurchú asked me to write about her son Rónán, who is in Year 8."
    corpus = corpus_of(body, subject="On behalf of a parent - Ronan Ni Mhurchu, reduced hours")
    assert pupil_name(corpus)[0] == "Rónán Ní Mhurchú"


@pytest.mark.parametrize(
    ("read", "typed", "expected"),
    [
        ("Fionnuala NiShé", "Fionnuala Ní Shé", "Fionnuala Ní Shé"),
        ("Tomds Mac Giolla Phddraig", "Tomás Mac Giolla Phádraig", "Tomás Mac Giolla Phádraig"),
        ("Amelia Kowalska", "Zofia Kowalska", "Amelia Kowalska"),
    ],
)
def test_a_scans_misreading_of_the_subjects_name_takes_the_subjects_spelling(
    read: str, typed: str, expected: str
) -> None:
    scan = document(f"Pupil name: {read}\nYear 9\n", source="scan.pdf")
    corpus = corpus_of("Scan attached.", subject=f"Reduced timetable - {typed}", documents=[scan])
    assert pupil_name(corpus)[0] == expected
