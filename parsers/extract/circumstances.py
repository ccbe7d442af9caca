"""The circumstances that bring in a Local Authority professional: Yes, No, or not stated."""

from __future__ import annotations

import itertools
import re

from parsers.extract.corpus import CHECK_MARKS, CROSSES, LONE_MARK, Corpus, Table, Unit, options_in_cells
from parsers.extract.lookup import labelled, negated_near, quote, tick_answer
from parsers.facts import CIRCUMSTANCES, Evidence

_OCR_LOOKALIKES = {"l": "[l1I|it]", "i": "[il1I|!]", "t": "[tl1f]", "o": "[o0]", "d": "(?:d|cl)", "n": "(?:n|ri)"}
"""Letters a scan's OCR reads as others ('Chitd in Need pian')."""


def _ocr_tolerant(phrase: str) -> str:
    """The phrase with each letter allowed its OCR look-alikes; words start where they did."""
    return r"\s+".join("".join(_OCR_LOOKALIKES.get(c, re.escape(c)) for c in word) for word in phrase.split())


PATTERNS: dict[str, re.Pattern[str]] = {
    "looked_after": re.compile(
        r"looked[- ]after|child(?:ren)? in (?:our )?care|\bLAC\b|\bCLA\b|\bCiC\b|in the care of the local authority|"
        r"\bin foster care\b|\bis fostered\b|(?:\b(?:his|her|their)|['’]s) foster (?:carers?|placement|family)\b|"
        r"\b(?:is )?a child we care for\b|(?:\bI|[}|\]!]) am in care\b|\bI'm in care\b|\bam I in care\b|\b(?:lives|living|placed|lodged) with (?:(?:his|her|their) )?foster (?:carers?|family|parents?)\b|"
        + _ocr_tolerant("looked after"),
        re.I,
    ),
    "court_order": re.compile(
        r"court order|referral order|youth rehabilitation order|supervision order|subject to a court\b|"
        + _ocr_tolerant("court order"),
        re.I,
    ),
    "child_protection": re.compile(
        r"child protection|\bCP\b(?: plan)?|\bCPP\b|" + _ocr_tolerant("child protection"), re.I
    ),
    "child_in_need": re.compile(r"child in need|\bCiN\b|\bCIN\b|" + _ocr_tolerant("child in need"), re.I),
    "team_around_family": re.compile(
        r"team around the family|\bTAF\b|early help plan|" + _ocr_tolerant("team around the family"), re.I
    ),
    "ehcp": re.compile(
        r"\bEHC ?P\b|\bEHC plan|education,? health and care plan|statement of (?:SEN|special educational needs)",
        re.I,
    ),
}
_ANSWER_LEAD = re.compile(r"^[^:.;?=]{0,30}?(?::|=|\s[-–]\s|\?)\s*")
_BOX_BEFORE = re.compile(r"(☒|☑|✓|✔|\[x\]|☐|\[ \])\s*(?:child\s*|the\s*)?$", re.I)
_NONE_AFTER = re.compile(r"^[^.;]{0,40}\b(?:none (?:apply|applies)|not applicable|n/a)\b", re.I)


def extract_circumstances(corpus: Corpus) -> tuple[dict[str, bool | None], dict[str, Evidence]]:
    values: dict[str, bool | None] = dict.fromkeys(CIRCUMSTANCES)
    evidence: dict[str, Evidence] = {}
    header_rows = _header_rows(corpus)  # the tables' shapes, found once for the six
    yes_no_tables = _yes_no_tables(corpus)
    for cid, pattern in PATTERNS.items():
        answer = (
            _from_header_row(header_rows, pattern)
            or _from_marked_lines(corpus, pattern)
            or _from_yes_no_columns(yes_no_tables, pattern)
            or _from_checklist_tables(corpus, pattern)
            or _from_rows(corpus, pattern)
            or _from_fields(corpus, pattern)
            or _from_cells(corpus, pattern)
            or _from_boxes(corpus, pattern)
            or _from_checklist_lines(corpus, pattern)
            or _from_prose(corpus, pattern)
        )
        if answer is not None:
            values[cid], evidence[cid] = answer
    values = _same_mark_for_all(values, evidence)
    values = _none_of_the_asked(corpus, values, evidence)
    values = _no_social_care(corpus, values, evidence)
    values = _none_of_a_list_and_so_on(corpus, values, evidence)
    values = _none_but_those_listed(corpus, values, evidence)
    return _all_others_no(corpus, values, evidence), {cid: ev for cid, ev in evidence.items() if values[cid] is not None}


_NO_SOCIAL_CARE = re.compile(
    r"\b(?:no|not known to|not open to|not involved with|no involvement (?:from|with)|without) (?:any )?(?:children'?s )?"
    r"social (?:care|services|worker)\b(?! (?:plan|assessment) (?:is|was) (?:in place|open))",
    re.I,
)
_SOCIAL_CARE_PLANS = ("child_protection", "child_in_need")


def _no_social_care(
    corpus: Corpus, values: dict[str, bool | None], evidence: dict[str, Evidence]
) -> dict[str, bool | None]:
    """'No social care, no EHCP, ...', 'not known to children's social care': no child protection
    or child in need plan, where neither was answered otherwise (the plans social care holds)."""
    if all(values[cid] is not None for cid in _SOCIAL_CARE_PLANS):
        return values
    for unit, m in corpus.search(_NO_SOCIAL_CARE):
        if unit.source == "subject" or "?" in unit.text[m.end() : m.end() + 3]:
            continue
        for cid in _SOCIAL_CARE_PLANS:
            if values[cid] is None:
                values[cid] = False
                evidence[cid] = Evidence(quote(unit.text), unit.where)
        break
    return values


_NONE_OF_THEM = re.compile(
    r"^\W*(?:no(?:,)? (?:to )?(?:all|any|each)(?: of)?(?: (?:these|them|those|the above))?|none(?: of (?:these|them|those|the above))?"
    r"(?: (?:apply|applies|are in place))?|not applicable(?: to (?:him|her|them))?|n/?a)\W*$",
    re.I,
)
_NONE_OF_THEM_SAID = re.compile(
    r"(?:^|[.;:]\s+)none of (?:these|those|them|the above)(?: plans| orders| plans or orders)? (?:apply|applies|are in place)\b",
    re.I,
)
"""The answer as a sentence of a longer line ('Meeting on 06/10/2027: ... . None of those plans apply to Wanjikũ.')."""
_ASKED_MIN = 3


