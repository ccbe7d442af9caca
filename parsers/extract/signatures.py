"""Who signed: signature tables, signature lines, 'Signed (parent): ...' fields, scanned marks.

A signature counts when the row or line says it was signed (a signature, a name in the
signature box, or the date signed); a row waiting for a signature ('', 'to follow',
'awaited') does not. Who signed is read from the signer's role, in the words schools use
('Mum', 'Foster carer', 'SENDCo', 'YJ Case Manager', 'Children's Social Care (SW)').
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass
from datetime import date

from parsers.address import is_school_address
from parsers.extract.corpus import Corpus, Field, Table, Unit
from parsers.extract.dates import date_in_cell, first_date
from parsers.extract.lookup import NEGATION, is_empty, quote
from parsers.extract.names import TITLE, alike, folded
from parsers.extract.people import clean_name, role_of
from parsers.facts import Evidence, Signature

_SIGN_SECTION = re.compile(r"sign|agreement|agreed by|consent|declaration|authoris|(?:reply|return) slip|tear[- ]off", re.I)
_SIGNATURES_HEADING = re.compile(
    r"^(?:signatures?|signed|signing|sign(?:ed)?[- ]off|agreement|agreed(?: by)?\s*$|consent|declaration|parent(?:al)? (?:agreement|consent)|"
    r"(?:reply|return|consent) slip|tear[- ]off)\b",
    re.I,
)

# Roles the general role reader (people.role_of) does not know, in the words of signature rows.
_SIGNER_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("youth_justice", re.compile(r"\bYJ\b|\byouth (?:offending|justice)\b", re.I)),
    ("sen_team", re.compile(r"\bSEN(?:D)?\s*(?:case\s*work|case ?officer|team|officer)", re.I)),
    (
        "school",
        re.compile(
            r"\bSEN(?:D)?Co\b|\bELSA\b|teaching assistant|key (?:adult|worker) in school|"
            r"(?:student|pupil) (?:welfare|support|wellbeing|services) (?:officer|lead|manager|co-?ordinator|worker|assistant|mentor)|"
            r"\bplan (?:co-?ordinator|lead|owner)\b|\bnamed (?:person|member of staff)\b|\bperson in school\b",
            re.I,
        ),
    ),
    (
        "parent",
        re.compile(
            r"\bfoster|special guardian|kinship|step-?(?:mum|dad)\b|\b(?:mum|dad|mam|mom)\b|\bgrown[- ]?ups?\b", re.I
        ),
    ),
)

# The header cells of a signature table, by what the column holds.
_DATE_HEAD = re.compile(r"^\s*(?:dated?|date signed|when|signed on)\b", re.I)
_SIG_HEAD = re.compile(
    r"\bsign(?:ed|ature)?\b(?!\s+(?:off\s+)?(?:by|for|on behalf))|^\s*signatures?\s*$|^\s*(?:sig|sgd)\.?\s*$", re.I
)
_ROLE_HEAD = re.compile(
    r"\b(?:role|position|job title|title|capacity|relationship|designation|on behalf|agency|organi[sz]ation|"
    r"involved|service)\b",
    re.I,
)
_NAME_HEAD = re.compile(r"\b(?:name|names|print(?:ed)?)\b", re.I)
_WHO_HEAD = re.compile(
    r"\b(?:signatory|signatories|who|(?:agreed|signed)(?: off)? by|signed for|person|contributor|participant|party)\b", re.I
)
"""A column that says who signed: a name ('Agreed by' over names) or a role ('Agreed by' over 'Parent')."""
_SIGNATURE_LABEL = re.compile(
    r"^.{0,50}\b(?:signature|signed)\s*:?\s*$|^(?:signed|signature)\b.{0,40}$", re.I
)

_UNSIGNED = re.compile(
    r"not (?:yet )?(?:signed|returned|received)|unsigned|awaiting|awaited|to follow|outstanding|refused|declined|"
    r"^\s*(?:-+|_+|\.+|n/?a|none|x)?\s*$",
    re.I,
)
_SIGNED_FIELD = re.compile(
    r"(?:signature|signed)(?: by)?\s*(?:\((?P<a>[^)]{2,40})\)|of (?P<b>.{2,40})|by (?P<c>.{2,40}))?|"
    r"^(?P<d>.{2,40}?)\s*(?:signature|signed)\s*$",
    re.I,
)
_CONSENT_LABEL = re.compile(r"^(?P<who>.{2,30}?)\s*(?:'s\s*)?(?:written\s+)?(?:consent|agreement)\s*$", re.I)
_SIGNED_VALUE = re.compile(r"^\W*(?:yes\W+)?(?:signed|given in writing|written consent given)\b", re.I)
"""'PARENT CONSENT: SIGNED 10/11/2027 BY MRS NURCAN AYDIN', as school systems export it."""
_HEADER_WORDS = re.compile(
    r"^(?:\s*(?:role|name|print(?:ed)?|signature|signed|date|by signing\b.*)\s*)+$", re.I
)
_SIGNED_SENTENCE = re.compile(r"\b(?:has |have |had )?signed (?:the|this|a|it|her|his|their|our)\b", re.I)
_SIGNED_PROSE = re.compile(r"\b(?:has |have |had )?signed\b", re.I)
_DETAILS_LABEL = re.compile(
    r"^\s*(?:meeting(?: date)?|key (?:adult|worker)|dob|year(?: group)?|yr|school|pupil|upn|address|"
    r"tel(?:ephone)?|phone|relationship)\s*:?\s*$",
    re.I,
)
"""A cell of a details row that labels the next one: the row is the pupil's details, not signatures."""
_NOT_SIGNING_DATE = re.compile(r"\b(?:date of birth|DOB|D\.O\.B|born)\b", re.I)
"""A row whose date is not the date signed ('Pupil Daisy Quill | Date of birth 26/11/2019')."""
_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\b\.?")


