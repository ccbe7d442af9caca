"""A professional's report that a timetable breaks the guidance: who reports, and what.

A report is read in the words people use for it, clause by clause: a negation that reaches
what the guidance asks for ('nobody has said when she will go back to full days', 'there
isn't a written plan', 'the risk assessment says nothing about exploitation') is a concern,
and who it is about decides which ('mum has not been asked to sign' is the parent's
agreement; 'I was not invited', 'the Youth Justice Service has not agreed' are the
professional's). The reporter is the sender who introduces themself or signs off as a
professional outside the school (`PROFESSIONAL_ROLE`); a school's own mail is never a report.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from parsers.extract.corpus import unwrap_paragraphs
from parsers.extract.lookup import quote
from parsers.facts import CaseFacts, Evidence
from parsers.model import ParsedMessage
from triage.model import Breach, Reporter

# --- who writes ---------------------------------------------------------------------------------

_CIRCUMSTANCE_ROLES = (
    r"(?:allocated |named |lead )?social workers?",
    r"(?:children'?s )?social care",
    r"family (?:support |key )?workers?",
    r"youth (?:justice|offending)(?: (?:and exploitation )?(?:service|team))?(?: officer| worker| case ?manager| practitioner)?",
    r"\bYJS\b",
    r"\bYOS\b",
    r"\bYOT\b",
    r"\bcase manager",
    r"virtual school(?: head(?:teacher)?| officer| case ?worker| adviser| advisor| education (?:adviser|advisor|officer))?",
    r"early help(?: family)?(?: worker| practitioner| co-?ordinator| lead| officer| key worker)?",
    r"\bLCSS\b",
    r"locality (?:and community )?support service",
    r"SEND? (?:team|officer|case ?worker|casework officer|case officer|case manager)",
    r"EHC(?:P)? (?:co-?ordinator|case ?worker|officer)",
)
_OTHER_ROLES = (
    r"health visitor",
    r"school nurse",
    r"public health nurs(?:e|ing)",
    r"community (?:paediatric )?nurse",
    r"paediatrician",
    r"\bCAMHS\b(?: (?:practitioner|clinician|worker|nurse|therapist|psychologist|psychiatrist))?",
    r"mental health (?:practitioner|worker|nurse|clinician|support team|lead)",
    r"\bMHST\b",
    r"clinical psychologist",
    r"educational psycholog(?:ist|y service)",
    r"(?:child )?exploitation (?:specialist |support )?(?:worker|specialist|practitioner|officer|lead|team|co-?ordinator)",
    r"missing (?:and|&) exploitation",
    r"police(?: officer| constable)?",
    r"\bPCSO\b",
    r"independent reviewing officer",
    r"\bIRO\b",
    r"personal adviser",
    r"targeted youth support",
    r"youth worker",
    r"(?:domestic abuse|substance misuse|drug and alcohol) (?:worker|practitioner|adviser|advisor)",
)
PROFESSIONAL_ROLE = re.compile("|".join(_CIRCUMSTANCE_ROLES + _OTHER_ROLES), re.I)
"""The professionals outside the school who report a timetable that breaks the guidance."""
_CIRCUMSTANCE_ROLE = re.compile("|".join(_CIRCUMSTANCE_ROLES), re.I)
"""The professionals a circumstance requires at the meeting and in agreement (CONTRACT.md)."""
_SCHOOL_ROLE = re.compile(
    r"head ?teacher|\bprincipal\b|head of (?:year|school|house|key stage|inclusion|pastoral)|"
    r"(?:deputy|assistant|associate) head|\bSENCO\b|\bSENDCO\b|designated safeguarding lead|\bDSL\b|"
    r"attendance (?:lead|officer|manager|co-?ordinator|administrator)|pastoral (?:lead|manager|support|leader)|"
    r"business manager|office manager|class teacher|form tutor|inclusion (?:lead|manager|co-?ordinator)|"
    r"learning mentor|\bELSA\b|school office|executive head",
    re.I,
)
_INTRODUCTION = re.compile(
    r"\bI(?:'m| am| work| have been| was)\b|\bwriting as\b|\bas (?:the |his |her |their |\w+'s )",
    re.I,
)
_SCHOOL_DOMAIN = re.compile(r"\.sch\.uk$", re.I)
_SEPARATOR = re.compile(
    r"^\s*(?:_{8,}|-{2,}\s*(?:Forwarded message|Original Message)\s*-{2,}|Begin forwarded message:|"
    r"From:\s.+|On .{6,80} wrote:)\s*$",
    re.I | re.M,
)
_CLOSING = re.compile(
    r"^\s*(?:(?:kind|best|warm|many|with)?\s*(?:regards|wishes|thanks|thank you|sincerely|yours(?: sincerely| faithfully)?))\b[^\n]{0,20}$",
    re.I | re.M,
)


def own_text(body: str) -> str:
    """What the sender wrote: the body before any forwarded or quoted message."""
    cut = _SEPARATOR.search(body)
    text = body[: cut.start()] if cut else body
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))


def _split_signoff(text: str) -> tuple[str, str]:
    """The letter and its sign-off (from the last closing line, or the last few lines)."""
    closings = list(_CLOSING.finditer(text))
    if closings:
        return text[: closings[-1].start()], text[closings[-1].start() :]
    paragraphs = text.rstrip().rsplit("\n\n", 1)
    last = paragraphs[-1].strip().splitlines()
    if len(paragraphs) == 2 and len(last) <= _SIGNOFF_LINES and all(_signoff_line(ln) for ln in last):
        return paragraphs[0], paragraphs[1]
    return text, ""


_SIGNOFF_LINES = 7


def _signoff_line(line: str) -> bool:
    """A line of a sign-off block: short, not a sentence."""
    sentence = line.rstrip().endswith((".", "?", "!"))
    return (len(line) <= 80 and not sentence) or bool(_PHONE.search(line))


_PHONE = re.compile(r"\b(?:tel|phone|mobile|mob|t)\b\.?:?\s*[\d+(]|^\s*[\d+() ]{9,}\s*$", re.I)


@dataclass(frozen=True)
class Voice:
    """Who is speaking in a message: a professional outside the school, the school, or neither."""

    role: str | None
    """The reporter's role as written ('Health Visitor'), when the sender is a professional."""
    school: bool
    """The mail is the school's own (its domain, a school role in the sign-off)."""

    @property
    def professional(self) -> bool:
        return self.role is not None and not self.school


