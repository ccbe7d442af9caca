"""Who signed: signature tables, signature lines, 'Signed (parent): ...' fields, scanned marks."""

from __future__ import annotations

import re
from datetime import date

from parsers.extract.corpus import Corpus, Table, Unit
from parsers.extract.dates import first_date
from parsers.extract.lookup import NEGATION, is_empty, quote
from parsers.extract.people import clean_name, role_of
from parsers.facts import Evidence, Signature

_SIGN_SECTION = re.compile(r"sign|agreement|consent|declaration|authoris", re.I)
_SIGNATURES_HEADING = re.compile(
    r"^(?:signatures?|signed|signing|sign(?:ed)? off|agreement|consent|declaration|parent(?:al)? (?:agreement|consent))\b", re.I
)
_ROLE_HEAD = re.compile(r"role|on behalf|position|capacity|relationship|who", re.I)
_NAME_HEAD = re.compile(r"name|print", re.I)
_SIG_HEAD = re.compile(r"signature|signed|sign\b", re.I)
_DATE_HEAD = re.compile(r"date", re.I)
_UNSIGNED = re.compile(
    r"not (?:yet )?(?:signed|returned|received)|unsigned|awaiting|to follow|outstanding|refused|declined|"
    r"^\s*(?:-+|_+|\.+|n/?a|none|x)?\s*$",
    re.I,
)
_SIGNED_FIELD = re.compile(
    r"(?:signature|signed)(?: by)?\s*(?:\((?P<a>[^)]{2,40})\)|of (?P<b>.{2,40})|by (?P<c>.{2,40}))?|"
    r"^(?P<d>.{2,40}?)\s*(?:signature|signed)\s*$",
    re.I,
)
_HEADER_WORDS = re.compile(
    r"^(?:\s*(?:role|name|print(?:ed)?|signature|signed|date|by signing\b.*)\s*)+$", re.I
)
_SIGNED_PROSE = re.compile(r"\b(?:has |have |had )?signed\b", re.I)


def extract_signatures(corpus: Corpus) -> tuple[Signature, ...]:
    found: list[Signature] = []
    for table in corpus.tables:
        if _is_signature_table(table):
            found += _from_table(table, corpus)
    if not found:
        found += _from_lines(corpus)
    found += _from_fields(corpus)
    found += [
        Signature(role_of(label), None, None, Evidence(f"signature mark beside '{label}'", where))
        for label, where in corpus.signature_marks
    ]
    if not found:
        found += _from_prose(corpus)
    return _dedupe(found)


def _is_signature_table(table: Table) -> bool:
    header = " ".join(table.rows[0]) if table.rows else ""
    return bool(_SIG_HEAD.search(header) or (_SIGN_SECTION.search(table.section) and len(table.rows[0]) >= 2))


def _columns(header: tuple[str, ...]) -> dict[str, int]:
    cols: dict[str, int] = {}
    for i, cell in enumerate(header):
        for key, pattern in (
            ("sig", _SIG_HEAD),
            ("date", _DATE_HEAD),
            ("role", _ROLE_HEAD),
            ("name", _NAME_HEAD),
        ):
            if key not in cols and pattern.search(cell):
                cols[key] = i
                break
    return cols


def _from_table(table: Table, corpus: Corpus) -> list[Signature]:
    cols = _columns(table.rows[0])
    has_header = bool(cols)
    rows = table.rows[1:] if has_header else table.rows
    out: list[Signature] = []
    for row in rows:
        sig = _row_signature(row, cols, corpus)
        if sig is not None:
            out.append(Signature(sig[0], sig[1], sig[2], Evidence(quote(" | ".join(row)), table.where)))
    return out


def _cell(row: tuple[str, ...], cols: dict[str, int], key: str) -> str | None:
    i = cols.get(key)
    return row[i] if i is not None and i < len(row) else None