def signer_role(text: str) -> str:
    """The signature role a row or label describes: 'Mum' -> parent, 'YJ Case Manager' -> youth_justice."""
    for role, pattern in _SIGNER_ROLES:
        if pattern.search(text):
            return role
    return role_of(text)


def extract_signatures(corpus: Corpus) -> tuple[Signature, ...]:
    found: list[Signature] = []
    for table in corpus.tables:
        found += table_signatures(table, corpus.ref_date)
    if not found:
        found += _from_lines(corpus)
    found += _from_fields(corpus)
    found += _slip_signatures(corpus)
    found += _typed_name_answers(corpus)
    found += [
        Signature(signer_role(label), None, None, Evidence(f"signature mark beside '{label}'", where))
        for label, where in corpus.signature_marks
    ]
    if not found:
        found += _from_prose(corpus)
    found += _agreed_by_email(corpus) + _agreed_for_the_school(corpus)
    found += [sig for sig in _letter_signoffs(corpus) if sig.role not in {f.role for f in found}]
    return _without_stray_rows(_dedupe([_with_role_given_elsewhere(corpus, sig) for sig in found]))


_VALEDICTION = re.compile(r"^yours (?:sincerely|faithfully|truly)\W*$", re.I)
_SIGNOFF_NAME = re.compile(r"^(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.? )?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,3}$")


def _letter_signoffs(corpus: Corpus) -> list[Signature]:
    """A letter in an attachment signed off by its writer ('Yours sincerely, / Helen Marchbanks /
    Headteacher'): the writer's signature, in the role the lines below the name give (a letter
    from school staff is the school's)."""
    out: list[Signature] = []
    units = [u for u in corpus.units if u.source == "attachment"]
    for i, unit in enumerate(units):
        if not _VALEDICTION.match(unit.text):
            continue
        below = [u for u in units[i + 1 : i + 5] if u.where == unit.where]
        names = [u for u in below if _SIGNOFF_NAME.match(u.text)]
        if not names:
            continue
        roles = [signer_role(u.text) for u in below if u is not names[0]]
        role = next((r for r in roles if r != "other"), "school")
        out.append(Signature(role, clean_name(names[0].text), None, Evidence(quote(unit.text + " " + names[0].text), unit.where)))
    return out


def _without_stray_rows(signatures: tuple[Signature, ...]) -> tuple[Signature, ...]:
    """A row with no role and no name ('Date | 29/09/2027' under 'Signed | Mrs Trần') is part of
    the signature above it in the same file, not a signer of its own."""
    def stray(sig: Signature) -> bool:
        return (
            sig.role == "other"
            and not sig.name
            and sig.evidence is not None
            and any(o is not sig and o.evidence is not None and o.evidence.where == sig.evidence.where
                    and o.role != "other" for o in signatures)
        )

    return tuple(sig for sig in signatures if not stray(sig))


def _with_role_given_elsewhere(corpus: Corpus, sig: Signature) -> Signature:
    """A signer whose row gives no role ('Mrs Ewa Wiśniewska' on a consent slip) takes the one
    the plan gives them elsewhere ('Parent/carer Mrs Ewa Wiśniewska (mother)')."""
    if sig.role != "other" or not sig.name:
        return sig
    role = _role_given_elsewhere(corpus, sig.name) or _the_school_sender(corpus, sig.name)
    return dataclasses.replace(sig, role=role) if role else sig


def _the_school_sender(corpus: Corpus, name: str) -> str | None:
    """The mail's writer, on a school's own address, signing under a job title of no known
    service ('Mr Stuart Pennock | Attendance Officer' on a slip sent from the school): the school."""
    sender = corpus.newest.from_ if corpus.newest is not None else None
    if sender is None or not sender.name or not is_school_address(sender.email):
        return None
    return "school" if _TITLE.sub("", name).split() == _TITLE.sub("", sender.name).split() else None


# --- signature tables ---------------------------------------------------------------------


@dataclass(frozen=True)
class Columns:
    """Which column of a signature table holds what (None: no such column)."""

    sig: int | None = None
    date: int | None = None
    role: int | None = None
    name: int | None = None

    def known(self, signing_section: bool) -> bool:
        """A signature column; or, under a signatures heading, the date and who signed."""
        return self.sig is not None or (
            signing_section and self.date is not None and (self.role is not None or self.name is not None)
        )


def table_signatures(table: Table, ref: date | None = None) -> list[Signature]:
    """The signed rows of a signature table: under a header row ('Capacity | Print | Sign | Dated',
    'Agreed on behalf of | Name | Signature | Date'), or label rows under a signatures heading
    ('Parent/carer agreement | K. Dunstable | Date | 08/09/2026')."""
    signing_section = bool(_SIGN_SECTION.search(table.section))
    header_at = _header_row(table.rows, signing_section)
    if header_at is not None:
        cols = columns_of(table.rows[header_at])
        read = [(row, _headed_row(row, cols, ref)) for row in table.rows[header_at + 1 :]]
    elif signing_section or any(_SIGNATURE_LABEL.match(r[0]) for r in table.rows if r):
        read = [(row, _label_row(row, ref)) for row in table.rows]
    elif (titled := _rows_under_signing_title(table.rows)) is not None:
        read = [(row, _label_row(row, ref) or _named_and_dated(row, ref)) for row in titled]
    else:
        return []
    return [
        Signature(found[0], found[1], found[2], Evidence(quote(" | ".join(c for c in row if c)), table.where))
        for row, found in read
        if found is not None
    ]