def voice(message: ParsedMessage) -> Voice:
    """An introduction ('I am the health visitor for...') outweighs the address; a school's
    role in the sign-off or a school's domain makes the mail the school's own."""
    letter, signoff = _split_signoff(own_text(message.body))
    introduced = _introduced_role(letter)
    if introduced:
        return Voice(introduced, school=False)
    sender = message.from_.email if message.from_ else ""
    school = bool(_SCHOOL_ROLE.search(signoff)) or bool(_SCHOOL_DOMAIN.search(sender))
    signed = PROFESSIONAL_ROLE.search(signoff)
    return Voice(signed.group(0).strip() if signed else None, school=school)


def _introduced_role(letter: str) -> str | None:
    for sentence in _sentences(letter)[:4]:
        intro = _INTRODUCTION.search(sentence)
        role = PROFESSIONAL_ROLE.search(sentence, intro.start()) if intro else None
        if role and not _SCHOOL_ROLE.search(sentence, intro.start() if intro else 0, role.start()):
            return role.group(0).strip()
    return None


def _sentences(text: str) -> list[str]:
    return [s for p in unwrap_paragraphs(text) for s in re.split(r"(?<=[.!?])\s+", p) if s.strip()]


# --- what is reported ---------------------------------------------------------------------------


class _Lazy:
    """A pattern compiled the first time it is used: most mail is a school's own and is never
    read for concerns, so `rtt check` does not pay for compiling these at start."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    @functools.cached_property
    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern, self.flags)

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.match(text, pos)

    def split(self, text: str) -> list[str]:
        return self.compiled.split(text)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text, pos, endpos)


_NOT = r"(?:\bnot\b|\bnever\b|n't\b|\bno one\b|\bno-one\b|\bnobody\b|\bneither\b|\bnor\b|\bnothing\b|\bwithout\b)"
"""A negation of a verb or a clause: it reaches a few words on ('has not been given anything to sign')."""
_NO = r"\bno\s+(?!(?:concerns?|worries|worry|doubts?|problems?|issues?|objections?|complaints?)\b)(?:[\w'-]+\s+){0,3}?"
"""'no' negates its own noun phrase only ('no written agreement', 'no date for a review'); 'mum has
no concerns and has signed' denies nothing that was asked for."""


