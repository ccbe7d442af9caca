"""Topics of the plan written in other words: headings, labels, column headers, checklists
and prose (issue 9, kind 4)."""

from __future__ import annotations

import pytest

from parsers.extract.corpus import Corpus, Field, Table, Unit
from parsers.extract.signatures import extract_signatures
from parsers.extract.topics import extract_topics, named_person_in_plan, own_value, unplaced_parts

WHERE = "plan.docx"


def _headed(heading: str, line: str) -> Corpus:
    section = heading.lower()
    head = Unit(heading, WHERE, section, "attachment", 0)
    return Corpus(units=[head, Unit(line, WHERE, section, "attachment", 1)], headings=[head])


@pytest.mark.parametrize(
    ("heading", "topic"),
    [
        ("Support to be put in place", "supportive_interventions"),
        ("What will help", "supportive_interventions"),
        ("Strategies", "supportive_interventions"),
        ("School will help me by", "supportive_interventions"),
        ("Adjustments in school", "school_changes"),
        ("Reasonable adjustments", "school_changes"),
        ("Changes to the environment", "school_changes"),
        ("Skills to develop", "new_skills"),
        ("Targets", "new_skills"),
        ("I will learn to", "new_skills"),
        ("What we will work on", "new_skills"),
        ("How will we know it has worked?", "exit_strategy"),
        ("Success criteria", "exit_strategy"),
        ("Outcomes", "exit_strategy"),
        ("Checking in", "review_schedule"),
        ("How adults will help me", "supportive_interventions"),
        ("What will be different in school", "school_changes"),
        ("When we will check how it is going", "review_schedule"),
    ],
)
def test_topic_headings(heading: str, topic: str) -> None:
    found = extract_topics(_headed(heading, "Weekly session with the school counsellor on Fridays"))[topic]
    assert found.found and not found.negative


@pytest.mark.parametrize(
    ("line", "topic"),
    [
        ("What will help. Mrs Patel will meet Zofia at the gate every morning.", "supportive_interventions"),
        ("School will help me by: a weekly session with the counsellor", "supportive_interventions"),
        ("In school: leaves lessons three minutes early", "school_changes"),
        (
            "• Behaviour outreach: educational psychologist consultation requested",
            "external_support_considered",
        ),
        ("We will meet again on 11 December 2026 (review).", "review_schedule"),
        ("We will regard the plan as a success when she attends every session.", "exit_strategy"),
        ("We will judge the timetable successful when he completes the 25-hour week.", "exit_strategy"),
        ("We will review progress every fortnight, on 13th November.", "review_schedule"),
        ("He will have a daily mentoring session with our learning mentor.", "supportive_interventions"),
        ("In school we have changed his tutor group to one with friends.", "school_changes"),
        (
            "To support her while her hours are reduced, Julia will have a catch-up group.",
            "supportive_interventions",
        ),
        (
            "Alongside the reduced hours we have put in place a Friday phone call home.",
            "supportive_interventions",
        ),
        ("In school we are changing things around her: a seat near the door.", "school_changes"),
        ("We have also adjusted the school day for him, with homework reduced.", "school_changes"),
        ("We will all know the plan has worked when Julia attends every session.", "exit_strategy"),
        ("Success will look like this: no more than one use of the time-out card a day.", "exit_strategy"),
        ("The plan will be reviewed with Mrs Qureshi on Friday 27 November.", "review_schedule"),
        (
            "We considered a referral for outside behaviour support and have made one.",
            "external_support_considered",
        ),
    ],
)
def test_topic_lines(line: str, topic: str) -> None:
    corpus = Corpus(units=[Unit(line, WHERE, "", "attachment", 0)])
    assert extract_topics(corpus)[topic].found


@pytest.mark.parametrize(
    ("header", "topic"),
    [
        (("Target", "Strategies", "Success criteria"), "supportive_interventions"),
        (("Target", "Strategies", "Success criteria"), "new_skills"),
        (("Target", "Strategies", "Success criteria"), "exit_strategy"),
        (("", "Target", "Support and strategies to meet the target"), "supportive_interventions"),
    ],
)
def test_topic_column_headers(header: tuple[str, ...], topic: str) -> None:
    rows = (
        header,
        ("Asking for help with a signal card", "Small-group literacy catch-up", "Attends every session"),
    )
    corpus = Corpus(tables=[Table(rows, WHERE, "targets", "attachment")])
    assert extract_topics(corpus)[topic].found