def _rows_under_signing_title(rows: tuple[tuple[str, ...], ...]) -> list[tuple[str, ...]] | None:
    """A box's rows under its own one-cell title ('AGREED BY' over 'Parent | Mrs Nadia El Idrissi'
    and '| Mrs Nadia El Idrissi, 08/03/2028'): each role's row with the row under it that
    carries on its signature (its first cell empty) joined to it."""
    title = next((i for i, row in enumerate(rows) if _one_cell_signing_title(row)), None)
    if title is None:
        return None
    below = [tuple(row) for row in rows[title + 1 :]]
    while below and all(row and not row[0].strip() for row in below):  # a layout table's empty column
        below = [row[1:] for row in below]
    joined: list[tuple[str, ...]] = []
    for row in below:
        if joined and row and not row[0].strip():
            joined[-1] = (*joined[-1], *(c for c in row[1:] if c.strip()))
        else:
            joined.append(row)
    return joined


def _named_and_dated(row: tuple[str, ...], ref: date | None) -> Read:
    """A signer under a signing title whose row names no role the lists know ('Key Worker | Ms
    Ogunleye | Ms Ogunleye, 17/11/2027'): signed, its role left to what the plan says of them."""
    if len(row) < 2 or not row[0].strip():
        return None
    rest = " ".join(row[1:])
    name, when = _name_in(row[1]) or _name_in(rest), first_date(rest, ref)
    return ("other", name, when) if name and when and _is_signed(rest) else None


def _one_cell_signing_title(row: tuple[str, ...]) -> bool:
    cells = [c.strip() for c in row if c.strip()]
    return len(cells) == 1 and bool(_SIGNATURES_HEADING.match(cells[0]))


def _header_row(rows: tuple[tuple[str, ...], ...], signing_section: bool) -> int | None:
    """The header row among the first three: column names, no dates, after any title row
    ('Signatures', 'Sign-off' spanning the table); else one under a signing title further down."""
    for i, row in enumerate(rows[:3]):
        cells = [c for c in row if c.strip()]
        if len(cells) <= 1:
            continue
        if any(first_date(c) for c in cells) or any(len(c) > 45 for c in cells):
            break
        if columns_of(row).known(signing_section):
            return i
        break
    return _header_under_title(rows)


def _header_under_title(rows: tuple[tuple[str, ...], ...]) -> int | None:
    """A signature block further down a sheet or form laid out as one table: its title row
    ('5. Agreement (type name to sign)') over its header ('Role | Name | Typed signature | Date')."""
    for i in range(3, len(rows)):
        title = [c for c in rows[i - 1] if c.strip()]
        cells = [c for c in rows[i] if c.strip()]
        if len(title) != 1 or not _SIGN_SECTION.search(title[0]) or len(cells) < 2:
            continue
        if not any(first_date(c) for c in cells) and columns_of(rows[i]).known(True):
            return i
    return None


def columns_of(header: tuple[str, ...]) -> Columns:
    found: dict[str, int] = {}
    who: int | None = None
    for i, cell in enumerate(header):
        for key, pattern in (
            ("date", _DATE_HEAD),
            ("sig", _SIG_HEAD),
            ("role", _ROLE_HEAD),
            ("name", _NAME_HEAD),
        ):
            if key not in found and pattern.search(cell):
                found[key] = i
                break
        else:
            if who is None and _WHO_HEAD.search(cell):
                who = i
    if who is not None:
        found.setdefault("role" if "name" in found else "name", who)
    return Columns(**found)


Read = tuple[str, str | None, date | None] | None


def _headed_row(row: tuple[str, ...], cols: Columns, ref: date | None) -> Read:
    sig = _cell(row, cols.sig)
    when_text = _cell(row, cols.date)
    when = date_in_cell(when_text, ref) if when_text else None
    if cols.sig is not None:
        if sig is None or not _is_signed(sig):
            return None
    elif when is None:
        return None
    role = _row_role(row, cols)
    if role == "other" and not any(c.strip() for i, c in enumerate(row) if i not in (cols.sig, cols.date)):
        return None
    if when is None and cols.date is None:
        when = first_date(" ".join(row), ref)
    return role, _row_name(row, cols), when


def _row_role(row: tuple[str, ...], cols: Columns) -> str:
    """The role column first; else the first other cell that names a role ('Parent/carer - Ms X')."""
    order = [cols.role, cols.name, *range(len(row))]
    for i in order:
        if i is None or i in (cols.sig, cols.date) or i >= len(row):
            continue
        role = signer_role(row[i])
        if role != "other":
            return role
    return "other"


def _row_name(row: tuple[str, ...], cols: Columns) -> str | None:
    for i in (cols.name, cols.role, *range(len(row))):
        if i is None or i in (cols.sig, cols.date) or i >= len(row):
            continue
        name = _name_in(row[i])
        if name:
            return name
    return None


def _name_in(text: str) -> str | None:
    """'Mrs Ayşe Öztürk', 'Parent/carer: Mrs Ayşe Öztürk', 'Head of Year 9 - Mr Callum Reid'."""
    name = clean_name(text)
    if name:
        return name
    title = _TITLE.search(text)
    return clean_name(text[title.start() :]) if title else None