def _neg(reach: int) -> str:
    return rf"(?:{_NOT}[^.;]{{0,{reach}}}?|{_NO})"


_CLAUSE = _Lazy(
    r"[;:!?\"“”()]|\s[-–—]\s|,|\b(?:but|however|although|though|whereas|while|because|so)\b|"
    r"\b(?:and|or)\b(?= (?:I|we|she|he|they|his|her|their|the|mum|dad|nobody|no one|neither|there|it|this|nothing)\b)",
    re.I,
)
_HEDGE = _Lazy(r"\b(?:if|unless|whether|happy to|would like|not against)\b", re.I)
"""A condition or a wish between the negation and its object ('not against it if the family agree')."""

_PARENT_WORD = r"parents?|mum|mummy|mother|dad|daddy|father|carers?|famil(?:y|ies)|guardians?|grand(?:parents?|mother|father|ma|pa)|nan|gran|she|he|they|her|him|them"
_PROFESSIONAL_WORD = r"I|me|my|we|us|our|myself|social care|" + "|".join(_CIRCUMSTANCE_ROLES + _OTHER_ROLES)
_SUBJECT = _Lazy(
    rf"(?P<professional>\b(?:{_PROFESSIONAL_WORD})\b)|(?P<school>\bschool\b|\bacademy\b)|(?P<parent>\b(?:{_PARENT_WORD})\b)",
    re.I,
)


def _negated(target: str, reach: int = 60) -> _Lazy:
    return _Lazy(rf"{_neg(reach)}\b(?P<verb>{target})", re.I)


_SIGN = _negated(r"sign(?:ed|ing)?\b|signature")
_AGREE = _negated(r"agree[ds]?\b|agreement|consent(?:ed)?\b|permission")
_REFUSED = _Lazy(
    r"\b(?:refused|declined|won't|will not|did not want) to (?:sign|agree|consent)|\bdisagree[ds]?\b|\bagainst (?:their|her|his|the family's) wishes",
    re.I,
)
_INVITED = _negated(
    r"invited|asked to (?:attend|come|join|be (?:at|part of))|involved|included|consulted|part of (?:the|any|that) meeting|at (?:the|that|any) meeting",
    reach=40,
)
_TOLD_OF_MEETING = _Lazy(
    rf"{_NOT}[^.;]{{0,30}}\b(?:told|informed|notified)\b[^.;]{{0,30}}\bmeeting|\bmeeting\b[^.;]{{0,40}}{_NOT}[^.;]{{0,10}}\b(?:told|informed)",
    re.I,
)
_NOT_INFORMED_BY = _Lazy(
    r"\b(?:nobody|no one|no-one|not|never)\b (?:\w+ ){0,2}(?:invited|told|asked|contacted|consulted|informed|involved) (?:me|us)\b|"
    r"\b(?:I|we) (?:should|ought to) have been (?:invited|asked|consulted|involved|included)\b",
    re.I,
)