def _none_of_the_asked(
    corpus: Corpus, values: dict[str, bool | None], evidence: dict[str, Evidence]
) -> dict[str, bool | None]:
    """A question that names the circumstances ('> 4. Whether the pupil is looked after, on a court
    order, has a CP, CIN or TAF plan, or an EHCP'), answered on the line below 'NO TO ALL OF
    THESE': none of those it names applies (a reply answering the council's quoted questions,
    whose quoted point is the answer's section)."""
    units = corpus.units
    for unit, nxt in itertools.pairwise(units):
        if not (_NONE_OF_THEM.match(nxt.text) or _NONE_OF_THEM_SAID.search(nxt.text)):
            continue
        question = unit.text if nxt.where == unit.where and _circumstances_named(unit.text) >= _ASKED_MIN else nxt.section
        if _circumstances_named(question) < _ASKED_MIN:
            continue
        asked = [cid for cid, pattern in PATTERNS.items() if pattern.search(question)]
        for cid in asked:
            if values[cid] is None:
                values[cid] = False
                evidence[cid] = Evidence(quote(f"{question} {nxt.text}"), nxt.where)
    return values


_MARKED_LINE = re.compile(rf"^\s*(?P<mark>[{CHECK_MARKS}])\ufe0f?\s*(?P<label>\S.*)$")
_CROSSES = frozenset(CROSSES)


def _from_marked_lines(corpus: Corpus, pattern: re.Pattern[str]) -> tuple[bool, Evidence] | None:
    """A checklist line ticked or crossed before the circumstance it names ('❌ looked after', '✅ TAF
    plan - Mrs Pritchard-Lowe (Early Help) is lead'): the cross says it does not apply."""
    for unit in corpus.units:
        m = _MARKED_LINE.match(unit.text)
        named = pattern.search(m.group("label")) if m else None
        if m is not None and named is not None and named.start() <= _NEAR_THE_MARK:
            return m.group("mark") not in _CROSSES, Evidence(quote(unit.text), unit.where)
    return None


_NEAR_THE_MARK = 12
_BARE_MARK = re.compile(r"[:|]\s*[xX✓✔v]\s*$")
_SAME_MARKS = 4


def _same_mark_for_all(values: dict[str, bool | None], evidence: dict[str, Evidence]) -> dict[str, bool | None]:
    """Four or more circumstances each answered by nothing but the same bare mark ('Is there a Child
    Protection plan?: x'): a cross may be a No (a form ticked for yes and crossed for no) as well as a
    mark beside what applies, and a child under four of them is unlikely: unread, not yes."""
    marked = [cid for cid, value in values.items() if value and cid in evidence and _BARE_MARK.search(evidence[cid].text)]
    if len(marked) < _SAME_MARKS:
        return values
    return {cid: (None if cid in marked else value) for cid, value in values.items()}


_NO_LIST_ETC = re.compile(
    r"\bno (?P<list>[\w ]{2,30}(?:\s*(?:/|,|&|\bor\b|\band\b)\s*[\w ]{2,30}){1,6}?)\s*,?\s*(?:etc\b\.?|and so on\b|or anything like that\b)",
    re.I,
)
_LIST_NOT_INVOLVED = re.compile(
    r"^\W*(?:\d{1,2}[.)]\s*)?(?P<list>[\w ]{2,30}(?:\s*(?:/|,|&|\bor\b|\band\b)\s*[\w ]{2,30}){1,6}?)\s*:\s*"
    r"(?:none|no|not involved|no involvement|n/?a)\b",
    re.I,
)
"""'14. Social care, YJ, Virtual School, SEN Team: not involved - no plans of that kind.'"""
_SERVICE = re.compile(
    r"\b(?:SW|social work(?:er)?s?|social care|YOT|YJS?|youth (?:justice|offending)|virtual school|VS|SEND? (?:team|officer)|early help)\b",
    re.I,
)


def _none_of_a_list_and_so_on(
    corpus: Corpus, values: dict[str, bool | None], evidence: dict[str, Evidence]
) -> dict[str, bool | None]:
    """'no SW / EHCP / YOT etc', 'Social care, YJ, Virtual School, SEN Team: not involved': a list
    of the plans or their services, denied as a whole ('etc' closing it, or one answer after it),
    denies them all; none that was not answered otherwise applies."""
    for unit, m in [*corpus.search(_NO_LIST_ETC), *corpus.search(_LIST_NOT_INVOLVED)]:
        items = re.split(r"\s*(?:/|,|&|\bor\b|\band\b)\s*", m.group("list"))
        named = [i for i in items if _SERVICE.search(i) or any(p.search(i) for p in PATTERNS.values())]
        if unit.source != "subject" and len(named) >= 2:
            return _the_rest_no(values, evidence, unit)
    return values


_ONLY_THOSE_LISTED = re.compile(
    r"\bonly (?:those|the ones|the services|the agencies|the plans)(?: that are| who are| which are)? "
    r"(?:involved|open|in place|that apply|applying|working with (?:the|this) (?:child|family))\b[^.;]{0,10}?"
    r"\b(?:are )?(?:listed|shown|named|recorded|included)\b",
    re.I,
)


def _none_but_those_listed(
    corpus: Corpus, values: dict[str, bool | None], evidence: dict[str, Evidence]
) -> dict[str, bool | None]:
    """'Services involved with the child and family (only those involved are listed)': a plan or
    service the list does not name is not in place."""
    for unit, _m in corpus.search(_ONLY_THOSE_LISTED):
        if unit.source != "subject":
            return _the_rest_no(values, evidence, unit)
    return values


def _the_rest_no(
    values: dict[str, bool | None], evidence: dict[str, Evidence], unit: Unit
) -> dict[str, bool | None]:
    """Each circumstance not answered otherwise does not apply, as `unit` says of them all."""
    for cid, value in values.items():
        if value is None:
            values[cid] = False
            evidence[cid] = Evidence(quote(unit.text), unit.where)
    return values