def _label_row(row: tuple[str, ...], ref: date | None) -> Read:
    """'Parent/carer agreement to this plan | K. Dunstable | Date | 08/09/2026': the first cell says
    who, the rest is the signature and the date; a row that names no one is not a signature."""
    if not row or len(row) < 2:
        return None
    role = signer_role(row[0])
    rest = " ".join(c for c in row[1:] if not _DATE_HEAD.match(c) or first_date(c, ref))
    when = first_date(rest, ref)
    if role == "other" or not _is_signed(rest) or _NOT_SIGNING_DATE.search(" ".join(row)):
        return None
    if any(_DETAILS_LABEL.match(c) for c in row[1:]):
        return None  # 'Parent/carer | Mrs Phạm | Meeting | 10/11/2027 | Key adult | ...': the pupil's details
    if any(len(c) > _SIGNED_CELL for c in row[1:]):
        return None  # 'Keeping safe ... | Safeguarding risk assessment by Mr X (DSL), 18/01/2028, ...': a part of the plan
    if when is None and not _SIG_HEAD.search(row[0]):
        return None
    return role, _name_in(row[1]) or _name_in(rest), when


_SIGNED_CELL = 90
"""Characters a label row's signature or date cell may hold: more is a part of the plan written out."""


def _cell(row: tuple[str, ...], i: int | None) -> str | None:
    return row[i] if i is not None and i < len(row) else None


def _is_signed(text: str) -> bool:
    return not (_UNSIGNED.search(text) or NEGATION.search(text))


# --- lines, fields and prose ----------------------------------------------------------------


def _from_lines(corpus: Corpus) -> list[Signature]:
    out: list[Signature] = []
    for i, unit in enumerate(corpus.units):
        if unit.source != "attachment":
            continue
        headed = _under_signature_header(corpus.units, i)
        if not (headed or _SIGN_SECTION.search(unit.section) or _SIGNED_ROLE_LINE.match(unit.text)):
            continue
        sig = _line_signature(unit, corpus)
        if sig is not None and (sig.role != "other" or not headed):
            out.append(sig)
    return out


_SLIP_SIGNATURE = re.compile(r"^\W*signature\b\W*(?P<mark>.*)$", re.I)
_SLIP_NAME = re.compile(r"^\W*(?P<who>[^\d:]{2,30}?)\s*(?:'s\s*)?(?:full |print(?:ed)? )?name\b\W*(?P<name>.*)$", re.I)
_SLIP_DATE = re.compile(r"^\W*date\b\W*(?P<when>.*)$", re.I)


def _slip_signatures(corpus: Corpus) -> list[Signature]:
    """A slip's stacked lines as a scan reads them: 'Parent/carer name Mr Seamus O Briain',
    'Signature roVKY', 'Date 06/10/2027' (each value on its label's line or the next). Written
    in, the signature is OCR's reading of a hand ('roVKY'); left blank, it is nothing or a rule."""
    units = corpus.units
    out: list[Signature] = []
    for i, unit in enumerate(units):
        m = _SLIP_SIGNATURE.match(unit.text) if unit.source == "attachment" else None
        if m is None:
            continue
        mark, after = _slip_value(units, i, m.group("mark"), _SLIP_DATE)
        if len(re.findall(r"[^\W\d_]", mark)) < 2 or _not_a_signature(mark) or _SLIP_DATE.match(mark):
            continue
        named = _slip_field(units, i, _SLIP_NAME, back=True)
        dated = _slip_field(units, after, _SLIP_DATE, back=False)
        if named is None or dated is None:
            continue
        who, name = named
        role, when = signer_role(who), first_date(dated[1], corpus.ref_date)
        if role != "other" and when is not None:
            out.append(Signature(role, clean_name(name), when, Evidence(quote(f"{who} {name}: signed {when}"), unit.where)))
    return out


def _slip_value(units: list[Unit], i: int, value: str, next_label: re.Pattern[str]) -> tuple[str, int]:
    """A label's value on its own line or, where the line holds the label alone, on the next
    (unless that is the next label); with the index of the last line read."""
    if value.strip() or i + 1 >= len(units) or units[i + 1].where != units[i].where:
        return value.strip(), i
    below = units[i + 1].text
    return ("", i) if next_label.match(below) else (below.strip(), i + 1)


def _slip_field(units: list[Unit], i: int, label: re.Pattern[str], back: bool) -> tuple[str, str] | None:
    """The labelled line just above the signature (its name) or just below it (its date)."""
    for j in (range(i - 1, max(-1, i - 3), -1) if back else range(i + 1, min(len(units), i + 3))):
        if units[j].where != units[i].where:
            return None
        m = label.match(units[j].text)
        if m:
            groups = m.groupdict()
            value, _ = _slip_value(units, j, groups.get("name") or groups.get("when") or "", _SLIP_SIGNATURE)
            return groups.get("who") or "", value
    return None


_SIGNATURE_HEADER_LINE = re.compile(r"^(?=.*\bsignature\b)(?=.*\bdate\b)(?!.*\d).{0,80}$", re.I)
"""A signature table's header as a scan without ruling reads it, one line of text: 'Role | Signature |
Date', 'Name Relationship to child / role | Signature | Date'."""
_ROWS_BELOW_HEADER = 6


def _under_signature_header(units: list[Unit], index: int) -> bool:
    """The line is one of the rows under such a header on its page: the lines between are rows
    (each with a date) or a row's wrapped part (a few words)."""
    unit = units[index]
    for back in range(index - 1, max(-1, index - 1 - _ROWS_BELOW_HEADER), -1):
        above = units[back]
        if above.where != unit.where:
            return False
        if _SIGNATURE_HEADER_LINE.match(above.text):
            return True
        if not re.search(r"\d", above.text) and len(above.text.split()) > 3:
            return False
    return False


