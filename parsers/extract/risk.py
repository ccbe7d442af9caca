"""The safeguarding risk assessment: is there one, when, and does it cover CSE and CDE/CCE."""

from __future__ import annotations

import re
from datetime import date

from parsers.extract.corpus import Corpus, Unit, document_of
from parsers.extract.dates import first_date
from parsers.extract.lookup import Hit, labelled, quote, tick_answer
from parsers.facts import Evidence, RiskAssessment

RISK_SECTION = re.compile(r"risk|safeguard", re.I)
_RA_PHRASE = re.compile(r"\brisk[- ]assess(?:ment|ed)\b|\bRA\b", re.I)
_RA_LABEL = re.compile(
    r"^(?:(?:safeguarding(?:\s*[/&]\s*|\s+and\s+|\s+)|written )?risk assessment(?: completed| carried out| done| date| undertaken)?|date of (?:the )?risk assessment)",
    re.I,
)
_NO_RA = re.compile(
    r"\bno (?:safeguarding )?risk assessment|risk assessment (?:has|was) not|"
    r"not (?:yet )?(?:done|completed|carried out) (?:a|the|any) risk assessment|"
    r"\b(?:risk assessment|safeguarding(?: (?:bit|part|section|form|paperwork|side))?|RA)\s+"
    r"(?:hasn't|has not|haven't|have not|isn't|is not|wasn't|was not)\s+(?:yet\s+|been\s+)*"
    r"(?:done|completed|carried out|started|finished|written)",
    re.I,
)
_BOTH_KINDS = (
    r"(?:sexual(?:ly)?\s*(?:and|or|&|/)\s*(?:child\s+)?criminal(?:ly)?|"
    r"criminal(?:ly)?\s*(?:and|or|&|/)\s*(?:child\s+)?sexual(?:ly)?)\s+exploit"
)
"""Both kinds sharing the one noun: 'sexual and criminal exploitation'."""
CSE = re.compile(rf"\bCSE\b|sexual(?:ly)? exploit|{_BOTH_KINDS}|exploitation\s*\([^()]{{0,20}}\bsexual\b", re.I)
CDE = re.compile(
    rf"\bC[CD]E\b|criminal(?:ly)? exploit|{_BOTH_KINDS}|exploitation\s*\([^()]{{0,20}}\bcriminal\b|county[- ]lines?\b|"
    r"\bCCE/CDE\b",
    re.I,
)
"""The kinds of exploitation also when named in brackets after the noun: 'exploitation (sexual and criminal)'."""
_NOT_DONE = re.compile(
    r"^\s*(?:no\b|not (?:yet )?(?:done|completed|carried out|started)|to be (?:done|completed)|tbc|pending)",
    re.I,
)


_ASSESSED = re.compile(
    r"assess|\brisks?\b|exploit|\bCSE\b|\bC[CD]E\b|county lines|\bDSL\b|vulnerab|\bharm\b|"
    r"safeguarding lead|considered|identified",
    re.I,
)
"""Words of an assessment, as opposed to a safeguarding box that only says where the child will be."""


_BARE_QUESTION = re.compile(r"\?\s*(?:[^\s?]+\s*){0,4}$")


def _bare_question(text: str) -> bool:
    """A form's question with its answer box left empty ('Has a safeguarding RA (incl. CSE and
    CCE) been done before the start? Date and summary'): it asks, it tells nothing. A question
    answered in a few words after it ('CSE considered? Y see RA') is no bare question."""
    bare = _BARE_QUESTION.search(text)
    return bare is not None and tick_answer(bare.group(0).lstrip("?")) is None


_OTHER_OPTION = re.compile(
    r"^\W*(?:[A-Z]?\d{1,2}[.)]?\s+)?(?:external|outreach|behaviou?r(?:al)? support|alternative provision|AP\b|"
    r"early help|EHA\b)",
    re.I,
)
"""A row of the options the school considered ('F2 External behaviour support / ...', 'F4 Early
Help Assessment considered') under a 'Safeguarding and other options' heading: not the risk
assessment's words."""


def _scope(corpus: Corpus) -> list[Unit]:
    """Units that speak about the risk assessment."""
    in_section = [
        u
        for u in corpus.in_sections(RISK_SECTION)
        if not _bare_question(u.text) and not _OTHER_OPTION.match(u.text)
    ]
    phrased = [u for u, _m in corpus.search(_RA_PHRASE) if u.source != "subject" and not _bare_question(u.text)]
    phrased += [u for u, _m in corpus.search(_NO_RA) if u.source != "subject"]
    phrased += [
        u
        for u in corpus.units
        if u.source != "subject" and (CSE.search(u.text) or CDE.search(u.text)) and not _bare_question(u.text)
    ]
    return [u for u in in_section + [u for u in phrased if u not in in_section] if not corpus.is_unanswered_row(u)]


