"""The circumstances that bring in a Local Authority professional: Yes, No, or not stated."""

from __future__ import annotations

import re

from parsers.extract.corpus import Corpus
from parsers.extract.lookup import labelled, negated_near, quote, tick_answer
from parsers.facts import CIRCUMSTANCES, Evidence

PATTERNS: dict[str, re.Pattern[str]] = {
    "looked_after": re.compile(
        r"looked[- ]after|child(?:ren)? in care|\bLAC\b|\bCLA\b|\bCiC\b|in the care of the local authority",
        re.I,
    ),
    "court_order": re.compile(
        r"court order|referral order|youth rehabilitation order|supervision order", re.I
    ),
    "child_protection": re.compile(r"child protection|\bCP\b(?: plan)?|\bCPP\b", re.I),
    "child_in_need": re.compile(r"child in need|\bCiN\b|\bCIN\b", re.I),
    "team_around_family": re.compile(r"team around the family|\bTAF\b|early help plan", re.I),
    "ehcp": re.compile(
        r"\bEHC ?P\b|\bEHC plan|education,? health and care plan|statement of (?:SEN|special educational needs)",
        re.I,
    ),
}
_ANSWER_LEAD = re.compile(r"^[^:.;?]{0,30}?(?::|\s[-–]\s|\?)\s*")
_BOX_BEFORE = re.compile(r"(☒|☑|✓|✔|\[x\]|☐|\[ \])\s*$", re.I)
_NONE_AFTER = re.compile(r"^[^.;]{0,40}\b(?:none (?:apply|applies)|not applicable|n/a)\b", re.I)


def extract_circumstances(corpus: Corpus) -> tuple[dict[str, bool | None], dict[str, Evidence]]:
    values: dict[str, bool | None] = dict.fromkeys(CIRCUMSTANCES)
    evidence: dict[str, Evidence] = {}
    for cid, pattern in PATTERNS.items():
        answer = (
            _from_yes_no_columns(corpus, pattern)
            or _from_fields(corpus, pattern)
            or _from_cells(corpus, pattern)
            or _from_boxes(corpus, pattern)
            or _from_prose(corpus, pattern)
        )
        if answer is not None:
            values[cid], evidence[cid] = answer
    return values, evidence


_MARK = re.compile(r"^\s*(?:x|✓|✔|☒|☑|yes|y|\[x\]|\(x\)|ticked)\s*$", re.I)


def _from_yes_no_columns(corpus: Corpus, pattern: re.Pattern[str]) -> tuple[bool, Evidence] | None:
    """A table with 'Yes' and 'No' columns and a mark in one of them."""
    for table in corpus.tables:
        header = [c.strip().lower() for c in table.rows[0]] if table.rows else []
        if "yes" not in header or "no" not in header:
            continue
        yes, no = header.index("yes"), header.index("no")
        for row in table.rows[1:]:
            if row and pattern.search(row[0]) and max(yes, no) < len(row):
                if _MARK.match(row[yes]) and not _MARK.match(row[no]):
                    return True, Evidence(quote(f"{row[0]}: Yes"), table.where)
                if _MARK.match(row[no]) and not _MARK.match(row[yes]):
                    return False, Evidence(quote(f"{row[0]}: No"), table.where)
    return None


def _from_cells(corpus: Corpus, pattern: re.Pattern[str]) -> tuple[bool, Evidence] | None:
    """A form's boxes that each hold a label and its answer ('A6 Looked after No')."""
    for table in corpus.tables:
        for cell in (c for row in table.rows for c in row):
            m = pattern.search(cell)
            if m:
                tail = re.sub(r"^\W*(?:\([^)]*\)\s*)?(?:plan|order)?\s*[:\-–]?", "", cell[m.end() :])
                last = re.search(r"\b(yes|no|n/a)\W*$", tail, re.I)
                answer = tick_answer(last.group(1)) if last and len(tail) < 40 else tick_answer(tail)
                if answer is not None:
                    return answer, Evidence(quote(cell), table.where)
    return None


def _from_fields(corpus: Corpus, pattern: re.Pattern[str]) -> tuple[bool, Evidence] | None:
    for f in corpus.fields:
        if pattern.search(f.label):
            answer = tick_answer(f.value)
            if answer is not None:
                return answer, Evidence(quote(f"{f.label}: {f.value}"), f.where)
    for hit in labelled(corpus, pattern):
        tail = re.sub(r"^\([^)]*\)\s*|^[^:]*?\bplan\b\s*", "", hit.value)
        answer = tick_answer(tail) if tail else None
        if answer is not None and len(tail) < 120:
            return answer, hit.evidence()
    return None


def _from_boxes(corpus: Corpus, pattern: re.Pattern[str]) -> tuple[bool, Evidence] | None:
    for unit, m in corpus.search(pattern):
        box = _BOX_BEFORE.search(unit.text[: m.start()])
        if box:
            ticked = box.group(1) not in ("☐", "[ ]")
            return ticked, Evidence(quote(unit.text), unit.where)
    return None


def _from_prose(corpus: Corpus, pattern: re.Pattern[str]) -> tuple[bool, Evidence] | None:
    for unit, m in corpus.search(pattern):
        if unit.source == "subject" and not re.search(r"\bEHC", m.group(0)):
            continue
        text = unit.text
        after = text[m.end() : m.end() + 40]
        stated = tick_answer(_ANSWER_LEAD.sub("", after, count=1)) if _ANSWER_LEAD.match(after) else None
        if stated is not None:
            return stated, Evidence(quote(text), unit.where)
        negative = negated_near(text, m.start(), 80) or bool(_NONE_AFTER.search(text[m.end() :]))
        if _is_generic(text):
            continue
        return (not negative), Evidence(quote(text), unit.where)
    return None


def _is_generic(text: str) -> bool:
    """A question or guidance text about circumstances, not a statement about this child."""
    return text.rstrip().endswith("?") or bool(
        re.search(r"\b(?:if|where|whether|when) (?:a|the) (?:child|pupil)\b", text, re.I)
    )