_DATE_OF_SOMETHING_ELSE = re.compile(
    r"^(?!.*\bsign)(?=.*\b(?:start(?:s|ing)?|full[- ]time(?: from)?|d\.?o\.?b|date of birth|born)\b\W{0,3}\d)", re.I
)
"""A line whose dates are labelled as something else ('Pupil: Maryam Al-Sayegh Year 8 Start:
20/09/2027 Full time from: 11/10/2027'), with no word of signing: the consent form's details."""
_SIGNED_ROLE_LINE = re.compile(r"^\s*(?:signed|signature)\s*\([^()]{2,40}\)\s+\S", re.I)
"""'Signed (Parent/carer) Mrs A. Kaczmarczyk 08/09/2027', wherever it stands on the page."""


def _line_signature(unit: Unit, corpus: Corpus) -> Signature | None:
    """'Parent/carer Mrs Claire Bennett C. Bennett 07/01/2026': a role, a name, a date."""
    text = unit.text
    if _UNSIGNED.search(text) or NEGATION.search(text) or re.match(r"^(?:role|by signing)\b", text, re.I):
        return None
    if _SIGNED_SENTENCE.search(text):  # a sentence about who signed: read as prose, by its subject
        return None
    when = first_date(text, corpus.ref_date)
    if when is None or _DATE_OF_SOMETHING_ELSE.search(text):
        return None
    head = re.split(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Mx)\b\.?|\d", text, maxsplit=1)[0]
    role = signer_role(head) if head.strip() else "other"
    if role == "other":
        role = signer_role(text)
    rest = text[len(head) :]
    return Signature(role, clean_name(rest), when, Evidence(quote(text), unit.where))


def _from_fields(corpus: Corpus) -> list[Signature]:
    """'Parent/carer signature: L. Hughes 25/02/2026', 'Signed (parent): ...', 'Signed: Mr Grant
    Osborne (Father)', 'Signed: Parent: S. Bramwell 17/06/2026 Headteacher: O. Pritchard 17/06/2026',
    and under a signatures heading, 'Parent: G. Langford, 03/03/2026'."""
    out: list[Signature] = []
    block = _signing_block_lines(corpus)
    for f in corpus.fields:
        consent = _consent_signature(f, corpus.ref_date)
        if consent is not None:
            out.append(consent)
            continue
        if _NOT_A_SIGNING_LABEL.search(f.label):
            continue  # 'Prepared by (no signature)': a name, not a signature
        m = _SIGNED_FIELD.search(f.label)
        in_section = (
            (bool(_SIGNATURES_HEADING.match(f.section)) or (f.where, f.label, f.value) in block)
            and signer_role(f.label) != "other"
            and first_date(f.value, corpus.ref_date) is not None  # a name and the date signed
            and not _DATE_OF_SOMETHING_ELSE.search(f.value)
        )
        listed = f.rank > 1 and _SIGNATURES_HEADING.match(f.label) and not _not_a_signature(f.value)
        if not listed and (f.rank > 1 or f.wide or not (m or in_section) or _not_a_signature(f.value)):
            continue
        who = next((g for g in m.groups() if g), "") if m else ""
        label_role = signer_role(who or f.label)
        signers = _listed_signers(f.value) if listed else _signers_in(f.value, label_role)
        for role, value in signers:
            out.append(
                Signature(
                    role,
                    _name_in(value),
                    first_date(value, corpus.ref_date),
                    Evidence(quote(f"{f.label}: {value.strip()}"), f.where),
                )
            )
    return out


_NOT_A_SIGNING_LABEL = re.compile(r"\bno signature\b|\bnot (?:to be )?signed\b|\bunsigned\b", re.I)
_TYPED_NAME = re.compile(
    r"^(?:\d{1,2}[.)]\s*)?(?:(?:agreement|signature|consent)\s*[-–:]\s*)?(?P<who>[^-–:]{2,40}?)\s*[-–:]\s*(?:please )?"
    r"type (?:your )?(?:full )?name\b(?: to (?:sign|confirm(?: (?:your )?agreement)?))?\s*(?P<rest>.*)$",
    re.I,
)
"""An online form's question for a signature ('Parent/carer - type your full name to confirm
agreement'), answered on the line below."""


def _typed_name_answers(corpus: Corpus) -> list[Signature]:
    """Each typed-name signature question answered with a name, on the line below or after it on
    the same line, dated by the form's '<who> - date' or 'Date signed (<who>)' answer."""
    asked = [(_TYPED_NAME.match(f.label), f.value, f"{f.label}: {f.value.strip()}", f.where) for f in corpus.fields]
    inline = [(m, m.group("rest"), u.text, u.where) for u in corpus.units if (m := _TYPED_NAME.match(u.text))]
    out: list[Signature] = []
    for m, answer, text, where in [*asked, *inline]:
        role = signer_role(m.group("who")) if m else "other"
        name = _name_in(answer) if m else None
        if m is None or role == "other" or name is None:
            continue
        who = re.escape(m.group("who"))
        dated = re.compile(rf"^{who}\s*[-–:]\s*date\b|^date signed\s*\(\s*{who}\s*\)", re.I)
        when = next((d for g in corpus.fields if dated.match(g.label) and (d := first_date(g.value, corpus.ref_date))), None)
        out.append(Signature(role, name, when, Evidence(quote(text), where)))
    return out