@pytest.mark.parametrize(
    ("label", "yes", "no", "topic", "negative"),
    [
        ("Review dates set", "☐", "☒", "review_schedule", True),
        ("Supportive interventions", "☐", "☒", "supportive_interventions", True),
        ("New skills to be taught", "☒", "☐", "new_skills", False),
        ("Environment / system changes in school", "☐", "☒", "school_changes", True),
    ],
)
def test_checklist_rows(label: str, yes: str, no: str, topic: str, negative: bool) -> None:
    rows = (("Requirement", "Yes", "No", "Evidence / details"), (label, yes, no, ""))
    corpus = Corpus(tables=[Table(rows, WHERE, "checklist", "attachment")])
    found = extract_topics(corpus)[topic]
    assert found.found and found.negative is negative


def test_support_label_is_not_external_support() -> None:
    field = Field(
        "External behaviour support", "Considered: outreach advice requested.", WHERE, "", "attachment", 0, 0
    )
    assert not extract_topics(Corpus(fields=[field]))["supportive_interventions"].found


@pytest.mark.parametrize(
    ("label", "value", "name"),
    [
        ("Key worker", "Mrs Anita Patel, Pastoral Manager", "Mrs Anita Patel"),
        ("Plan coordinator", "Mr Callum Reid (Head of Year 9)", "Mr Callum Reid"),
        ("Lead professional in school", "Mrs Joanne Filer", "Mrs Joanne Filer"),
        ("Responsible member of staff", "Ms Eve Patterson", "Ms Eve Patterson"),
    ],
)
def test_named_person_labels(label: str, value: str, name: str) -> None:
    corpus = Corpus(fields=[Field(label, value, WHERE, "", "attachment", 0, 0)])
    assert named_person_in_plan(corpus, ())[0] == name


def test_named_person_heading() -> None:
    corpus = _headed("B7. Plan coordinator", "Mrs Joanna Pryce, Deputy Headteacher")
    assert named_person_in_plan(corpus, ())[0] == "Mrs Joanna Pryce"


def test_named_person_line_read_as_a_heading() -> None:
    head = Unit("9. Named person", WHERE, "named person", "attachment", 0)
    line = Unit(
        "Ms Gemma Rowe, Deputy Headteacher", WHERE, "ms gemma rowe, deputy headteacher", "attachment", 1
    )
    corpus = Corpus(units=[head, line], headings=[head, line])
    assert named_person_in_plan(corpus, ())[0] == "Ms Gemma Rowe"


def test_named_person_beside_a_signer() -> None:
    rows = (
        ("Name", "Position", "Signature", "Date"),
        ("Mr Ian Colley", "Head of Year 9 (named person)", "I. Colley", "26/11/2026"),
    )
    corpus = Corpus(tables=[Table(rows, WHERE, "signatures", "attachment")])
    assert named_person_in_plan(corpus, extract_signatures(corpus))[0] == "Mr Ian Colley"


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Mr Blake, Head of Year 7, is the named person responsible for the plan.", "Mr Blake"),
        ("The key worker for the plan will be Mrs Anita Patel.", "Mrs Anita Patel"),
    ],
)
def test_named_person_in_prose(line: str, name: str) -> None:
    corpus = Corpus(units=[Unit(line, WHERE, "", "attachment", 0)])
    assert named_person_in_plan(corpus, ())[0] == name


def test_key_adult_in_prose_is_not_a_named_person() -> None:
    corpus = _headed(
        "Changes in school", "• Behaviour points paused; a daily report reviewed with her key adult"
    )
    assert named_person_in_plan(corpus, ()) == (None, None)


@pytest.mark.parametrize(
    "line", ["Exit pass to the Hub", "Exit card for lessons", "Exit route to the pastoral office"]
)
def test_an_exit_pass_is_not_an_exit_strategy(line: str) -> None:
    corpus = Corpus(units=[Unit(line, WHERE, "reasonable adjustments", "attachment", 0)])
    assert not extract_topics(corpus)["exit_strategy"].found


@pytest.mark.parametrize(
    "line", ["Exit strategy: full days from 4 January", "Exit plan - back full time by week 6"]
)
def test_an_exit_strategy_label_is_read(line: str) -> None:
    corpus = Corpus(units=[Unit(line, WHERE, "", "attachment", 0)])
    assert extract_topics(corpus)["exit_strategy"].found


@pytest.mark.parametrize(
    ("value", "negative"),
    [
        ("No", True),
        ("No – not needed", True),
        ("No review dates set yet", True),
        ("no internal exclusions in the last two weeks and full days by 1 March", False),
        ("no more than one use of the time-out card a day", False),
    ],
)
def test_a_value_that_starts_with_no_is_a_denial_only_when_it_says_so(value: str, negative: bool) -> None:
    corpus = Corpus(
        units=[Unit(f"Exit strategy: {value}", WHERE, "", "attachment", 0)],
        fields=[],
    )
    assert extract_topics(corpus)["exit_strategy"].negative == negative