_NO_MEETING = _Lazy(
    r"\bthere\b[^.;]{0,15}\b(?:never|no|not)\b[^.;]{0,20}\bmeeting|"
    r"\bno (?:\w+ )?meeting\b(?<!review meeting)|"
    r"\bmeeting (?:was|has|had) (?:not|never) (?:been )?(?:held|arranged|convened|called|organised|organized|offered)|"
    r"\bwithout (?:a |any |first )?(?:having )?(?:a )?meeting|"
    r"\bnever (?:had|held|arranged|offered|been offered) (?:a |any )?meeting|"
    r"\b(?:nobody|no one|no-one)\b[^.;]{0,30}\b(?:met|sat down|spoken) with|"
    r"\btold\b (?:\w+ ){0,4}at the (?:school |classroom |front )?(?:gate|door|office|pick-?up|drop-?off)|"
    r"\b(?:simply|just|only) (?:received|got|been sent|was sent|were sent|sent) (?:a |an )?(?:letter|text|phone call|message|e-?mail)|"
    r"\b(?:told|informed|notified)\b[^.;]{0,30}\b(?:by|in|over) (?:a |an )?(?:letter|text(?: message)?|phone(?: call)?|telephone|e-?mail)\b",
    re.I,
)
_NO_PLAN = _Lazy(
    r"\bno (?:written |formal |actual |proper |individual |support )?(?:plan|paperwork)\b(?! (?:to|for) )|"
    r"\b(?:isn't|wasn't|is not|was not|has not been|hasn't been|never been|there's no|there is no|there was no) (?:a |any )?(?:written |formal |proper )?plan\b(?! (?:to|for) )|"
    r"\bnothing (?:else )?(?:has been |was |is |had been )?(?:written down|put in writing|in writing)|"
    r"\bnot (?:been )?(?:written down|put in writing)|"
    r"\binformal arrangement|"
    r"\b(?:never|not) (?:been )?(?:seen|shown|received) (?:a |any )?(?:copy of (?:the |a |any )?)?(?:written )?plan\b|"
    r"\bthere\b[^.;]{0,20}\b(?:not|no|never)\b[^.;]{0,35}\bplan\b(?! (?:to|for) )|"
    rf"{_NOT} (?:\w+ )?(?:written|drawn up|put together|produced|made|completed) (?:up )?(?:a |any )?(?:written |formal )?plan\b",
    re.I,
)
_NO_REVIEW = _negated(r"review(?:s|ed|ing)?\b", reach=40)
_EXPLOITATION = _Lazy(
    r"exploitation(?! (?:service|team|worker|specialist|practitioner|officer|lead|hub))|\bCSE\b|\bCCE\b|\bCDE\b|county lines|\bgroom(?:ed|ing)\b",
    re.I,
)
_EXPLOITATION_RISK = _Lazy(
    _EXPLOITATION.pattern
    + r"|\b(?:run|running|carry|carrying|deal|dealing|sell|selling)(?: \w+)? drugs|\bdrug (?:running|dealing|debt)|"
    r"\bolder (?:men|males|boys|young people|youths|teenagers|adults)\b|\brecruit(?:ed|ing)?\b|\bgangs?\b|\bcuckoo",
    re.I,
)
_EXPLOITATION_UNHEEDED = _Lazy(
    rf"{_neg(40)}\b(?:mention|consider|cover|address|include|assess|look(?:ed)? at|refer(?:red)? to|reference)\w*\b[^.;]{{0,40}}(?:{_EXPLOITATION.pattern})|"
    rf"\b(?:nothing|anything)\b[^.;]{{0,20}}\babout\b[^.;]{{0,30}}(?:{_EXPLOITATION.pattern})|"
    rf"(?:{_EXPLOITATION.pattern})[^.;]{{0,30}}\b(?:(?:was|were|has|have|had) (?:not|never) been|not|never) (?:considered|mentioned|covered|addressed|included|assessed)",
    re.I,
)
_NO_RISK_ASSESSMENT = _Lazy(
    rf"{_neg(40)}\brisk[- ]assess|"
    r"\brisk[- ]assess\w*\b[^.;]{0,20}\b(?:(?:was|were|has|had|have) (?:not|never)|wasn't|hasn't|hadn't|weren't)\b (?:been )?(?:done|completed|carried out|undertaken|written|in place|made)|"
    rf"{_neg(30)}\bassess(?:ed|ing)? (?:the |any |his |her |their )?risks?",
    re.I,
)
_NO_RETURN_DATE = _Lazy(
    r"\bno (?:end |return |finish |full[- ]time |target )?date\b(?! (?:of|for) (?:a |the |any )?review)|"
    rf"{_neg(40)}\b(?:end|return|finish|full[- ]time) date|"
    rf"{_NOT}[^.;]{{0,40}}\bwhen (?:[\w'-]+ ){{1,4}}(?:back|return|full[- ]time|full days?)\b|"
    rf"{_NOT}[^.;]{{0,20}}\b(?:given|told|set|agreed)\b (?:a |an |any )?(?:date|timescale|time ?frame)|"
    r"\bno (?:timescale|time ?frame)\b|\bdepends (?:on )?how (?:he|she|they|\w+) (?:gets?|get|is getting) on|"
    r"\bindefinite(?:ly)?\b|\bopen[- ]ended\b|\bno (?:plan|date) (?:to|for) (?:increase|return|get|build|extend)|"
    r"\b(?:any|no) plan to (?:increase|extend|build up)",
    re.I,
)
_NUMBER = r"(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|a couple of)"
_LONG_TIME = _Lazy(
    r"\b(?:more|longer) than (?:six|6|seven|7|eight|8|nine|9|ten|10|\d{2}) weeks|\bover (?:six|6|seven|7|eight|8|\d{2}) weeks|"
    r"\b(?:seven|eight|nine|ten|eleven|twelve|[7-9]|\d{2}) weeks (?:now|so far|already)|"
    r"\b(?:about|around|nearly|almost|over|for|now|some) (?:about |over |nearly |almost |around )?(?:seven|eight|nine|ten|eleven|twelve|[7-9]|1\d) (?:school |calendar )?weeks\b|"
    r"\bwell (?:over|beyond|past) (?:six|6|the six)\b|"
    r"\b(?:for|about|over|nearly|almost|around|more than|now) (?:about |over |nearly |almost |around )?"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|several|many|a couple of|[2-9]|1[0-2]) months|"
    r"\b(?:since|from) (?:the (?:start|beginning) of )?(?:last )?(?:year|the (?:last|previous) term)\b",
    re.I,
)
_LA_NOT_TOLD = _Lazy(
    r"(?:LA|local authority|attendance team|council) (?:was|were|has|have) (?:not|never) (?:been )?(?:told|informed|notified)|"
    r"not (?:been )?notified to the (?:LA|local authority)|did not (?:tell|inform|notify) (?:the )?(?:LA|local authority|attendance)",
    re.I,
)