def _consent_signature(f: Field, ref: date | None) -> Signature | None:
    """A consent field whose value says it was signed, and when ('Parent consent: signed 10/11 by ...')."""
    label = _CONSENT_LABEL.match(f.label)
    if label is None or _SIGNED_VALUE.match(f.value) is None or NEGATION.search(f.value):
        return None
    role = signer_role(label.group("who"))
    when = first_date(f.value, ref)
    if role == "other" or when is None:
        return None
    by = re.search(r"\bby\s+(?P<name>.+)$", f.value, re.I)
    name = clean_name(by.group("name").title()) if by else None
    return Signature(role, name, when, Evidence(quote(f"{f.label}: {f.value.strip()}"), f.where))


_LEAD_IN = re.compile(
    r"^(?:signed|signatures?|signed and agreed|agreed and signed|sign(?:ed)?[- ]off|agreed by)\b[^:]{0,40}:?\s*$",
    re.I,
)
"""A line that opens a list of signers without being a heading: 'Signed (plan and hours):',
'Signatures (plan and hours)'."""


def _signing_block_lines(corpus: Corpus) -> set[tuple[str, str, str]]:
    """(where, label, value) of the 'Label: value' lines right under a lead-in line, up to the
    first line that is not one ('Parent/carer (foster carer): Ms Joanne Reid date 06/01/2027')."""
    out: set[tuple[str, str, str]] = set()
    opened: Unit | None = None
    for unit in corpus.units:
        if _LEAD_IN.match(unit.text):
            opened = unit
            continue
        line = re.match(r"^(?P<label>[^:]{2,60}):\s+(?P<value>\S.*)$", unit.text)
        if opened is None or unit.where != opened.where or line is None:
            opened = None
            continue
        out.add((unit.where, line.group("label").strip(), line.group("value").strip()))
    return out


_ROLE_LABEL = re.compile(r"(?:^|(?<=\s))(?P<label>[A-Z][^\W\d_/'’ ()-]*(?:[/ ()'’-]+[^\W\d_]+\)?){0,5}):\s")


def _signers_in(value: str, label_role: str) -> list[tuple[str, str]]:
    """One value, one or more signers: 'D. Coles (Parent/carer)' under the label's role, or
    'Parent: S. Bramwell 17/06/2026 Headteacher: O. Pritchard 17/06/2026' cut at each role."""
    labels = [m for m in _ROLE_LABEL.finditer(value) if signer_role(m.group("label")) != "other"]
    if label_role == "other" and len(labels) >= 2:
        ends = [m.start() for m in labels[1:]] + [len(value)]
        return [
            (signer_role(m.group("label")), value[m.start() : end])
            for m, end in zip(labels, ends, strict=True)
        ]
    if label_role == "other":
        listed = _listed_signers(value)
        if listed:
            return listed
    return [(label_role if label_role != "other" else signer_role(value), value)]


def _listed_signers(value: str) -> list[tuple[str, str]]:
    """'Mrs T. Le (parent/carer) on 01/03/2028; Mrs H. Marchbanks (Headteacher) on 01/03/2028':
    signers listed one after another, each with the role beside their name (in brackets first)."""
    parts = [p for p in re.split(r";\s*", value) if p.strip()]
    if len(parts) < 2:
        return []
    roles = [_bracketed_role(p) or signer_role(p) for p in parts]
    return [] if "other" in roles else list(zip(roles, parts, strict=True))


def _bracketed_role(part: str) -> str | None:
    for bracket in re.findall(r"\(([^()]{2,60})\)", part):
        role = signer_role(bracket)
        if role != "other":
            return role
    return None


def _not_a_signature(value: str) -> bool:
    return bool(
        is_empty(value) or _UNSIGNED.search(value) or NEGATION.search(value) or _HEADER_WORDS.match(value)
    )


def _from_prose(corpus: Corpus) -> list[Signature]:
    """'Mrs Bennett signed the plan and the hours at the meeting', 'Signed by Mr Khaled Al-Sayed on
    19/01/2028.' (only where nothing else says)."""
    out: list[Signature] = []
    for unit, m in corpus.search(_SIGNED_PROSE):
        listed = _signers_listed(corpus, unit.text[m.end() :])
        if len(listed) >= 2 and not NEGATION.search(unit.text) and unit.source != "subject":
            signed_on = first_date(unit.text[m.end() :], corpus.ref_date)
            out += [
                Signature(role, None, signed_on, Evidence(quote(f"signed {by}"), unit.where)) for role, by in listed
            ]
            continue
        before = unit.text[: m.start()]
        by = _SIGNED_BY.match(unit.text, m.end())
        named_and_dated = by is not None and first_date(unit.text[by.end() :], corpus.ref_date) is not None
        dated = first_date(unit.text[m.end() : m.end() + 25], corpus.ref_date) is not None
        role_and_date = dated and signer_role(before[-30:]) != "other"  # 'Parent signed 03/11/2027.'
        if (
            unit.source == "subject"
            or NEGATION.search(unit.text)
            or not (re.search(r"plan|hours|timetable|agreement", unit.text, re.I) or named_and_dated or role_and_date)
        ):
            continue
        role = signer_role(before[-60:])
        if by is not None:
            role = _role_given_elsewhere(corpus, by.group("name")) or role
        if role in ("other", "pupil"):
            role = "parent" if re.search(r"\b(?:Mr|Mrs|Ms|Miss)\b", before[-40:]) else role
        if role != "other":
            out.append(
                Signature(
                    role,
                    None,
                    first_date(unit.text[m.end() :], corpus.ref_date),
                    Evidence(quote(unit.text), unit.where),
                )
            )
    return out


