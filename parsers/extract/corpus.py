"""Everything a case's messages say, as searchable units with where each was found.

A message becomes sources in priority order: for the newest message first, its attached
documents (the plan is authoritative), then its body, then forwarded messages; then the
older messages. Each source is cut into:

- `Unit`s: lines of a document, sentences of a body, each tagged with the section heading
  above it ('4. Review dates') and its place ('plan.pdf#page=2', 'body');
- `Field`s: label/value pairs, from two-column table rows, 'Label: value' lines and form
  fields;
- `Table`s: the document's tables as rows of cells.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from parsers.mail import before_inline_forward
from parsers.model import Document, Page, ParsedMessage

_NUMBERED_HEADING = re.compile(
    r"^\s*(?:(?:[Ss]ection|[Pp]art|[Ss]tep)\s+(?:\d{1,2}|[A-Z])|\d{1,2}|[A-H])(?:\.\d{1,2})?[.):]?\s+(?:[–—-]\s+)?"
    r"(?P<title>[A-Z][^.!?]{2,70}?)\s*:?\s*$"
)
_BARE_HEADING = re.compile(
    r"^\s*(?:#{1,4}\s*|\*\*)?(?P<title>[A-Z][A-Za-z/&,'()\- ]{2,60}?)(?:\*\*)?\s*:?\s*$"
)
_MARKED_HEADING = re.compile(r"^\s*#{1,4}\s+(?P<title>\S[^\n]{1,88}?)\s*:?\s*$")
"""A heading its markup marked ('## What school will do differently', from an HTML <h3>)."""
_LABEL_LINE = re.compile(r"^\s*(?P<label>[A-Z0-9][^:\n]{1,70}?)\s*:\s+(?P<value>\S.*)$")
_SENTENCE_END = re.compile(
    r"(?<=[.!?])(?<!\be\.g\.)(?<!\bE\.g\.)(?<!\bi\.e\.)(?<!\beg\.)(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)"
    r"\s+(?=[A-Z(\"'])"
)
"""A sentence ends at a full stop, not at an abbreviation's ('Needs (e.g. PP, CiC)', 'Mr. Hale')."""
TICKS = "✔✓✅☑"
"""A tick, typed or as a phone's emoji."""
CROSSES = "✘✗❌✖❎"
"""A cross: the item does not apply, or the person did not come."""
CHECK_MARKS = TICKS + CROSSES
"""A checklist's ticks and crosses, typed or as a phone's emoji ('✅ Support: ...', '❌ looked after')."""
_LIST_ITEM = re.compile(rf"^\s*(?:[-*•o▪●·{CHECK_MARKS}]\ufe0f?|\d{{1,2}}[.)]|[a-h]\)|\([a-h]\))\s+")
_QUOTED = re.compile(r"^\s*>")
_OPEN_END = re.compile(
    r"\b(?:on|by|from|of|the|a|an|and|or|to|at|in|until|since|before|after|with|for|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri)\s*$|[,–—:]\s*$|"
    r"\b(?:mon|tue|wed|thu)[a-z]*\s*[-–]\s*(?:tue|wed|thu|fri)[a-z]*\s*$",
    re.I,
)
"""A line that stops mid-phrase ('... completed by Mr Shaw (DSL) on'): the next line, even one
that starts with a number ('03/11/2026, before ...'), carries the sentence on."""
_ROW_START = re.compile(r"^\s*(?:(?:week|wk|w/c)\s*\d|\d{1,2}\b|(?:mon|tue|wed|thu|fri)[a-z]*\b)", re.I)
_SIGNOFF = re.compile(
    r"^\s*(?:kind|best|warm|many)?\s*(?:regards|wishes|thanks|thank you|sincerely|yours)\b.*$", re.IGNORECASE
)


@dataclass(frozen=True)
class Unit:
    text: str
    where: str
    section: str
    """The heading this unit sits under, lower-cased ('' before any heading)."""
    source: str
    """'attachment', 'body', 'forward' or 'subject'."""
    order: int

    @functools.cached_property
    def without_form_code(self) -> str:
        """The text without a form's box number before its label ('C1 Start date' is 'Start
        date'), worked out once: every label looked up asks for it (`lookup.labelled`)."""
        return FORM_CODE.sub("", self.text, count=1)


@dataclass(frozen=True)
class Field:
    label: str
    value: str
    where: str
    section: str
    source: str
    order: int
    rank: int = 1
    wide: bool = False
    """Cut from a row with more columns after the value (who, when, signature ...)."""
    """How much the pairing is trusted: 0 a table row or form field, 1 a 'Label: value'
    line, 2 a heading with the line under it."""


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]
    where: str
    section: str
    source: str


@dataclass
class Corpus:
    units: list[Unit] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    headings: list[Unit] = field(default_factory=list)
    signature_marks: list[tuple[str, str]] = field(default_factory=list)
    """(label, where) pairs where a reader saw a drawn or scanned signature."""
    plan_sources: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    ref_date: date | None = None
    newest: ParsedMessage | None = None
    scanned: set[str] = field(default_factory=set)
    """The `where` of every page read by OCR ('scan.pdf#page=2', 'IMG_0412.jpg')."""
    unanswered_rows: set[tuple[str, str]] = field(default_factory=set)
    """(document, label) of table rows whose answer cells are empty."""
    rows_left_empty: set[tuple[str, str]] = field(default_factory=set)
    """(document, label) of rows left empty between two answered rows of a form's table."""

    def add_unit(self, text: str, where: str, section: str, source: str) -> Unit:
        unit = Unit(text, where, section, source, len(self.units))
        self.units.append(unit)
        return unit

    def is_unanswered_row(self, unit: Unit) -> bool:
        """The unit is a table row's label whose answer cells are empty ('Safeguarding risk
        assessment | '): a box left blank, which says nothing (and has no value on the line
        below it, which is the next row)."""
        return (document_of(unit.where), unit.text) in self.unanswered_rows

    def is_row_left_empty(self, unit: Unit) -> bool:
        """The unit is a form row left empty between two rows answered beside their labels
        ('How we will know it has worked | The plan ...', 'Review | ', 'Staff lead | Mr X'):
        the row below is the next question's, not its answer. A table's title row ('Reviews |'
        over 'Date | Purpose') heads what is under it and is not one of these."""
        return (document_of(unit.where), unit.text) in self.rows_left_empty

    def in_sections(self, pattern: re.Pattern[str]) -> list[Unit]:
        return [u for u in self.units if u.section and pattern.search(u.section)]

    def search(self, pattern: re.Pattern[str]) -> Iterator[tuple[Unit, re.Match[str]]]:
        for unit in self.units:
            m = pattern.search(unit.text)
            if m:
                yield unit, m

    def fields_like(self, pattern: re.Pattern[str]) -> list[Field]:
        return [f for f in self.fields if pattern.search(f.label)]