@pytest.mark.parametrize(
    ("line", "name"),
    [
        (
            "Mrs Fiona Grant (Assistant Head (Inclusion)) is the person in school responsible for this plan.",
            "Mrs Fiona Grant",
        ),
        (
            "Mr Neil Saunders, our Head of Year 9, leads the plan and is the family's contact.",
            "Mr Neil Saunders",
        ),
    ],
)
def test_named_person_in_prose_with_a_role_aside(line: str, name: str) -> None:
    found, _ev = named_person_in_plan(Corpus(units=[Unit(line, WHERE, "", "attachment", 0)]), ())
    assert found == name


@pytest.mark.parametrize(
    ("heading", "topic"),
    [
        ("Support we are putting in", "supportive_interventions"),
        ("Targeted support", "supportive_interventions"),
        ("In school we will change", "school_changes"),
        ("Changes we are making", "school_changes"),
        ("What Amira will be working on", "new_skills"),
        ("Ending the plan", "exit_strategy"),
        ("When will we look at this again?", "review_schedule"),
        ("Progress meetings", "review_schedule"),
        ("Alternatives to school", "alternative_provision_considered"),
        ("Who else can help?", "external_support_considered"),
    ],
)
def test_topic_labels_in_other_words(heading: str, topic: str) -> None:
    """'Label: value' lines whose label is a class of wording the blind phrase bank showed."""
    line = f"{heading}: weekly sessions with a named adult, agreed with mum at the meeting"
    corpus = Corpus(
        units=[Unit(line, WHERE, "", "attachment", 0)],
        fields=[Field(heading, line.split(": ", 1)[1], WHERE, "", "attachment", 0)],
    )
    assert extract_topics(corpus)[topic].found


@pytest.mark.parametrize(
    "line",
    [
        "Support offered alongside the timetable: TBC",
        "Skills to be developed: none yet",
        "Has AP been thought about? Not yet",
    ],
)
def test_a_label_with_an_empty_value_is_not_a_topic_found(line: str) -> None:
    topics = extract_topics(Corpus(units=[Unit(line, WHERE, "", "attachment", 0)]))
    assert not any(t.found and not t.negative for t in topics.values())


def test_a_heading_that_runs_on_is_not_a_value() -> None:
    """'Environment and systems' over 'No changes needed.': the heading's own words are no value."""
    corpus = _headed("Environment and systems", "No changes needed.")
    corpus.units[0] = Unit("Environment and systems", WHERE, "environment and systems", "attachment", 0)
    topic = extract_topics(corpus)["school_changes"]
    assert not (topic.found and not topic.negative)


@pytest.mark.parametrize(
    "heading",
    [
        "SECTION B - VULNERABILITY (answer every question)",
        "Part 2: Vulnerability",
        "Section 4 – Safeguarding (tick one)",
    ],
)
def test_a_forms_numbered_section_heading_is_no_unplaced_part(heading: str) -> None:
    assert (
        unplaced_parts(
            _headed(heading, "Is the pupil looked after (CLA)? No. Is there a Child in Need plan? No.")
        )
        == ()
    )


@pytest.mark.parametrize(
    "row",
    [
        "Mrs Philippa Hart Mrs Philippa Hart 06/10/2027",
        "Mr Kemal Şahin Ms Jo Hale",
        "Signed on 06/10/2027 by all",
    ],
)
def test_a_signature_row_is_no_unplaced_part(row: str) -> None:
    assert unplaced_parts(_headed(row, "Signed electronically by the parent and the head of year.")) == ()


def test_a_numbered_section_in_words_we_do_not_know_is_still_unplaced() -> None:
    corpus = _headed(
        "Section 3: Little steps Kacper will take", "Noticing early signs of worry; his calm-down plan."
    )
    assert unplaced_parts(corpus) == ("Section 3: Little steps Kacper will take",)


def test_parts_placed_nowhere_are_listed_and_known_parts_are_not() -> None:
    unknown = _headed("Little steps Kacper will take", "Noticing early signs of worry; his calm-down plan.")
    known = _headed("Reason for the reduced timetable", "Anxiety about the move to secondary school.")
    assert unplaced_parts(unknown) == ("Little steps Kacper will take",)
    assert unplaced_parts(known) == ()


