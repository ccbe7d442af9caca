"""Classes of wording from blind set 18's sealed part, fixed after it was scored once (issue 9;
not re-measured as blind): a spreadsheet printed with a title row over its frame; a meeting's label
with its date in words over who came."""

from __future__ import annotations

from parsers.extract import extract_facts
from parsers.model import Document, Page
from tests.minimail import message


def test_a_spreadsheet_with_a_title_row_over_its_frame() -> None:
    rows = (
        ("Sheet 4 - The plan", "", "", ""),
        ("", "A", "B", "C"),
        ("15", "Area", "In plan?", "Detail"),
        ("24", "Named person responsible in school", "☒ Yes ☐ No", "Mrs Çağla Yılmaz-Price, SENCo"),
    )
    text = "\n".join(" ".join(c for c in row if c) for row in rows) + "\n"
    page = Page(1, text, tables=(rows,))
    facts = extract_facts([message("Notification attached.", documents=[Document("ptt.pdf", (page,))])])
    assert facts.named_person == "Mrs Çağla Yılmaz-Price"


def test_a_meeting_label_with_its_date_in_words_over_who_came() -> None:
    body = (
        "Meeting Wednesday 8 September 2027: Ms Orla Lynch (Mother); Dáire (Pupil, for part of the meeting); "
        "Mr Jiří Novotný (Pastoral Lead); Ciarán de Búrca (YJS Officer).\n"
    )
    assert extract_facts([message(body)]).professionals_present == {"youth_justice"}