_MAIL_FROM = re.compile(r"^\s*From:\s*\S", re.I)
_I_AGREE = re.compile(
    r"\bI\b[^.]{0,80}?\b(?<!not )(?<!n't )agree (?:to|with) (?:the|this|these|them|it|his|her|their)\b|"
    r"\bI\b[^.]{0,80}?\b(?:give|confirm) (?:my )?(?:written )?(?:agreement|consent)\b",
    re.I,
)
_DASHED_SIGNOFF = re.compile(
    rf"(?:^|\s)[-–—]\s*(?P<name>{TITLE}\s+[^\W\d_][\w'’-]+(?:\s+[^\W\d_][\w'’-]+){{0,3}})"
    r"(?:\s*,\s*(?P<role>[^.;]{2,60}))?\W*$"
)


def _agreed_by_email(corpus: Corpus) -> list[Signature]:
    """Agreement in writing by email, pasted into the school's mail under a 'From:' line: 'I have
    read the plan and the hours and I agree to them. - Mrs Eleni Papadopoulou' (the role the plan
    gives her elsewhere), '... I agree to the plan ... - Ms Gráinne Ní Fhaoláin, Social Worker'."""
    out: list[Signature] = []
    in_reply = False
    sender: re.Match[str] | None = None
    for i, unit in enumerate(corpus.units):
        if _MAIL_FROM.match(unit.text):
            in_reply, sender = True, _FROM_ADDRESS.match(unit.text)
            continue
        agreed = _I_AGREE.search(unit.text) if in_reply and unit.source != "subject" else None
        if agreed is None or NEGATION.search(unit.text[: agreed.start()][-20:]):
            continue
        following = corpus.units[i + 1].text if i + 1 < len(corpus.units) else ""
        signer = _signer_of_reply(corpus, unit.text, following, sender)
        if signer is not None:
            out.append(Signature(signer[0], signer[1], None, Evidence(quote(unit.text), unit.where)))
        in_reply = False
    return out


_FROM_ADDRESS = re.compile(r"^\s*From:\s*(?P<name>[^<\n]*?)\s*<(?P<email>[^>\s]+)>", re.I)
_BRACKETED_SIGNOFF = re.compile(
    r"^\s*(?P<name>[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){1,4})\s*\((?P<role>[^()]{2,40})\)\W*$"
)
"""A reply's sign-off with who the writer is in brackets: 'Phạm Thị Hoa (Nhung's mother)'."""


def _signer_of_reply(
    corpus: Corpus, text: str, following: str, sender: re.Match[str] | None
) -> tuple[str, str | None] | None:
    """Who agreed in a reply, and as what: its dashed or bracketed sign-off ('- Ms Ní Fhaoláin,
    Social Worker', 'Phạm Thị Hoa (Nhung's mother)'), else the mail's own sender (a school's
    address agrees for the school; anyone else as the plan names them)."""
    signoff = _DASHED_SIGNOFF.search(text) or _DASHED_SIGNOFF.match(following) or _BRACKETED_SIGNOFF.match(following)
    if signoff is not None:
        name = signoff.group("name")
        role = signer_role(signoff.group("role")) if signoff.group("role") else "other"
    elif sender is not None and sender.group("name"):
        name = sender.group("name")
        role = "school" if is_school_address(sender.group("email")) else "other"
    else:
        return None
    if role == "other":
        role = _role_given_elsewhere(corpus, name) or "other"
    return (role, name) if role != "other" else None


_FOR_THE_SCHOOL = re.compile(r"^(?:for|on behalf of) (?:the )?(?:school|academy)$", re.I)
_AGREED_BY = re.compile(r"^\s*(?:(?:signed|agreed)(?: and (?:signed|agreed))?|signed off) by\s+(?P<who>\S.*)", re.I)


def _agreed_for_the_school(corpus: Corpus) -> list[Signature]:
    """'For the school: agreed by Mrs Agnieszka Pawłowska, Head of Year 7, 07/06/2028.'"""
    return [
        Signature("school", _name_in(m.group("who")), first_date(m.group("who"), corpus.ref_date),
                  Evidence(quote(f"{f.label}: {f.value}"), f.where))
        for f in corpus.fields
        if _FOR_THE_SCHOOL.match(f.label.strip()) and (m := _AGREED_BY.match(f.value))
    ]


_BY_SIGNER = re.compile(
    r"\bby\s+(?:(?P<me>me|myself)\b|(?P<name>(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[^\W\d_][\w'’-]+(?:\s+[^\W\d_][\w'’-]+){0,2}?)"
    r"(?:\s+(?:for|from|of|on behalf of)\s+(?P<org>[^,;.]{3,50}))?(?=\s*(?:[,;.]|and\b|$)))"
)


def _signers_listed(corpus: Corpus, after: str) -> list[tuple[str, str]]:
    """The roles of signers listed one by one after 'signed' in a sentence ('signed at the meeting
    (14/01/2027) by Mrs Çelik, by Mr Asante for Children's Social Care, and by me'): each by
    what the plan calls them elsewhere, by whom they signed for, and 'me', the writer, by the
    school; each with its own words. Empty unless every one listed is known."""
    sentence = re.split(r"(?<=[a-z)])\.\s", after, maxsplit=1)[0]
    roles: list[tuple[str, str]] = []
    for by in _BY_SIGNER.finditer(sentence):
        if by.group("me"):
            roles.append(("school", by.group(0)))
            continue
        name = by.group("name")
        role = _role_of_surname(corpus, name) or _role_given_elsewhere(corpus, name)
        if role is None and by.group("org"):
            role = signer_role(by.group("org"))
        if role is None or role == "other":
            return []
        roles.append((role, by.group(0)))
    return roles


