"""The meeting (held? who came?) and the professionals' written agreement."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping

from parsers.extract.corpus import (
    CROSSES,
    FORM_CODE,
    REQUIRED_MARK,
    TICKS,
    Corpus,
    Table,
    Unit,
    without_title_row,
)
from parsers.extract.dates import first_date
from parsers.extract.lookup import LABEL_CONTINUED, NEGATION, Hit, labelled, negated_near, quote, tick_answer
from parsers.extract.names import NAME, TITLE, shadow
from parsers.extract.people import ROLE_PATTERNS, role_of
from parsers.facts import Evidence, Signature, Topic

PROFESSIONAL_ROLES = ("virtual_school", "youth_justice", "social_worker", "early_help", "sen_team")
_WRITTEN_DATE = (
    r"(?:(?i:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?\d{1,2}(?:[/.]\d{1,2}[/.]\d{2,4}\b|"
    r"(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\b(?:\s+(?:19|20)\d{2}\b)?)"
)
"""A date as a form or a mail writes it: '08/03/2028', 'Wednesday 1 March 2028', '5th January'."""
_PRESENT_LABEL = re.compile(
    rf"^(?:{_WRITTEN_DATE}\s*[-–—:,]\s*)?"  # 'Wednesday 6 October 2027 - attended by: ...' under 'Placement meeting'
    r"(?:(?:the )?(?:meeting )?(?:was )?attended by|attended\b(?!\s+[a-z])|(?:meeting )?(?:attendees|participants)\b|"
    r"meeting attendance\b|attendance at (?:the )?meeting\b|in attendance\b|"
    r"(?:those |people |others |professionals |also )?present(?: at (?:the )?meeting)?\b(?!\s+(?-i:[a-z]))|"
    r"who took part(?: in (?:the|this|our|my) (?:\w+ )?(?:meeting|conversation|conference|discussion))?\b|"
    rf"who (?:attended|was there|was present|came|was at (?:the|my|our|this) (?:\w+ )?meeting)\b(?: to (?:the|my|our|his|her|their) (?:\w+ )?meeting"
    rf"(?: (?:on|held on) {_WRITTEN_DATE})?)?|those (?:attending|in attendance)\b|"
    rf"(?:those|people|everyone|all) (?:who were )?at (?:the|my|our|this) (?:\w+ )?meeting(?: (?:on|held on) {_WRITTEN_DATE})?|"
    rf"at (?:the|our|this) (?:\w+ )?meeting(?: (?:on|held on) {_WRITTEN_DATE})?(?=\s*(?::|$))|"
    r"(?:the )?plan (?:was )?(?:written|made|drawn up|put together) with\b|"
    r"who helped (?:to )?(?:make|write|draw up|put together) (?:this|the|my|our) plan\b|"
    r"(?:briefing|meeting) register\b|(?:(?:briefing|meeting) )?sign-?in (?:sheet|register)\b|"
    r"contributors(?: to (?:this|the) (?:assessment|plan|meeting))?\b|"
    rf"(?:[\w/-]+ ){{0,3}}(?:team|group|people|members)\s*\(at (?:the|our|this) (?:\w+ )?meeting(?: (?:on|held on) {_WRITTEN_DATE})?\)|"
    rf"(?:[\w/-]+ ){{0,3}}meeting (?:(?:on|held on) )?(?:{_WRITTEN_DATE} )?[-–—:]\s*(?:those|people|everyone) "
    r"(?:involved|present|attending|there)\b|"
    rf"planned (?:together )?(?:on {_WRITTEN_DATE} )?(?:by|with)\b|"
    r"local authority (?:professional|representative)|la professional)",
    re.I,
)
"""A label that lists who came: 'Present:', 'Attendees', 'Those present', 'Meeting attended by:',
'Who came to my meeting on 08/03/2028', 'Who helped make this plan' (a safety plan's list), 'Care
planning meeting 12/01/2028 - those involved'."""
_ABSENT = re.compile(
    r"\bapolog|\babsent\b|\bunable to\b|\bcould(?: not|n't)\b|\binvited but\b|\bdeclined\b|"
    r"\bby report\b|\bsent (?:a )?report\b|\bnot (?:yet )?(?:required|needed|applicable)\b|"
    + NEGATION.pattern,
    re.I,
)
"""Said of one person in a list: not there after all ('Ms Ross (Social Worker) - apologies')."""
_NOT_A_MEMBER = re.compile(
    r"^(?:apologies|absent|not present|unable to attend|invited|cc|copy to|distribution|decision|outcome|actions?|"
    r"agreed|summary|notes|minutes|purpose|agenda|next steps|date|time|venue|location)\b",
    re.I,
)
"""A line that ends a list of who came: who did not, or the next part of the minutes."""
_ABSENCE_LABEL = re.compile(
    r"\b(?:apologies(?: (?:received|sent|given))?(?: from)?|absent|not present|unable to attend|could not attend|"
    r"non-attendance)\s*:",
    re.I,
)
"""Where a list of who came ends and the list of who did not begins ('... Apologies: ...')."""
_PERSON_LABEL = re.compile(
    r"^(?:name|role|position|job title|title|organi[sz]ation|agency|service|relationship|designation)s?\b", re.I
)
_PROSE = re.compile(
    r"\b(?:will|would|is|are|was|were|be|been|being|has|have|had|should|must|can|may|might|shall|agreed|discussed|"
    r"decided)\b",
    re.I,
)
_PRESENCE = re.compile(
    r"\b(?:attended|in attendance|came to|joined|(?<!at )present\b(?!\s+(?:the|a|an|this|his|her|their|our|it|them|to)\b)|"
    r"(?:at|in|during) (?:the|this|our|that) (?:planning |initial |reintegration |timetable |RTT )?meeting)",
    re.I,
)
"""A line's own word that the person was at the meeting."""
_ATTEND_HEAD = re.compile(
    r"present|attended|attending|attendance|at (?:the )?meeting|in person|\bhere\b|\bcame\b|took part|taking part", re.I
)
_ROLE_HEAD = re.compile(r"role|position|job|title|designation|agency|organi[sz]ation|service|capacity", re.I)
_ATTENDEE_CONTEXT = re.compile(
    r"present|attendees|attended|in attendance|participants|who (?:came|was there)|people at|"
    r"meeting attendance|attendance at (?:the )?meeting",
    re.I,
)
_SIGN_CONTEXT = re.compile(r"sign|agree|consent|declaration|authoris", re.I)
_MAX_LIST = 25
_LABEL_HINT = re.compile(
    r"present|attend|participants|who |took part|\bat (?:the|my|our|this) |written with|made with|drawn up|put together|"
    r"professional|representative|helped|involved|register|sign-?in|at the meeting|contributors",
    re.I,
)
"""A word every attendance label has: a cheap test before the label is looked for."""
_HELD = re.compile(
    r"\b(?:meeting|conversation)\b[^.]{0,80}\b(?:held|took place|was convened|attended)|"
    r"\b(?:at|in|during) (?:a|the|our|this|that|[A-Z][a-z]+day's|(?:a|the|our) [\w/-]+(?: [\w/-]+)?) meeting\b|"
    r"(?<!\bbe )(?<!\bbeen )(?<!\bare )(?<!\bis )(?<!\bbeing )\bmet with\b|\bagreed at\b|\bmeeting (?:on|with)\b",
    re.I,
)
_NOT_HELD = re.compile(
    r"\bno meeting\b|meeting (?:was|has) (?:not|never) (?:been )?(?:held|convened|arranged)|"
    r"without (?:a|any) meeting|not (?:been )?(?:invited|asked) to (?:a|any) meeting|never met|"
    r"\b(?:did not|didn't|have not|haven't|has not|hasn't) (?:hold|have|arrange|convene) (?:a|any) (?:formal )?meeting|"
    r"(?:couldn't|could not|were unable to|was unable to|weren't able to|wasn't able to|didn't manage to|did not manage to)\s+"
    r"(?:find (?:a )?time for|arrange|hold|set up|organise|organize|get together for) (?:a|the|any) meeting",
    re.I,
)
_WE_DID_NOT_MEET = re.compile(
    r"\bwe (?:did not|didn't|have not|haven't) (?:hold|have|arrange|convene) (?:a|any) (?:formal )?meeting", re.I
)
"""The school saying it held no meeting (with the family, as the plan is theirs)."""
_NONE_HELD = re.compile(r"^\W*(?:none(?: held)?|no(?:t held| meeting)?|n/?a|not applicable|did not meet)\W*$", re.I)
"""A meeting's date box that says there was none ('Date of meeting: none held')."""
_AWAITED = re.compile(
    r"\bnobody\b|\bno one\b|\bhave asked\b|\bhas been asked for\b|\bwaiting\b|\bwill (?:forward|send|chase)\b|"
    r"\bchas(?:e|ing)\b|\bwhen it arrives\b|\bnot yet\b|\bstill to\b|"
    r"\bgoing to (?:send|forward|email|give|confirm|sign)\b|\bto follow\b|\bonce (?:he|she|they) (?:has|have)\b",
    re.I,
)
"""A professional's agreement still to come ('he is going to send his written agreement separately
once he has spoken to his manager')."""
_AGREEMENT = re.compile(r"\b(?:written )?(?:agreement|consent|approval)\b|\bagree[sd]?\b", re.I)


def meeting_held(corpus: Corpus, meeting_date_found: bool) -> Topic:
    for unit, _m in corpus.search(_NOT_HELD):
        if _WE_DID_NOT_MEET.search(unit.text) or re.search(
            r"\bparent|mother|father|carer|mum|dad|her|him|family|\bno meeting\b", unit.text, re.I
        ):
            return Topic(True, Evidence(quote(unit.text), unit.where), negative=True)
    for hit in labelled(corpus, _MEETING_LABEL):
        if LABEL_CONTINUED.match(hit.value):
            continue  # 'Meeting date' over 'and attendees', the box left empty
        return Topic(True, hit.evidence(), negative=bool(_NONE_HELD.match(hit.value)))
    for hit in labelled(corpus, _MEETING_OWN_LABEL):
        if _DATE_FIRST.match(hit.value):  # 'PSP meeting | 06/10/2027 - Mr Hoàng (Father); ...'
            return Topic(True, hit.evidence())
    record = _meeting_record(corpus)
    if record is not None:
        return Topic(True, record)
    for unit, _m in corpus.search(_HELD):
        if not NEGATION.search(unit.text[:40]) and not _UNTICKED_AFTER.search(unit.text):
            return Topic(True, Evidence(quote(unit.text), unit.where))
    return Topic(meeting_date_found)


_MEETING_LABEL = re.compile(
    r"^(?:date of (?:the )?(?:(?:planning|reintegration|taf|psp|pep) )?meeting|(?:(?:planning|reintegration|taf|psp|pep) )?meeting date|meeting|"
    r"briefing held|date of (?:the )?briefing)",
    re.I,
)
"""The meeting's own label over its date ('Meeting date', 'TAF meeting date', 'Date of planning meeting')."""
_UNTICKED_AFTER = re.compile(r"(?:[☐□]|\[ \])\s*$")
"""A criterion left unticked ('A meeting with the parent/carer was held ☐'): not confirmed."""
_MEETING_SECTION = re.compile(r"\bmeeting\b", re.I)
_LATER_MEETING = re.compile(r"\breview|\bnext\b|\bfuture\b|\bplanned\b", re.I)


def _meeting_record(corpus: Corpus) -> Evidence | None:
    """The plan's record of the meeting: who came ('Attendees', 'Present', 'Who came'), or a
    date under a heading about the meeting ('Section B - Planning meeting / Date 17/11/2026')."""
    for hit in labelled(corpus, _PRESENT_LABEL):
        if is_member_line(_list_items(hit.value)[0] if _list_items(hit.value) else "") and (
            NAME.search(shadow(hit.value)) or role_of(hit.value) != "other"
        ):
            return hit.evidence()
    listed = _listed_under_present(corpus) or _attendee_table(corpus) or _present_after_meeting(corpus)
    if listed is not None:
        return listed
    unit = dated_meeting_line(corpus)
    if unit is not None:
        return Evidence(quote(f"{unit.section}: {unit.text}"), unit.where)
    return _dated_meeting_heading(corpus)


_MET_THE_FAMILY = re.compile(r"\bmeeting\b|\bdiscussion with (?:the )?(?:family|parents?|carers?|mum|dad)\b", re.I)


def _dated_meeting_heading(corpus: Corpus) -> Evidence | None:
    """A heading that names the meeting (or a discussion with the family) and dates it, over what
    was said or who came ('TAS discussion with family - 17/11/2027')."""
    for unit in corpus.units:
        section = unit.section
        if _MET_THE_FAMILY.search(section) and not _LATER_MEETING.search(section) and first_date(section):
            return Evidence(quote(f"{section}: {unit.text}"), unit.where)
    return None


_PRESENT_AFTER_MEETING = re.compile(
    r"\bmeeting\b[^.:;?]{0,80}[.:;]\s*(?:those )?(?:present|attendees|in attendance|attended by)\s*:\s*(?P<who>[^.]+)", re.I
)
"""A sentence about a meeting and who was there, in a record's entry ('Planning meeting for a
reintegration timetable. Present: Mrs Rasa Jankauskienė (Mother); Mr Jonah Abramowicz (Head of
Year 8).'): the meeting was held."""


def _present_after_meeting(corpus: Corpus) -> Evidence | None:
    for unit, m in corpus.search(_PRESENT_AFTER_MEETING):
        said = unit.text[: m.start()] + unit.text[m.start() : m.start("who")]
        who = m.group("who")
        if not _LATER_MEETING.search(said) and (NAME.search(shadow(who)) or role_of(who) != "other"):
            return Evidence(quote(unit.text), unit.where)
    return None


def _listed_under_present(corpus: Corpus) -> Evidence | None:
    """'Present:' on a line of its own over the people who came, one a line (minutes)."""
    for unit, label, rest, members in _attendee_lists(corpus):
        if not rest.strip(" \t:-–—") and len(members) >= 2:
            return Evidence(quote(f"{label}: {'; '.join(members)}"), unit.where)
    return None


_DATED_LINE = re.compile(r"^\s*(?:date\b(?!\s+of\s+(?:birth|review))|(?:was\s+)?held\b|took place\b|we met\b|met on\b)", re.I)


def dated_meeting_line(corpus: Corpus) -> Unit | None:
    """A line under a heading about the meeting that dates it ('Planning meeting' over 'Date
    17/11/2026' or 'Held on Wednesday 8 March 2028.')."""
    for unit in corpus.units:
        if (
            unit.source != "subject"
            and _MEETING_SECTION.search(unit.section)
            and not _LATER_MEETING.search(unit.section)
            and (_DATED_LINE.match(unit.text) or _DATE_FIRST.match(unit.text))
            and first_date(unit.text) is not None
        ):
            return unit
    return None


Known = Mapping[str, str]
"""A professional's name as the plan writes it, without title ('aoibheann kavanagh-reid'), to their role."""
_NOBODY: Known = {}
_TITLE = re.compile(rf"^\s*(?:{TITLE}|prof\.?)\s+", re.I)


def professionals_named(signatures: tuple[Signature, ...]) -> Known:
    """The professionals the plan's signatures name, by their names: first and last name at least."""
    named: dict[str, str] = {}
    for s in signatures:
        name = _TITLE.sub("", s.name or "").strip().lower()
        if s.role in PROFESSIONAL_ROLES and len(name.split()) >= 2:
            named[name] = s.role
    return named


def known_roles_in(text: str, known: Known) -> set[str]:
    """The roles of the named professionals a piece of text names."""
    lowered = " ".join(text.lower().split())
    return {role for name, role in known.items() if name in lowered}


def roles_in(text: str) -> set[str]:
    return {role for role, pattern in ROLE_PATTERNS if role in PROFESSIONAL_ROLES and pattern.search(text)}


Found = list[tuple[set[str], Evidence]]
"""Professional roles seen at the meeting, each with the line that shows it."""


def professionals_present(
    corpus: Corpus, signatures: tuple[Signature, ...] = ()
) -> tuple[set[str], Evidence | None, bool]:
    """Roles of the LA professionals at the meeting; True last when one was explicitly not invited.

    Read from 'Present: ...' values, attendee lists under such a label or heading, attendance
    tables (Name / Role columns), a professional's own line saying they attended, and prose. A
    person listed by a job title of no known service ('Education Adviser') whom the plan's
    signatures name for a service is there for that service."""
    known = professionals_named(signatures)
    found = [
        *_from_labels(corpus, known),
        *_from_lists(corpus, known),
        *_from_tables(corpus, known),
        *_from_own_lines(corpus),
        *_from_prose(corpus, known),
    ]
    roles = {role for found_roles, _ev in found for role in found_roles}
    evidence = found[0][1] if found else None
    not_invited = any(
        roles_in(u.text)
        for u, _m in corpus.search(
            re.compile(r"not (?:been )?invited|was not (?:at|present)|did not attend", re.I)
        )
    )
    return roles, evidence, not_invited


_ABSENCE_SAID = re.compile(
    r"\bapolog|\bcould(?: not|n't) (?:come|attend|make|be there|join)\b|\bunable to (?:attend|come|make|join)\b|"
    r"\bnot able to (?:attend|come|make|join)\b|\bdid(?: not|n't) (?:attend|come)\b|\bnon-attendance\b|\babsent\b|"
    r"\bnot (?:present|at the (?:\w+ )?(?:meeting|briefing))\b|\bsent (?:his|her|their) views\b|"
    r"\battended\b[^\n.]{0,40}(?:☒|\[x\])\s*no\b",
    re.I,
)
"""Words that say someone was not at the meeting ('sent apologies', 'could not come', 'Attended the
planning meeting? ☐ Yes ☒ No')."""


def attendance_recorded(corpus: Corpus) -> bool:
    """The plan or the mail says who came to the meeting or who did not: a label or table of who
    came (whoever it lists), or a word that someone was not there. Where none is found, a
    professional's absence is not shown, only not found."""
    if any(_ABSENCE_SAID.search(u.text) for u in corpus.units if u.source != "subject"):
        return True
    if any(_PRESENT_LABEL.match(f.label.strip()) for f in corpus.fields):
        return True
    if any(_attendance_column(table) for table in corpus.tables):
        return True
    return any(True for _ in _attendance_labels(corpus))


def _attendance_column(table: Table) -> bool:
    """A table whose head has a column for who came ('Attended', 'Present at meeting')."""
    rows = without_title_row(table.rows)
    return bool(rows) and _attendance_column_of(rows[0]) is not None


def _attendance_column_of(header: tuple[str, ...]) -> int | None:
    """The index of the head's column for who came, if it has one."""
    return next((i for i, cell in enumerate(header) if _ATTEND_HEAD.search(cell)), None)


def _from_labels(corpus: Corpus, known: Known) -> Found:
    """'Present: Mrs Bennett (mother); Ms Shah (SEN Team)' as a field, row or line; and a
    meeting's own label over its date and who came ('PSP meeting | 23/02/2028 - Mrs A (Mother);
    Ms B (Early Help Worker)')."""
    out: Found = []
    hits = [
        *labelled(corpus, _PRESENT_LABEL),
        *(h for h in labelled(corpus, _MEETING_OWN_LABEL) if _WHO_CAME.search(h.value) or _DATED_LIST.match(h.value)),
        *(h for h in labelled(corpus, _MEETING_DATED_LABEL) if _PEOPLE_WITH_ROLES.match(h.value)),
        *(h for h in labelled(corpus, _PROFESSIONAL_LABEL) if _SAYS_ATTENDED.search(h.value)),
    ]
    for hit in [*hits, *_labelled_cells(corpus)]:
        found = present_in(hit.value, known)
        if found:
            out.append((found, hit.evidence()))
    out += _professional_then_at_meeting(corpus)
    return out


def _labelled_cells(corpus: Corpus) -> list[Hit]:
    """A table row's cell that labels who came, and the next cell: 'A3 team (at the meeting on
    03/05/2028) | Mrs Quayle (Foster carer); ... | Issued | 03/05/2028', a row of label-value
    pairs read as no field."""
    return [
        Hit(value, table.where, label)
        for table in corpus.tables
        for row in table.rows
        for label, value in itertools.pairwise(row)
        if value and len(label) <= _LABEL_CELL and _PRESENT_LABEL.match(label.strip())
    ]


_LABEL_CELL = 80


_AT_MEETING_ASKED = re.compile(r"^\s*(?:at|attended|came to|present at) (?:the )?meeting\s*\??\s*$", re.I)


def _professional_then_at_meeting(corpus: Corpus) -> Found:
    """A table's 'Professional involved | Caoimhe Fitzpatrick - YJS Officer' over 'At the meeting? |
    Yes': the professional came."""
    out: Found = []
    for table in corpus.tables:
        for above, row in zip(table.rows, table.rows[1:], strict=False):
            if (
                len(above) >= 2
                and len(row) >= 2
                and _PROFESSIONAL_LABEL.match(above[0])
                and _AT_MEETING_ASKED.match(row[0])
                and tick_answer(row[1]) is True
            ):
                roles = {r for r in roles_in(above[1]) if r != "other"}
                if roles:
                    out.append((roles, Evidence(quote(f"{above[0]}: {above[1]}; {row[0]} {row[1]}"), table.where)))
    return out


_DATED_LIST = re.compile(r"^\W*\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\s*[:;–-]\s*[^,;]+[,;][^,;]+")
"""A meeting's date, then who came by role ('10/11/2027: Mum, Deputy Head / DSL, SEN Team (LA)')."""
_PROFESSIONAL_LABEL = re.compile(r"^(?:(?:la|local authority|agency) )?(?:professional|worker)s?(?: involved)?\s*$", re.I)
_SAYS_ATTENDED = re.compile(r"(?<!not )(?<!n't )\b(?:attended|was present|came to the meeting|at the meeting)\b", re.I)
"""'Professional | Trần Minh Khoa, SEN Casework Officer, Oxfordshire SEN Team - attended'."""
_MEETING_OWN_LABEL = re.compile(
    r"^(?:(?:date of (?:the )?)?(?:(?:psp|planning|reintegration|rtt|pastoral support|support plan|taf) )?meeting\s*$|"
    r"(?:date of (?:the )?)?(?:(?:psp|planning|reintegration|rtt|taf) )?meeting(?: date)?,? and (?:who (?:attended|came)|attendees|"
    r"those present)\s*$)",
    re.I,
)
_MEETING_DATED_LABEL = re.compile(
    r"^(?:(?:psp|planning|reintegration|rtt|taf) )?meeting\s+(?:held\s+)?(?:on\s+)?(?:\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|"
    r"(?:(?:mon|tues|wednes|thurs|fri)day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\s+(?:19|20)\d{2})\s*$",
    re.I,
)
"""A meeting's label with its date, over who came ('12) Meeting 22/09/2027 - Ms A (Mother), Ms B (Social Worker)',
'Meeting Wednesday 8 September 2027: Ms A (Mother); Mr B (YJS Officer)')."""
_PEOPLE_WITH_ROLES = re.compile(r"^[^;()]{2,60}\([^)]+\)[,;][^;]*\([^)]+\)")
_DATE_FIRST = re.compile(rf"^\W*{_WRITTEN_DATE}", re.I)
"""A value that opens with a date: under a meeting's own label, the day it was held."""
_WHO_CAME = re.compile(
    r"^\W*\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\s*[-–:]\s*\S[^;]*\([^)]+\);[^;]*\([^)]+\)|"
    rf"^\W*{_WRITTEN_DATE}\s*[-–—:]\s*[^;()]{{2,60}}\([^)]+\)[,;][^;]*\([^)]+\)|"
    r"^[^.;]{0,40}\b(?:19|20)\d{2}[,.]?\s+[Ww]ith:?\s+[^;]*\([^)]+\)[,;][^;]*\([^)]+\)"
)
"""A date, then people each with their role in brackets ('10/11/2027 - Mrs A (Mother); Ms B (SEN
Team)', 'Wednesday 3 November 2027 - Mrs A (Mother), Mr B (SEND Officer)', 'Wednesday 22 September
2027, with Mrs A (Mother), Bukola Ogunleye (Early Help Worker)')."""


def present_in(value: str, known: Known = _NOBODY) -> set[str]:
    """The professional roles of the people a list names, leaving out those who were not
    there ('Ms Ross (Social Worker) sent apologies')."""
    came = _ABSENCE_LABEL.split(value, maxsplit=1)[0]
    people = (_SENTENCE_AFTER_ROLE.split(item, maxsplit=1)[0] for item in _list_items(came))
    return {role for item in people if not _ABSENT.search(item) for role in roles_in(item) or known_roles_in(item, known)}


_SENTENCE_AFTER_ROLE = re.compile(r"(?<=\))\.\s+(?=[A-Z])")
"""Where the last person of a list ends and the next sentence begins ('... Dervla Mac an tSaoir
(SEN Officer). Dervla will send the SEN Team's agreement - to follow.'): that sentence says
nothing of who came."""


def _list_items(value: str) -> list[str]:
    """One person a piece: split at semicolons, line ends and bullets; and at commas outside
    brackets where several people each have their role in brackets."""
    items = [i for i in re.split(r"\s*(?:;|\n|•|·)\s*", value) if i.strip()]
    out: list[str] = []
    for item in items:
        several = len(re.findall(r"\([^)]*\)", item)) >= 2
        out += _people_in(item) if several else [item]
    return out


def _people_in(item: str) -> list[str]:
    """'Mrs X (mother), Ms Ross (Social Worker), apologies, Mr Y (Head)': a piece per bracketed
    person; a piece without brackets ('apologies') stays with the person before it."""
    people: list[str] = []
    for piece in re.split(r",(?![^()]*\))", item):
        if people and "(" not in piece:
            people[-1] += "," + piece
        else:
            people.append(piece)
    return people


_TICK_MARKS = TICKS + "☒"
_CROSS_MARKS = "☐□" + CROSSES
_AT_A_MARK = re.compile(rf"(?=[{_TICK_MARKS}{_CROSS_MARKS}])")


def _pieces_at_marks(line: str) -> list[str]:
    """The line cut before each tick, cross or box ('☑ Mrs A (Mother)☑ Mr B' is two pieces)."""
    return [p.strip() for p in _AT_A_MARK.split(line) if p.strip()]


def _one_per_mark(line: str) -> list[str]:
    """A line of boxes, a person after each ('☑ Mrs A (Mother)☑ Mr B (Head of Year 7)'): one
    person a piece; any other line as it is."""
    pieces = _pieces_at_marks(line)
    return pieces if len(pieces) > 1 and all(p[0] in _TICK_MARKS + _CROSS_MARKS for p in pieces) else [line]


def _ticked_if_any(members: list[str]) -> list[str]:
    """A list to tick ('tick all who were there'), one person a line or all on one line ('☑ Mrs A
    (Mother)☑ Mr B (Head of Year 7)'): where any is ticked, only the ticked came; a crossed or
    empty box did not come."""
    pieces = [p for m in members for p in _pieces_at_marks(m)]
    if not any(p[0] in _TICK_MARKS for p in pieces):
        return [p for p in members if p.strip()[:1] not in _CROSS_MARKS]
    return [p for p in pieces if p[0] in _TICK_MARKS]


def _from_lists(corpus: Corpus, known: Known) -> Found:
    """An attendee list: the label ('Present:', 'Attendees', 'Meeting attended by:') on a
    line or heading of its own, one person a line below it."""
    out: Found = []
    for unit, label, _rest, members in _attendee_lists(corpus):
        for member in _ticked_if_any(members):
            found = present_in(member, known)
            if found:
                out.append((found, Evidence(quote(f"{label}: {member}"), unit.where)))
    return out


def _attendee_lists(corpus: Corpus) -> Iterator[tuple[Unit, str, str, list[str]]]:
    """(unit, label, what follows the label on its line, the people on the lines below) for each
    line that opens a list of who came."""
    headings = {u.order for u in corpus.headings}
    for unit, text, label in _attendance_labels(corpus):
        rest = _BRACKETED_ASIDE.sub("", text[label.end() :].lstrip(" ?"), count=1)  # 'Those present (1 March 2028)'
        rest = "" if REQUIRED_MARK.fullmatch(rest) else rest  # a form's question: 'Who took part ...? (tick ...) *'
        if _opens_list(rest):
            yield unit, label.group(0).strip(), rest, _members_after(corpus, _past_column_heads(corpus, unit), headings)


def _attendance_labels(corpus: Corpus) -> Iterator[tuple[Unit, str, re.Match[str]]]:
    """Each line that opens with a label of who came: the line, its text without a bullet, the label."""
    for unit in corpus.units:
        if unit.source == "subject" or not _LABEL_HINT.search(unit.text, 0, 60):
            continue
        text = _strip_bullet(unit.text)
        label = _PRESENT_LABEL.match(text)
        if label is not None:
            yield unit, text, label


def _opens_list(rest: str) -> bool:
    """After the label: nothing, or a separator and the first person ('Present: Mrs X (mother)');
    not a sentence ('LA professional: the social worker was invited but could not attend.')."""
    if _SECOND_COLUMN_HEAD.match(rest):
        return True  # 'Who came | Why they were there' over the people, one a line
    if not re.match(r"\s*(?:[:\-–—]|$)", rest):
        return False
    value = rest.strip(" \t:-–—")
    return not value or is_member_line(value)


_BRACKETED_ASIDE = re.compile(r"^\s*\([^()]{1,40}\)")
"""The meeting's date or an aside in brackets after the label ('(1 March 2028)', 'Briefing register
(sign-in)'): what follows it still opens the list."""
_COLUMN_HEADS = re.compile(
    r"^\W*(?:(?:name|role|organi[sz]ation|agency|service|capacity|position|job title|relationship|time in|time out|"
    r"arrived|left|signature|signed|date|contributed|attended|present)\W*){2,}$",
    re.I,
)
"""The heads of a sign-in sheet's columns on a line of their own under its label ('Name Organisation
Time in Time out'): the people are on the lines below."""


def _past_column_heads(corpus: Corpus, anchor: Unit) -> Unit:
    """The line the people's lines follow: the label's, or the column heads' line right under it."""
    following = corpus.units[anchor.order + 1] if anchor.order + 1 < len(corpus.units) else None
    if following is not None and following.where == anchor.where and _COLUMN_HEADS.match(following.text):
        return following
    return anchor


_SECOND_COLUMN_HEAD = re.compile(
    r"^\s*\|?\s*(?:why (?:they|he|she) (?:were|was) there|(?:their )?(?:role|reason|capacity|agency|relationship|"
    r"job title|position)s?(?: (?:at|in) (?:the )?meeting)?)\s*$",
    re.I,
)
"""The head of the column beside the label's, where a table without rules reads as lines."""


def _strip_bullet(text: str) -> str:
    return re.sub(r"^\s*(?:[-*•▪●·]|\d{1,2}[.)]|[A-Z]\d{1,2}[a-z]?[.)]?)\s+|^#+\s*|\*\*", "", FORM_CODE.sub("", text))


def _members_after(corpus: Corpus, anchor: Unit, headings: set[int]) -> list[str]:
    """The lines under the label, up to the first that is not a person, a heading that does
    not name one, or the start of the apologies."""
    if _ABSENCE_LABEL.search(anchor.text):
        return []
    out: list[str] = []
    for unit in corpus.units[anchor.order + 1 : anchor.order + 1 + _MAX_LIST]:
        came, *absent = _ABSENCE_LABEL.split(unit.text, maxsplit=1)
        people = _one_per_mark(came)
        if unit.where != anchor.where or not all(is_member_line(p) for p in people) or (
            unit.order in headings and not _names_someone(came)
        ):
            break
        out.extend(people)
        if absent:
            break
    return out


def _names_someone(text: str) -> bool:
    """A line that both names a person and gives a role (read as a heading by its shape)."""
    return role_of(text) != "other" and bool(NAME.search(shadow(text)))


def is_member_line(text: str) -> bool:
    """A line of an attendee list: a person, a role, or both; not prose, not the next label."""
    text = _strip_bullet(text).strip()
    if _NOT_A_MEMBER.match(text) or len(text.split()) > 20 or _PROSE.search(text):
        return False
    label = re.match(r"^([^:]{1,40}):\s", text)
    if label and not (_PERSON_LABEL.match(label.group(1)) or role_of(label.group(1)) != "other"):
        return False
    return len(text.split()) <= 4 or role_of(text) != "other" or bool(NAME.search(shadow(text)))


def _from_tables(corpus: Corpus, known: Known) -> Found:
    """A table of who came: Name and Role columns under an attendance label or heading, or a
    column that says who was present."""
    out: Found = []
    for table in corpus.tables:
        rows = without_title_row(table.rows)
        header = rows[0] if rows else ()
        attend_col = _attendance_column_of(header)
        if attend_col is None:
            attend_col = _column_saying_at_meeting(rows[1:])
        if attend_col is None and not _attendance_context(corpus, table):
            continue
        body = rows[1:] if _is_header(header) else rows
        ticked = _ticked_if_any([" ".join(c for c in row if c) for row in body])
        for row in body:
            if attend_col is not None and attend_col < len(row) and not _marked_present(row[attend_col]):
                continue
            if attend_col is None and " ".join(c for c in row if c) not in ticked:
                continue  # a box left empty in a list to tick
            text = " | ".join(c for i, c in enumerate(row) if c and i != attend_col)
            found = present_in(text.replace(" | ", ", "), known)
            if found:
                out.append((found, Evidence(quote(" | ".join(c for c in row if c)), table.where)))
    return out


def _marked_present(cell: str) -> bool:
    """An attendance column's cell: 'Yes', a tick, 'Present', 'Attended (online)', 'At the meeting on 29/09/2027'."""
    return tick_answer(cell) is True or bool(
        re.match(
            r"\s*(?:[✓✔☒☑]|\[x\]|(?:x|present|attended|in person|in the room|online|virtual|by (?:phone|video))\b)", cell, re.I
        )
        or _AT_MEETING_CELL.match(cell)
    )


_AT_MEETING_CELL = re.compile(r"^\s*(?:at|attended|came to|present at|joined) (?:the|our) (?:\w+ )?meeting\b", re.I)
"""A cell that says its row's person was at the meeting, in a column headed otherwise ('How consulted')."""


def _column_saying_at_meeting(body: tuple[tuple[str, ...], ...]) -> int | None:
    """The column whose cells say who was at the meeting, whatever its head says."""
    for row in body:
        for i, cell in enumerate(row):
            if i and _AT_MEETING_CELL.match(cell):
                return i
    return None


def _is_header(header: tuple[str, ...]) -> bool:
    return any(re.match(r"^\s*(?:name|role|present|attend)", c, re.I) or _ROLE_HEAD.search(c) for c in header)


def _attendance_context(corpus: Corpus, table: Table) -> bool:
    """The table sits under an attendance heading, or right after an attendance label, and
    is not a signature table (whose rows are who signed, not who came)."""
    rows = without_title_row(table.rows)
    header = " ".join(rows[0]) if rows else ""
    if re.search(r"signature|signed|sign\b", header, re.I):
        return False
    named = re.search(r"\bname\b", header, re.I) and _ROLE_HEAD.search(header)
    if _ATTENDEE_CONTEXT.search(table.section) or (named and _MET_THE_FAMILY.search(table.section)):
        return True
    if named and _ATTENDANCE_HEADING.match(table.section) and len(rows) >= 3 and not _CONTACT_HEAD.search(header):
        return True  # 'Attendance' over 'Name | Role | Organisation' in minutes, not a list of contacts
    first = next((c for row in table.rows for c in row if c), "")[:25]
    starts = [u.order for u in corpus.units if u.where == table.where and first and first in u.text]
    before = corpus.units[starts[0] - 1] if starts and starts[0] > 0 else None
    return bool(before and before.where == table.where and _PRESENT_LABEL.match(_strip_bullet(before.text)))


_CONTACT_HEAD = re.compile(r"\b(?:phone|tel|telephone|mobile|e-?mail|contact)\b", re.I)
_ATTENDANCE_HEADING = re.compile(r"^\s*attendance(?: list| record| register)?\s*$", re.I)
"""A heading 'Attendance' alone: over a table of names and roles, who came (elsewhere in a plan
the word is the pupil's attendance)."""


def _attendee_table(corpus: Corpus) -> Evidence | None:
    """A table of who came, names with their roles, of two people or more: a record of the meeting."""
    for table in corpus.tables:
        rows = without_title_row(table.rows)
        if len(rows) >= 3 and _is_header(rows[0]) and (_attendance_context(corpus, table) or _marked_there(rows)):
            return Evidence(quote("; ".join(" | ".join(c for c in row if c) for row in rows[1:3])), table.where)
    return None


def _marked_there(rows: tuple[tuple[str, ...], ...]) -> bool:
    """A column headed for attendance ('How they took part') marks two people or more as there ('In the room')."""
    col = _attendance_column_of(rows[0])
    return col is not None and sum(1 for row in rows[1:] if col < len(row) and _marked_present(row[col])) >= 2


def _from_own_lines(corpus: Corpus) -> Found:
    """A professional's own line that says they were there, as agreements and signature
    blocks put it: 'Virtual School (attended the meeting): Mr Colin Ashe 03/03/2026'."""
    out: Found = []
    for unit, m in corpus.search(_PRESENCE):
        if not (_SIGN_CONTEXT.search(unit.section) or _SIGN_CONTEXT.search(unit.text)):
            continue
        head = re.split(r"[:|(,]|\s[-–—]\s|\d|\b(?:Mr|Mrs|Ms|Miss|Dr|Mx)\b", unit.text, maxsplit=1)[0]
        role = role_of(head) if len(head.split()) <= 6 else "other"
        said = re.split(r"[.;]", unit.text[m.start() :], maxsplit=1)[0]
        if role in PROFESSIONAL_ROLES and not negated_near(unit.text, m.start()) and not _ABSENT.search(said):
            out.append(({role}, Evidence(quote(unit.text), unit.where)))
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'‘“])")
_NAMED_AFTER = re.compile(
    r"\bmeeting\b(?:(?!\b(?:and|but|signed|agreed)\b)[^.;,]){0,60}?\bwith\b|\bmet (?:with|up with)\b|"
    r"\bwe met (?:on |at |in )(?:(?!\b(?:and|but)\b)[^.;:]){0,40}?\bwith\b|"
    r"\bwe met [A-Z](?:(?!\b(?:and|but)\b)[^.;:]){0,50}?,? on (?:(?!\b(?:and|but)\b)[^.;:]){0,30}?\bwith\b|"
    r"\bmeeting\b[^.;]{0,60}?\b(?:we|it was) (?:all )?agreed\b(?:(?!\b(?:that|but|signed)\b)[^.;]){0,80}?\bwith\b|"
    r"\bwe met\b[^.;:]{0,60}:|\battended by\b|"
    r"\b(?:attendees|participants|those present|present were|in attendance)\b\s*(?:were|was|:|-|–)?|\bpresent\s*:",
    re.I,
)
"""Who came is named after these words: 'a meeting this morning with Cian's father, his social
worker ...', 'met with Mum and her YOT worker', 'We met Mrs X, Lena's mum, on 5 January with Ms Y,
SEND Officer', 'at the meeting we agreed a timetable with her carer and ...', 'attended by ...',
'Attendees: ...'."""
_NAMED_BEFORE = re.compile(
    r"\b(?:attended|came|joined(?: us)?|(?:was|were) (?:also )?(?:present|there|at (?:the|this|our) meeting))\b",
    re.I,
)
"""Who came is named before these words: 'Ms Siddiqui (Virtual School), Mr Blake and I attended',
'his YJ worker joined us', 'the social worker was present at the meeting'."""
_ATTENDED_ALONE = re.compile(r"attended(?=\s*(?:and\b|[,.;]|$))", re.I)
"""'attended' with nothing after it ('Mr Raghavan from the SEN Team attended and signed'): in a
plan's mail, the meeting that agreed it."""
_NOT_YET = re.compile(r"\b(?:will|shall|is to|are to|to be|plan(?:ned|s)? to|hope|would like|invit(?:e|ed|ing))\b", re.I)
"""A meeting still to come, or people only invited: not who was there."""


def _from_prose(corpus: Corpus, known: Known) -> Found:
    """Sentences that say who was at the meeting: 'After a meeting with Cian's father and his
    social worker Ms Cole, we agreed ...', 'Ms Siddiqui (Virtual School) and I attended'. Each
    person is read in the part of the sentence that names who came, so a negation elsewhere in
    the paragraph ('no court order') does not hide them, and one who sent apologies is left out."""
    out: Found = []
    for unit in corpus.units:
        if unit.source == "subject" or not _PRESENCE_HINT.search(unit.text):
            continue
        previous = corpus.units[unit.order - 1] if unit.order > 0 else None
        context = unit.text + (" " + previous.text if previous and previous.where == unit.where else "")
        mentions_meeting = bool(re.search(r"\bmeeting\b|\bmet\b", context, re.I))
        for sentence in _SENTENCE_END.split(unit.text):
            found = _present_in_sentence(sentence, mentions_meeting, known)
            if found:
                out.append((found, Evidence(quote(sentence), unit.where)))
    return out


_PRESENCE_HINT = re.compile(r"attend|present|\bmet\b|meeting|joined|came\b", re.I)


def _present_in_sentence(sentence: str, mentions_meeting: bool, known: Known) -> set[str]:
    return _named_after(sentence, known) | _named_before(sentence, mentions_meeting, known)


def _named_after(sentence: str, known: Known) -> set[str]:
    """'a meeting with Mum and her YOT worker', 'Attendees: ...', 'We met at school: ...'."""
    m = _NAMED_AFTER.search(sentence)
    if m is None:
        return set()
    clause = re.split(r"[;:]|,\s*(?:but|and)\b", sentence[: m.start()])[-1]
    if _NOT_YET.search(clause[-40:]) or _ABSENT.search(clause) or negated_near(sentence, m.start()):
        return set()
    span = re.split(r"\.(?:\s|$)|,\s+(?:and )?(?:we|who|where|when)\b", sentence[m.end() :], maxsplit=1)[0]
    return set() if _NOT_YET.search(span[:60]) else present_in(span, known)


def _named_before(sentence: str, mentions_meeting: bool, known: Known) -> set[str]:
    """'Ms Siddiqui (Virtual School) and I attended', 'her Early Help Worker came to our meeting'."""
    m = _NAMED_BEFORE.search(sentence)
    if m is None or not (mentions_meeting or re.search(r"\bmeeting\b", sentence, re.I) or _ATTENDED_ALONE.match(sentence, m.start())):
        return set()
    said = re.split(r"[;:]|\bbut\b|,\s*(?:and )?(?:written|their|his|her)\b", sentence[m.start() :][:60])[0]
    span = re.split(r"[;:]|\bbut\b", sentence[: m.start()])[-1]
    if negated_near(sentence, m.start(), 25) or _ABSENT.search(said) or _NOT_YET.search(span[-30:]):
        return set()
    return present_in(span, known)


_WE_AGREED = re.compile(r"\b(?:what|as) we (?:have |had )?agreed\b|\bwe (?:all )?agreed (?:that|on|to)\b", re.I)
_IN_WRITING = re.compile(r"\bwritten\b|\bin writing\b", re.I)


def professional_agreement(
    corpus: Corpus, signatures: tuple[Signature, ...]
) -> tuple[set[str], Evidence | None, Evidence | None]:
    """Roles whose written agreement is given; and the evidence that one is awaited or refused."""
    roles = {s.role for s in signatures if s.role in PROFESSIONAL_ROLES}
    given = next((s.evidence for s in signatures if s.role in PROFESSIONAL_ROLES), None)
    awaited: Evidence | None = None
    for unit, sentence, m in _sentences_with(corpus, _AGREEMENT):
        found = roles_in(sentence)
        if not found or (_agreed_at_a_meeting(sentence, m) and not _IN_WRITING.search(sentence)):
            continue
        if _FORM_INSTRUCTION.search(sentence):
            continue  # 'Social Worker - type your full name to confirm agreement': a question, unanswered or not
        if NEGATION.search(sentence) or _AWAITED.search(sentence):
            awaited = awaited or Evidence(quote(sentence), unit.where)
        elif _WE_AGREED.search(sentence):
            continue  # 'I am writing to confirm what we agreed': the school's and family's word
        elif re.search(r"\bwritten\b|\bin writing\b|\bemail\b|\bconfirm|\battached\b|\bsigned\b", sentence, re.I):
            roles |= found
            given = given or Evidence(quote(sentence), unit.where)
    return roles, given, awaited


_FORM_INSTRUCTION = re.compile(r"\b(?:type|print|write) (?:your )?(?:full )?name\b|\bsign (?:here|below)\b", re.I)


def _agreed_at_a_meeting(sentence: str, m: re.Match[str]) -> bool:
    """Agreement said at a meeting ('at the meeting they agreed', 'it was agreed with dad and her
    social worker at our meeting'): a spoken agreement, not a written one."""
    before = re.search(r"\bmeeting\b", sentence[: m.start()][-30:], re.I)
    return bool(before or re.search(r"\bat (?:the|our|a|this|that) (?:\w+ )?meeting\b", sentence[m.end() : m.end() + 80], re.I))


def _sentences_with(corpus: Corpus, pattern: re.Pattern[str]) -> list[tuple[Unit, str, re.Match[str]]]:
    """Each sentence of a unit where the pattern is found, with its first match: a negation in
    the sentence before ('CP plan no. Ms X (Social Worker) gave written agreement') is not read."""
    out: list[tuple[Unit, str, re.Match[str]]] = []
    for unit, _m in corpus.search(pattern):
        for sentence in _SENTENCE_END.split(unit.text):
            m = pattern.search(sentence)
            if m is not None:
                out.append((unit, sentence, m))
    return out