def _row_signature(
    row: tuple[str, ...], cols: dict[str, int], corpus: Corpus
) -> tuple[str, str | None, date | None] | None:
    role_text = _cell(row, cols, "role") or row[0]
    sig = _cell(row, cols, "sig")
    if sig is None:
        sig = " ".join(c for i, c in enumerate(row) if i != cols.get("role", 0))
    if _UNSIGNED.search(sig) or NEGATION.search(sig):
        return None
    date_cell = _cell(row, cols, "date") or " ".join(row)
    name_cell = _cell(row, cols, "name")
    name = clean_name(name_cell) if name_cell else None
    return role_of(role_text), name, first_date(date_cell, corpus.ref_date)


def _from_lines(corpus: Corpus) -> list[Signature]:
    out: list[Signature] = []
    for unit in corpus.units:
        if unit.source != "attachment" or not _SIGN_SECTION.search(unit.section):
            continue
        sig = _line_signature(unit, corpus)
        if sig is not None:
            out.append(sig)
    return out


def _line_signature(unit: Unit, corpus: Corpus) -> Signature | None:
    """'Parent/carer Mrs Claire Bennett C. Bennett 07/01/2026': a role, a name, a date."""
    text = unit.text
    if _UNSIGNED.search(text) or NEGATION.search(text) or re.match(r"^(?:role|by signing)\b", text, re.I):
        return None
    when = first_date(text, corpus.ref_date)
    if when is None:
        return None
    head = re.split(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Mx)\b\.?|\d", text, maxsplit=1)[0]
    role = role_of(head) if head.strip() else "other"
    rest = text[len(head) :]
    return Signature(role, clean_name(rest), when, Evidence(quote(text), unit.where))


def _from_fields(corpus: Corpus) -> list[Signature]:
    """'Parent/carer signature: L. Hughes 25/02/2026', 'Signed (parent): ...', and under a
    signatures heading, 'Parent: G. Langford, 03/03/2026'."""
    out: list[Signature] = []
    for f in corpus.fields:
        m = _SIGNED_FIELD.search(f.label)
        in_section = (
            bool(_SIGNATURES_HEADING.match(f.section))
            and role_of(f.label) != "other"
            and first_date(f.value, corpus.ref_date) is not None  # a name and the date signed
        )
        if f.rank > 1 or f.wide or not (m or in_section) or _not_a_signature(f.value):
            continue
        who = next((g for g in m.groups() if g), "") if m else ""
        out.append(
            Signature(
                role_of(who or f.label),
                clean_name(f.value),
                first_date(f.value, corpus.ref_date),
                Evidence(quote(f"{f.label}: {f.value}"), f.where),
            )
        )
    return out


def _not_a_signature(value: str) -> bool:
    return bool(
        is_empty(value) or _UNSIGNED.search(value) or NEGATION.search(value) or _HEADER_WORDS.match(value)
    )


def _from_prose(corpus: Corpus) -> list[Signature]:
    """'Mrs Bennett signed the plan and the hours at the meeting' (only where nothing else says)."""
    out: list[Signature] = []
    for unit, m in corpus.search(_SIGNED_PROSE):
        before = unit.text[: m.start()]
        if (
            unit.source == "subject"
            or NEGATION.search(unit.text)
            or not re.search(r"plan|hours|timetable|agreement", unit.text, re.I)
        ):
            continue
        role = role_of(before[-60:])
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


def _dedupe(signatures: list[Signature]) -> tuple[Signature, ...]:
    """One signature per person: same role, and names that agree (one may lack a title)."""
    out: list[Signature] = []
    for sig in signatures:
        if not any(s.role == sig.role and _same_person(s.name, sig.name) for s in out):
            out.append(sig)
    return tuple(out)


def _same_person(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    a, b = (re.sub(r"^(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+", "", n).lower() for n in (a, b))
    return a in b or b in a


def refused(corpus: Corpus) -> Evidence | None:
    """The parent/carer refused or declined to sign or agree."""
    pattern = re.compile(
        r"\b(?:refused|declined|will not|won't|does not|doesn't|did not) (?:to )?(?:sign|agree)", re.I
    )
    for unit, _m in corpus.search(pattern):
        if role_of(unit.text) == "parent":
            return Evidence(quote(unit.text), unit.where)
    return None