@pytest.mark.parametrize(
    "label",
    [
        "External support considered",
        "Has outside help been considered (e.g. outreach)?",
        "Q7 Alternative provision considered?",
        "Other agencies involved with the family over the last two years and why they stopped",
        "Was an Early Help Assessment (EHA) offered?",
        "Early help",
        "Pupil name",
        "",
    ],
)
def test_a_label_searched_by_its_quicker_pattern_is_found_as_before(label: str) -> None:
    from parsers.extract import lookup
    from parsers.extract.topics import TOPIC_RULES

    twins = {
        rule.label: lookup._LABEL_SEARCH[rule.label]
        for rule in TOPIC_RULES.values()
        if rule.label in lookup._LABEL_SEARCH
    }
    assert len(twins) == 3  # external support, alternative provision, early help: '.{0,30}...'
    for pattern, twin in twins.items():
        assert bool(twin.search(label)) == bool(pattern.search(label))


def test_a_units_text_without_its_form_code() -> None:
    coded = Unit("C1 Start date: 12/01/2027", WHERE, "", "attachment", 0)
    assert coded.without_form_code == "Start date: 12/01/2027"
    assert Unit("Start date", WHERE, "", "attachment", 0).without_form_code == "Start date"


@pytest.mark.parametrize(
    ("value", "own"),
    [
        (
            "/ targeted early help family Yes Yes, considered: no outreach needed",
            "Yes Yes, considered: no outreach needed",
        ),
        ("/ targeted early help family No, none suitable: see notes", "No, none suitable: see notes"),
        ("alongside the timetable: TBC", "TBC"),
        ("offered (yes/no): none", "none"),
    ],
)
def test_an_answer_inside_a_wrapped_question_is_kept(value: str, own: str) -> None:
    """The question's second line, its answer and its comment run together: the answer is not
    taken for the rest of the label."""
    assert own_value(value) == own


def test_a_yes_with_a_comment_that_says_no_more_is_needed_is_considered() -> None:
    line = (
        "External behaviour support: / targeted early help family Yes Yes, considered: no outreach needed; "
        "family already working with the Family Hub."
    )
    corpus = Corpus(
        units=[Unit(line, WHERE, "", "attachment", 0)],
        fields=[Field("External behaviour support", line.split(": ", 1)[1], WHERE, "", "attachment", 0)],
    )
    topic = extract_topics(corpus)["external_support_considered"]
    assert topic.found and not topic.negative


def test_a_header_row_is_no_answer_to_its_first_cell() -> None:
    """'SMART target | Support and strategies | Review date': the next column's head is no skill."""
    corpus = Corpus(
        units=[Unit("SMART target Support and strategies Review date", WHERE, "", "attachment", 0)],
        fields=[Field("SMART target", "Support and strategies", WHERE, "", "attachment", 0)],
    )
    assert not extract_topics(corpus)["new_skills"].found


@pytest.mark.parametrize(
    "line", ["☒ Alternative provision considered: N/A - not needed", "Alternative provision: not appropriate"]
)
def test_an_option_weighed_and_turned_down_was_considered(line: str) -> None:
    corpus = Corpus(
        units=[Unit(line, WHERE, "", "attachment", 0)],
        fields=[Field(line.split(":")[0], line.split(": ", 1)[1], WHERE, "", "attachment", 0)],
    )
    topic = extract_topics(corpus)["alternative_provision_considered"]
    assert topic.found and not topic.negative


def test_help_from_outside_school_is_the_external_support_box() -> None:
    value = "Considered and agreed: referral to the attendance and engagement outreach team."
    corpus = Corpus(
        units=[Unit(f"Help from outside school: {value}", WHERE, "", "attachment", 0)],
        fields=[Field("Help from outside school", value, WHERE, "", "attachment", 0)],
    )
    topic = extract_topics(corpus)["external_support_considered"]
    assert topic.found and not topic.negative


@pytest.mark.parametrize(
    "header",
    [
        ("Also considered", "Tick", "Outcome"),
        ("Consideration", "Considered?", "Outcome"),
        ("Option", "Y/N", "Notes"),
    ],
)
def test_the_outcome_column_of_options_considered_is_no_exit_strategy(header: tuple[str, str, str]) -> None:
    """What came of considering family support is not how the plan will end."""
    rows = (header, ("Behaviour outreach / family support", "☒", "Family Hub support offered, mum accepted"))
    corpus = Corpus(units=[Unit(" ".join(r), WHERE, "", "attachment", i) for i, r in enumerate(rows)])
    corpus.tables.append(Table(rows, WHERE, "", "attachment"))
    assert not extract_topics(corpus)["exit_strategy"].found


def test_an_outcome_column_beside_targets_is_still_the_exit_strategy() -> None:
    rows = (
        ("Target", "Support", "Outcome"),
        ("Attend every session", "Key adult check-in", "Full days from 27/03/2028"),
    )
    corpus = Corpus(units=[Unit(" ".join(r), WHERE, "", "attachment", i) for i, r in enumerate(rows)])
    corpus.tables.append(Table(rows, WHERE, "", "attachment"))
    assert extract_topics(corpus)["exit_strategy"].found