def is_heading(line: str) -> str | None:
    """The heading's title when the line is a section heading."""
    if len(line) > 90 or not line.strip():
        return None
    m = _NUMBERED_HEADING.match(line)
    if m and not re.search(r"\d{1,2}[:.]\d{2}|/\d", m.group("title")) and not _dash_answered(line):
        return m.group("title").strip()
    m = _BARE_HEADING.match(line)
    if m and len(m.group("title").split()) <= 7 and _looks_like_title(m.group("title")):
        return m.group("title").strip()
    m = _MARKED_HEADING.match(line)
    if m and len(m.group("title").split()) <= 12:
        numbered = _NUMBERED_HEADING.match(m.group("title"))
        return (numbered or m).group("title").strip()
    return None


def _dash_answered(line: str) -> bool:
    """A numbered item that gives its answer after a dash ('9) Lead - Mr Rashid Qureshi, Head of
    Year 10') is a label and its answer, not a heading."""
    m = _NUMBERED_DASH_LABEL.match(line)
    return bool(m and (_TITLED_NAME.search(m.group("value")) or re.search(r"\d", m.group("value"))))


_HEADING_WORDS = re.compile(
    r"review|intervention|support|skill|exit|outcome|success|named|person|responsib|risk|safeguard|"
    r"meeting|timetable|signature|signed|agreement|consent|change|environment|adjust|alternative|"
    r"early help|external|pupil|child|details|circumstance|plan|hours|provision|strateg|attendance|"
    r"contact|professional|declaration|target|aim|school|differently|teach|worked|know|in place|keeping safe",
    re.IGNORECASE,
)