_ALL_OTHERS = re.compile(
    r"\b(?:all (?:the )?others?|none of the others?|no others?|"
    r"(?:none of the|no) other (?:plans?|orders?|circumstances|categories|involvement|(?:plans? )?(?:or|and) orders?))\b",
    re.I,
)
_NOT_APPLYING = re.compile(r"\b(?:no|not|none|n/a)\b", re.I)


def _all_others_no(
    corpus: Corpus, values: dict[str, bool | None], evidence: dict[str, Evidence]
) -> dict[str, bool | None]:
    """'Child Protection plan - YES; all others NO': the circumstances the line does not name do
    not apply, where the line (or the sentence before it: '... Court Order: yes. None of the other
    plans or orders applies.') answers one that it names."""
    for unit, others in corpus.search(_ALL_OTHERS):
        before = corpus.units[unit.order - 1] if unit.order > 0 else None
        texts = [unit.text, before.text if before is not None and before.where == unit.where else ""]
        answered = any(
            ev.where == unit.where and any(ev.text.rstrip("…") in text for text in texts) for ev in evidence.values()
        ) or any(
            values.get(cid) is not None and any(pattern.search(text) for text in texts) for cid, pattern in PATTERNS.items()
        )  # the line names one that was answered, though its evidence was taken from elsewhere (a signature row)
        if answered and _NOT_APPLYING.search(unit.text, others.start()):
            return {cid: (False if value is None else value) for cid, value in values.items()}
    return values


_MARK = re.compile(r"^\s*(?:x|✓|✔|☒|☑|yes|y|\[x\]|\(x\)|ticked)\s*$", re.I)
_UNMARKED = re.compile(r"^\s*(?:☐|\[ \]|)\s*$")
_YES_NO_HEADER = re.compile(r"\byes\b\W*\bno\b", re.I)
_BOX = "☒☑✓✔☐"
_LABEL_CHARS = 60
_YES_NO_BOXES = re.compile(r"[^☐☒\n]{0,40}?([☐☒])\s*([☐☒])\s*$")
"""A row of Yes and No columns read as a line: 'Is there a Child in Need Plan? ☐ ☒'."""
_BOXES = re.compile(r"[☒☑✓✔☐]|\[[x ]\]", re.I)


def _yes_no_tables(corpus: Corpus) -> list[tuple[Table, tuple[int, int]]]:
    """The tables with a Yes/No header, and their (yes, no) columns (`_yes_no_columns`)."""
    found = ((table, _yes_no_columns(table.rows)) for table in corpus.tables)
    return [(table, columns) for table, columns in found if columns is not None]


def _from_yes_no_columns(
    tables: list[tuple[Table, tuple[int, int]]], pattern: re.Pattern[str]
) -> tuple[bool, Evidence] | None:
    """A table with 'Yes' and 'No' columns and a mark in one of them. The header row need not
    be the first (a title row above it), and OCR may run it into one cell ('Yes | No'): then
    the row's two answer cells are Yes and No, in that order."""
    for table, columns in tables:
        for row in table.rows:
            if not row or not pattern.search(row[0]) or options_in_cells([c for c in row[1:] if c.strip()]):
                continue  # each row prints its own options: a 'Yes' there is the word, not a mark
            yes, no = columns if columns != (-1, -1) else _answer_cells(row)
            if max(yes, no) >= len(row) or min(yes, no) < 1:
                continue
            answer = _marked(row[yes], row[no])
            if answer is not None:
                return answer, Evidence(quote(f"{row[0]}: {'Yes' if answer else 'No'}"), table.where)
    return None


def _yes_no_columns(rows: tuple[tuple[str, ...], ...]) -> tuple[int, int] | None:
    """(yes, no) column indices of the header among the first rows; (-1, -1) when a header
    says 'Yes No' in one cell; None when the table has no Yes/No header."""
    for row in rows[:3]:
        header = [_header_word(c) for c in row]
        if "yes" in header and "no" in header:
            yes, no = header.index("yes"), header.index("no")
            return (yes, no) if min(yes, no) > 0 else (-1, -1)  # a scan's header cells misplaced
        if any(_YES_NO_HEADER.search(c) for c in row):
            return -1, -1
    return None


def _header_word(cell: str) -> str:
    """'yes' or 'no' for a header cell OCR read with a ruling line stuck to it ('INo', '|Yes',
    'Ives'); else the cell's letters."""
    letters = re.sub(r"[^a-z]", "", cell.lower())
    for word in ("yes", "no"):
        if letters.endswith(word) and len(letters) <= len(word) + 1:
            return word
    return letters


def _answer_cells(row: tuple[str, ...]) -> tuple[int, int]:
    """The first two cells after the label that are marks or empty."""
    cells = [i for i, c in enumerate(row) if i and (_MARK.match(c) or _UNMARKED.match(c))]
    return (cells[0], cells[1]) if len(cells) >= 2 else (-1, -1)


def _marked(yes: str, no: str) -> bool | None:
    if _MARK.match(yes) and _UNMARKED.match(no):
        return True
    if _MARK.match(no) and _UNMARKED.match(yes):
        return False
    return None


_HeaderRow = tuple[Table, tuple[str, ...], tuple[str, ...], list[int], bool]
"""A table, a row naming three or more circumstances, the row below, the cells that name one, and
whether the row below starts 'Tick if yes' (an empty box there is No)."""


def _header_rows(corpus: Corpus) -> list[_HeaderRow]:
    """The table rows that name three or more circumstances, one to a short cell, with the row
    below each (`_from_header_row`)."""
    found: list[_HeaderRow] = []
    for table in corpus.tables:
        typed = table.where not in corpus.scanned
        for header, answers in itertools.pairwise(table.rows):
            if not typed:
                header, answers = _rules_read_as_bars(header, answers)
            named = [i for i, cell in enumerate(header) if len(cell) <= 40 and _circumstances_named(cell) == 1]
            if len(named) >= 3:
                tick_if_yes = bool(answers) and bool(_TICK_IF_YES.search(answers[0]))
                if tick_if_yes and len(answers) == len(header) + 1:
                    answers = answers[1:]  # 'Tick if yes' in a cell of its own before the boxes
                ticks_only = tick_if_yes or (typed and _a_row_of_boxes(answers))
                found.append((table, header, answers, named, ticks_only))
    return found