@dataclass(frozen=True)
class Clause:
    text: str
    sentence: str
    subject: str | None
    """Who the clause is about, as far as its words tell: 'parent', 'professional', 'school'."""


def clauses(text: str) -> list[Clause]:
    """The clauses of a report, each with the subject nearest before its words (inherited
    from the clause before in the same sentence when it has none of its own)."""
    out: list[Clause] = []
    for sentence in _sentences(text):
        subject: str | None = None
        for part in _CLAUSE.split(sentence):
            if part.strip():
                own = _last_subject(part, len(part))
                subject = own or subject
                out.append(Clause(part.strip(), sentence, subject))
    return out


def _last_subject(text: str, end: int) -> str | None:
    found = [m.lastgroup for m in _SUBJECT.finditer(text, 0, end)]
    return found[-1] if found else None


def _subject_at(clause: Clause, match: re.Match[str]) -> str | None:
    """The subject of a negated verb: the nearest subject word before the verb ('nobody from
    social care has been asked to agree', 'they did not agree'), else the clause's."""
    verb_start = match.start("verb") if "verb" in match.re.groupindex else match.start()
    agent = _AGENT.match(clause.text, match.end())
    if agent:
        return _last_subject(agent.group(0), len(agent.group(0)))
    return _last_subject(clause.text, verb_start) or clause.subject


_AGENT = _Lazy(r"\s+by (?:the |his |her |their |a |an )?[\w'-]+(?: [\w'-]+){0,3}", re.I)
"""A passive's agent: 'the plan has not been signed by the social worker'."""


def _plain(pattern: _Lazy, clause: Clause) -> re.Match[str] | None:
    m = pattern.search(clause.text)
    return m if m and not _HEDGE.search(m.group(0)) else None


def _parent_agreement(clause: Clause) -> bool:
    for pattern in (_SIGN, _AGREE, _REFUSED):
        m = _plain(pattern, clause)
        if m and _subject_at(clause, m) in ("parent", None):
            return True
    return False


def _professional_agreement(clause: Clause) -> bool:
    for pattern in (_AGREE, _SIGN):
        m = _plain(pattern, clause)
        if m and _subject_at(clause, m) == "professional":
            return True
    return False


def _professional_left_out(clause: Clause) -> bool:
    if _NOT_INFORMED_BY.search(clause.text) or _TOLD_OF_MEETING.search(clause.text):
        return clause.subject != "parent"
    m = _plain(_INVITED, clause)
    return m is not None and _subject_at(clause, m) == "professional"


def _no_meeting(clause: Clause) -> bool:
    if _plain(_NO_MEETING, clause):
        return True
    m = _plain(_INVITED, clause)
    return m is not None and "meeting" in clause.text.lower() and _subject_at(clause, m) == "parent"


def _exploitation_unheeded(clause: Clause) -> bool:
    return bool(_plain(_EXPLOITATION_UNHEEDED, clause))


def _no_risk_assessment(clause: Clause) -> bool:
    return bool(_plain(_NO_RISK_ASSESSMENT, clause)) and not _EXPLOITATION.search(clause.text)