def _looks_like_title(text: str) -> bool:
    if text.rstrip().endswith(",") or text.lower().startswith("dear ") or not _HEADING_WORDS.search(text):
        return False
    words = [w for w in re.split(r"[\s/&,()-]+", text) if w]
    if not words or len(words) > 7:
        return False
    return (
        text.isupper()
        or sum(w[0].isupper() for w in words) >= max(1, len(words) // 2)
        or (text.rstrip().endswith(":"))
    )


def document_of(where: str) -> str:
    """The document a unit or table is in: its `where` without the page ('plan.pdf#page=2')."""
    return where.split("#")[0]


def build_corpus(messages: Sequence[ParsedMessage]) -> Corpus:
    corpus = Corpus()
    newest = messages[-1]
    corpus.newest = newest
    corpus.ref_date = newest.date.date() if newest.date else None
    for message in reversed(messages):
        _add_message(corpus, message, depth=0)
    corpus.unanswered_rows = _unanswered_rows(corpus)
    corpus.rows_left_empty = _rows_left_empty(corpus.tables)
    _add_heading_fields(corpus)
    _add_stacked_fields(corpus)
    return corpus


FORM_CODE = re.compile(
    r"^\s*(?:[A-Z]\d{1,2}[a-z]?[.):]?|Q\d{1,2}[.):]?|\d{1,2}[.)]|\((?:[a-z]{1,4}|[a-z]?\d{1,2})\)|[a-z]\))\s+(?=[A-Z])"
)
"""A form's box number before its label ('C1 Start date', 'Q3 Named person'), or an item's letter
or number in brackets ('(a) Named person', 'b) Support', '(iv) Reviews')."""
_BOX_TITLE = re.compile(
    r"^\s*(?:notes?|comments?|details?|signed|signatures?|dated?|names?|actions?|other|by whom|when)\s*:?\s*$", re.I
)
NEXT_QUESTION = re.compile(r"^\s*(?:Q\s?)?\d{1,2}[a-z]?(?:\.\d{1,2})?[.):]?\s+[A-Z][^?]{2,160}\?\s*$")
"""A numbered question of the form ('6. What support will be put in place?'): under another
question, the next box, not the first one's answer."""
_STACKED_LABEL = re.compile(r"^[A-Z][A-Za-z/&'’()\- ]{1,60}\??$")
_NUMBERED_STACKED_LABEL = re.compile(r"^[A-Z][A-Za-z0-9/&'’()\- ]{1,70}\??$")
"""A numbered question's label may hold a number of its own ('10. Week 1 - hours and daily pattern')."""


_QUESTION_NUMBER = re.compile(r"^\s*(\d{1,2})[.)]\s+\S")


def _the_next_number(above: str, below: str) -> bool:
    """The line below a numbered question opens with the next number: the next question, not an answer."""
    a, b = _QUESTION_NUMBER.match(above), _QUESTION_NUMBER.match(below)
    return a is not None and b is not None and int(b.group(1)) == int(a.group(1)) + 1


FORM_PROMPT = re.compile(
    r"^\s*(?:DD\s*/\s*MM\s*/\s*YY(?:YY)?|enter (?:your answer|a date|a number)|select your answer|choose an option)\s*$", re.I
)
"""An online form's prompt printed in an answer's place ('DD/MM/YYYY' between a question and its
date, 'Enter your answer'): never an answer."""
def _past_prompt(units: list[Unit], at: int) -> Unit:
    """The unit at `at`, or the one after it where it is only an online form's prompt: the answer
    under the 'DD/MM/YYYY' a question's date is printed below."""
    if FORM_PROMPT.match(units[at].text) and at + 1 < len(units):
        return units[at + 1]
    return units[at]


REQUIRED_MARK = re.compile(r"\s*\*\s*$")
"""An online form's mark of a required question ('13. Date of return to full-time *')."""
_TYPE_YOUR_NAME = re.compile(r"^[A-Z][^:?]{1,50}:\s*(?:please )?type (?:your )?(?:full )?name\b[^:?]{0,30}$", re.I)
"""An online form's signature question ('Agreement - Parent: type your full name to sign')."""


def _add_stacked_fields(corpus: Corpus) -> None:
    """A short label line with its value on the line below ('Looked after' / 'No'), as forms
    set them; trusted least, like a heading and its line."""
    units = corpus.units
    for i, above in enumerate(units[:-1]):
        below = _past_prompt(units, i + 1)
        if above.where != below.where or above.source == "subject" or above in corpus.headings:
            continue
        if corpus.is_unanswered_row(above):  # an empty box: the line below is the next row
            continue
        label = REQUIRED_MARK.sub("", above.without_form_code)
        bullet = _LIST_ITEM.match(label)
        if bullet:  # a list of the guidance's parts, each answered under its bullet ('o new skills ...')
            label = label[bullet.end() :]
            label = label[:1].upper() + label[1:]
        if _BOX_TITLE.match(below.text):  # the next empty box's title, not this box's value
            continue
        if NEXT_QUESTION.match(below.text) or _the_next_number(above.text, below.text):
            continue  # '5. How will it be reviewed?' over '6. What support ...?' or '6. Support considered'
        numbered = label != above.text  # its form's number taken off ('24. Parent/carer - type your ...')
        shape, most = (_NUMBERED_STACKED_LABEL, 10) if numbered else (_STACKED_LABEL, 8)
        short = shape.match(label) and len(label.split()) <= most
        if (short or _TYPE_YOUR_NAME.match(label)) and len(below.text.split()) <= 25:
            corpus.fields.append(
                Field(label.rstrip("?: "), below.text, below.where, above.section, below.source,
                      len(corpus.fields), rank=2)
            )


WORD_PLACEHOLDER = (
    r"click (?:or tap )?(?:here )?to enter (?:text|a date)\.?|choose an item\.?|"
    r"[^()\n]{0,60}\((?:to be )?(?:completed?|filled in|fill in) (?:at|after|by|in|when|during|following)\b[^)]{0,40}\)\.?"
)
"""The text Word shows in a form's empty field (and prints to PDF as if it were an answer), and a
form's instruction for a box left for later ('Notes from review (complete at the review)')."""
_BLANK_CELL = re.compile(rf"^\s*(?:{WORD_PLACEHOLDER})?\s*$", re.I)


def _unanswered_rows(corpus: Corpus) -> set[tuple[str, str]]:
    return {
        (document_of(t.where), " ".join(" ".join(c for c in row if c).split()))
        for t in corpus.tables
        for row in t.rows
        if _answer_cells_blank(row) and _answered_in_question_cell(row) is None
    } | {
        (document_of(t.where), " ".join(t.rows[0][0].split()))
        for t in corpus.tables
        if _empty_box(t.rows)
    }


_QUESTION_RUN_ON = re.compile(r"^\s*(?P<label>[^?\n]{5,160}\?)\s+(?P<value>\S.{2,})$", re.S)


_LABEL_THEN_DATE = re.compile(
    r"^\s*(?P<label>(?:\d{1,2}[a-z]?[.)]\s+)?[A-Za-z][^\d\n]{7,120}?)\s+(?P<value>\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b.*)$", re.S
)
"""A question's label with its answer run on after it, the answer starting with a date ('7. Date
of planning meeting and who attended 05/01/2028 - Mrs A (Mother); ...')."""
LABEL_NOTE = re.compile(r"^\([^()]{0,40}\)\s*")
"""A bracketed note that ends a question's label ('(outcome / exit)', '(exit)')."""


def _answered_in_question_cell(row: tuple[str, ...]) -> tuple[str, str] | None:
    """(question, answer) where a form's answer was typed into its question's cell, after the
    question mark or on the cell's next line, and the answer column left empty ('11. How and
    when will the timetable be reviewed? Check-in call every Friday ... | ')."""
    if not _answer_cells_blank(row):
        return None
    asked = _QUESTION_RUN_ON.match(row[0]) or _LABEL_THEN_DATE.match(row[0])
    if asked is None:
        return None
    value = LABEL_NOTE.sub("", " ".join(asked.group("value").split()))
    if len(value) < 3:
        return None  # 'How will we all know it has been successful? (exit)': the label's own note
    return _strip_number(" ".join(asked.group("label").split())).rstrip("?: "), value


def _answer_cells_blank(row: tuple[str, ...]) -> bool:
    """A labelled row whose answer cells are all empty ('Review | ')."""
    return len(row) >= 2 and bool(row[0].strip()) and all(_BLANK_CELL.match(c) for c in row[1:])


def _answered(row: tuple[str, ...]) -> bool:
    return len(row) >= 2 and bool(row[0].strip()) and not _answer_cells_blank(row)


def _rows_left_empty(tables: list[Table]) -> set[tuple[str, str]]:
    return {
        (document_of(t.where), " ".join(row[0].split()))
        for t in tables
        for before, row, after in zip(t.rows, t.rows[1:], t.rows[2:], strict=False)
        if _answer_cells_blank(row) and _answered(before) and _answered(after)
    }


def without_title_row(rows: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """The rows under a title row that spans the table ('Who is in the Team Around the Family',
    'Outcomes' over 'Long-term outcome | Short-term target | Baseline')."""
    if len(rows) >= 2 and sum(1 for c in rows[0] if c.strip()) == 1 and sum(1 for c in rows[1] if c.strip()) >= 2:
        return rows[1:]
    return rows


def _empty_box(rows: tuple[tuple[str, ...], ...]) -> bool:
    """A box of its own whose title row is over nothing ('Success looks like' over a blank)."""
    return _titled_box(rows) and not rows[1][0].strip()


def _titled_box(rows: tuple[tuple[str, ...], ...]) -> bool:
    """A table of one cell over one cell, the upper a label: a box with its title row."""
    return len(rows) == 2 and len(rows[0]) == len(rows[1]) == 1 and _short_label(rows[0][0])


def _add_heading_fields(corpus: Corpus) -> None:
    """A heading with one line under it reads as a label and its value ('MEETING' / 'Held on ...')."""
    for head in corpus.headings:
        nxt = head.order + 1
        if nxt < len(corpus.units) and not corpus.is_unanswered_row(head):
            unit = _past_prompt(corpus.units, nxt)
            if (
                unit.section == head.section
                and unit.where == head.where
                and unit not in corpus.headings
                and not corpus.is_unanswered_row(unit)  # 'Reviews and exit' over 'Review dates | ': left empty
                and not _BOX_TITLE.match(unit.text)
                and not NEXT_QUESTION.match(unit.text)
            ):
                title = REQUIRED_MARK.sub("", _strip_number(head.text))
                corpus.fields.append(
                    Field(
                        title.rstrip(": "),
                        unit.text,
                        unit.where,
                        head.section,
                        unit.source,
                        len(corpus.fields),
                        rank=2,
                    )
                )


def _add_message(corpus: Corpus, message: ParsedMessage, depth: int) -> None:
    # a forwarded message's files are read with it, below (once: a timetable's weeks would count double)
    attachments = message.own_attachments() if depth < 3 else message.all_attachments()
    for attachment in attachments:
        doc = attachment.document
        if doc is None:
            continue
        if not doc.readable:
            corpus.unreadable.append(attachment.filename)
        if doc.pages:
            _add_document(corpus, doc)
    forward_source = "forward" if depth else "body"
    if depth and message.from_ is not None and message.from_.email:
        # who wrote a forwarded mail, as its header line says: an agreement in it is theirs
        corpus.add_unit(f"From: {message.from_.name} <{message.from_.email}>", "forwarded message", "", forward_source)
    # A forward quoted in the body is read once, as the forward it is (not twice: a timetable's
    # weeks would count double).
    body = before_inline_forward(message.body) if message.forwarded and depth < 3 else message.body
    if message.from_ is not None and message.from_.email:
        body = own_quotes_unquoted(body, message.from_.email)
    _add_body(corpus, body, "body" if depth == 0 else "forwarded message", forward_source)
    if depth == 0 and message.subject:
        corpus.add_unit(message.subject, "subject", "", "subject")
    for fwd in message.forwarded:
        if depth < 3:
            _add_message(corpus, fwd, depth + 1)


_WROTE = re.compile(r"^\s*On\b.{4,120}\bwrote:\s*$", re.I)
_QUOTE_MARK = re.compile(r"^\s*> ?")


def own_quotes_unquoted(body: str, sender: str) -> str:
    """The writer's own earlier mails quoted under 'On <date>, <the writer> <their address>
    wrote:' read as what they are: the writer's words ('I wrote these up as two emails to myself
    after the meeting - both are below'), level by level. Anyone else's quoted mail stays quoted."""
    lines = body.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        joined = f"{line} {lines[i + 1]}" if i + 1 < len(lines) and not _WROTE.match(line) else line
        if not _QUOTED.match(line) and sender.casefold() in joined.casefold() and _WROTE.match(joined):
            attribution_lines = 1 if _WROTE.match(line) else 2
            end = i + attribution_lines
            while end < len(lines) and _QUOTED.match(lines[end]):
                lines[end] = _QUOTE_MARK.sub("", lines[end], count=1)
                end += 1
            if end > i + attribution_lines:
                lines[i : i + attribution_lines] = [""] * attribution_lines
        i += 1
    return "\n".join(lines)


def _add_document(corpus: Corpus, doc: Document) -> None:
    section = ""
    corpus.plan_sources.append(doc.source)
    for page in doc.pages:
        where = f"{doc.source}#page={page.number}" if len(doc.pages) > 1 or page.number > 1 else doc.source
        if page.ocr_confidence is not None:
            corpus.scanned.add(where)
        line_sections = _add_page_lines(corpus, page, where, section)
        section = line_sections[-1][1] if line_sections else section
        tables = (_spreadsheet_frame_removed(_split_merged_rows(t)) for t in page.tables)
        for rows in (*tables, *pipe_tables(page.text)):
            table_section = _section_of_table(rows, line_sections, section)
            corpus.tables.append(Table(rows, where, table_section, "attachment"))
            _add_table_fields(corpus, rows, where, table_section)
            _add_boxed_cells(corpus, rows, page.text, where, table_section)
    for name, value in doc.form_fields:
        corpus.fields.append(Field(name, value, doc.source, "", "attachment", len(corpus.fields), rank=0))
    for label in doc.signature_marks:
        corpus.signature_marks.append((label, doc.source))


def _spreadsheet_frame_removed(rows: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """A spreadsheet's sheet printed with its frame ('' | A | B | C over '15' | 'Area' | ...): the
    column letters and row numbers taken off, the cells left as the sheet's own table (its title
    row over the letters, 'Sheet 4 - The plan', is left to the page's text)."""
    if len(rows) > 2 and sum(1 for c in rows[0] if c.strip()) == 1 and not rows[1][0].strip():
        framed = _spreadsheet_frame_removed(rows[1:])
        return framed if framed != rows[1:] else rows
    if len(rows) < 2 or rows[0][0].strip() or len(rows[0]) < 2:
        return rows
    letters = [c.strip() for c in rows[0][1:]]
    if letters != [chr(ord("A") + i) for i in range(len(letters))]:
        return rows
    if not all(row and row[0].strip().isdigit() for row in rows[1:]):
        return rows
    return tuple(row[1:] for row in rows[1:])


def _split_merged_rows(rows: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """A row OCR read as one cell with its column rules as bars ('Week. | w/c | Times | Hours',
    then empty cells) is split into its cells, where that gives the table's width."""
    out = []
    for row in rows:
        cells = [c for c in row if c.strip()]
        if len(row) >= 2 and len(cells) == 1 and "|" in cells[0]:
            parts = tuple(p.strip(" .:‘’'") for p in re.split(r"\s*\|\s*", cells[0]))
            if len(parts) == len(row):
                row = parts
        out.append(row)
    return tuple(out)


_BULLET_GLYPH = re.compile(r"^[●•▪◦■◆➢➤►‣⁃∙·]\s*")
"""A list's bullet before its item, often with no space after it as an exported PDF sets it
('●Parent/carer: Mrs Vũ, 15/09/2027')."""
_OCR_BULLET = re.compile(r"^(?:[°«*]|[eoc.](?=\s+[A-Z]))\s+")
"""A bullet as OCR reads it off a scan ('e From Monday 31 January', '« Week 2', '° Ms Abena')."""


def _add_page_lines(corpus: Corpus, page: Page, where: str, section: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    is_title = _page_heading_test(page)
    scanned = page.ocr_confidence is not None
    rows = frozenset() if scanned else _row_lines(page)  # on scans it lost as many readings as it gained
    widths = sorted(len(ln.strip()) for ln in page.text.splitlines() if ln.strip())
    wrap_width = int(widths[int(len(widths) * 0.9)] * 0.85) if len(widths) >= 5 else 10_000
    previous = ""
    for raw_line in page.text.splitlines():
        line = _BULLET_GLYPH.sub("", " ".join(raw_line.split()))
        line = _DOT_LEADER.sub(r"\1: ", _OCR_BULLET.sub("", line) if scanned else line)
        if not line:
            continue
        title = is_title(line)
        if title:
            section = title.lower()
            corpus.headings.append(corpus.add_unit(line, where, section, "attachment"))
        elif _continues(corpus, line, where, len(previous) >= wrap_width, line in rows):
            last = corpus.units[-1]
            corpus.units[-1] = Unit(f"{last.text} {line}", where, last.section, last.source, last.order)
        else:
            corpus.add_unit(line, where, section, "attachment")
            _maybe_label_line(corpus, line, where, section, "attachment")
        out.append((line, section))
        previous = line
    return out


def _row_lines(page: Page) -> frozenset[str]:
    """The page's table rows of two or more cells as its text has them, one line each."""
    return frozenset(
        " ".join(" ".join(c for c in row if c).split())
        for table in page.tables
        for row in table
        if sum(1 for c in row if c.strip()) > 1
    )


def _continues(corpus: Corpus, line: str, where: str, above_was_full: bool, is_row: bool = False) -> bool:
    """A line that carries on the sentence above it: it starts in lower case, or the line
    above ran to the right margin without ending its sentence. A line that is a whole row of
    the page's table starts afresh, as a row's start does."""
    if not corpus.units:
        return False
    last = corpus.units[-1]
    if last.where != where or last.source != "attachment" or last in corpus.headings:
        return False
    if last.text.rstrip().endswith((".", ";", "?", "!")) or _LIST_ITEM.match(line):
        return False
    if is_row or _ROW_START.match(line):  # a table row's start, unless the sentence above is cut mid-phrase
        return above_was_full and bool(_OPEN_END.search(last.text))
    return line[0].islower() or above_was_full


def _page_heading_test(page: Page) -> Callable[[str], str | None]:
    """How to tell a heading on this page: by its style where the reader saw styles, else by
    its shape; never a line that is a table row."""
    rows = {
        " ".join(c for c in row if c)
        for table in page.tables
        for row in table
        if sum(1 for c in row if c) > 1
    }
    styled = {" ".join(h.split()) for h in page.headings}
    sentences = _sentence_cells(page) if styled else []

    def test(line: str) -> str | None:
        if line in rows or len(re.findall(r"[^\W\d_]", line)) < 3:  # a row, or dates and numbers only
            return None
        if sentences and _runs_across_cells(line, sentences):
            return None
        if styled:
            numbered = _NUMBERED_HEADING.match(line)
            if line in styled and len(line.split()) <= 12:
                return _strip_number(line)
            return numbered.group("title").strip() if numbered and line in styled else None
        return is_heading(line)

    return test


_SENTENCE_CELL = 60
_LINE_START = 25


def _sentence_cells(page: Page) -> list[str]:
    """The page's table cells that hold a sentence or more, their spaces made single."""
    cells = (" ".join(cell.split()) for table in page.tables for row in table for cell in row if cell)
    return [cell for cell in cells if len(cell) >= _SENTENCE_CELL]


def _runs_across_cells(line: str, cells: list[str]) -> bool:
    """A line of five or more words that starts in a long cell's sentence and runs on into the
    next column ('Art therapy once a week, a soft-start breakfast with the School from': the
    cell's first line, then the 'Who' and 'By when' cells): one line of a table's row, however
    the PDF styled it, so no heading. A line wholly inside one cell (a form's question or its
    answer, wrapped) is left as the page styled it."""
    if len(line.split()) < 5 or len(line) < _LINE_START:
        return False
    start = line[:_LINE_START]
    return any(start in cell and line not in cell for cell in cells)


def _strip_number(line: str) -> str:
    return re.sub(
        r"^\s*(?:[Ss]ection\s+|[Pp]art\s+|[Ss]tep\s+)?(?:\d{1,2}|[A-Z])(?:\.\d{1,2})?\s*[.):\-–]?\s+",
        "",
        line,
    ).strip()


def _section_of_table(rows: tuple[tuple[str, ...], ...], lines: list[tuple[str, str]], default: str) -> str:
    """The section of the line that holds the table's first row (its cells as the text runs them
    together), else of the first line that holds its first cell."""
    heads = " ".join(" ".join(c for c in rows[0] if c).split())[:40] if rows else ""
    first = next((c for row in rows for c in row if c), "")
    for probe in (heads, first[:25]):
        for line, section in lines:
            if probe and probe in line:
                return section
    return default


LONE_MARK = re.compile(r"^\s*(?:[☐☒☑✓✔✗✘■□xX]|\[[ xX]?\])\s*$")
"""A cell that is only a tick box, ticked or not, or a tick or cross."""
_COLUMN_TITLE = re.compile(r"^(?:role|name|signature|signed|date|week|hours?|who|when|day|times?|area)\b", re.I)
_LABEL_CELL = re.compile(r"^[A-Za-z][^\d]{0,80}(?:\s\d{1,2}(?:\s(?:weeks?|days?|months?|terms?)\b[^\d]{0,30})?)?$")
"""A label: words, perhaps numbered ('Contact 1') or over a span of time ('Attendance, last 12 weeks')."""


def _add_table_fields(corpus: Corpus, rows: tuple[tuple[str, ...], ...], where: str, section: str) -> None:
    """Label/value pairs from a table, in the layouts forms use: a label and its value in a
    row ('Pupil name | Oliver'), several pairs in a row ('Student | Elliot | Date of birth |
    03/11/2011'), labels across a header row with the values below, or a label beside a
    description with more columns after it ('Area | What we have agreed | Who | When')."""

    def add(label: str, value: str, rank: int, wide: bool = False) -> None:
        corpus.fields.append(Field(label, value, where, section, "attachment", len(corpus.fields), rank, wide))

    paired = _add_label_rows_over_answers(rows, add)
    for label, value in _labelled_bullets(rows):
        add(label, value, 0)
    for row in (row for i, row in enumerate(rows) if i not in paired):
        asked = _answered_in_question_cell(row)
        if asked is not None:
            add(*asked, 0)
            continue
        cells = [c for c in row if c]
        if len(cells) >= 3 and LONE_MARK.match(cells[0]):  # a checklist's tick column: '☒ | Named person | Mr X'
            cells = cells[1:]
        if len(cells) == 2 and len(cells[0]) <= 90 and not re.fullmatch(r"[\d./ -]+", cells[0]):
            add(cells[0], cells[1], 0)
        elif len(cells) >= 4 and len(cells) % 2 == 0 and all(_LABEL_CELL.match(c) for c in cells[::2]) and not (
            _titles_row(cells)
        ):
            for label, value in zip(cells[::2], cells[1::2], strict=True):
                add(label, value, 0)
        elif len(cells) >= 3 and _LABEL_CELL.match(cells[0]) and len(cells[0].split()) <= 10:
            add(cells[0], options_in_cells(cells[1:]) or cells[1], 1, wide=True)
            if _YES_NO_CELL.fullmatch(cells[1]):  # 'Named person | ☒ Yes ☐ No | Ms X': the detail too
                add(cells[0], cells[2], 1, wide=True)
    for label, value in _labels_over_values(rows):
        add(label, value, 0)


_OPTION_CELL = re.compile(r"^\W*[^\W\d]?\W*(?P<option>yes|no)\b.{0,4}$", re.IGNORECASE)


def options_in_cells(cells: Sequence[str]) -> str | None:
    """A Yes column and a No column, each cell holding its printed option and any mark ('Yes' |
    'No,' under 'Yes | No' on a scan): both cells, to be read as one answer."""
    if len(cells) < 2:
        return None
    first, second = (_OPTION_CELL.match(c) for c in cells[:2])
    if first and second and first.group("option").lower() != second.group("option").lower():
        return f"{cells[0]} {cells[1]}"
    return None


def _titles_row(cells: list[str]) -> bool:
    """A table's header row ('Phase | Week | In school | Hours'): what would be values are column
    titles, so its cells are not label and value in pairs."""
    return all(_COLUMN_TITLE.match(c) and len(c.split()) <= 3 for c in cells[1::2])


_YES_NO_CELL = re.compile(r"[\s/|]*(?:[☐☒☑✓✔]\s*(?:yes|no)\b[\s/|]*){2}|[\s/|]*(?:(?:yes|no)\s*[☐☒☑✓✔][\s/|]*){2}", re.I)
"""A Yes/No answer in boxes and nothing more ('☒ Yes ☐ No')."""


def _labels_over_values(rows: tuple[tuple[str, ...], ...]) -> Iterator[tuple[str, str]]:
    """A two-row table of three or more labels over their values ('Pupil | Year | DOB' over the
    answers), not a table's column titles over its first row."""
    header = [c for c in rows[0] if c] if rows else []
    if len(rows) == 2 and len(header) >= 3 and all(_LABEL_CELL.match(c) for c in header) and not any(
        _COLUMN_TITLE.match(c) for c in header
    ):
        if any(c.count("?") > 1 for c in header) and sum(1 for c in rows[1] if c) > len(header):
            return  # OCR ran two questions into one cell: the answers are not under their labels
        yield from ((label, value) for label, value in zip(rows[0], rows[1], strict=False) if label and value)


_INLINE_BULLET = re.compile(r"\s*•\s*")
"""Between the items of a bulleted list run together in one table cell, as a web page's cell gives
them ('• School will help me by: ... • School will change: ...')."""


def _labelled_bullets(rows: tuple[tuple[str, ...], ...]) -> Iterator[tuple[str, str]]:
    """(label, value) of each labelled bullet of a cell that runs several together."""
    for cell in (c for row in rows for c in row if c.count("•") >= 2):
        for item in _INLINE_BULLET.split(cell):
            m = _LABEL_LINE.match(item)
            if m and "." not in m.group("label"):
                yield m.group("label"), m.group("value")


def _add_label_rows_over_answers(rows: tuple[tuple[str, ...], ...], add: Callable[[str, str, int], None]) -> set[int]:
    """Each label of a row of labels paired with the cell below it; the rows so read. A box of
    its own (a title row over its text, 'My support' over what it is) is one such pair."""
    if _titled_box(rows) and rows[1][0]:
        add(rows[0][0], rows[1][0], 0)
        return {0, 1}
    stacked = _stacked_label_rows(rows)
    for index in stacked:
        for label, value in zip(rows[index], rows[index + 1], strict=False):
            if label and value:
                add(label, value, 0)
    return {*stacked, *(i + 1 for i in stacked)}


def _stacked_label_rows(rows: tuple[tuple[str, ...], ...]) -> list[int]:
    """The rows of labels in a table that alternates a row of labels with the row of their
    answers below ('Help I will get | What will be different at school' over two paragraphs):
    at least two such pairs, or none (a table's one header row is read as a header)."""
    found: list[int] = []
    i = 0
    while i + 1 < len(rows):
        labels, answers = [c for c in rows[i] if c], [c for c in rows[i + 1] if c]
        if len(labels) >= 2 and len(answers) == len(labels) and all(map(_short_label, labels)) and any(
            map(_worded_answer, answers)
        ):
            found.append(i)
            i += 2
        else:
            i += 1
    return found if len(found) >= 2 else []


def _short_label(cell: str) -> bool:
    """A cell that reads as a label: a few words, no figures, no sentence, no person."""
    return (
        bool(_LABEL_CELL.match(cell))
        and len(cell.split()) <= 8
        and not re.search(r"[.;:]", cell)
        and not _TITLED_NAME.match(cell)
    )


def _worded_answer(cell: str) -> bool:
    """A cell that answers in words: a sentence, figures or a long phrase (not a name or a role)."""
    return not _LABEL_CELL.match(cell) or len(cell.split()) > 8 or bool(re.search(r"[.;:]", cell))


_TITLED_NAME = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.? [A-Z]")
"""A person ('Mrs Joanne Filer'): an answer, never a label."""


_NUMBERED_DASH_LABEL = re.compile(
    r"^\s*\d{1,2}[.)]\s+(?P<label>[A-Z][^-–—:\n]{1,40}?)\s+[-–—]\s+(?P<value>\S.*)$"
)
"""A numbered list's item whose label is set off by a dash ('9) Lead - Mr Rashid Qureshi, Head of Year 10')."""
_STRIP_BAR = re.compile(r"\s+\|\s+")
"""The bar between the items of a header strip ('Marston Ferry School | Pupil: Jayden Walsh | DOB ...')."""


_BULLET_MARK = re.compile(rf"^\s*[-*•▪●·{CHECK_MARKS}]\ufe0f?\s+")
"""A list mark before a labelled line ('- Responsible: Mr X'), a checklist's tick or cross too
('✔ Named person: Mrs Raman', '✘ Alternative provision: not discussed')."""


def _maybe_label_line(corpus: Corpus, line: str, where: str, section: str, source: str) -> None:
    items = _STRIP_BAR.split(line)
    if len(items) > 1:
        for item in items:
            _maybe_label_line(corpus, item, where, section, source)
        return
    m = _LABEL_LINE.match(FORM_CODE.sub("", _BULLET_MARK.sub("", line, count=1), count=1)) or _NUMBERED_DASH_LABEL.match(line)
    if m and "." not in m.group("label") and not re.match(r"^(?:https?|mailto)$", m.group("label"), re.I):
        corpus.fields.append(
            Field(m.group("label"), m.group("value"), where, section, source, len(corpus.fields))
        )


def _add_boxed_cells(
    corpus: Corpus, rows: tuple[tuple[str, ...], ...], page_text: str, where: str, section: str
) -> None:
    """A form's box that holds a label and its answer ('C1 Start date Monday 10 November 2025')
    becomes a unit of its own where the page's lines split it (label and value set apart)."""
    flat = " ".join(page_text.split())
    for cell in (c for row in rows for c in row):
        if len(cell) >= 12 and re.search(r"\d", cell) and cell not in flat and len(cell.split()) <= 80:
            corpus.add_unit(cell, where, section, "attachment")


_GRID_BORDER = re.compile(r"^\s*(?:\+[-=+: ]*\+|[┌┬┐├┼┤└┴┘╔╦╗╠╬╣╚╩╝╞╪╡╟╫╢][─━═┬┼┴╦╬╩╪╫ ]*[┐┤┘╗╣╝╡╢])\s*$")
"""A rule between the rows of a grid drawn in text: '+------+-----+', or in box-drawing characters
('├──────┼─────┤'), as a mail client's plain-text table gives it."""
_BOX_BARS = str.maketrans("│┃║", "|||")


_ONE_BAR_ROW = re.compile(r"^[^|\t]{2,80}\s\|\s[^|\t]{1,80}$")
"""A row of two cells typed with one bar between them ('Looked after (CLA) | No'): with the rows
beside it, a table (a row alone is a line like any other)."""


def pipe_tables(text: str, one_bar: bool = False) -> list[tuple[tuple[str, ...], ...]]:
    """Tables written as text, one row a line with cells between bars ('1|08/09/2025|7.5|', '│ 1 │
    10/01/2028 │'), as converted RTF and plain-text plans give them; with `one_bar` (a mail's
    body, never a scan's ruling lines) also rows of two cells with one bar between them."""
    tables: list[tuple[tuple[str, ...], ...]] = []
    rows: list[tuple[str, ...]] = []
    for line in [*text.translate(_BOX_BARS).splitlines(), ""]:
        if _GRID_BORDER.match(line):
            continue  # '+------+-----+' between the rows of a grid drawn in text
        if line.count("|") >= 2 or "\t" in line.strip(" ") or (one_bar and _ONE_BAR_ROW.match(line)):
            cells = _cells_of(line)
            if not all(re.fullmatch(r"[-:= ]*", c) for c in cells):
                rows.append(tuple(cells))
        elif rows:
            if len(rows) >= 2:
                tables.append(tuple(rows))
            rows = []
    return tables


_DASH_RULE = re.compile(r"^[ \t]*-{2,}(?:[ \t]+-{2,})+[ \t]*$")


def dashed_tables(text: str) -> list[tuple[tuple[str, ...], ...]]:
    """A table typed in columns, its header underlined by a run of dashes for each column ('Week
    W/c Times Hrs' over '---- ----------- ------------- ---'): a row's cells are the text under
    each run where the columns line up, else its words in order, the words over the count going
    to the column with the longest run ('08:45 - 11:45' under '-------------'). The rows end at a
    line that does not fill every column (a blank line, 'Kind regards')."""
    tables: list[tuple[tuple[str, ...], ...]] = []
    lines = text.splitlines()
    for i, line in enumerate(lines[1:], start=1):
        if not _DASH_RULE.match(line):
            continue
        runs = [(m.start(), len(m.group(0))) for m in re.finditer(r"-+", line)]
        header = _fixed_cells(lines[i - 1], runs)
        aligned = all(header) and len(lines[i - 1].split()) == len(runs)
        cells_of = _fixed_cells if aligned else _word_cells
        rows = [header if aligned else _word_cells(lines[i - 1], runs)]
        for below in lines[i + 1 :]:
            cells = cells_of(below, runs)
            if not all(cells):
                break
            rows.append(cells)
        if len(rows) >= 2 and all(rows[0]):
            tables.append(tuple(rows))
    return tables


def _fixed_cells(line: str, runs: list[tuple[int, int]]) -> tuple[str, ...]:
    starts = [start for start, _ in runs]
    ends = [*starts[1:], len(line)]
    return tuple(" ".join(line[start:end].split()) for start, end in zip(starts, ends, strict=True))


def _word_cells(line: str, runs: list[tuple[int, int]]) -> tuple[str, ...]:
    words = line.split()
    extra = len(words) - len(runs)
    if extra < 0:
        return ("",) * len(runs)
    wide = max(range(len(runs)), key=lambda i: runs[i][1])
    cells = [*words[:wide], " ".join(words[wide : wide + extra + 1]), *words[wide + extra + 1 :]]
    return tuple(cells)


_DAY_WORD = re.compile(r"^(?:mon|tue|wed|thu|fri)[a-z]*\.?$", re.I)


def spaced_grids(text: str) -> list[tuple[tuple[str, ...], ...]]:
    """A days grid typed with single spaces between its cells ('Week W/C Mon Tue Wed Thu Fri
    Hours' over '1 15/11/2027 9:00-12:00 ... 15'): a header of three or more day names, then
    the lines with as many words as it has."""
    tables: list[tuple[tuple[str, ...], ...]] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        header = line.split()
        if sum(1 for w in header if _DAY_WORD.match(w)) < 3:
            continue
        rows = [tuple(header)]
        for below in lines[i + 1 :]:
            cells = below.split()
            if len(cells) != len(header):
                break
            rows.append(tuple(cells))
        if len(rows) >= 2:
            tables.append(tuple(rows))
    return tables


def _cells_of(line: str) -> list[str]:
    """The cells of a text table row: between bars, or between tabs (an HTML row)."""
    if line.count("|") >= 2 or _ONE_BAR_ROW.match(line):
        return [" ".join(c.split()) for c in line.strip().strip("|").split("|")]
    return [" ".join(c.split()) for c in line.strip(" ").split("\t")]


_DOT_LEADER = re.compile(r"^([ \t]*[^\s.:][^\n.:]{1,50}?)[ \t]+\.{3,}[ \t]+(?=\S)", re.M)
"""A label and its value joined by a row of dots ('Name of pupil ......... Mateusz'): 'Label: value'."""
_STARRED_LABEL = re.compile(r"^([ \t]*(?:[-•*][ \t]+)?)[*_]{1,2}([^*_\n]{1,80}?)(?::[*_]{1,2}|[*_]{1,2}:)", re.M)
"""A label in bold as a mail's text part writes it ('*Support in place:* ...', '*Pupil*: ...'), a
list's item too ('- **Lead:** Mrs Hughes', as Markdown writes it)."""


def _add_body(corpus: Corpus, body: str, where: str, source: str) -> None:
    body = _DOT_LEADER.sub(r"\1: ", _STARRED_LABEL.sub(r"\1\2:", body))
    first_cells: dict[str, str] = {}
    for rows in [*pipe_tables(body, one_bar=True), *spaced_grids(body), *dashed_tables(body)]:
        corpus.tables.append(Table(rows, where, "", source))
        _add_table_fields(corpus, rows, where, "")
        first_cells.update({" ".join(" ".join(row).split()): row[0] for row in rows if len(row) >= 2})
    section = ""
    paras = unwrap_paragraphs(body)
    asked = _quoted_questions(body)
    for i, para in enumerate(paras):
        if para in asked:  # the quoted point it answers is its heading
            section = asked[para]
            corpus.headings.append(corpus.add_unit(section, where, section, source))
        title = is_heading(para) if "\n" not in para else None
        if title and EMPTY_LABEL.match(para) and i + 1 < len(paras) and _LABEL_LINE.match(paras[i + 1]):
            corpus.add_unit(para, where, section, source)  # 'EXIT STRATEGY:' over 'REVIEWS: ...': left empty
            continue
        if title and not _LABEL_LINE.match(para):
            section = title.lower()
            corpus.headings.append(corpus.add_unit(para, where, section, source))
            continue
        if _LABEL_LINE.match(para) or _LIST_ITEM.match(para):
            corpus.add_unit(para, where, section, source)
            if not _label_across_cells(para, first_cells.get(para)):
                _maybe_label_line(corpus, para, where, section, source)
            _add_answer_to_question(corpus, paras[i - 1] if i else "", para, where, section, source)
            continue
        for sentence in _SENTENCE_END.split(para):
            if sentence.strip():
                corpus.add_unit(sentence.strip(), where, section, source)


_QUOTED_POINT = re.compile(r"^\s*>+\s*(?:\d{1,2}[.)]\s*|[a-h][.)]\s*|[-*•]\s*)?(?P<point>\S.*)$")


def _quoted_questions(body: str) -> dict[str, str]:
    """The council's quoted point each answer written under it answers ('> 4. Whether the pupil is
    looked after, ...' over 'NO TO ALL OF THESE'), by the answer's paragraph: a reply that
    answers inline. The point is the answer's section, as a heading would be."""
    out: dict[str, str] = {}
    point: list[str] = []
    answer: list[str] = []
    for raw in [*body.splitlines(), ">"]:
        quoted = _QUOTED_POINT.match(raw)
        if quoted is not None or _QUOTED.match(raw):
            if answer and point:
                out[unwrap_paragraphs("\n".join(answer))[0]] = " ".join(point).lower()
            point = [] if answer else point
            answer = []
            if quoted is not None:
                point.append(quoted.group("point"))
        elif raw.strip() and point:
            answer.append(raw)
    return out


_ANSWER_LINE = re.compile(
    r"^\s*(?:ans(?:wer)?|a|response|reply|our (?:answer|response)|school(?:'s|’s)? (?:answer|response))\s*:\s+(?P<value>\S.*)$",
    re.I | re.S,
)
_QUESTION_LINE = re.compile(r"^\s*(?:\d{1,2}[.)]\s*|[a-h]\)\s*|[-*•]\s*)?(?P<question>\S.{3,200}?)[\s;:?.]*$", re.S)


def _add_answer_to_question(corpus: Corpus, before: str, para: str, where: str, section: str, source: str) -> None:
    """'Ans: ...' under the question it answers (a school's answers written under each of the
    council's quoted points): the question is the answer's label."""
    answer = _ANSWER_LINE.match(para)
    question = _QUESTION_LINE.match(before) if answer else None
    if answer is None or question is None or _ANSWER_LINE.match(before) or _LABEL_LINE.match(before):
        return
    label = question.group("question").strip()
    corpus.fields.append(Field(label, answer.group("value"), where, section, source, len(corpus.fields)))


EMPTY_LABEL = re.compile(r"^[^:]{2,60}:\s*$")
"""A label with nothing after it ('EXIT STRATEGY:'): among other 'Label: value' lines it is an
empty field, not a heading over the next one."""


def _label_across_cells(para: str, first_cell: str | None) -> bool:
    """A body table's row whose 'Label:' runs past its first cell ('Exit strategy | Target: back
    to full days'): the label is in the next cell's value, the row's own pair is read as a table's."""
    m = _LABEL_LINE.match(para)
    return m is not None and first_cell is not None and len(m.group("label")) > len(" ".join(first_cell.split()))


def unwrap_paragraphs(body: str) -> list[str]:
    """Join the hard-wrapped lines of each paragraph; keep list items and labels apart."""
    out: list[str] = []
    current: list[str] = []
    for raw in body.splitlines():
        if _QUOTED.match(raw):  # quoted text is not read; it ends the paragraph an answer under it starts
            if current:
                out.append(" ".join(current))
                current = []
            continue
        line = " ".join(raw.split())
        row = "\t" in raw.strip(" ") or bool(_ONE_BAR_ROW.match(raw))  # a table row of an HTML body is a paragraph of its own
        starts_new = not line or row or _LIST_ITEM.match(line) or _LABEL_LINE.match(line) or is_heading(line)
        if starts_new and current:
            out.extend(_joined_unless_short(current))
            current = []
        if not line:
            continue
        if row or _LABEL_LINE.match(line) or is_heading(line):
            out.append(line)
        else:
            current.append(line)
    if current:
        out.extend(_joined_unless_short(current))
    return out


_SHORT_LINE = 40


def _joined_unless_short(lines: list[str]) -> list[str]:
    """A paragraph's lines joined, as a mail client wraps them; not a note of facts typed on a
    phone, its lines all far shorter than any wrap and most with a number ('part time from
    12/06/2028' / 'wk1 8.45-11.45 (15h)' / 'full days 26/06/2028'): each is a line of its own,
    unless it stops mid-phrase. (A sign-off's name, role and address stay joined.)"""
    numbered = sum(1 for line in lines if any(c.isdigit() for c in line))
    if len(lines) < 3 or max(len(line) for line in lines) >= _SHORT_LINE or 2 * numbered <= len(lines):
        return [" ".join(lines)]
    out = [lines[0]]
    for before, line in itertools.pairwise(lines):
        if _OPEN_END.search(before):
            out[-1] += " " + line
        else:
            out.append(line)
    return out