_BAR = re.compile(r"\s*[|\[\]]\s*")
_ANSWER_LIKE = re.compile(r"[A-Za-z☐☒☑✓✔]")


def _rules_read_as_bars(header: tuple[str, ...], answers: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A scanned header whose inner rules were not found as cell borders but read by OCR as bars
    ('Looked after? | Court order? |CP plan? [CIN plan? | TAF plan?' in one cell) over a row of
    answers, one to a cell: the labels split at the bars, the answers without specks ('.'), when
    there are as many of each."""
    crowded = [c for c in header if _circumstances_named(c) >= 3 and _BAR.search(c)]
    if len(crowded) != 1:
        return header, answers
    labels = tuple(part for part in _BAR.split(crowded[0]) if part.strip())
    marked = tuple(c for c in answers if _ANSWER_LIKE.search(c))
    return (labels, marked) if len(labels) == len(marked) else (header, answers)


_BOX_GLYPHS = frozenset("☐☒☑✓✔")


def _a_row_of_boxes(row: tuple[str, ...]) -> bool:
    """A typed row of box glyphs only, one of them marked ('☐ | ☒ | ☐ | ☐' under 'None | Child in
    Need | Child Protection | Looked After Child', 'mark one'): a marked box is Yes, an empty one
    No. Never on a scan, where OCR reads pen and shadow as letters and boxes."""
    cells = [c.strip() for c in row if c.strip()]
    return bool(cells) and all(c in _BOX_GLYPHS for c in cells) and any(c != "☐" for c in cells)


def _from_header_row(rows: list[_HeaderRow], pattern: re.Pattern[str]) -> tuple[bool, Evidence] | None:
    """Circumstances across a row with the answers in the row below ('CLA | Court Order | CP plan'
    over 'N | N | Y'): the answer in the circumstance's column."""
    for table, header, answers, named, ticks_only in rows:
        if _misaligned(header, answers):
            continue
        for i in named:
            if pattern.search(header[i]) and i < len(answers):
                answer = tick_answer(answers[i]) if len(answers[i]) <= 12 else None
                if answer is None and _BARE_PAIR.match(answers[i]) and _yes_before_no(answers):
                    answer = answers[i].strip().startswith("☒")  # the first box is Yes, as beside it
                if answer is None and ticks_only and _UNMARKED.match(answers[i]):
                    answer = False  # 'Tick if yes' over an empty box
                elif answer is None and ticks_only and answers[i].strip() in _TICKS:
                    answer = True  # the box marked in a row of boxes
                if answer is not None:
                    return answer, Evidence(quote(f"{header[i]}: {answers[i]}"), table.where)
    return None


def _misaligned(header: tuple[str, ...], answers: tuple[str, ...]) -> bool:
    """A scanned header that OCR ran two questions into one cell ('Looked after? Court order?'),
    over more answers than it has cells: the answers are not under their questions."""
    crowded = any(sum(1 for p in PATTERNS.values() if p.search(cell)) > 1 for cell in header)
    return crowded and sum(1 for a in answers if a.strip()) > sum(1 for c in header if c.strip())


_BARE_PAIR = re.compile(r"^\s*(?:☒\s*☐|☐\s*☒)\s*$")
"""A Yes/No pair whose words OCR lost, its two boxes left ('☐ ☒')."""


def _yes_before_no(answers: tuple[str, ...]) -> bool:
    """The row's other answers give their options as Yes then No: so does a bare pair of boxes."""
    return any(re.search(r"\byes\b.*\bno\b", a, re.I) for a in answers)


_TICKS = ("☒", "☑", "✓", "✔", "■", "x", "X", "[x]", "[X]")
"""A box's marks that tick it."""
_TICK_IF_YES = re.compile(r"\btick\b.{0,12}\b(?:yes|appl(?:y|ies|icable)|relevant)\b", re.I)


def _from_rows(corpus: Corpus, pattern: re.Pattern[str]) -> tuple[bool, Evidence] | None:
    """A table cell that names the circumstance and the cell beside it that answers it
    ('Is the pupil Looked After? | No', 'Child Looked After (CLA) | ☐ Yes ☒ No'), also where
    a row holds two such pairs side by side; or a tick column before the label ('☒ | Child in
    Need plan', '✗ | On a Court Order', an empty box: not ticked)."""
    for table in corpus.tables:
        for row in table.rows:
            if len(row) >= 2 and LONE_MARK.match(row[0]) and pattern.search(row[1]) and len(row[1]) <= 90:
                ticked = row[0].strip() in _TICKS
                return ticked, Evidence(quote(f"{row[1]}: {row[0].strip()}"), table.where)
            for at, (label, value) in enumerate(itertools.pairwise(row)):
                if len(label) > 90 or not pattern.search(label):
                    continue
                value = options_in_cells(row[at + 1 :]) or value
                if _several_rows(value):
                    continue
                answer = tick_answer(value)
                if answer is None and LONE_MARK.match(value):  # 'Is there a CP plan? | ☐'
                    answer = value.strip() in _TICKS
                if answer is not None:
                    return answer, Evidence(quote(f"{label}: {value}"), table.where)
    return None


_PRINTED_OPTION = re.compile(r"\b(?:yes|no)\b(?!\s+[a-z])", re.IGNORECASE)
"""An option printed on a form ('Yes', 'No'), not the start of a phrase ('no concerns')."""


def _several_rows(value: str) -> bool:
    """Several rows' options run together into one value by OCR ('Yes [C No ☐ Yes ☒ No ☐ No ☒
    Yes'): none of them is the label's own answer."""
    return len(_PRINTED_OPTION.findall(value)) > 2


def _from_checklist_tables(corpus: Corpus, pattern: re.Pattern[str]) -> tuple[bool, Evidence] | None:
    """'Tick all that apply': cells that start with a box or tick and then name a circumstance
    ('✓ Child in Need Plan', '☐ EHC Plan'). A circumstance listed without a tick is not ticked."""
    for table in corpus.tables:
        cells = [c.strip() for row in table.rows for c in row if c.strip()]
        if not any(c[0] in _BOX and len(c) > 2 and tick_answer(c) is None for c in cells):
            continue
        for row in table.rows:
            for i, cell in enumerate(c.strip() for c in row):
                m = pattern.search(cell)
                if not m or len(cell) > _LABEL_CHARS or tick_answer(cell[m.end() :]) is not None:
                    continue
                box = _box_before(cell[: m.start()])
                if box:
                    return box.lower() not in ("☐", "[ ]"), Evidence(quote(cell), table.where)
                if not _BOXES.search(cell) and _only_its_name(cell, m):
                    answered = _one_of_two_boxes(" ".join(row[i + 1 :]))
                    said = " | ".join(c for c in row if c.strip())
                    return bool(answered), Evidence(quote(said if answered is not None else cell), table.where)
    return None


_YES_AFTER = re.compile(r"\s*yes\b", re.I)


def _one_of_two_boxes(answer: str) -> bool | None:
    """The row's own answer beside a listed name, where it is two boxes and one is ticked ('☒ Yes
    ☐ No', '☒ Yes ☐ wa' as OCR reads its 'No', '☐ Yes ☒'); None for anything less plain (a scan's
    specks read as a third box)."""
    boxes = list(_BOXES.finditer(answer))
    ticked = [b.group(0) not in ("☐", "[ ]") for b in boxes]
    if len(boxes) != 2 or sorted(ticked) != [False, True] or not _YES_AFTER.match(answer, boxes[0].end()):
        return None
    return ticked[0]  # the first box is Yes's, the second the other option's, whatever OCR made of its word


def _only_its_name(cell: str, m: re.Match[str]) -> bool:
    """An item of the list, not a question about it ('Looked after? Court order?') nor a mention
    in passing ('Speech and language programme (from EHCP Section F)'): a listed circumstance
    with no tick beside it is not ticked; these say nothing."""
    rest = (cell[: m.start()] + cell[m.end() :]).strip(" .:;-–(")
    return "?" not in cell and len(rest) <= 20


_YES_NO_PAIR_AFTER = re.compile(
    r"[^☐☒\n]{0,25}?(?P<pair>(?:☐|☒|\[[ xX]?\])\s*yes\s*(?:☐|☒|\[[ xX]?\])\s*no)\b", re.I
)


def _from_checklist_lines(corpus: Corpus, pattern: re.Pattern[str]) -> tuple[bool, Evidence] | None:
    """A line that lists several circumstances with boxes ('☐ Child Protection Plan ☒ Child in
    Need Plan'): each takes the box before it (after it, when the line ends with a box)."""
    for unit, m in corpus.search(pattern):
        text = unit.text
        if not _BOXES.search(text) or not _lists_several(text):
            continue
        pair = _YES_NO_PAIR_AFTER.match(text, m.end())
        if pair is not None and tick_answer(pair.group("pair")) is not None:
            # a Yes/No form run into one line: the pair after the question answers it, not a
            # speck read as a box before it ('☒ the ☒ pupil ☒ looked after (CLA)? ☐ Yes ☒ No')
            return bool(tick_answer(pair.group("pair"))), Evidence(quote(text), unit.where)
        after = bool(_BOXES.search(text[-3:])) and not _BOXES.match(text.strip())
        if after:
            nxt = _BOXES.search(text, m.end())
            box = nxt.group(0) if nxt and not _label_between(text[m.end() : nxt.start()]) else ""
        else:
            box = _box_before(text[: m.start()])
            if not box and _OPTIONS_WORDS.search(_own_answer(text[m.end() :], pattern)):
                continue  # its own Yes/No after it, which OCR did not read: no box of a tick list
        return box.lower() not in ("", "☐", "[ ]"), Evidence(quote(text), unit.where)
    return None


_OPTIONS_WORDS = re.compile(r"\b(?:yes|no)\b", re.I)


def _lists_several(text: str) -> bool:
    return _circumstances_named(text) >= 2


def _circumstances_named(text: str) -> int:
    """How many of the six circumstances the text names."""
    return sum(1 for p in PATTERNS.values() if p.search(text))


def _box_before(text: str) -> str:
    m = _BOX_BEFORE.search(text)
    return m.group(1) if m else ""


def _label_between(text: str) -> bool:
    return any(p.search(text) for p in PATTERNS.values())


def _from_cells(corpus: Corpus, pattern: re.Pattern[str]) -> tuple[bool, Evidence] | None:
    """A form's boxes that each hold a label and its answer ('A6 Looked after No')."""
    for table in corpus.tables:
        for cell in (c for row in table.rows for c in row):
            m = pattern.search(cell)
            if m and _lists_several(cell):  # a cell of several questions, each answered after it
                first = _first_stated(cell, pattern)
                if first is not None and first[1] is not None:
                    return first[1], Evidence(quote(cell), table.where)
            elif m:
                tail = re.sub(r"^\W*(?:\([^)]*\)\s*)?(?:plan|order)?(?:\s+in\s+place\b)?\s*[:\-–]?", "", cell[m.end() :])
                leading = re.match(r"(?:[^;:.\n]{0,40}?\s[-–:]\s*|\W*)(yes|no)\b", tail, re.I)
                last = re.search(r"\b(yes|no|n/a)\W*$", tail, re.I)
                if leading:  # 'Child Protection plan - YES; all others NO': its own answer comes first
                    answer = tick_answer(leading.group(1))
                else:
                    answer = tick_answer(last.group(1)) if last and len(tail) < 40 else tick_answer(tail)
                if answer is not None:
                    return answer, Evidence(quote(cell), table.where)
    return None


def _from_fields(corpus: Corpus, pattern: re.Pattern[str]) -> tuple[bool, Evidence] | None:
    for f in corpus.fields:
        if pattern.search(f.label) and not _lists_several(f.label) and not _several_rows(f.value):
            answer = tick_answer(_own_answer(f.value, pattern))
            if answer is not None:
                return answer, Evidence(quote(f"{f.label}: {f.value}"), f.where)
    for hit in labelled(corpus, pattern):
        if _lists_several(hit.label) or _several_rows(hit.value):
            continue
        tail = re.sub(r"^\([^)]*\)\s*|^[^:;,]*?\bplan\b(?:\s+in\s+place\b)?\s*", "", _own_answer(hit.value, pattern))
        answer = tick_answer(tail) if tail else None
        if answer is not None and len(tail) < 120:
            return answer, hit.evidence()
    return None


def _own_answer(value: str, pattern: re.Pattern[str]) -> str:
    """A value that goes on to the next circumstances ('N; Court Order N; CP plan Y'): its own
    part, up to the first of them; nothing when it is the next one's row ('Child in Need plan ☐ Yes
    ☒ No' read as the value of the CP label above it)."""
    if not _circumstances_named(value):
        return value
    own = re.split(r"[;,]", value, maxsplit=1)[0]
    others = [p for p in PATTERNS.values() if p is not pattern]
    starts = [m.start() for p in others if (m := p.search(own))]
    return own[: min(starts)] if starts else own


def _from_boxes(corpus: Corpus, pattern: re.Pattern[str]) -> tuple[bool, Evidence] | None:
    for unit, m in corpus.search(pattern):
        pair = _YES_NO_BOXES.match(unit.text, m.end())
        if pair and not _lists_several(unit.text[m.end() :]) and pair.group(1) != pair.group(2):
            return pair.group(1) != "☐", Evidence(quote(unit.text), unit.where)
        box = _BOX_BEFORE.search(unit.text[: m.start()])
        if box and not _lists_several(unit.text):
            ticked = box.group(1) not in ("☐", "[ ]")
            return ticked, Evidence(quote(unit.text), unit.where)
    return None


def _from_prose(corpus: Corpus, pattern: re.Pattern[str]) -> tuple[bool, Evidence] | None:
    for unit, seen in corpus.search(pattern):
        if unit.source == "subject" and not re.search(r"\bEHC", seen.group(0)):
            continue
        text = unit.text
        first = _first_stated(text, pattern)
        if first is None:
            continue
        m, stated = first
        if stated is None and _QUESTION_END.match(text, m.end()):
            stated = _answer_in_next_unit(corpus, unit)
        question = _QUESTION_BOX.match(text, m.end())
        if stated is None and question:
            if not question.group("box"):
                continue  # a question left unanswered says nothing
            stated = not _UNMARKED.match(question.group("box"))
        options = _OPTIONS_AFTER.match(text, m.end()) if stated is None else None
        if options:  # both options printed after it: the one marked, else no answer and no statement
            stated = _option_marked(text, options, pattern)
            if stated is None:
                continue
        if stated is not None:
            return stated, Evidence(quote(text), unit.where)
        negative = (
            negated_near(text, m.start(), 80)
            or _in_negated_list(text, m.start())
            or bool(_NONE_AFTER.search(text[m.end() :]))
        )
        if _generic_at(text, m.start()) or _a_category(text, m) or _a_list_asked_about(text) or (
            _only_labels(text) and not negative
        ):
            continue  # a question, a job's title, or labels only ('Not CiC / CP': none applies)
        if not negative and _label_without_answer(corpus, unit, m.start()):
            continue
        return (not negative), Evidence(quote(text), unit.where)
    return None


_OPTIONS_AFTER = re.compile(
    r"\W{0,3}(?:(?:plan|order)\b\W{0,3})?(?:\([^)]{1,20}\)\W*)?"
    r"(?:(?:is|are) in place\b\W{0,3}|by (?:a|the) local authority\b\W{0,3})?"  # a declaration's own words
    r"(?P<pair>\W*(?:(?:[yv¥]es|y)\W+(?:[\[{(](?-i:[A-Z]{1,2})[)\]}]?\s+)?(?:no|n)|(?:no|n)\W+(?:yes|y)|y\s?[/|Il1]\s?n|applies\W+(?:does not|doesn't) apply|"
    r"active\W+none|involved\W+not\s*in\s*\S{4,7})\b)(?P<marks>[^\w\s]*(?:\s+[^\w\s]+)*)",
    re.I,
)


def _option_marked(text: str, options: re.Match[str], pattern: re.Pattern[str]) -> bool | None:
    """The option marked of the two printed after the circumstance: read on the text that is the
    circumstance's own, else on the two options and the marks after them alone ('Active ** None'
    before the professional's name)."""
    pair = options.start("pair")
    stated = tick_answer(_own_answer(text[pair : pair + 40], pattern))
    if stated is None and options.group("marks"):
        stated = tick_answer(text[pair : options.end("marks")])
    return stated


def _first_stated(text: str, pattern: re.Pattern[str]) -> tuple[re.Match[str], bool | None] | None:
    """The first naming of the circumstance that is the pupil's (not a label's example, not one of
    a listed label's) and is answered straight after it, with the answer; else the first such
    naming with None; None when there is no such naming."""
    named = [m for m in pattern.finditer(text) if not _in_examples(text, m.start()) and not _in_listed_label(text, m)]
    for m in named:
        stated = _stated(text, m)
        if stated is not None:
            return m, stated
    return (named[0], None) if named else None


def _stated(text: str, m: re.Match[str]) -> bool | None:
    """The answer written straight after the circumstance, if any."""
    after = text[m.end() : m.end() + 40]
    stated = tick_answer(_ANSWER_LEAD.sub("", after, count=1)) if _ANSWER_LEAD.match(after) else None
    boxed = _BOXED_ANSWER.match(text, m.end()) if stated is None else None
    if boxed and not _ANOTHER_BOX.match(text, boxed.end()):  # two questions' boxes run together: no answer
        stated = tick_answer(boxed.group(1))
    if stated is None:
        bare = _BARE_ANSWER.match(text, m.end())
        if bare and _PAIR_AFTER.match(text, bare.end()):
            return None  # 'YES / NO' with neither marked: no answer
        stated = (bare.group(1) or bare.group(2)).lower() in _YES_WORDS if bare else _answer_after_list(text, m.end())
    return stated


_PAIR_AFTER = re.compile(r"\s*/\s*(?:no|n|yes|y)\b", re.I)
_BOXED_ANSWER = re.compile(
    r"\s*(?:\([^)]{1,20}\)\s*)?(?:(?:plan|order)\s*)?\??\s*((?:[☐☒☑]\s*(?:yes|no)\b\s*){1,2}(?:[☒☑]\s*)?)",
    re.I,
)
"""Boxes and their options straight after the circumstance, no colon between ('Looked After
Child (CLA) ☐ Yes ☒ No')."""
_ANOTHER_BOX = re.compile(r"\s*[☐☒☑]\s*(?:yes|no)\b", re.I)
_STATEMENT = re.compile(
    r"\b(?:is|are|was|has|have|had|been|being|subject to|under|open to|allocated|known to)\b", re.I
)
_QUESTION = re.compile(r"^\W*(?:is|are|does|do|has|have)\b|\?", re.I)


def _label_without_answer(corpus: Corpus, unit: Unit, at: int) -> bool:
    """On a scanned page, a circumstance named where naming is no statement and OCR read no
    answer beside it: a table's header row of several circumstances ('Looked after | Court Order
    | CP plan | CIN plan ...', the pen marks in the row below), a label or a question ('CP
    plan', 'Is the pupil subject to a Court Order?'). Typed text reads its answers elsewhere."""
    if unit.where not in corpus.scanned:
        return False
    start, end = _sentence_span(unit.text, at)
    sentence = unit.text[start:end]
    return bool(_QUESTION.search(sentence)) or not _STATEMENT.search(sentence)


_SLASH_AFTER = re.compile(r"\s*(?:plan|order)?\s*/")
_SLASH_BEFORE = re.compile(r"/\s*$")
_RUN_ENDS = ":;.,()\n"


def _in_listed_label(text: str, m: re.Match[str]) -> bool:
    """One of a label's circumstances set out with slashes ('Looked after / court order / CP /
    CIN / TAF / EHCP:'), answered one by one after it; not one circumstance's two names ('EHC
    plan / statement of SEN - no'), nor a statement ('no CP/CIN/TAF plan, no EHCP')."""
    if not (_SLASH_AFTER.match(text, m.end()) or _SLASH_BEFORE.search(text[max(0, m.start() - 3) : m.start()])):
        return False
    start = max((text.rfind(c, 0, m.start()) for c in _RUN_ENDS), default=-1) + 1
    ends = [i for i in (text.find(c, m.end()) for c in _RUN_ENDS) if i >= 0]
    end = min(ends, default=len(text))
    labels_end = not text[end:].strip() or text[end] in ":?"  # a label's end, or its wrapped line ('/ TAF / EHCP')
    return labels_end and _circumstances_named(text[start:end]) >= 2


_EXAMPLES_OPEN = re.compile(r"\(\s*(?:e\.?\s?g\.?|for example|such as|i\.?\s?e\.?)[^()]*$|\be\.g\.[^.;:()]{0,40}$", re.I)
"""A form's examples of what to write ('Needs (e.g. PP, CiC, CiN, CP, SEND, EHCP, YJS)')."""


def _in_examples(text: str, start: int) -> bool:
    """The circumstance is named among a label's examples, not as the pupil's."""
    return bool(_EXAMPLES_OPEN.search(text[max(0, start - 60) : start]))


_QUESTION_BOX = re.compile(r"[^.?!]{0,30}\?\W{0,3}?(?P<box>☐|☒|☑|✓|✔|\[ \]|\[x\])?\s*(?:$|[.;]|\s(?=[A-Z]))", re.I)
"""A question, then the box beside it or nothing ('Is there a CP plan? ☐'): a tick box form's
question is answered by its box, never by being asked."""
_QUESTION_END = re.compile(r"\s*(?:plan|order)?\s*\?\s*$", re.I)


def _answer_in_next_unit(corpus: Corpus, unit: Unit) -> bool | None:
    """The answer to a question that ends its sentence, at the start of the next one ('Court
    Order? No, CP plan? No.' read as sentences)."""
    following = corpus.units[unit.order + 1] if unit.order + 1 < len(corpus.units) else None
    if following is None or following.where != unit.where or _OPTIONS_AFTER.match(following.text):
        return None  # 'Yes No' on the next line: both options printed, the mark not read
    answer = re.match(r"\s*(yes|no)\b", following.text, re.I)
    return answer.group(1).lower() == "yes" if answer else None


_ASKED_ABOUT = re.compile(r"\b(?:any|whether|if|which)\b[^.;:]{0,25}\(", re.I)


def _a_list_asked_about(text: str) -> bool:
    """Three circumstances or more in brackets after 'any', 'whether' or 'which' ('who came to the
    meeting, and any plans (CIN, CP, TAF, EHCP, looked after, court order)'): a question, as a
    reply quotes the council's, not the pupil's."""
    asked = _ASKED_ABOUT.search(text)
    return asked is not None and _circumstances_named(text[asked.end() :]) >= _ASKED_MIN


def _only_labels(text: str) -> bool:
    """A line of several circumstances' names and nothing else ('Looked after Court Order CP
    plan CIN plan'): a form's header over its boxes, which says none of them applies."""
    if _circumstances_named(text) < 3:
        return False
    rest = text
    for p in PATTERNS.values():
        rest = p.sub(" ", rest)
    words = [w for w in re.findall(r"[^\W\d_]{2,}", rest) if not _FORM_WORDS.fullmatch(w)]
    return len(words) <= 2


_FORM_WORDS = re.compile(
    r"plans?|orders?|status|check|categor(?:y|ies)|appl(?:y|ies)|vulnerab\w*|groups?|circumstances?|tick|yes|no",
    re.I,
)
"""A header's own words around the circumstances' names ('Status check | ... | CP plan ...')."""


_LIST_FILLER = re.compile(
    r"^(?:[\s,;/()]|\b(?:a|an|the|or|nor|and|any|on|to|subject|under|plans?|orders?|of|in|by|supported|"
    r"being|is|has|have|with|known|currently)\b)*$",
    re.I,
)
_NOT = re.compile(r"\b(?:not|no|neither|never)\b", re.I)


_NONE_OF_THESE = re.compile(
    r"\b(?:none|neither) of (?:the following|these|the below)\b[^.:;!?]{0,30}:(?P<list>[^.;:!?]*)$", re.I
)
"""'None of the following apply: looked after, court order, ...': the list after the colon."""


def _in_negated_list(text: str, start: int) -> bool:
    """One of a list of circumstances after a negation: 'He is not subject to a court order,
    a child protection plan, a child in need plan or a team around the family plan', 'None of
    the following apply: looked after, court order, ...'."""
    window = text[max(0, start - 250) : start]
    none_of = _NONE_OF_THESE.search(window)
    if none_of is not None:
        return _only_listed(none_of.group("list"))
    before = re.split(r"[.;:!?]", window)[-1]
    negations = list(_NOT.finditer(before))
    return bool(negations) and _only_listed(before[negations[-1].end() :])


def _only_listed(between: str) -> bool:
    """Nothing but other circumstances and the words that join a list."""
    for pattern in PATTERNS.values():
        between = pattern.sub(" ", between)
    return bool(_LIST_FILLER.match(between))


_BARE_ANSWER = re.compile(
    r"\)?\s*(?:\([^)]{1,20}\)\s*)?(?:(?:plan|order|child|children)\s*)?(?:by (?:a|the) local authority\s*)?"
    r"(?:/\s*(?:youth justice|youth offending|YOT|YJS|foster(?:ed| care)?|CLA|LAC|CiC)\s*)?\??\s*"
    r"(?:(yes|no|y|n)\b(?=\s*(?:[,;.)/]|$))|"
    r"((?:not\s+)?involved|absent|present|active|inactive|current|closed|none|n/a|not\s+(?:applicable|present|active|current|in\s+place))\b"
    r"(?!\W*(?:\w{1,2}\W+)?(?:not|none|absent|closed|n/a|inactive)\b)(?=\s*(?:[,;.)/]|$|(?-i:[A-Z]))))",
    re.I,
)
"""An answer written straight after the circumstance: 'CLA no, Court Order no, CP plan yes.',
'Court Order? No, CP plan? No.'; a status column's word: 'Social worker - child protection plan Not
involved', 'Child protection plan Absent', 'CIN plan Active', 'Looked after child Not active', 'Court
order / youth justice Not active' (not where both of a pair are printed,
'Current Not applicable', a mark on one to be read)."""
_YES_WORDS = ("yes", "y", "involved", "present", "active", "current")
_LIST_ANSWER = re.compile(
    r"\s*(?P<none>(?:do(?:es)? not|don't|doesn't) apply|(?:are|is) not applicable)\b"
    r"|\s*(?:[-–—:]|\b(?:are|is)\b(?: all)?)?\s*(?P<answer>.{0,20})",
    re.I,
)
_LIST_STEP = re.compile(r"[\s,;/()]+|(?:a|an|the|or|and|any|on|to|subject|under|plans?|orders?|of|in)\b", re.I)


def _answer_after_list(text: str, end: int) -> bool | None:
    """The answer given once for a list of circumstances: 'Everything else (Subject to a Court
    Order, Child Protection plan, EHC plan) - no', 'CP, CIN and TAF: none apply', 'Child in Need or
    Child Protection plan - yes'. Only where the list names at least one more circumstance."""
    pos, others = end, 0
    while pos < len(text) and pos - end < 300:
        step = _LIST_STEP.match(text, pos)
        hit = next((m for p in PATTERNS.values() if (m := p.match(text, pos))), None)
        if hit is not None:
            others, pos = others + 1, hit.end()
        elif step is not None and step.end() > pos:
            pos = step.end()
        else:
            break
    clause = re.split(r"[.;:!?]", text[max(0, end - 300) : end])[-1]
    others += sum(len(p.findall(clause)) for p in PATTERNS.values()) - 1  # earlier in the same list
    if others <= 0:
        return None
    answer = _LIST_ANSWER.match(text, pos)
    if answer is None:
        return None
    if answer.group("none"):
        return False
    return tick_answer(answer.group("answer")) if re.match(r"\s*[-–—:]|\s*(?:are|is)\b", text[pos:]) else None


def _sentence_span(text: str, at: int) -> tuple[int, int]:
    """Where the sentence that holds the position starts and ends (a table row's cells run
    together into one unit)."""
    start = max(text.rfind(". ", 0, at), text.rfind("? ", 0, at), text.rfind("! ", 0, at)) + 1
    ends = [i for i in (text.find(c, at) for c in ".?!") if i >= 0]
    return start, min(ends, default=len(text)) + 1


_CATEGORY_AFTER = re.compile(r"\W{0,2}\s*(?:children|pupils|young people|learners|students)\b", re.I)
_TITLE_BEFORE = re.compile(
    r"\b(?:designated (?:teacher|lead|person)|virtual school|teacher|lead|co-?ordinator|officer|champion)\W{0,3}(?:for\s+)?$", re.I
)


def _a_category(text: str, m: re.Match[str]) -> bool:
    """The circumstance named as a kind of child, in a job title or a service's name ('Designated
    Teacher (Looked After Children)', 'Lead for Children in Need'), not said of this pupil."""
    return bool(_CATEGORY_AFTER.match(text, m.end()) or _TITLE_BEFORE.search(text[max(0, m.start() - 40) : m.start()]))


def _generic_at(text: str, at: int) -> bool:
    """The sentence at the position asks or speaks in general; a question with a misread answer
    after it ('Court Order? 4) Yes { ] No') is no general question."""
    start, end = _sentence_span(text, at)
    sentence, after = text[start:end], text[end:].lstrip()
    answered = sentence.rstrip().endswith("?") and bool(after) and not after[0].isupper()
    return _is_generic(sentence) and not answered


def _is_generic(text: str) -> bool:
    """A question or guidance text about circumstances, not a statement about this child."""
    return text.rstrip().endswith("?") or bool(
        re.search(r"\bwhether\b|\b(?:if|where|when) (?:a|the) (?:child|pupil)\b", text, re.I)
    )