def _no_return_date(clause: Clause) -> bool:
    return bool(_plain(_NO_RETURN_DATE, clause) or _LONG_TIME.search(clause.text))


def _no_review(clause: Clause) -> bool:
    return bool(_plain(_NO_REVIEW, clause))


def _matches(pattern: _Lazy) -> Callable[[Clause], bool]:
    return lambda clause: bool(_plain(pattern, clause))


CONCERN_RULES: tuple[tuple[str, Callable[[Clause], bool]], ...] = (
    ("parent_signature", _parent_agreement),
    ("full_time_within_6_weeks", _no_return_date),
    ("meeting_held", _no_meeting),
    ("meeting_professionals", _professional_left_out),
    ("professional_agreement", _professional_agreement),
    ("plan_attached", _matches(_NO_PLAN)),
    ("review_schedule", _no_review),
    ("risk_assessment", _no_risk_assessment),
    ("risk_assessment_cse_cde", _exploitation_unheeded),
    ("plan_sent_within_2_days", _matches(_LA_NOT_TOLD)),
)
"""Each concern the guidance implies, read from one clause of the report."""
_PROFESSIONAL_CONCERNS = ("meeting_professionals", "professional_agreement")
"""Concerns only where a circumstance requires a professional (CONTRACT.md)."""
SIX_WEEKS = timedelta(weeks=6)


def report_text(messages: Sequence[ParsedMessage]) -> str:
    """The newest message's own words without its sign-off (a service's name there,
    'Youth Justice and Exploitation Service', is no concern)."""
    return _split_signoff(own_text(messages[-1].body))[0]


def breach_concerns(
    messages: Sequence[ParsedMessage], facts: CaseFacts | None = None
) -> tuple[tuple[str, ...], dict[str, Evidence]]:
    text = report_text(messages)
    found: dict[str, Evidence] = {}
    for clause in clauses(text):
        for rid, rule in CONCERN_RULES:
            if rid not in found and rule(clause):
                found[rid] = Evidence(quote(clause.sentence), "body")
    _add_exploitation(found, text)
    _add_overdue(found, messages[-1], facts)
    if not _professional_required(messages[-1], facts):
        for rid in _PROFESSIONAL_CONCERNS:
            found.pop(rid, None)
    order = [rid for rid, _ in CONCERN_RULES]
    concerns = tuple(sorted(found, key=order.index))
    return concerns, {rid: found[rid] for rid in concerns}


def _add_exploitation(found: dict[str, Evidence], text: str) -> None:
    """No risk assessment while a child out of school is at risk of exploitation: the
    assessment that covers CSE and CCE is missing too."""
    risk = _EXPLOITATION_RISK.search(text)
    if "risk_assessment" in found and "risk_assessment_cse_cde" not in found and risk:
        sentence = next((s for s in _sentences(text) if _EXPLOITATION_RISK.search(s)), risk.group(0))
        found["risk_assessment_cse_cde"] = Evidence(quote(sentence), "body")


def _add_overdue(found: dict[str, Evidence], message: ParsedMessage, facts: CaseFacts | None) -> None:
    """Started more than six weeks before the report, with no full-time date: past six weeks."""
    if facts is None or facts.start_date is None or facts.full_time_date or message.date is None:
        return
    if "full_time_within_6_weeks" not in found and message.date.date() - facts.start_date > SIX_WEEKS:
        found["full_time_within_6_weeks"] = Evidence(
            f"Reduced since {_day(facts.start_date)}, more than six weeks before this report", "body"
        )


def _day(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _professional_required(message: ParsedMessage, facts: CaseFacts | None) -> bool:
    """A circumstance is known, or the reporter is the professional a circumstance requires."""
    if facts is not None and any(facts.circumstances.values()):
        return True
    role = voice(message).role
    return role is not None and bool(_CIRCUMSTANCE_ROLE.search(role))


def reporter(message: ParsedMessage) -> Reporter:
    sender = message.from_
    return Reporter(
        name=sender.name or None if sender else None,
        role=voice(message).role,
        email=sender.email if sender else None,
    )


def build_breach(messages: Sequence[ParsedMessage], facts: CaseFacts) -> Breach:
    concerns, evidence = breach_concerns(messages, facts)
    return Breach(facts.school, facts.pupil, reporter(messages[-1]), concerns, evidence)