_NOT_BEFORE = re.compile(
    r"\b(?:not|never|without|didn't|did not|does not|doesn't|hasn't|has not|haven't|have not)\b|"
    r"\bno (?:mention|reference|assessment|consideration)\b",
    re.I,
)
_NOT_AFTER = re.compile(
    r"^\W*(?:(?:was|were|is|has|have)\s+)?(?:not\s+(?:been\s+)?(?:considered|assessed|covered|included)|"
    r"no\b(?!\s+(?:current\s+|known\s+|immediate\s+|identified\s+)?(?:concerns?|risks?|issues?|indicators?|links?|evidence|worries)))",
    re.I,
)
_NO_CONCERNS = re.compile(
    r"^\W*no\s+(?:(?:current|known|immediate|identified|apparent|obvious)\b|"
    r"(?:concerns?|risks?|issues?|indicators?|links?|evidence|worries)\b)|"
    r"^\W*(?:none|nothing|not)\s+(?:identified|found|known|noted|seen|raised|indicated|apparent|evident)\b",
    re.I,
)
"""A finding of the assessment ('no known contact with older peers', 'no concerns'), not a
denial that it was weighed."""
_SAID_CONSIDERED = re.compile(
    r"^\W*(?:considered|assessed|covered|included)\b(?!\s*\?)(?![\s:\-–]*(?:[☐☒☑✓✔]|\[[ x]\]|(?:yes|no|n|y)\b))", re.I
)
"""'CSE considered' said, not asked: no answer after it ('CSE considered: No' is answered)."""
_CONSIDERED_WORD = re.compile(
    r"^[^\w☐☒☑✓✔■]*(?:(?:CSE|CCE|CDE|or|and)\b[^\w☐☒☑✓✔■]*)*(?:considered|assessed|covered|included|risk)?[^\w☐☒☑✓✔■]*", re.I
)
"""The words between a risk's name and its answer: 'CCE / CDE considered? N' is answered N."""


_BOX_LEFT_EMPTY = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,2})+\s+[A-Z]|(?:incl(?:uding|\.)?|inc\.)\s+(?:CSE|CCE|CDE)\W*(?:(?:CSE|CCE|CDE|and|or)\W*)*$)",
    re.I,
)
"""A risk assessment's box left empty: what follows it is the next numbered question ('6.1 Risk
assessment completed (date)' over '6.2 CSE considered ...') or the rest of its own label
('Risk assessment | incl. CSE / CCE')."""
_UNTICKED_ITEM = re.compile(r"^[^☒☑✓✔■]*[☐□](?:\s+[a-z][\w-]*){0,2}\s*$")
"""A checklist's item left unticked, the box last or before its label's wrapped last words
('Child criminal exploitation (CCE / CDE), county ☐ lines')."""
_ASKED_IN_LABEL = re.compile(r"(?:risk assessment|\bRA\b)\s*\((?:incl(?:uding|\.)?\s*|covering\s*)?[^()]{0,24}$", re.I)
"""A risk named in the brackets of the assessment's own label ('Risk assessment (CSE / CCE)'):
what the box asks for, not what the assessment covered."""
_NONE_MARKED = re.compile(r"[☐□]\s*(?:yes|y)\b\W{0,3}[☐□]\s*(?:no|n)\b|\b(?:yes|y)\s*[☐□]\W{0,3}(?:no|n)\s*[☐□]", re.I)
"""A question's Yes and No both left unticked."""


def _in_label_brackets(text: str, at: int) -> bool:
    return bool(_ASKED_IN_LABEL.search(text[max(0, at - 60) : at]))


def _names_a_risk_itself(text: str) -> bool:
    """The answer after the label names a risk of its own ('Covers ... criminal exploitation')."""
    return any(not _in_label_brackets(text, m.start()) for p in (CSE, CDE) for m in p.finditer(text))


def _covers(units: list[Unit], pattern: re.Pattern[str]) -> bool:
    """A mention of the risk that is not negated and not ticked 'No'."""
    for unit in units:
        for m in pattern.finditer(unit.text):
            clause = re.split(r"[.;:!?]|\bbut\b", unit.text[max(0, m.start() - 40) : m.start()])[-1]
            after = unit.text[m.end() : m.end() + 60]
            if _NOT_BEFORE.search(clause) or _NOT_AFTER.search(after) or _NONE_MARKED.search(after[:40]):
                continue  # negated, or neither Yes nor No ticked ('CSE considered ☐ Yes ☐ No')
            if _UNTICKED_ITEM.search(unit.text):
                continue  # a checklist's item left unticked ('Child criminal exploitation (CCE), county ☐')
            if _in_label_brackets(unit.text, m.start()) and _names_a_risk_itself(unit.text):
                continue  # the label's own brackets ask; the answer names what it covered
            if _SAID_CONSIDERED.match(after):
                return True
            answer = _CONSIDERED_WORD.sub("", after, count=1)
            if tick_answer(answer) is False and not _NO_CONCERNS.match(answer):
                continue
            return True
    return False