def _role_of_surname(corpus: Corpus, name: str) -> str | None:
    """'Mrs Çelik' where the plan names 'Mrs Hatice Çelik (mother)': the same title and surname."""
    words = folded(name).split()
    if len(words) != 2:
        return None
    for text in (folded(u.text) for u in corpus.units):
        for m in _NAMED_WITH_ROLE.finditer(text):
            who = m.group("who").split()
            if len(who) >= 2 and who[0] == words[0] and who[-1].casefold() == words[1].casefold():
                role = signer_role(m.group("role"))
                if role not in ("other", "pupil"):
                    return role
    return None


_SIGNED_BY = re.compile(r"\s+by\s+(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})")
"""'Signed by Mr Declan Brennan (plan and hours)': the signer, named."""


def _role_given_elsewhere(corpus: Corpus, name: str) -> str | None:
    """The role the plan gives the named person elsewhere: 'Mr Declan Brennan (father)' in the
    meeting's attendees, 'Parent/carer: Mr Declan Brennan'; also where one of the two was
    misread by OCR or lost its accents ('Mrs Iwona Jabtofska (mother)' in the scanned plan,
    'Mrs Iwona Jablonska' on its signed letter)."""
    texts = [folded(u.text) for u in corpus.units]
    beside = re.compile(rf"{re.escape(folded(name))}\s*[(,–-]\s*(?P<role>[^(),.;\n]{{2,40}})", re.I)
    like = (m for text in texts for m in _NAMED_WITH_ROLE.finditer(text) if alike(m.group("who"), name))
    exact = (m for text in texts for m in beside.finditer(text))
    for m in itertools.chain(exact, like):  # the exact name first; a like one only where none
        role = signer_role(m.group("role"))
        if role not in ("other", "pupil"):
            return role
    return None


_NAMED_WITH_ROLE = re.compile(
    r"(?P<who>(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2})\s*\((?P<role>[^()]{2,40})\)"
)


# --- one signature per signer ---------------------------------------------------------------


def _dedupe(signatures: list[Signature]) -> tuple[Signature, ...]:
    """One signature per signer. Rows of one table are different signers (two parents may both
    sign); a signature read again another way (a field, a line, a mark, another copy of the plan)
    is dropped when the same role and a name that agrees (or none) is already there, or when its
    words are already there; read first without a role (an OCR'd copy), the one with a role stays."""
    out: list[Signature] = []
    for sig in signatures:
        if any(_same_words(s, sig) for s in out):
            continue
        twin = _read_already(out, sig)
        if twin is not None:
            if out[twin].role == "other" and sig.role != "other":
                out[twin] = sig
            continue
        if any(_same_source(s, sig) for s in out):
            out.append(sig)
            continue
        if sig.role == "other" and any(_same_person(s.name, sig.name) and s.name for s in out):
            continue
        if not any(s.role == sig.role and _same_person(s.name, sig.name) for s in out):
            out.append(sig)
    return tuple(out)


def _read_already(out: list[Signature], sig: Signature) -> int | None:
    """Where the same named signer, read from another place, already is: in the same role, or in none."""
    if not sig.name:
        return None
    for i, s in enumerate(out):
        same_role = s.role == sig.role or "other" in (s.role, sig.role)
        if s.name and same_role and not _same_source(s, sig) and _same_person(s.name, sig.name):
            return i
    return None


def _same_words(a: Signature, b: Signature) -> bool:
    return a.evidence is not None and b.evidence is not None and a.evidence.text == b.evidence.text


def _same_source(a: Signature, b: Signature) -> bool:
    """Two rows of the same table ('x | y | z' evidence from the same place)."""
    if a.evidence is None or b.evidence is None:
        return False
    return a.evidence.where == b.evidence.where and " | " in a.evidence.text and " | " in b.evidence.text


def _same_person(a: str | None, b: str | None) -> bool:
    """Names that agree: one may lack a title or a first name ('Mr Darren Coles', 'D. Coles')."""
    if not a or not b:
        return True
    if a.casefold().startswith(b.casefold()) or b.casefold().startswith(a.casefold()):
        return True  # 'Mrs Joanna Dąbrowska Mrs Joanna': the printed name, then the signature
    if _surname(a) == _surname(b):
        return True
    return _first_name(a) == _first_name(b) != "" and _one_letter_apart(_surname(a), _surname(b))


_TITLE_WORD = re.compile(rf"^{TITLE}$", re.I)


def _first_name(name: str) -> str:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", name) if not _TITLE_WORD.match(w)]
    return folded(words[0]).lower() if len(words) >= 2 else ""


def _one_letter_apart(a: str, b: str) -> bool:
    """Surnames of five letters or more that differ in one letter, as OCR changes one ('Széke' for
    'Szőke'): the same person where the first names agree."""
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _surname(name: str) -> str:
    """The last word of the name, without case or accents (a typed 'Yıldız', a scanned 'Yildiz')."""
    words = re.findall(r"[^\W\d_][\w'’-]*", name)
    return folded(words[-1] if words else name).lower()


def refused(corpus: Corpus) -> Evidence | None:
    """The parent/carer refused or declined to sign or agree."""
    pattern = re.compile(
        r"\b(?:refused|declined|will not|won't|does not|doesn't|did not) (?:to )?(?:sign|agree)", re.I
    )
    for unit, _m in corpus.search(pattern):
        if signer_role(unit.text) == "parent":
            return Evidence(quote(unit.text), unit.where)
    return None