def extract_risk(corpus: Corpus) -> RiskAssessment | None:
    units = _scope(corpus)
    headings = {u.order for u in corpus.headings}
    hits = [
        h
        for h in labelled(corpus, _RA_LABEL)
        if not _BOX_LEFT_EMPTY.match(h.value) and not _rest_of_heading(h, headings)
    ]
    if not units and not hits:
        return None
    negative = next((h for h in hits if _NOT_DONE.match(h.value) or tick_answer(h.value) is False), None)
    if negative is not None:
        return RiskAssessment(False, False, False, None, negative.evidence())
    prose_negative = next((u for u in units if _NO_RA.search(u.text)), None)
    if prose_negative is not None and not hits:
        return RiskAssessment(
            False, False, False, None, Evidence(quote(prose_negative.text), prose_negative.where)
        )
    if not hits and not any(
        _ASSESSED.search(u.text) and not _NONE_MARKED.search(u.text) for u in units if u.order not in headings
    ):
        return None  # a 'Safeguarding' box that only says where the child will be, or only headings
    when = _date(corpus, hits, units)
    if when is not None and corpus.ref_date is not None and when > corpus.ref_date:
        when = None  # done after the mail that sends it: a misread date (a scan's '11' as '01'), not a fact
    first = hits[0].evidence() if hits else Evidence(quote(units[0].text), units[0].where)
    return RiskAssessment(True, _covers(units, CSE), _covers(units, CDE), when, first)


def _rest_of_heading(hit: Hit, headings: set[int]) -> bool:
    """A section's heading split at its dash ('6. Risk assessment - time at home'): the rest
    of its title, with no date or answer in it, says nothing about an assessment being done."""
    in_heading = hit.unit is not None and hit.unit.order in headings
    return in_heading and first_date(hit.value) is None and tick_answer(hit.value) is None


def _date(corpus: Corpus, hits: list[Hit], units: list[Unit]) -> date | None:
    for hit in hits:
        found = _assessed_on(hit.value, corpus)
        if found:
            return found
    for unit in units:
        m = _RA_PHRASE.search(unit.text)
        if m:
            found = _assessed_on(unit.text[m.end() :], corpus)
            if found:
                return found
    for unit in units:
        about_risk = RISK_SECTION.search(unit.section) or CSE.search(unit.text) or CDE.search(unit.text)
        if about_risk and re.search(r"complet|carried out|done|date", unit.text, re.I):
            found = _assessed_on(unit.text, corpus)
            if found:
                return found
    return _date_under_risk_box(corpus) or _date_of_its_own_document(corpus)


_DATE_DONE_LABEL = re.compile(r"^\s*(?:date(?: completed| done| of assessment| assessed)?|completed on|assessed on)\s*$", re.I)
_TITLE_REACH = 3
"""Lines at the top of a document that hold its title."""


def _date_of_its_own_document(corpus: Corpus) -> date | None:
    """The 'Date completed' of a document that is itself the risk assessment (its title says so:
    'Individual risk assessment - time out of school'), sent beside the plan."""
    titled: set[str] = set()
    seen: dict[str, int] = {}
    for unit in corpus.units:
        doc = document_of(unit.where)
        seen[doc] = seen.get(doc, 0) + 1
        if unit.source != "body" and seen[doc] <= _TITLE_REACH and _RA_PHRASE.search(unit.text):
            titled.add(doc)
    for f in corpus.fields:
        if document_of(f.where) in titled and _DATE_DONE_LABEL.match(f.label):
            found = _assessed_on(f.value, corpus)
            if found:
                return found
    return None


_BIRTH_DATE = re.compile(r"\b(?:DOB|D\.O\.B\.?|date of birth|born)\b[:\s]*\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", re.I)


def _assessed_on(text: str, corpus: Corpus) -> date | None:
    """The first date of the text that is not the pupil's date of birth ('Re: Safeguarding risk
    assessment - Omar Abu-Zaid (Year 11, DOB 08/02/2012)')."""
    return first_date(_BIRTH_DATE.sub(" ", text), corpus.ref_date)


_DONE_ON = re.compile(r"^\s*(?:completed|carried out|undertaken|done|dated?)\b[\s:]*(?:on\s+)?", re.I)


def _date_under_risk_box(corpus: Corpus) -> date | None:
    """'Completed 15/01/2027 by ...' on the line below a row of boxes whose first names the risk
    assessment ('Safeguarding RA (CSE/CCE) | Ext. support | AP | EHA'): side-by-side boxes run
    their text together, so the date's line is not in a risk section of its own."""
    for above, unit in zip(corpus.units, corpus.units[1:], strict=False):
        m = _DONE_ON.match(unit.text)
        if m is None or above.where != unit.where or not _RA_PHRASE.search(above.text[:40]):
            continue
        found = first_date(unit.text[m.end() : m.end() + 12], corpus.ref_date)
        if found:
            return found
    return None
