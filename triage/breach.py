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
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from parsers.address import is_school_address
from parsers.extract.corpus import unwrap_paragraphs
from parsers.extract.dates import MONTHS, find_dates
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
    r"(?:parent|parents'|family|independent|SEND?|education) advocate",
    r"advocacy (?:worker|officer|service|charity)",
    r"\bGP\b(?: partner| registrar)?",
    r"general practitioner",
    r"education welfare (?:officer|worker|practitioner|service)",
    r"\bEWO\b",
    r"\bSEND?IASS\b(?: (?:adviser|advisor|officer|case ?worker|worker))?",
    r"(?:SEND? )?information,? advice and support(?: service)?",
    r"parent partnership(?: service| officer| worker)?",
    r"housing (?:support |tenancy )?(?:worker|officer|adviser|advisor|key ?worker)|tenancy support (?:worker|officer)",
    r"(?:speech and language|occupational) therapist",
    r"young carers?(?:'|’)?s? (?:support )?(?:worker|practitioner|lead|officer|adviser|advisor|co-?ordinator)",
    r"(?:school |youth |family |children's |young people's )?counsell?or\b",
    r"(?:outreach|link|charity|project) (?:worker|practitioner|officer)",
    r"(?:club |sports? |safeguarding )?welfare officer",
    r"(?:sports? |football |rugby |cricket |youth |club )coach",
    r"(?:hospital )?play specialist|(?:clinical )?nurse specialist|(?:ward|paediatric|children's) nurse|physiotherapist|"
    r"dietitian|midwife",
    r"probation (?:officer|practitioner|service)|offender manager",
    r"registered manager|(?:manager|deputy manager|key ?worker|residential (?:care |support )?worker) (?:of|at|in) "
    r"(?:a|the|our) children(?:'|’)?s home|children(?:'|’)?s home (?:manager|worker|staff)|residential (?:care |support )?worker",
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
_PUBLIC_BODY_DOMAIN = re.compile(r"[@.](?:gov\.uk|nhs\.net|nhs\.uk|police\.uk)$", re.I)
"""A council's, the NHS's or the police's own address: whoever writes from it works for a public
body (a transport officer, a housing officer), not as a member of the public."""


def from_public_body(message: ParsedMessage) -> bool:
    sender = message.from_.email if message.from_ else ""
    return bool(_PUBLIC_BODY_DOMAIN.search(sender)) and not is_school_address(sender)
_SEPARATOR = re.compile(
    r"^\s*(?:_{8,}|-{2,}\s*(?:Forwarded message|Original Message)\s*-{2,}|Begin forwarded message:|"
    r"From:\s.+|On .{6,80} wrote:)\s*$",
    re.I | re.M,
)
_CLOSING = re.compile(
    r"^\s*(?:(?:kind|best|warm|many|with)?\s*(?:regards|wishes|thanks|thank you|sincerely|yours(?: sincerely| faithfully)?))\b[^\n]{0,20}$",
    re.I | re.M,
)


_SEE_ATTACHED = re.compile(r"\b(?:see|find|read)\b[^.\n]{0,25}\battached\b|\battached (?:is|are|please find) (?:a |the |my |our )?letter", re.I)
_A_LETTER = re.compile(r"^\s*dear\b", re.I | re.M)
_LETTER_CLOSING = re.compile(r"^\s*(?:yours (?:sincerely|faithfully|truly)|(?:kind|best|warm) regards)\b", re.I | re.M)
_COVER_NOTE = 400


def letter_of(message: ParsedMessage) -> str:
    """What the sender says: the body, or, when the body is a short cover note ('Please see
    attached.'), the letter attached to it (a GP's scanned letter, a report on headed paper):
    a document that opens 'Dear ...' and closes as a letter does."""
    own = own_text(message.body)
    if len(own.strip()) <= _COVER_NOTE and _SEE_ATTACHED.search(own):
        for attachment in message.own_attachments():
            text = attachment.document.text if attachment.document is not None else ""
            if _A_LETTER.search(text) and _LETTER_CLOSING.search(text):
                return text
    return message.body


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
    letter, signoff = _split_signoff(own_text(letter_of(message)))
    introduced = _introduced_role(letter) or _governor(letter)
    if introduced:
        return Voice(introduced, school=False)
    sender = message.from_.email if message.from_ else ""
    school = bool(_SCHOOL_ROLE.search(signoff)) or is_school_address(sender)
    signed = PROFESSIONAL_ROLE.search(signoff)
    if signed is None and not school:
        titled = _introduced_role(letter, by_title=True)
        if titled:
            return Voice(titled, school=False)
    return Voice(signed.group(0).strip() if signed else None, school=school)


def _introduced_role(letter: str, by_title: bool = False) -> str | None:
    """The role a writer introduces themself by, from the lists of professionals; `by_title`: by a
    job title the lists do not hold (asked only where neither the introduction nor the sign-off
    names a listed role)."""
    for sentence in _sentences(letter)[:4]:
        intro = _INTRODUCTION.search(sentence)
        if intro is None:
            continue
        role = (
            next((t for i in _INTRODUCTION.finditer(sentence) if (t := _title_after(sentence, i.end()))), None)
            if by_title
            else PROFESSIONAL_ROLE.search(sentence, intro.start())
        )
        if role and not _SCHOOL_ROLE.search(sentence, intro.start(), role.end()):
            return role.group(0).strip()
    return None


_GOVERNOR = re.compile(
    r"\bI(?: am|'m) (?:a|the|one of the) (?:[\w-]+ ){0,2}governors?\b|\bI (?:chair|sit on) (?:the |our )?governors\b|"
    r"\bI(?: am|'m) (?:the )?(?:vice[- ])?chair of (?:the )?governors\b|\bas (?:a|the) (?:[\w-]+ )?governor\b",
    re.I,
)
"""A school governor introducing themself ('I chair the governors' attendance committee', 'I am the
safeguarding governor'): the board that oversees the school, writing of the school's plan; its
domain may be the school's."""


def _governor(letter: str) -> str | None:
    found = next((m for sentence in _sentences(letter)[:3] if (m := _GOVERNOR.search(sentence))), None)
    return "governor" if found else None


_JOB_TITLE = re.compile(
    r"\b(?:a|an|the|[\w’']+['’]s)\s+(?P<title>(?:[\w’'-]+,?\s+){0,5}?"
    r"(?:liaison officer|officer|worker|practitioner|advis[eo]r|case ?worker|co-?ordinator|specialist))\b",
    re.I,
)
"""A job title after an introduction ('I am an Independent Domestic Violence Advisor', 'as the
county's education liaison officer'): a professional whose title the lists above do not hold."""


def _title_after(sentence: str, start: int) -> re.Match[str] | None:
    title = _JOB_TITLE.match(sentence, start) or _JOB_TITLE.match(sentence, max(start - 3, 0))
    if title is None:
        title = _JOB_TITLE.search(sentence, start, start + 80)
    if title is None or title.start() - start > 12 or _SCHOOLS_OWN.match(title.group(0)):
        return None
    return title


_SCHOOLS_OWN = re.compile(r"(?:the )?(?:school|academy|college)['’]s\b", re.I)


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

    def sub(self, replacement: str, text: str) -> str:
        return self.compiled.sub(replacement, text)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text, pos, endpos)


_NOT = (
    r"(?:\bnot\b(?! only\b)|\bnever\b|n't\b|\bno one\b|\bno-one\b|\bnobody\b|\bneither\b|\bnor\b|\bnothing\b|"
    r"\bwithout\b|\bnone\b|\bat no (?:point|stage|time)\b|\byet to\b|\blet alone\b|"
    r"\bno (?:sign|evidence|indication|record) (?:that |of )?(?:anyone|anybody|the school|they|it|school)\b)"
)
"""A negation of a verb or a clause: it reaches a few words on ('has not been given anything to sign')."""
_NO = r"\bno\s+(?!(?:concerns?|worries|worry|doubts?|problems?|issues?|objections?|complaints?)\b)(?:[\w'-]+\s+){0,3}?"
"""'no' negates its own noun phrase only ('no written agreement', 'no date for a review'); 'mum has
no concerns and has signed' denies nothing that was asked for."""


def _neg(reach: int) -> str:
    return rf"(?:{_NOT}[^.;]{{0,{reach}}}?|{_NO})"


_CLAUSE = _Lazy(
    r"[;:!?\"“”()]|\s[-–—]\s|,|\b(?:but|however|although|though|whereas|while|because|so)\b|"
    r"\b(?:and|or)\b(?= (?:I|we|she|he|they|his|her|their|the|mum|dad|nobody|no one|neither|there|it|this|nothing|"
    r"wasn't|was not|isn't|is not|didn't|did not|hasn't|has not)\b)",
    re.I,
)
_HEDGE = _Lazy(
    r"\b(?:if|unless|happy to|would like|not against)\b|"
    r"\b(?:sure|know|knows|unclear|wonder\w*|check\w*|ask\w*|confirm\w*|clarify|find out)\s+(?:whether|if)\b",
    re.I,
)
"""A condition or a wish between the negation and its object ('not against it if the family agree');
a 'whether' that only asks ('nobody has looked at whether he is at risk') hedges nothing."""
_DOUBT = _Lazy(
    r"\b(?:not sure(?! when| how long)|(?:wasn't|was not|weren't|were not|isn't|am not|i'm not) sure(?! when| how long)|unsure|don'?t know|do not know|can'?t tell|cannot tell|unclear|may or may not|might or might not|"
    r"it is possible that|it's possible that|possibly|i wonder|not the case that|wouldn'?t say|would not say|"
    r"(?:i'?m|i am) not saying|not to say)\b|\?\s*$|"
    r"\b(?:not the case|not true|untrue) that\b[^.;]{0,40}(?:n't\b|\bnot\b|\bnever\b|\bno\b)",
    re.I,
)
"""A sentence that doubts, asks or denies a denial claims nothing ('I am not sure whether mum has
signed', 'could you confirm whether a risk assessment was done?', 'it is not the case that mum
hasn't signed')."""

_STATEMENTS = re.compile(
    r"\s*;\s*|\s[-–—]\s|,\s+(?:and|but)\s+|\s(?:and|but)\s(?=(?:wasn't|was not|isn't|is not|didn't|did not|hasn't|has not)\b)",
    re.I,
)
"""Where a sentence's statements part: at a semicolon ('I am not sure they understood what they agreed to;
there was no interpreter and they have not signed anything'), a dash, ', and' / ', but', or 'and' before a second,
negated, verb ('She didn't seem to have any paperwork about it and wasn't sure whether she had
signed anything'; '... possibly sexual exploitation ..., and I'm not aware of any risk assessment')."""


def _statement_of(clause: Clause) -> str:
    """The part of the clause's sentence it stands in, between dashes: 'mum isn't sure what the
    arrangement is - she says there is nothing written down' doubts only its first part."""
    parts = _STATEMENTS.split(clause.sentence)
    return next((p for p in parts if clause.text.strip() and clause.text.strip() in p), clause.sentence)


_PARENT_WORD = (
    r"parents?|parental|mum|mummy|mother|dad|daddy|father|carers?|famil(?:y|ies)|guardians?|"
    r"grand(?:parents?|mother|father|ma|pa)|nana?|gran|granny|she|he|they|her|him|them|"
    r"(?-i:(?:Mr|Mrs|Ms|Miss|Mx)\.?(?: and (?:Mr|Mrs|Ms|Miss)\.?)? [A-Z][\w'-]+)"
)
"""Who a parent is in a report: a family word, a pronoun, or a title and surname with no role
(a professional is named with their role: 'Ms Okafor, the social worker')."""
_PROFESSIONAL_WORD = r"I|me|my|we|us|our|myself|social care|" + "|".join(_CIRCUMSTANCE_ROLES + _OTHER_ROLES)
_SUBJECT = _Lazy(
    rf"(?P<professional>\b(?:{_PROFESSIONAL_WORD})\b)|"
    r"(?P<school>(?<!\bat )(?<!\bin )(?<!\binto )(?<!\bfrom )"  # 'at school', 'in school': a place, not who did it
    r"\b(?:school|academy)\b(?!\s+(?:gates?|office|reception|run|day|hours|bus|trip|holidays?|car park|meeting|staff|nurse|"
    r"timetable|paperwork|form|letter)\b))|"
    rf"(?P<parent>\b(?:{_PARENT_WORD})\b)",
    re.I,
)


def _negated(target: str, reach: int = 60) -> _Lazy:
    return _Lazy(rf"{_neg(reach)}\b(?P<verb>{target})", re.I)


_SIGN = _negated(r"sign(?:ed|ing)?\b(?! of\b)|signature|put (?:her|his|their|a|any) names? to")
_AGREE = _negated(
    r"(?<!where it was )(?<!when it was )(?<!which it was )(?<!where this was )(?<!where they )agree[ds]?\b|agreement|consent(?:ed)?\b|permission|"
    r"support (?:the|this|that|a|any|it)\b(?: (?:timetable|plan|arrangement|reduc\w*|decision|proposal))?"
)
_REFUSED = _Lazy(
    r"\b(?:refused|declined|won't|will not|did not want) to (?:sign|agree|consent)|\bdisagree[ds]?\b|\bagainst (?:their|her|his|the family's) wishes|"
    r"\b(?:to sign|(?:a|the) (?:form|agreement|plan))\b[^.;]{0,25}\band (?:she |he |they )?(?:refused|declined|would not|wouldn't)\b",
    re.I,
)
_INVITED = _negated(
    r"invit(?:e|ed|ing)\b|asked to (?:attend|come|join|be (?:at|part of)|(?:the|that|any|a) meeting)|involv(?:e|ed)\b|"
    r"asked (?:in |into school |to come in |to come into school )?to (?:talk|discuss|meet)\b|"
    r"includ(?:e|ed)\b|consulted|part of (?:the|any|that) meeting|"
    r"(?<!\bnobody )(?<!\bno one )(?<!\bno-one )at (?:the|that|any) (?:school |planning |first )?meeting",
    reach=40,
)
_TOLD_OF_MEETING = _Lazy(
    rf"{_NOT}[^.;]{{0,30}}\b(?:told|informed|notified)\b[^.;]{{0,30}}\bmeeting|\bmeeting\b[^.;]{{0,40}}{_NOT}[^.;]{{0,10}}\b(?:told|informed)",
    re.I,
)
_NOT_INFORMED_BY = _Lazy(
    r"\b(?:nobody|no one|no-one|not|never)\b (?:\w+ ){0,2}(?:invite|invited|told|asked|contacted|consulted|informed|involved) (?:me|us)\b|"
    r"\b(?:learnt|learned|heard|found out|was told|were told)\b (?:about|of) (?:the|a|that|this) (?:\w+ )?meeting "
    r"(?:only )?(?:afterwards|after(?: it had happened| the event| it took place)|too late|later)|"
    r"\b(?:I|we) (?:should|ought to) have been (?:invited|asked|consulted|involved|included)\b|"
    r"(?-i:\b(?:I|we|We)) (?:was|were|have|had) (?:not|never) (?:been )?(?:told|informed|consulted|involved|invited)\b|"
    r"(?-i:\b(?:I|we|We)) (?:had|got|received|have had) (?:no|not (?:a|one|any)) invitations?\b",
    re.I,
)

_NO_MEETING = _Lazy(
    r"\bthere\b[^.;]{0,15}(?:\b(?:never|no|not)\b|n't\b)[^.;]{0,30}\b(?:any|a) (?:\w+ )?(?:meeting|sit[- ]down)\b(?<!review meeting)|"
    r"\bthere\b[^.;]{0,15}\b(?:never|no|not)\b[^.;]{0,20}\bmeeting|"
    r"\bno (?:\w+ )?(?:meeting|sit[- ]down|discussion)\b(?<!review meeting)|"
    r"\bnot (?:a single|one|any) (?:\w+ )?(?:meeting|sit[- ]down|discussion)\b(?<!review meeting)|"
    rf"{_NOT}[^.;]{{0,25}}\b(?:hold|held|have|had|arrange[ds]?|convened?|call(?:ed)?|organi[sz]ed?|offer(?:ed)?) "
    r"(?:a |any |one |the )?(?:\w+ )?meeting\b(?<!review meeting)|"
    rf"{_NOT}[^.;]{{0,25}}\b(?:met|meet|sat down|sit down|spoken|spoke|talked) with (?:the |his |her |their )?"
    r"(?:family|parents?|mum|dad|mother|father|carers?|grand\w+)\b|"
    rf"{_NOT}[^.;]{{0,40}}\basked to (?:come|go) (?:in|into school|to school|in to school) to (?:talk|discuss|meet)|"
    r"\bmeeting\b(?<!review meeting)[^.;]{0,60}\b(?:none|never|not|n't)\b[^.;]{0,20}\b(?:held|arranged|rearranged|re-arranged|rebooked|happened|took place|convened|offered)\b|"
    r"\b(?:found out|learnt|learned|heard|discovered)\b[^.;]{0,50}\b(?:from|by|in|via|through) (?:a |an )?(?:letter|text(?: message)?|phone(?: call)?|message|e-?mail|note)\b|"
    r"\b(?:was|were|been|got) told\b[^.;]{0,50}\b(?:in the car ?park|at the (?:school )?gates?|in the playground|in passing|at (?:pick|drop)[- ]?(?:up|off)|"
    r"by text(?: message)?|over the phone|on the phone|in a (?:text|phone call)|on the doorstep)\b|"
    r"\bmeeting (?:was|has|had) (?:not|never) (?:been )?(?:held|arranged|convened|called|organised|organized|offered)|"
    r"\bwithout (?:a |any |first )?(?:having )?(?:a )?meeting|"
    rf"{_NOT}[^.;]{{0,15}}\b(?:went|go|gone|come|came|been) (?:in|into school|up to school) for (?:a|any|the) (?:\w+ )?meeting\b|"
    rf"{_NOT}[^.;]{{0,10}}\bbeen (?:to|at|invited to) (?:a|any|the) (?:\w+ )?meeting\b|"
    r"\b(?:sorted|arranged|decided|set up)(?: out)? (?:over|on|by) (?:the )?(?:phone|telephone|text|e-?mail)\b|"
    r"\b(?:doesn't|does not|didn't|did not|can't|cannot) (?:remember|recall) (?:any|a|there being (?:a|any)) meeting|"
    r"\bnever (?:had|held|arranged|offered|been offered) (?:a |any )?meeting|"
    r"\b(?:nobody|no one|no-one)\b[^.;]{0,30}\b(?:met|sat down|spoken) with|"
    r"\btold\b (?:\w+ ){0,4}at the (?:school |classroom |front )?(?:gate|door|office|pick-?up|drop-?off)|"
    r"\b(?:took place|happened|was (?:agreed|arranged|decided|sorted))\b[^.;]{0,10}\bat the (?:school |classroom |front )?"
    r"(?:gates?|door|pick-?up|drop-?off)\b|"
    r"\b(?:simply|just|only) (?:received|got|been sent|was sent|were sent|sent) (?:a |an )?(?:letter|text|phone call|message|e-?mail)|"
    r"\b(?:told|informed|notified)\b[^.;]{0,30}\b(?:by|in|over) (?:a |an )?(?:letter|text(?: message)?|phone(?: call)?|telephone|e-?mail)\b",
    re.I,
)
_NO_PLAN = _Lazy(
    r"\bno (?:(?:other|written|formal|actual|proper|individual|support|reintegration|reduced timetable|part-time timetable) ){0,3}"
    r"(?:plan|paperwork)\b(?! to )(?! for (?:a |the |her |his |their )?(?:return|increase|full|him to|her to|them to))|"
    r"\bthere (?:isn't|is not|wasn't|was not|'s not|is no such) (?:one|any|a plan|a (?:written|formal|proper) (?:one|plan))\b|"
    r"\bnever materiali[sz]ed|\bnot (?:been )?written up\b|"
    r"\b(?:isn't|wasn't|is not|was not|has not been|hasn't been|never been|there's no|there is no|there was no) (?:a |any )?(?:written |formal |proper )?plan\b(?! (?:to|for) )|"
    r"\bnothing (?:else )?(?:has been |was |is |had been )?(?:written down|put in writing|in writing)|"
    rf"{_NOT}\s+(?:\w+\s+){{0,2}}anything (?:\w+ )?(?:written down|put in writing|in writing|on paper|written (?=about|to say|explaining|setting out))|"
    r"\bnot (?:been )?(?:written down|put in writing)|"
    r"\binformal arrangement|"
    rf"{_NOT}[^.;]{{0,20}}\bhave (?:any |a )?(?:written )?(?:plan|paperwork)\b(?! (?:to|for) )|"
    r"\b(?:never|not) (?:been )?(?:seen|shown|received|given|sent|provided with|handed) (?:a |any )?(?:copy of (?:the |a |any )?)?(?:written )?plan\b(?! (?:to|for) )|"
    r"\b(?:never|not) (?:\w+ )?(?:given|sent|shown|handed|provided) (?:him|her|them|me|us|mum|dad|the family|the parents?) "
    r"(?:a |any )?(?:copy of (?:the |a |any )?)?(?:written )?plan\b(?! (?:to|for) )|"
    r"\b(?:could not|couldn't|cannot|can't|(?:were|was) (?:not|un)able to|did not|didn't) (?:send|show|give|provide|produce|find) "
    r"(?:me |us |him |her |them )?(?:a |any |the )?(?:copy of (?:the |a |any )?)?(?:written )?plan\b(?! (?:to|for) )|"
    r"\bthere\b[^.;]{0,20}\b(?:not|no|never)\b[^.;]{0,35}\bplan\b(?! (?:to|for) )|"
    rf"{_NOT} (?:\w+ )?(?:written|drawn up|put together|produced|made|completed) (?:up )?(?:a |any )?(?:written |formal )?plan\b",
    re.I,
)
_NO_DATE_TO_LOOK_AGAIN = _Lazy(
    r"\b(?:looked at|reviewed|checked)\W{0,3},? no date (?:has been|had been|was|is) (?:set|given|fixed|agreed)|"
    rf"{_NOT}[^.;]{{0,40}}\b(?:talked|spoken|said|told|explained)\b[^.;]{{0,30}}\bwhen (?:things|it|the plan|this|the timetable) "
    r"(?:will|would|are going to|is going to) be (?:looked at|reviewed|checked) again\b",
    re.I,
)
_NOT_MET_AGAIN = _Lazy(
    r"\b(?:since|after) (?:the|that) (?:first|initial|last|one) meeting\b|\b(?:met|spoken|talked) (?:with |to )?(?:\w+ )?again\b",
    re.I,
)
"""A later meeting not held ('since the first meeting in September nobody has met with him again to see
how it is going'): a first meeting was, so this is the review, not the meeting."""
_NO_REVIEW = _Lazy(
    _negated(r"review(?:s|ed|ing)?\b", reach=40).pattern
    + "|"
    + r"\bcancel+(?:ed|ing)? (?:the |a |any |every |his |her )?(?:\w+ )?review|"
    + r"\b(?:no|(?:isn't|is not|wasn't|was not) (?:a|any)) (?:arrangements?|plans?|dates?) (?:\w+ ){0,4}(?:to )?(?:review|look at how|check (?:on )?how|see how|"
    + r"look(?:ing)? at (?:it|this|the plan|the timetable|the arrangement|the hours) again)|"
    + _NO_DATE_TO_LOOK_AGAIN.pattern
    + "|"
    + r"\b(?:nobody|no one|no-one) has (?:looked at|reviewed|checked) (?:it|the plan|the timetable|how it is going) since\b|"
    + r"\b(?:nobody|no one|no-one)\b[^.;]{0,30}\b(?:back in touch|been in touch|followed (?:it |this )?up|checked in)\b[^.;]{0,50}"
    + r"\bhow (?:he|she|they|it)(?:'s|’s| is| are|'re)? (?:getting on|doing|going|managing)\b|"
    + r"\bno follow[- ]?up (?:meeting|review|call)s?\b|"
    + r"\b(?:nobody|no one|no-one)\b[^.;]{0,30}\b(?:met|spoken|talked) (?:with |to )?(?:him|her|them|the family|mum|dad|us) again\b",
    re.I,
)
"""No review: 'no date to review it', 'it will be "looked at", no date has been set', 'nobody has
looked at it since it started', 'nobody has been in touch with her since the first meeting to see how
it is going - no follow-up meeting'."""
_REVIEW_UNDONE = _Lazy(
    r"\b(?:review\w*|check-?ins?|progress meetings?)\b[^.;]{0,40}\b(?:not (?:one|a single one) (?:has|have|had) (?:taken place|happened|been held)|"
    r"blank|empty|TBC|to be confirmed|not (?:yet |been )*(?:set|arranged|booked|held|scheduled|planned|happened)|"
    r"(?:never|didn't|did not|has not|hasn't|have not|haven't) (?:happen(?:ed)?|taken place|took place|take place|go ahead|gone ahead|been held|"
    r"rebooked|rearranged|re-arranged|been rearranged)|cancel+ed)\b|"
    r"\breview\b[^.;]{0,60}\bbut (?:none|it|that|this|nothing) (?:has|have|had|ever)? ?(?:happened|taken place|been held|"
    r"come|came)\b",
    re.I,
)
"""Read on the whole sentence: 'the section headed "Reviews" is blank' is cut by its quotes; 'There
was meant to be a review after two weeks but none has happened' by its 'but'."""
_EXPLOITATION = _Lazy(
    r"exploitation(?! (?:service|team|worker|specialist|practitioner|officer|lead|hub))|\bCSE\b|\bCCE\b|\bCDE\b|county[- ]lines?\b|\bdrugs? lines?\b|"
    r"\bgroom(?:ed|ing)\b|\bexploited\b",
    re.I,
)
_EXPLOITATION_RISK = _Lazy(
    _EXPLOITATION.pattern
    + r"|\b(?:run|running|carry|carrying|deal|dealing|sell|selling|supply|supplying)(?: \w+)? drugs|\bdrug (?:running|dealing|debt)|"
    r"\bolder (?:men|males|boys|lads|guys|young people|youths|teenagers|adults)\b|\brecruit(?:ed|ing)?\b|\bgangs?\b|\bcuckoo|"
    r"\ban older (?:man|male|boy|lad|guy|youth|teenager)\b|"
    r"\b(?:hold|holding|held|carry|carrying|carried|mind|minding|look after|looking after|keep|keeping) (?:a|the|onto a) "
    r"(?:bag|package|parcel|phone)s? (?:for|of) (?:him|them|someone|an older)\b|"
    r"\blifts? in (?:their|older \w+'s|strangers'?|a stranger's) cars?\b|"
    r"\b(?:give|gives|gave|giving|given) (?:her|him|them) (?:vapes|drugs|money|gifts|phones?|cigarettes|alcohol)\b|"
    r"\b(?:adults?|men|strangers)\b[^.;]{0,30}\bask\w*\b[^.;]{0,20}\b(?:pictures|photos|images|nudes)\b|"
    r"\b(?:go(?:es|ing)?|went|gone) missing\b|\bmissing episodes?\b|"
    r"\b(?:people|adults|strangers|someone|men) (?:(?:he|she|they) (?:has|have|had) )?met (?:online|in games|on (?:games|social media|snapchat|instagram|tiktok))\b|"
    r"\b(?:man|men|adult|boyfriend|male) (?:(?:he|she|they) )?(?:met|meets|had met|has met) (?:online|on (?:social media|snapchat|instagram|tiktok))\b|"
    r"\b(?:a|an) (?:1[89]|[2-6]\d)[- ]year[- ]old (?:man|male|adult|boyfriend)\b",
    re.I,
)
_EXPLOITATION_UNHEEDED = _Lazy(
    rf"{_neg(40)}\b(?:mention|consider|cover|address|include|assess|look(?:ed)? at|refer(?:red)? to|reference|weigh|"
    rf"thought about|think about|factor|account(?:ed)? for|evaluat)\w*\b[^.;]{{0,40}}(?:{_EXPLOITATION.pattern})|"
    rf"\b(?:nothing|anything)\b[^.;]{{0,20}}\babout\b[^.;]{{0,30}}(?:{_EXPLOITATION.pattern})|"
    rf"(?:{_EXPLOITATION.pattern})[^.;]{{0,60}}\b(?:(?:was|were|has|have|had) (?:not|never) been|not|never) (?:considered|mentioned|covered|addressed|included|assessed)|"
    rf"\b(?:omit\w*|leaves? out|left out|ignor\w*|overlook\w*|miss(?:es|ed)|skip(?:s|ped)?)\b[^.;]{{0,30}}(?:{_EXPLOITATION.pattern})|"
    rf"(?:{_EXPLOITATION.pattern})[^.;]{{0,30}}\b(?:empty|blank|left blank|left out|omitted|ignored|missing|TBC)\b|"
    rf"\b(?:cover|address|consider|include|assess|mention)\w*\b[^.;]{{0,60}}\bnot\b (?:[\w'-]+ ){{0,5}}?(?:{_EXPLOITATION.pattern})|"
    rf"\bno mention of\b[^.;]{{0,30}}(?:{_EXPLOITATION.pattern})",
    re.I,
)
_NO_RISK_ASSESSMENT = _Lazy(
    rf"{_neg(60)}\brisk[- ]assess|"
    r"\brisk[- ]assess\w*\b[^.;]{0,20}\b(?:(?:was|were|has|had|have) (?:not|never)|wasn't|hasn't|hadn't|weren't)\b (?:been )?(?:done|completed|carried out|undertaken|written|in place|made)|"
    rf"{_neg(30)}\bassess(?:ed|ing)? (?:the |any |his |her |their )?(?:[\w-]+ ){{0,2}}risks?|"
    r"\bno (?:\w+ )?assessment of (?:the |any )?(?:[\w-]+ ){0,2}risks?\b|"
    rf"{_neg(60)}\bassessment of (?:the |any |his |her |their )?(?:[\w-]+ ){{0,2}}risks?\b|"
    rf"{_NOT}[^.;]{{0,20}}\b(?:looked at|considered|thought about|assessed|weighed)\b[^.;]{{0,10}}\bwhat the risks?\b|"
    r"\brisk[- ]assess\w*\b[^.;]{0,25}\b(?:blank|empty|left blank|not (?:been )?filled|missing|TBC)\b|"
    rf"{_NOT}[^.;]{{0,40}}\b(?:looked at|considered|thought about|asked about)\b[^.;]{{0,10}}\bwhat (?:he|she|they|\w+) "
    r"(?:might|could|may|would) be (?:exposed to|at risk of|doing)\b|"
    rf"{_NOT}[^.;]{{0,40}}\b(?:looked at|considered|thought about|asked about)\b[^.;]{{0,10}}\b(?:what (?:he|she|they) "
    r"(?:does|do|is doing|are doing|gets up to|get up to)|who (?:he|she|they) (?:is|are|will be|would be) with)\b|"
    rf"{_NOT}[^.;]{{0,40}}\b(?:asked|checked|found out|looked at|considered|thought about|asked about)\b[^.;]{{0,10}}\bwhere "
    r"(?:he|she|they|[A-Z][\w'-]+) (?:goes|go|is|are|will be|would be|(?:will|would) go|spends?|hangs? out)\b|"
    rf"{_neg(40)}\b(?:looked at|considered|thought about|weighed up|assessed)\b (?:the |any |that |this |these |those )?risks?\b|"
    rf"{_NOT}[^.;]{{0,40}}\b(?:asked|looked at|considered|thought about|talked)\b[^.;]{{0,50}}\bwhat the risks? (?:are|is|were|was|might be)\b|"
    r"\brisk[- ]assess\w*\b[^.;]{0,60}\b(?:one|it)\s+(?:had|has|was)(?: not|n't)(?: been)? (?:done|completed|carried out|written)\b|"
    rf"{_neg(40)}\b(?:discuss|talk|ask|consider|think|thought|check)\w*\b[^.;]{{0,40}}\b(?:safety|keeping (?:him|her|them) safe|"
    r"supervision|who (?:would|will|is going to|was going to) (?:be with|look after|supervise|care for|mind))\b|"
    r"\brisk[- ]assess\w*\b[^.;]{0,30}\b(?:written|done|completed|carried out|drawn up|put in place)\b[^.;]{0,30}\bafter\b"
    r"[^.;]{0,40}\b(?:start\w*|began|begun|in place|put in place|implemented|reduced)",
    re.I,
)
_NO_RETURN_DATE = _Lazy(
    r"\bno (?:(?:end|return|finish|full[- ]time|target|set|agreed|planned|fixed|firm|clear) ){0,2}date\b"
    r"(?! (?:of|for) (?:a |the |any )?review)(?! (?:\w+ ){0,3}to (?:review|look at how|check (?:on )?how|see how))|"
    rf"{_neg(40)}\b(?:date|timescale|time ?frame)\b[^.;]{{0,30}}\b(?:return|full[- ]time|full days|back)\b|"
    rf"{_neg(40)}\b(?:end|return|finish|full[- ]time) date|"
    rf"(?:{_NOT}|\bno idea\b|\b(?:does|did)(?: not|n't) know\b|\bunaware\b)[^.;]{{0,40}}\bwhen (?:[\w'-]+ ){{1,6}}(?:back|return|full[- ]time|full days?|ends?|stops?|finish(?:es)?)\b|"
    rf"{_NOT}[^.;]{{0,20}}\b(?:given|give|gives|told|set|agreed|mention\w*|include\w*|state\w*|specif\w*)\b (?:a |an |any )?"
    r"(?:date|timescale|time ?frame)|"
    r"\bno (?:timescale|time ?frame)\b|\bdepends (?:on )?how (?:he|she|they|\w+) (?:gets?|get|is getting) on|"
    r"\bindefinite(?:ly)?\b|\bopen[- ]ended\b|\bno (?:clear )?(?:end|finish|stopping|exit) point\b|\bno (?:plan|date) (?:to|for) (?:increase|return|get|build|extend)|"
    r"\bforeseeable future\b|\buntil further notice\b|\bfor the time being\b|\bno (?:planned |agreed |set )?return (?:date|to full)|"
    r"\bno (?:planned |agreed |set )?return\b|"
    r"\b(?:any|no) plan to (?:increase|extend|build up)|"
    r"\buntil (?:she|he|they|\w+) (?:is|are|feels?|gets?) (?:better|well|ready)\b|"
    r"\bsee how (?:it|things|he|she|they|the \w+) (?:goes|go|is going|are going|gets on|settles?)\b|"
    r"(?:\bno idea\b|\b(?:does|did)(?: not|n't) know\b|\bnot (?:been )?told\b|\bunaware\b)[^.;]{0,20}\bhow long\b"
    r"(?: (?:it|this|the \w+) (?:will|would|is going to) (?:last|go on|continue|be))?|"
    r"\buntil (?:she|he|they|\w+) (?:settles?|has settled|calms? down|improves?)\b",
    re.I,
)
_NO_EXIT = _Lazy(
    rf"\bno (?:\w+ )?exit (?:plan|strategy)|{_NOT}[^.;]{{0,40}}\bexit (?:plan|strategy)|"
    rf"{_NOT}[^.;]{{0,30}}\b(?:tell|say|explain|describe|told|said)\b[^.;]{{0,15}}\bwhat\W{{0,2}}success\W{{0,2}} (?:(?:would|will|might|should) look|looks) like|"
    r"\b(?:does|did)(?: not|n't) know what (?:she|he|they|[A-Z][\w'-]+) (?:has|have|needs?|would need|will need) to do to "
    r"(?:go|get|come) back\b|"
    rf"{_NOT}[^.;]{{0,30}}\b(?:tell|say|explain|told|said)\b[^.;]{{0,30}}\bwhen (?:the plan|it|this|the timetable) (?:would|will|should) end|"
    rf"{_NOT}[^.;]{{0,30}}\b(?:tell|say|explain|describe)\b[^.;]{{0,15}}\bhow (?:anyone|we|they|you|everyone|all parties) "
    r"(?:would|will|could) know|"
    rf"{_NOT}[^.;]{{0,30}}\b(?:success criteria|measures? of success)|"
    r"\b(?:what would count as|how (?:it|the timetable|the plan) would end)\b[^.]{0,80}\b(?:could|can|did|would)(?:n't| not) "
    r"(?:tell|say|explain)\b|"
    r"\bnothing (?:\w+ )?(?:about|on) what\W{0,2}success\W{0,2} (?:(?:would|will|might|should) look|looks) like\b|"
    r"\bnothing (?:\w+ )?(?:about|on) (?:what|when) (?:would|will|might|should) (?:count as|be seen as|mean) (?:a )?success\b|"
    rf"{_NOT}[^.;]{{0,40}}\b(?:say|tell|explain|told|said)\b[^.;]{{0,10}}\bwhat (?:would|will|needs? to|has to|must)"
    r" (?:need to |have to )?happen\b",
    re.I,
)
"""No exit strategy: nobody can say how all parties will know the timetable has worked."""
_NO_SUPPORT = _Lazy(
    rf"{_NO}(?:extra |additional |in-school |other )?(?<!\bto )(?<!outside )(?<!external )(?<!family )(?:support|interventions?|help)\b"
    r"(?! plan\b| (?:from|of) (?:the )?(?:LA|council|local authority)| for (?:the )?(?:family|home|parents?|mum|dad)\b)|"
    rf"{_NOT}[^.;]{{0,20}}\b(?:getting|receiving|having|seeing|offered|given)\b (?:any(?:one|thing)?|extra|additional)\b"
    r"[^.;]{0,40}\b(?<!family )(?<!outside )(?<!external )(?:support|help|in school|about (?:the|his|her) (?:anxiety|needs|behaviour))\b"
    r"(?! (?:for|from|at) (?:the )?(?:family|home))|"
    r"\bnothing (?:extra |more |else |additional )?(?:is|has been|was|had been) (?:in place|put in place|offered|provided|different)\b|"
    r"\bnothing (?:extra |more |else |additional )?(?:is |has been |was |had been )?set up\b|"
    rf"{_NO}(?:mentoring|counselling|counseling|key ?work(?:er)? sessions|ELSA)\b|"
    r"\b(?:would|'d|should) have expected (?:some|more|any|extra) (?:support|help|interventions?)|"
    rf"{_NOT}[^.;]{{0,20}}\b(?:mention\w*|suggest\w*|offer\w*|arrang\w*)\b (?:any |extra |additional )?"
    r"(?:[\w-]+ (?:or|and) )?(?:support|counselling|mentoring|interventions?)\b(?! (?:for|from) (?:the )?family)|"
    rf"{_NOT}[^.;]{{0,20}}\bput (?:anything|any(?:thing)? (?:extra|more|else)|extra support|any support) in\b|"
    rf"{_NOT}[^.;]{{0,30}}\b(?:explain\w*|told|said)\b[^.;]{{0,20}}\bwhat (?:help|support)\b|"
    r"(?<!given )(?<!told )\bnothing (?:\w+ )?(?:about|on) (?:what|any|the) (?:extra |additional )?(?:support|help|interventions?)\b",
    re.I,
)
"""No supportive interventions: 'nothing is different, she isn't seeing anyone in school about the anxiety'; not
'the family were given nothing about what support she gets' (what they were told, not what she gets)."""
_NO_CHANGES = _Lazy(
    r"\bnothing (?:about|on|in (?:it|the plan) about|to say) (?:what|how) (?:the )?school (?:will|would|is going to|plans? to) "
    r"(?:do (?:anything )?differently|change|adapt|adjust)|"
    r"\bnothing (?:\w+ )?(?:about|on) (?:what|how) (?:\w+ )?(?:would|will|is going to|might) (?:change|be different|be adapted)\b"
    r"[^.;]{0,30}\b(?:in|at) (?:the )?school\b|"
    rf"{_NO}(?:changes?|adjustments?|adaptations?) (?:to|in|within) (?:the )?(?:school |classroom )?(?:environment|systems?|school|classroom)|"
    r"\bsame (?:classrooms?|lessons|corridors|expectations|routines?), same\b|"
    r"\bthe same (?:[\w-]+ )?(?:classrooms?|lessons|corridors|rooms|detentions|routines?)\b[^.;]{0,60}\bthe same\b|"
    r"\bschool (?:itself )?is (?:exactly |just )?(?:as it was|the same as (?:before|ever|it was))\b|"
    r"\bnothing (?:has )?changed (?:for (?:him|her|them|[A-Z][\w'-]+) )?(?:in|at|about) (?:the )?school\b|"
    r"\bno (?:thought|consideration)\b[^.;]{0,20}\bwhat (?:would|will|might|needs? to|has to) (?:have to |need to )?(?:change|be different|be adapted)\b|"
    r"\bnothing (?:changes|has changed|will change|is changing|is different)\b[^.;]{0,30}\b(?:in|at) (?:the )?school\b|"
    r"\bnothing (?:about|in|at) (?:the )?school(?: day)? (?:has been|was|is being|is) (?:adapted|changed|adjusted|different)\b|"
    r"\bnothing (?:about|in) (?:her|his|their|the pupil's|[A-Z][\w'-]+'s) (?:school )?(?:day|routines?|lessons) "
    r"(?:has|had|will|would|is going to)(?: been)? (?:changed?|adapted|adjusted|be different)\b",
    re.I,
)
"""No changes in school: 'nothing about what the school will do differently - same classrooms, same corridors'."""
_NO_SKILLS = _Lazy(
    rf"{_NOT}[^.;]{{0,40}}\b(?:thought|think|looked|look|said|says?|written|set out|planned|identified|agreed|considered|about)\b"
    r"(?: about| at)?\b[^.;]{0,20}\bwhat (?:[\w'-]+ ){0,3}(?:needs?|has|have|is going|will need|would need|"
    r"is supposed|is meant|should be|will(?: actually)?) (?:to )?(?:be )?(?:learn(?:ing)?|practi[sc](?:e|ing)|develop(?:ing)?|build(?:ing)?|"
    r"work(?:ing)? on|be taught)\b|"
    rf"(?:{_NOT}|\bno mention of)[^.;]{{0,30}}\b(?:taught|teach(?:ing)?)\b[^.;]{{0,30}}\b(?:to (?:help|cope|manage)|skills?|how to|"
    r"about (?:managing|coping|handling|dealing))\b|"
    rf"{_NO}(?:new )?skills?\b(?! (?:team|service|centre|center)\b)|"
    rf"{_NOT}[^.;]{{0,30}}\b(?:skills|strategies)\b[^.;]{{0,20}}\b(?:to (?:learn|practi[sc]e|develop|build|be taught)|(?:he|she|they) (?:will|would|could) (?:learn|be taught))\b",
    re.I,
)
"""No new skills: 'nobody has thought about what she needs to learn or practise to manage longer days'."""
_NOTHING_ABOUT_PLACES_CHANGED = _Lazy(
    r"\bnothing (?:about|in|at) (?:the )?(?:school(?: day)?|classroom|lessons?) (?:or|and) (?:the )?"
    r"(?:school(?: day)?|classroom|lessons?) (?:has been|was|is being|is|will be) (?:adapted|changed|adjusted|different)\b",
    re.I,
)
"""'Nothing about the classroom or the school day is being changed': read in the whole sentence, as its 'or the'
parts a clause of their own."""
_WHO_AT_SCHOOL = r"(?:who|which (?:member of staff|staff member|teacher|person|adult|one of them))"
_NO_LEAD = _Lazy(
    rf"{_NOT}[^.;]{{0,80}}\b{_WHO_AT_SCHOOL} (?:at (?:the )?school |in school )?(?:is|was|would be|will be) (?:\w+ly )?"
    r"(?:in charge|responsible|leading|the lead)\b"
    r"(?! for (?:the|her|his|their) (?:care|safeguarding))|"
    r"\b(?:have|had|need(?:ed)?|needs) to check\W{0,3}\s*who (?:is|was|would be) (?:in charge|responsible|leading)\b|"
    rf"{_NOT}[^.;]{{0,30}}\bknows?\b[^.;]{{0,10}}\b{_WHO_AT_SCHOOL}(?:'s|’s| is| was) (?:in charge|responsible|leading|the lead)\b|"
    rf"{_NO}(?:named|lead) (?:person|member of staff|contact|adult|lead)\b|{_NO}lead (?:person|professional|member of staff)\b|"
    r"\bno (?:name|mention) of (?:anyone|anybody|a person|a member of staff)\b[^.;]{0,30}\bwho (?:is|was|would be|will be) "
    r"(?:in charge|responsible|leading|the lead)\b|"
    r"\b(?:nobody|no one|no-one)\b (?:\w+ ){0,2}(?:owns?|takes? (?:charge of|ownership of|responsibility for)) (?:it|this|the plan|the timetable)\b|"
    r"\b(?:nobody|no one|no-one)\b (?:(?:at|in|from) (?:the )?school )?(?:has|had) (?:been|ever been) (?:named|given|made responsible|put in charge)\b"
    r"(?: (?:as|to) (?:look after|lead|oversee|run|co-?ordinate|be responsible for) (?:it|this|the plan|the timetable|her|him))?|"
    r"\b(?:who (?:was|is|would be) responsible|in charge)\b[^.]{0,80}\beach (?:thought|thinks|said|says|assumed) (?:it was|it's|it is) the other\b",
    re.I,
)
"""No named person: 'nobody has explained ... who at school is responsible', 'she would "have to check"
who was in charge of it', 'no one at school has been named to look after it'. Read on the whole sentence: its quotes and commas cut the clauses."""


def _no_lead(clause: Clause) -> bool:
    unquoted = _unquoted(clause.sentence)
    return not _HEDGE.search(unquoted) and bool(_NO_LEAD.search(unquoted))


_AP = (
    r"(?:alternative provision|alternative (?:placement|provider|setting)|alternative(?=,? (?:such as|like)\b)|"
    r"\bAP\b(?: placement)?|\bPRU\b|another (?:setting|school|provision|provider|placement))"
)
def _not_considered(item: str) -> _Lazy:
    """An option the guidance asks schools to consider, not considered: 'the alternative
    placement was never looked at', 'no one had thought about getting the outreach team in',
    'there has been no talk of an Early Help Assessment', and the answer to a question ('not an
    Early Help Assessment had been thought about')."""
    done = r"(?:looked at|considered|explored|discussed|thought about|offered|mentioned|suggested|followed up)"
    return _Lazy(
        rf"{item}[^.;]{{0,80}}\b(?:never|not|wasn't|was not|hasn't|has not|haven't|have not)\b (?:been )?{done}|"
        rf"{_NOT}[^.;]{{0,30}}\b(?:consider|look(?:ed)? at|explor|discuss|thought about|mention|suggest|offer|ask|"
        rf"(?:talk|spok)(?:ed|en)? (?:to|with) (?:the |his |her |their )?(?:[\w'’.-]+ ){{1,3}}?about|talk(?:ed)? about|"
        rf"heard (?:of|about))\w*"
        rf"[^.;]{{0,45}}{item}|"
        rf"(?:{_NOT}|\bno)\s+(?:an? |the |any )?{item}[^.;]{{0,40}}\b(?:been |was |were )?{done}|"
        rf"\bno (?:talk|mention|discussion|word|thought|consideration|suggestion|offer)s? (?:of|about)\b[^.;]{{0,30}}{item}",
        re.I,
    )


_NO_AP = _not_considered(_AP)
"""Alternative provision not considered: 'the alternative placement was never looked at'."""
_EXTERNAL = (
    r"(?:(?:behaviour|behavioural) (?:support|outreach)(?: (?:team|service))?|outreach(?: team| service| support)?|"
    r"external (?:support|agenc\w+|help)|outside (?:help|agencies|support)|educational psycholog\w+|\bEP\b|"
    r"specialist (?:support|teach\w+)|(?:more |extra )?(?:family support|support for (?:mum|dad|the family|her family|his family))|"
    r"(?:any )?(?:help|support) (?:at home|for the family))"
)
_NO_EXTERNAL = _not_considered(_EXTERNAL)
"""External behaviour or family support not considered."""
_EHA = r"(?:early help assessment|\bEHA\b|early help (?:referral|support|offer))"
_NO_EHA = _not_considered(_EHA)
"""An Early Help Assessment not considered."""
_NUMBER = r"(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|a couple of)"
_LONG_TIME = _Lazy(
    r"\b(?:more|longer) than (?:six|6|seven|7|eight|8|nine|9|ten|10|\d{2}) weeks|\bover (?:six|6|seven|7|eight|8|\d{2}) weeks|"
    r"\b(?:seven|eight|nine|ten|eleven|twelve|[7-9]|\d{2}) weeks (?:now|so far|already)|"
    r"\b(?:about|around|nearly|almost|over|for|now|some) (?:about |over |nearly |almost |around )?(?:seven|eight|nine|ten|eleven|twelve|[7-9]|1\d) (?:school |calendar )?weeks\b|"
    r"\bwell (?:over|beyond|past) (?:six|6|the six)\b|"
    r"\b(?:for|about|over|nearly|almost|around|more than|now) (?:about |over |nearly |almost |around )?"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|several|many|a couple of|[2-9]|1[0-2]) months|"
    r"\b(?:since|from) (?:the (?:start|beginning) of )?(?:last )?(?:year|the (?:last|previous) term)\b|"
    r"\b(?:been|for|about|over|nearly|almost|around) (?:about |over |nearly |almost |around )?"
    r"(?:seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|[7-9]|1\d) (?:school |calendar )?weeks\b|"
    r"\b(?:seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|[7-9]|1\d) weeks (?:after|later|before any)\b|"
    r"\b(?:a|one|the|a whole|a full|the whole|all|all of) (?:autumn |spring |summer )?(?:school )?term\b(?! dates?)(?<!half term)|"
    r"\bmost of (?:this|the|last) (?:academic |school )?(?:year|term)\b|"
    r"\bthe (?:October|February|autumn|spring|summer) half[- ]term last year\b",
    re.I,
)
_RUNS_UNTIL_LATE = _Lazy(
    r"\b(?:run|last|go on|continue|stay|be in place)\W+(?:\w+\W+)?(?:until|till|to)\W+(?:the )?(?:summer(?: holidays?)?|"
    r"end of the (?:school |academic )?year|next (?:school |academic )?year|september)\b",
    re.I,
)
"""A cut day to 'run until the summer' (or the end of the year, September): past six weeks. Read on
the sentence without its quote marks ('would just run "until the summer"')."""
_SINCE_LONG_AGO = _Lazy(
    r"\bsince (?:the )?(?:Easter|Christmas|the summer|summer|the start of (?:the )?(?:school )?year)\b", re.I
)
"""A start long before any report of this term, said as a season: counts only about the timetable."""
_TIMETABLE_WORDS = _Lazy(r"timetable|part[- ]time|reduced|half days|mornings|afternoons|hours", re.I)
_LA = (
    r"(?:\bLA\b|\blocal authority\b|\bcouncil\b|\bcounty\b|attendance (?:team|service|officers?)\b|attendance@|"
    r"\bthe authority\b|\byou\b|\byour (?:team|service|office)\b)"
)
"""The council as a report names it: the County Attendance Team the report is written to ('you')."""
_TELL = (
    r"(?:notif\w*|told|tell|inform\w*|sent|send|report\w*|let (?:[\w'-]+ ){0,4}know|made aware|aware|copied|shared|"
    r"passed|forwarded|contacted|heard from|received|gone|went)"
)
_LA_NOT_TOLD = _Lazy(
    rf"{_NOT}[^.;]{{0,50}}\b{_TELL}\b[^.;]{{0,60}}{_LA}|"
    rf"{_NOT}[^.;]{{0,50}}\blet\b[^.;]{{0,30}}{_LA}[^.;]{{0,30}}\bknow\b|"
    rf"{_LA}[^.;]{{0,40}}{_NOT}[^.;]{{0,20}}\b(?:{_TELL}|know|knows|record)\b|"
    rf"{_LA}[^.;]{{0,30}}\b(?:had|has|have|got) (?:had )?(?:nothing|no (?:record|notification|copy|plan|paperwork|word))\b|"
    rf"\bno (?:notification|record|referral)\b[^.;]{{0,50}}{_LA}|"
    rf"\b(?:sent|notified|told|informed|let)\b[^.;]{{0,60}}{_LA}[^.;]{{0,50}}\b(?:{_NUMBER}|a|ten|a few) (?:school )?"
    r"(?:days?|weeks?|fortnight|months?) (?:after|later)|"
    rf"{_LA}[^.;]{{0,30}}\b(?:only|not until)\b[^.;]{{0,60}}\bafter\b|"
    rf"\b(?:only|not until)\b[^.;]{{0,40}}{_LA}[^.;]{{0,40}}\bafter\b|"
    r"(?:LA|local authority|attendance team|council) (?:was|were|has|have) (?:not|never) (?:been )?(?:told|informed|notified)|"
    r"not (?:been )?notified to the (?:LA|local authority)|did not (?:tell|inform|notify) (?:the )?(?:LA|local authority|attendance)",
    re.I,
)


def _unquoted(sentence: str) -> str:
    """The sentence without its quote marks, which cut it into clauses ('nobody could tell me
    what "success" would look like', 'the risk assessment "is on the list to do"')."""
    return re.sub(r"[\"“”]", "", sentence)


@dataclass(frozen=True)
class Clause:
    text: str
    sentence: str
    subject: str | None
    """Who the clause is about, as far as its words tell: 'parent', 'professional', 'school'."""
    context: str = ""
    """Where a pronoun may point back to: the sentence, and the one before where the sentence opens
    with 'She' or 'He' ('I contacted her Virtual School education adviser ... She had not heard of it')."""


def clauses(text: str) -> list[Clause]:
    """The clauses of a report, each with the subject nearest before its words (inherited
    from the clause before in the same sentence when it has none of its own)."""
    out: list[Clause] = []
    last: str | None = None
    previous = ""
    for sentence in _sentences(text):
        subject: str | None = None
        points_back = previous and _OPENS_WITH_SHE_OR_HE.match(sentence) and not _THE_WRITER_IS.search(previous)
        context = f"{previous} {sentence}" if points_back else sentence
        for part in _CLAUSE.split(sentence):
            if part.strip():
                before = subject if subject is not None or not _OPENS_WITH_THEY.match(part) else last
                own = _they_a_service(_last_subject(part, len(part)), before, part, context)
                subject = own or subject
                out.append(Clause(part.strip(), sentence, subject, context))
        last = subject
        previous = sentence
    return out


_OPENS_WITH_SHE_OR_HE = re.compile(r"^\s*(?:she|he)\b", re.I)
_THE_WRITER_IS = re.compile(r"\b(?:I am|I'm|I’m|I work as|my role is)\b", re.I)
"""A sentence where the writer says what they are ('I am the Social Worker for Sam'): the role it
names is the writer's own, not someone a 'She' after it points back to."""


_OPENS_WITH_THEY = re.compile(r"^\s*(?:they|them)\b", re.I)
"""A sentence that opens with 'They' after one whose party was a service ('Our Virtual School knew nothing
about it. They were not invited ...'): the service still."""


_THEY = _Lazy(r"^(?:they|them)$", re.I)
_SHE_OR_HE = _Lazy(r"^(?:they|them|she|he|her|him|his)$", re.I)
_FAMILY_NAMED = _Lazy(r"\b(?:parent|mum|mother|dad|father|carer|famil|guardian|grand|nan|gran)", re.I)


def _they_a_service(found: str | None, before: str | None, text: str, sentence: str = "") -> str | None:
    """The subject `found` in `text`, where a party named only as 'they' or 'them' after a service
    earlier in the sentence ('Nobody from the Virtual School was there and ... they have not been
    asked to agree') is that service, not the parent a pronoun is taken for elsewhere; so is 'she'
    or 'he' after a professional other than the writer, in a `sentence` that names no one of the
    family ('her social worker told me she knew nothing about it - she had not been asked to any
    meeting')."""
    if found != "parent":
        return found
    named = [m.group(0) for m in _SUBJECT.finditer(text) if m.lastgroup == "parent"]
    if before == "professional" and named and all(_THEY.match(word) for word in named):
        return "professional"
    if named and all(_SHE_OR_HE.match(word) for word in named) and _a_third_person_professional(sentence, text):
        return "professional"
    return found


def _a_third_person_professional(sentence: str, text: str) -> bool:
    """The last party the sentence names before the pronoun that ends `text` is a professional
    other than the writer ('her social worker', not 'I'), and no one of the family is named from
    the start of that professional's clause to the pronoun ('her social worker ... told us she had
    not been asked about it or agreed to it'; not 'Mum told the social worker she had not agreed')."""
    if not sentence:
        return False
    pronouns = [m.start() for m in _SUBJECT.finditer(text) if m.lastgroup == "parent"]
    end = max(sentence.find(text), 0) + (pronouns[-1] if pronouns else 0)
    contacted = _WHEN_CONTACTED.search(sentence[:end])
    if contacted is not None:  # 'when mum rang her, she had not heard of it': the one rung, named before
        named = [m for m in _SUBJECT.finditer(sentence, 0, contacted.start()) if m.lastgroup == "professional"]
        return bool(named) and not _WRITER.match(named[-1].group(0)) and not _WRITER_REACHED.match(named[-1].group(0))
    words = [m for m in _SUBJECT.finditer(sentence, 0, end) if m.lastgroup == "professional"]
    parties = [m for m in words if not _WRITER_REACHED.match(m.group(0))]  # 'told me' names no party
    if not parties or _WRITER.match(parties[-1].group(0)):
        return False
    named_at = parties[-1].start()
    clause_start = max((b.end() for b in _CLAUSE.finditer(sentence, 0, named_at)), default=0)
    return not _FAMILY_NAMED.search(sentence[clause_start:end])


_WHEN_CONTACTED = re.compile(
    r"\bwhen (?:I|we|mum|dad|his mum|her mum|his dad|her dad|the family|[A-Z][a-z]+) (?:spoke to|rang|called|phoned|emailed|"
    r"asked|contacted|messaged|talked to) (?:her|him),?\s*$",
    re.I,
)
"""'... the SEN officer was not at the meeting and, when mum rang her, ...': whom the pronoun after is."""
_WRITER = _Lazy(r"^(?:I|we)$", re.I)
_WRITER_REACHED = _Lazy(r"^(?:me|us|my|our|myself)$", re.I)


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
    found = _they_a_service(
        _last_subject(clause.text, verb_start), clause.subject, clause.text[:verb_start], clause.context or clause.sentence
    )
    return found or clause.subject


_AGENT = _Lazy(r"\s+by (?:the |his |her |their |a |an )?[\w'-]+(?: [\w'-]+){0,3}", re.I)
"""A passive's agent: 'the plan has not been signed by the social worker'."""


def _plain(pattern: _Lazy, clause: Clause) -> re.Match[str] | None:
    m = pattern.search(clause.text)
    return m if m and not _HEDGE.search(m.group(0)) else None


def _object_of(clause: Clause, match: re.Match[str]) -> str | None:
    """Whom a negated verb reaches, from the words right after it: 'no signed parental
    agreement', 'did not include the youth justice service', 'has not invited us'."""
    found = _OBJECT.match(clause.text, match.end())
    return found.lastgroup if found else None


_OBJECT = _Lazy(
    r"\s*(?:(?:the|a|an|any|his|her|their|our|written|signed|formal|from|by|of|with|to)\s+){0,3}"
    rf"(?:(?P<parent>parent\w*|mum\w*|mother\w*|father\w*|dad\w*|carers?\w*|famil\w+|guardian\w*)|"
    rf"(?P<professional>me|us|social care|{'|'.join(_CIRCUMSTANCE_ROLES)}))\b",
    re.I,
)


def _who(clause: Clause, match: re.Match[str]) -> str | None:
    """Who a negated agreement or invitation is about: its object when the object is a party
    ('no signed parental agreement', 'the school did not invite me'), else its subject."""
    target = _object_of(clause, match)
    if target in ("parent", "professional"):
        return target
    if _ASKED_HER.search(match.group(0)) and _OPENS_WITH_A_ROLE.match(clause.sentence):
        return "professional"
    return _subject_at(clause, match)


_PARENT_UNAWARE = _Lazy(
    r"\b(?:parents?|mum|mother|dad|father|carers?|guardian)\b[^.;]{0,15}\b(?:thought|believed|assumed)\b[^.;]{0,30}"
    r"\b(?:was|were|had been)\s+(?:at|in) school\b|"
    r"\b(?:parents?|mum|mother|dad|father|carers?|guardian)\b[^.;]{0,15}\b(?:(?:was|were) (?:not aware|unaware)|"
    r"(?:did not|didn't) know)\b(?: (?:of|about|that))?[^.;]{0,20}\b(?:reduced|part[- ]time|timetable|half days?|"
    r"mornings only|only (?:in school|attending|going in))",
    re.I,
)
"""'Her mother thought she was at school': a parent who did not know of the timetable has not
agreed to it."""


def _parent_agreement(clause: Clause) -> bool:
    if _PARENT_UNAWARE.search(clause.text):
        return True
    for pattern in (_SIGN, _AGREE, _REFUSED):
        m = _plain(pattern, clause)
        if m and _who(clause, m) in ("parent", None):
            return True
    return False


def _professional_agreement(clause: Clause) -> bool:
    for pattern in (_AGREE, _SIGN):
        m = _plain(pattern, clause)
        if m and _who(clause, m) == "professional":
            return True
    if _WRITER_NOT_ASKED.search(clause.text):
        return True
    asked = _NEVER_ASKED_WHETHER_AGREED.search(clause.text)
    if asked is not None and (
        _PROFESSIONAL_WORDS.search(asked.group("who")) is not None or _a_professional_as_pronoun(asked.group("who"), clause)
    ):
        return True
    left_out = _NOT_INVITED_NOR_ASKED.search(clause.sentence)
    if left_out is not None and _PROFESSIONAL_WORDS.search(left_out.group("who")) is not None:
        return True
    if clause.subject == "professional" and _NOT_AT_IT_NOR_ASKED.search(clause.sentence):
        return True
    # a professional who has not been told of it has not agreed to it
    return bool(_PROFESSIONAL_NOT_TOLD.search(clause.text) or _PROFESSIONAL_UNAWARE_TOLD.search(clause.text))


_NEVER_ASKED_WHETHER_AGREED = _Lazy(
    rf"{_NOT}[^.;]{{0,30}}\b(?:asked|checked|sought|found out)\b[^.;]{{0,10}}\b(?:whether|if)\b"
    r"(?P<who>[^.;]{0,60}?)\b(?:agree[ds]?|consent(?:s|ed)?|(?:is|was|were|are) (?:happy|content) with|"
    r"think (?:it|this|that) (?:is|was|would be) (?:a good idea|right|appropriate|in \w+ (?:best )?interests?))\b",
    re.I,
)
"""A question never put: 'nobody has asked whether the Youth Justice Service agrees' (a 'whether'
that only asks is a hedge elsewhere; here the asking itself is what was not done)."""
_PRONOUN = re.compile(r"^\s*(?:she|he|they)\s*$", re.I)
_ROLES_ONLY = _Lazy(rf"\b(?:{'|'.join(_CIRCUMSTANCE_ROLES)})\b", re.I)


def _a_professional_as_pronoun(who: str, clause: Clause) -> bool:
    """'she' in 'has not been asked whether she agrees', the sentence having named her role before
    ('When I checked with his SEN Casework Officer, she knew nothing about it')."""
    return bool(_PRONOUN.match(who)) and _ROLES_ONLY.search(clause.sentence) is not None


_PROFESSIONAL_WORDS = _Lazy(rf"\b(?:{'|'.join(_CIRCUMSTANCE_ROLES)}|I|we|me|us)\b", re.I)
_NOT_AT_IT_NOR_ASKED = _Lazy(
    r"\b(?:wasn't|was not|weren't|were not)\s+at\s+(?:the|that|any)\s+(?:\w+\s+)?meeting\b[^.;]{0,20}\band\s+"
    r"(?:has|have|had)(?:n't| not| never)\s+(?:ever\s+)?been\s+asked\b(?!\s+(?:to (?:attend|come|join)|about|where|what|how|if|whether))",
    re.I,
)
"""A professional not at the meeting 'and hasn't been asked' / 'and have never been asked': asked
neither to come nor to agree (the sentence's subject is the professional)."""
_NOT_INVITED_NOR_ASKED = _Lazy(
    rf"(?P<who>{_NOT}[^.;]{{0,80}}?)\binvited\b[^.;]{{0,40}}\bor\b (?:asked|consulted)\b[^.;]{{0,10}}"
    r"\b(?:to agree|for (?:their|our|my|her|his) (?:agreement|consent))",
    re.I,
)
"""Left out of the meeting and of the agreement in one breath: 'Neither I nor anyone at the Virtual
School was invited to a meeting about it or asked to agree to it'."""


_MEETING_WITHOUT = _Lazy(
    rf"\b(?:without|no(?: ?one| representative| one) from|nobody from|no-one from|not including|excluding|not with) "
    rf"(?:the |his |her |their |a |an |any |our )?(?:LA |local authority )?(?:{'|'.join(_CIRCUMSTANCE_ROLES)}|me|us)\b",
    re.I,
)
"""A meeting held without the professional ('took place without his social worker', 'no one
from the LA SEN team')."""


_NOR_I = _Lazy(r"\b(?:neither|nor) (?:was|were|have|had|did|am) (?:I|we)\b", re.I)
"""'He was never invited to a meeting and neither was I.'"""


_PROFESSIONAL_NOT_TOLD = _Lazy(
    rf"{_NOT}[^.;]{{0,20}}\bfrom (?:the |his |her |their )?(?:{'|'.join(_CIRCUMSTANCE_ROLES)})\b[^.;]{{0,30}}"
    r"\b(?:has|have|had|was|were) (?:even )?(?:been )?(?:told|informed|consulted|involved|contacted|invited)\b",
    re.I,
)
"""'Nobody from the SEN Team at the council has been told': left out of the meeting and of the
agreement both."""


_A_CIRCUMSTANCE_ROLE = rf"\b(?:{'|'.join(_CIRCUMSTANCE_ROLES)})\b"
"""A professional whom a circumstance brings in, by role ('social worker', 'Virtual School')."""
_ASKED_HER = re.compile(r"\basked (?:her|him)\b", re.I)
_OPENS_WITH_A_ROLE = _Lazy(rf"^\W*(?:(?:his|her|their|the|[\w'’-]+['’]s)\s+)?(?:[\w-]+\s+){{0,2}}?{_A_CIRCUMSTANCE_ROLE}", re.I)
"""'His Virtual School caseworker ... confirmed ... that no one has asked her to agree': 'her' is the
professional the sentence opens with."""

_PROFESSIONAL_UNAWARE = _Lazy(
    rf"{_A_CIRCUMSTANCE_ROLE}[^.;]{{0,40}}\b(?:didn't|did not|doesn't|does not|had not|hadn't|has not|hasn't|wasn't|was not|isn't|is not)"
    r"\s+(?:even\s+)?(?:know|known|heard|been told|been informed|aware)\b|"
    rf"{_A_CIRCUMSTANCE_ROLE}[^.;]{{0,40}}\b(?:knew nothing|knows nothing|had no idea|has no idea|(?:was|is|were) unaware)\b|"
    rf"{_A_CIRCUMSTANCE_ROLE}[^.;]{{0,20}}\b(?:wasn't|was not|weren't|were not)\s+(?:at|in|part of)\b"
    r"[^.;]{0,20}\bmeeting\b",
    re.I,
)
"""'Bilal's social worker didn't know anything about it', 'the SEN caseworker ... had not heard
about it', 'the family's early help worker wasn't at the school meeting': left out."""
_PROFESSIONAL_UNAWARE_TOLD = _Lazy(
    rf"{_A_CIRCUMSTANCE_ROLE}[^.;]{{0,40}}\b(?:had not|hadn't|has not|hasn't|was not|wasn't)\s+"
    r"(?:even\s+)?(?:been told|been informed|known|heard)\b",
    re.I,
)
"""'The Virtual School has not been told', 'his social worker had not heard about it': no agreement
either (not 'wasn't at the meeting', which says nothing of agreeing)."""


_NOBODY_FROM_THEM_THERE = _Lazy(
    rf"\b(?:nobody|no ?one|no-one|none|neither)\b[^.;]{{0,12}}\b(?:from|of|at) (?:the |his |her |their )?{_A_CIRCUMSTANCE_ROLE}"
    r"[^.;]{0,20}\b(?:was|were|went|came)\b\s+(?:there|present|along|to it|in the room)\b|"
    rf"{_A_CIRCUMSTANCE_ROLE}[^.;]{{0,12}}\b(?:was|were)(?: not|n't) (?:there|present|in the room)\b",
    re.I,
)
"""'Nobody from the Virtual School was there': the professional was not at the meeting the report
has just told of."""


_NOBODY_CONTACTED_ME = _Lazy(
    r"\b(?:nobody|no one|no-one)\b[^.;]{0,30}\b(?:got in touch with|contacted|consulted|rang|phoned|e-?mailed|spoke to)"
    r" (?:me|us)\b",
    re.I,
)
"""'Nobody from the school got in touch with me before this started': the professional left out."""


_WRITER_NOT_ASKED = _Lazy(
    r"\b(?:I|we)\s+(?:was|were|have|had)(?:\s+(?:never|not)|n't)(?:\s+been)?\s+(?:asked|consulted|involved)\b"
    r"(?!\s+(?:to|for|whether|if)\b)",
    re.I,
)
"""'I was never asked about it', from a professional who reports: neither at the decision nor
agreeing to it."""


_WRITER_WAS_THERE = _Lazy(r"\b(?:I|we) (?:did )?(?:attend(?:ed)?|was at|were at|went to|joined)\b", re.I)
_SINCE = _Lazy(r"^\s*(?:since|again|afterwards|after that|later)\b", re.I)


def _writer_left_out(clause: Clause) -> bool:
    """'I was never asked about it': the reporting professional left out of the decision; not
    one who was at the meeting and not asked since ('I did attend ... I haven't been asked since')."""
    m = _WRITER_NOT_ASKED.search(clause.text)
    if m is None or _SINCE.match(clause.text[m.end() :]):
        return False
    return not _WRITER_WAS_THERE.search(clause.sentence)


def _professional_left_out(clause: Clause) -> bool:
    if _writer_left_out(clause):
        return True
    if _NOBODY_CONTACTED_ME.search(clause.text) and clause.subject != "parent":
        return True
    if _NO_MEETING_FOR_US.search(clause.text) or _PROFESSIONAL_NOT_TOLD.search(clause.text):
        return True
    if _PROFESSIONAL_UNAWARE.search(clause.sentence):
        return True
    if _NOT_INFORMED_BY.search(clause.text) or _TOLD_OF_MEETING.search(clause.text):
        return clause.subject != "parent"
    if _NOR_I.search(clause.text) and _plain(_INVITED, Clause(clause.sentence, clause.sentence, None)):
        return True
    if "meeting" in clause.sentence.lower() and _MEETING_WITHOUT.search(clause.text):
        return True
    if _NOBODY_FROM_THEM_THERE.search(clause.text):
        return True
    m = _plain(_INVITED, clause)
    return m is not None and _who(clause, m) == "professional"


_MEETING_WORDS = _Lazy(r"\bmeeting\b|\bsit[- ]down\b|\bdiscuss\w*|\btalk\w* (?:\w+ )?(?:about|through)\b|\bmeet\b", re.I)


_INVITED_WORD = re.compile(r"\binvit", re.I)
_MEETING_UNDONE = _Lazy(
    r"\bmeeting\b(?<!review meeting)[^.;]{0,80}\b(?:cancel+ed|call(?:ed)? (?:it |this |the meeting )?off)\b[^.;]{0,30}\b(?:never|not|n't)\b[^.;]{0,15}"
    r"\b(?:rearranged|re-arranged|rebooked|rescheduled|held)\b",
    re.I,
)


_NO_MEETING_FOR_US = _Lazy(
    r"\bno\b[^.;]{0,40}\bmeeting\b[^.;]{0,20}\b(?:to which|that|which|where) (?:I|we) (?:was|were) (?:invited|asked)", re.I
)
"""'There was no PEP meeting or any other meeting to which we were invited': the professional left
out (whether a meeting was held, the reporter cannot say)."""


def _no_meeting(clause: Clause) -> bool:
    if _NO_MEETING_FOR_US.search(clause.text) or _NOT_MET_AGAIN.search(clause.sentence):
        return False
    found = _plain(_NO_MEETING, clause)
    if found is not None and _INVITED_WORD.search(found.group(0)) and _who(clause, found) == "professional":
        return False  # 'her social worker ... had not been invited to any meeting': a meeting without them
    if found is not None or _MEETING_UNDONE.search(clause.sentence):
        return True
    m = _plain(_INVITED, clause)
    return m is not None and bool(_MEETING_WORDS.search(clause.text)) and _who(clause, m) == "parent"


def _exploitation_unheeded(clause: Clause) -> bool:
    return bool(
        _plain(_EXPLOITATION_UNHEEDED, clause)
        or _COVERS_ALL_BUT.search(clause.sentence)
        or _SAYS_NOTHING_OF_EXPLOITATION.search(clause.sentence)
    )


_SAYS_NOTHING_OF_EXPLOITATION = _Lazy(
    rf"\b(?:says?|said|has|had|contains?|mentions?)\s+(?:nothing|not a word|no mention)\b(?: at all)?"
    rf"[^.;]{{0,20}}\babout\b[^.;]{{0,120}}(?:{_EXPLOITATION.pattern})",
    re.I,
)
"""Read on the whole sentence, across its commas: 'it says nothing at all about the older lads he
has been seen with near the station, or about anyone grooming him'."""


_COVERS_ALL_BUT = _Lazy(
    rf"\b(?:cover|address|consider|include|assess|mention|look)\w*\b[^.;]{{0,60}}(?:,|\bbut)\s+not\b (?:[\w'-]+ ){{0,5}}?"
    rf"(?:{_EXPLOITATION.pattern})",
    re.I,
)
"""'The risk assessment covers behaviour in school but not CSE or CCE': the one sentence the
clauses split."""


def _la_not_told(clause: Clause) -> bool:
    """Read on the whole sentence: 'they had no record' or 'the plan or the hours' is cut in two
    by the clauses, and the council is the subject in one half. The council named as where a
    professional works ('her SEN Officer at the County Council was not aware') is that
    professional, whose not knowing is theirs, not the attendance team's."""
    m = _LA_NOT_TOLD.search(_COUNCIL_AS_EMPLOYER.sub(r"\g<role>", clause.sentence))
    return m is not None and not _HEDGE.search(m.group(0))


_COUNCIL_AS_EMPLOYER = _Lazy(
    rf"(?P<role>\b(?:{'|'.join(_CIRCUMSTANCE_ROLES)}))\s+(?:at|from|in|of|with) (?:the )?(?:county |city |district )?"
    r"(?:council|local authority|LA)\b",
    re.I,
)


_RA_TO_DO = _Lazy(
    r"\brisk[- ]assess\w*\b[^.;]{0,60}\b(?:(?:is|was) )?(?:on (?:the|their|a) (?:list|to-?do list)|still to (?:do|be done|be written|be completed)|"
    r"yet to be (?:done|written|completed|started))\b",
    re.I,
)
"""'School said the risk assessment for his time out of school "is on the list to do"': not done."""


_UNSUPERVISED = _Lazy(
    r"\b(?:at home|in the house|out) (?:on (?:his|her|their) own|alone|by (?:him|her|them)sel(?:f|ves))\b|\bhome alone\b|"
    r"\bunsupervised\b|\bno (?:one|adult|body) (?:at home|with (?:him|her|them))\b",
    re.I,
)
_NOBODY_ASKED = _Lazy(
    r"\b(?:nobody|no one|no-one)\b[^.;]{0,30}\b(?:asked|checked|considered|thought) (?:about|whether|who|how|on)\b",
    re.I,
)


_RISKS_ASKED_NONE_DONE = _Lazy(
    r"\b(?:asked|checked|queried)\b[^.;]{0,60}\b(?:whether|if)\b[^.;]{0,40}\b(?:assessed|looked at|weighed up|considered)\b"
    r"[^.;]{0,10}\brisks?\b[^.;]{0,80}\b(?:told|said|answer(?:ed)?|replied|heard)\b[^.;]{0,15}\b(?:nothing|none|no one|nobody)\b"
    r"[^.;]{0,20}\b(?:had been|has been|was|were)\b (?:done|completed|carried out|written)\b",
    re.I,
)
"""Asked whether the risks were assessed, and told nothing was done ('When I asked the deputy head whether anyone
had assessed the risks of him being out every afternoon, I was told nothing formal had been done'): read in the
whole sentence, as its comma parts the question from the answer."""


def _no_risk_assessment(clause: Clause) -> bool:
    if _RA_TO_DO.search(_unquoted(clause.sentence)) or _RISKS_ASKED_NONE_DONE.search(clause.sentence):
        return True
    if _UNSUPERVISED.search(clause.sentence) and _NOBODY_ASKED.search(clause.sentence):
        return True  # 'at home on his own most afternoons ...; nobody from school has asked about any of this'
    if not _plain(_NO_RISK_ASSESSMENT, clause):
        return False
    return not _EXPLOITATION.search(clause.text) or _risk_never_weighed(clause)


_RISK_UNWEIGHED = _Lazy(
    rf"{_neg(40)}\b(?:looked at|considered|thought about|weighed up|assessed)\b (?:the |any )?risks? (?:of|to) "
    r"(?:him|her|them|[A-Z][\w'-]+) being\b",
    re.I,
)


def _risk_never_weighed(clause: Clause) -> bool:
    """'I do not believe anyone has looked at the risk of her being exploited': no one weighed the
    child's risk at all, so there is no risk assessment (and its CSE/CDE part is missing too),
    where 'the risk assessment does not look at exploitation' names one that exists and 'no one
    has considered the risk of sexual exploitation' names the part left out."""
    return bool(_plain(_RISK_UNWEIGHED, clause)) and not re.search(r"risk[- ]assess", clause.sentence, re.I)


_NOR_WHEN = _Lazy(
    rf"{_NOT}[^.;]{{0,60}}\b(?:say|tell|told|said|know)\b[^.;]{{0,60}}\b(?:return|back|full[- ]time|full days)\b"
    r"[^.;]{0,20}\bor when\b",
    re.I,
)
"""'No one has been able to say what would need to happen for her to return to full days, or when.'"""


def _no_return_date(clause: Clause) -> bool:
    if _NO_DATE_TO_LOOK_AGAIN.search(clause.sentence):
        return bool(_LONG_TIME.search(clause.text))  # 'it will be "looked at", no date has been set': the review's date
    if _plain(_NO_RETURN_DATE, clause) or _LONG_TIME.search(clause.text) or _NOR_WHEN.search(clause.sentence):
        return True
    if _RUNS_UNTIL_LATE.search(_unquoted(clause.sentence)):
        return True
    return bool(_SINCE_LONG_AGO.search(clause.text) and _TIMETABLE_WORDS.search(clause.sentence))


def _no_review(clause: Clause) -> bool:
    if _ANOTHER_PLANS_REVIEW.search(clause.text):
        return False  # 'his EHC plan has not been reviewed': that plan's own review, not the timetable's
    return bool(_plain(_NO_REVIEW, clause) or _REVIEW_UNDONE.search(clause.sentence))


_ANOTHER_PLANS_REVIEW = _Lazy(
    r"\b(?:EHC ?P|EHC plan|education,? health and care plan|care plan|child protection plan|CP plan|CIN plan|PEP|"
    r"statement)\b[^.;]{0,25}\breview|\bannual review\b",
    re.I,
)


_OTHER_PLAN = _Lazy(
    r"(?:protection|in need|\bCIN|\bCP|\bEHC|care|\bTAF|family|pathway|safety|health|around the family|exit|return|"
    r"(?:in|into|on|of|within|from) (?:the|his|her|their|this|that|a)) plan$",
    re.I,
)
"""A plan that is not the timetable's ('no child protection plan'), or the plan as the place of
something else ('no review points built into the plan')."""


_PROMISED_PLAN_NEVER_CAME = _Lazy(
    r"\bplan\b[^.;]{0,40}\b(?:would|will|was to|were to|is to|to) (?:follow|be sent|come|be written)\b[^.]{0,40}"
    r"\b(?:never|not|n't)\b[^.]{0,20}\b(?:seen|received|had|got|arrived|come|came|been sent)\b",
    re.I,
)
"""'The school said a written plan would follow, but I have never seen one'."""


_ASKED_WHAT_SUPPORT = _Lazy(
    r"\basked (?:what|whether|if) (?:\w+ ){0,3}?(?:support|help)\b[^.;]{0,80}\b(?:told|said)\b[^.;]{0,20}"
    r"\b(?:there (?:is|was)n't any|there (?:is|was) (?:not any|none|nothing)|(?:there (?:is|was) )?none)\b",
    re.I,
)
"""'I asked what support he has in school ... and was told there isn't any': no support (and the
'there isn't any' is about the support, not the plan)."""


def _no_support(clause: Clause) -> bool:
    return bool(_plain(_NO_SUPPORT, clause) or _ASKED_WHAT_SUPPORT.search(clause.sentence))


def _no_plan(clause: Clause) -> bool:
    if _PROMISED_PLAN_NEVER_CAME.search(clause.sentence):
        return True
    if _ASKED_WHAT_SUPPORT.search(clause.sentence):
        return False
    m = _plain(_NO_PLAN, clause)
    if m is None or _OTHER_PLAN.search(m.group(0)) or _AGREEMENT_IN_WRITING.search(m.group(0)):
        return False
    if _FOR_SIGNING.match(clause.text, m.end()):
        return False  # 'nothing was put in writing for him to sign': the signature, not the plan
    return bool(re.search(r"plan|writing|written|paperwork", m.group(0) + clause.sentence, re.I))


_AGREEMENT_IN_WRITING = re.compile(r"\b(?:agreed?|agreeing|signed?|signing|consent(?:ed)?)\b", re.I)
"""'she has not agreed to anything in writing': no written agreement (the signature), not no plan."""
_FOR_SIGNING = re.compile(r"\s+for (?:him|her|them|me|us|mum|dad|the family|the parents?) to sign\b", re.I)


_ASKED = _Lazy(
    r"\basked\b[^.;?]{0,60}?\b(?:whether|if) (?P<question>[^.;?]+?)(?=\s+(?:and|but)\s+(?:was|were|I|we|they|she|he)\b|,\s+(?:the answer|I was|we were|they said)\b|[.;?]|$)",
    re.I,
)
_ANSWER_NO = _Lazy(
    r"\b(?:the )?answer was (?:no|none)\b|"
    r"\b(?:said|told|replied|confirmed|answered|admitted|explained)\b[^.;]{0,25}?(?:\bno\b|\bnot\b|n't\b|\bnever\b|"
    r"\bnone\b)|[.?]\s+(?:it|they|one|none) (?:had|has|have|was|were|did)(?: not|n't)\b|"
    r"\b(?:they|she|he|school|the school)\s+(?:were|was|are|is|could|can)(?:\s+not|n't)\s+(?:able\s+to\s+)?"
    r"(?:show|give|provide|produce|find|send)\b",
    re.I,
)


def answered_no(text: str) -> list[Clause]:
    """'I asked whether a risk assessment had been done and was told one had not': the question
    answered no, as the clause 'not <question>' the rules read like any other; and 'the school has
    confirmed there isn't one' after a sentence about a risk assessment: 'there is no risk assessment'
    (the thing its own sentence names before it, where it names one: 'could not tell me what the
    plan is, as they said there isn't one')."""
    sentences = _sentences(text)
    out: list[Clause] = []
    for i, sentence in enumerate(sentences):
        for asked in _ASKED.finditer(sentence):
            answer = sentence[asked.end() :] + " " + (sentences[i + 1] if i + 1 < len(sentences) else "")
            if _ANSWER_NO.search(answer[:160]):
                denied = "not " + asked.group("question").strip()
                out.append(Clause(denied, denied, None))
        if i and _NOBODY_LOOKED_AT_THIS.search(sentence) and _RISK_WORDS.search(sentences[i - 1]):
            out.append(Clause("there is no risk assessment", sentence, None))  # 'any of this': the risks before
        none = _THERE_IS_NONE.search(sentence)
        if none is not None:
            own = [m.group(0) for m in _THING.finditer(sentence, 0, none.start())]  # 'what the plan is ... there isn't one'
            things = own or ([m.group(0) for m in _THING.finditer(sentences[i - 1])] if i else [])
            if things:
                denied = f"there is no {things[-1].lower()}"
                out.append(Clause(denied, denied, None))
    return out


_NOBODY_LOOKED_AT_THIS = _Lazy(
    rf"{_NOT}[^.;]{{0,40}}\b(?:looked at|looked into|considered|assessed|thought about|weighed up)\s+(?:any of |all of )?"
    r"(?:this|that|these|those|it)\b",
    re.I,
)
"""'nobody at the school has looked at any of this' after a sentence about the risks he runs."""
_RISK_WORDS = _Lazy(r"\b(?:risks?|worried|worry|unsafe|danger\w*|exploit\w*|groom\w*|county lines|older (?:teenagers|men|males|boys)|"
                    r"used to carry|carry(?:ing)? things|drugs?)\b", re.I)
_THERE_IS_NONE = _Lazy(
    r"\b(?:confirmed|said|says|told (?:me|us)|admitted|replied|agreed)\b[^.;]{0,20}\bthere (?:isn't|is not|wasn't|was not|"
    r"is no such|has not been|hasn't been) (?:one|any|such a thing)\b",
    re.I,
)
_THING = _Lazy(r"\b(?:(?:safeguarding )?risk assessment|written plan|plan|meeting|review)\b", re.I)
"""'I would expect to see a safeguarding risk assessment ... The school has confirmed there isn't
one': the thing the sentence before asked for, denied."""


def _no_exit(clause: Clause) -> bool:
    """Read on the sentence without its quote marks too: 'nobody could tell me what "success"
    would look like' is cut into clauses by its quotes."""
    unquoted = _unquoted(clause.sentence)
    return bool(_plain(_NO_EXIT, clause) or (not _HEDGE.search(unquoted) and _NO_EXIT.search(unquoted)))


_NEVER_ASKED_IF_HELP = _Lazy(
    rf"{_NOT}[^.;]{{0,20}}\basked\b[^.;]{{0,10}}\b(?:whether|if) (?:she|he|they|mum|dad|the family|the parents?|[A-Z][\w'-]+) "
    r"(?:needed|wanted|would like|could use|might need) (?:any |some )?(?:help|support)\b",
    re.I,
)
"""'No one had asked whether she needed any help at home': outside help not considered (the asking
itself is what was not done, as in `_NEVER_ASKED_WHETHER_AGREED`)."""


def _unbracketed(pattern: _Lazy, clause: Clause) -> bool:
    """The pattern on the clause's sentence without its brackets, which cut the clauses."""
    if "(" not in clause.sentence:
        return False
    plain = re.sub(r"\s*\([^()]*\)", "", clause.sentence)
    return not _HEDGE.search(plain) and bool(pattern.search(plain))


_NO_HOURS = _Lazy(
    rf"{_NOT}[^.;]{{0,30}}\b(?:say|says|said|state[sd]?|set out|written|given|told|agreed)\b[^.;]{{0,15}}\b(?:what|which) "
    r"(?:the )?(?:hours|days and times|times|(?:shorter|shortened|reduced|part[- ]time) (?:days|hours|week))\b|"
    r"\bnothing (?:with|showing|setting out|that says) the (?:hours|times)\b|"
    r"\bno (?:set|agreed|written|fixed) (?:hours|times)\b|\bhours (?:were|have|had) never been (?:agreed|written down|set)\b",
    re.I,
)
"""The hours not set down: 'the form never said what the hours are', 'no set hours', 'the form
did not say what the shorter days actually are', 'nothing with the hours on it'."""


def _in_sentence(pattern: _Lazy, clause: Clause) -> bool:
    """The pattern in the clause's whole sentence: for wording that the clause split cuts in two."""
    return _plain(pattern, Clause(clause.sentence, clause.sentence, clause.subject)) is not None


def _matches(pattern: _Lazy) -> Callable[[Clause], bool]:
    return lambda clause: bool(_plain(pattern, clause))


CONCERN_RULES: tuple[tuple[str, Callable[[Clause], bool]], ...] = (
    ("parent_signature", _parent_agreement),
    ("hours_agreed", _matches(_NO_HOURS)),
    ("full_time_within_6_weeks", _no_return_date),
    ("meeting_held", _no_meeting),
    ("meeting_professionals", _professional_left_out),
    ("professional_agreement", _professional_agreement),
    ("plan_attached", _no_plan),
    ("review_schedule", _no_review),
    ("risk_assessment", _no_risk_assessment),
    ("risk_assessment_cse_cde", _exploitation_unheeded),
    ("plan_sent_within_2_days", _la_not_told),
    ("exit_strategy", _no_exit),
    ("supportive_interventions", _no_support),
    ("school_changes", lambda clause: bool(_plain(_NO_CHANGES, clause) or _in_sentence(_NOTHING_ABOUT_PLACES_CHANGED, clause))),
    ("new_skills", _matches(_NO_SKILLS)),
    ("named_person", _no_lead),
    ("alternative_provision_considered", _matches(_NO_AP)),
    ("external_support_considered", lambda clause: bool(
        _plain(_NO_EXTERNAL, clause) or _unbracketed(_NO_EXTERNAL, clause) or _NEVER_ASKED_IF_HELP.search(clause.text)
    )),
    ("early_help_assessment_considered", _matches(_NO_EHA)),
)
"""Each concern the guidance implies, read from one clause of the report."""
_PROFESSIONAL_CONCERNS = ("meeting_professionals", "professional_agreement")
"""Concerns only where a circumstance requires a professional (CONTRACT.md)."""
SIX_WEEKS = timedelta(weeks=6)


def report_text(messages: Sequence[ParsedMessage]) -> str:
    """The newest message's own words without its sign-off (a service's name there,
    'Youth Justice and Exploitation Service', is no concern)."""
    return _split_signoff(own_text(letter_of(messages[-1])))[0]


Concerns = tuple[tuple[str, ...], dict[str, Evidence]]
_last_read = threading.local()
"""Each thread's last (messages, facts, concerns): judging a message asks twice, when it
classifies and when it builds the report (the same objects; a new message is new objects)."""


def breach_concerns(messages: Sequence[ParsedMessage], facts: CaseFacts | None = None) -> Concerns:
    """The guidance's requirements a report says were not met, in the rules' order, with where
    each is said."""
    last = getattr(_last_read, "value", None)
    if last is not None and last[0] is messages and last[1] is facts:
        concerns, evidence = last[2]
    else:
        concerns, evidence = _breach_concerns(messages, facts)
        _last_read.value = (messages, facts, (concerns, evidence))
    return concerns, dict(evidence)


def _breach_concerns(messages: Sequence[ParsedMessage], facts: CaseFacts | None) -> Concerns:
    text = report_text(messages)
    found: dict[str, Evidence] = {}
    for clause in [*clauses(text), *answered_no(text)]:
        if _DOUBT.search(_statement_of(clause)):
            continue
        for rid, rule in CONCERN_RULES:
            if rid not in found and rule(clause):
                found[rid] = Evidence(quote(clause.sentence), "body")
    if "parent_signature" not in found and _writes_as_carer(messages[-1]):
        _add_carer_unsigned(found, text)
    _add_exploitation(found, text)
    _add_long_running(found, text, messages[-1])
    _add_overdue(found, messages[-1], facts)
    if not _professional_required(messages[-1], facts):
        for rid in _PROFESSIONAL_CONCERNS:
            found.pop(rid, None)
    concerns = _in_rule_order(found)
    return concerns, {rid: found[rid] for rid in concerns}


_CARER_ROLE = re.compile(r"registered manager|children(?:'|’)?s home|residential (?:care |support )?worker", re.I)
"""A writer who cares for a looked-after child day to day (a children's home's manager or staff):
the child's carer, whose signature the plan needs as a parent's."""
_WRITER_SUBJECT = re.compile(r"\b(?:we|I)\b")


def _writes_as_carer(message: ParsedMessage) -> bool:
    return bool(_CARER_ROLE.search(voice(message).role or ""))


def _add_carer_unsigned(found: dict[str, Evidence], text: str) -> None:
    """'We have not signed anything', written by the home that cares for the child: no carer's
    signature (elsewhere 'we' is a professional, whose signature is not the parent's)."""
    for clause in clauses(text):
        m = _plain(_SIGN, clause)
        if m and _WRITER_SUBJECT.search(clause.text[: m.start()]) and not _DOUBT.search(_statement_of(clause)):
            found["parent_signature"] = Evidence(quote(clause.sentence), "body")
            return


def _in_rule_order(ids: Iterable[str]) -> tuple[str, ...]:
    """Concerns in the order of the rules that find them (the report's and the reply's order)."""
    order = [rid for rid, _ in CONCERN_RULES]
    return tuple(sorted(ids, key=order.index))


def _add_exploitation(found: dict[str, Evidence], text: str) -> None:
    """A child out of school at risk of exploitation is a risk no assessment has weighed: every
    one of the 40 blind reports that tells of such a risk expects the CSE/CCE concern, with or
    without a word on the risk assessment."""
    if "risk_assessment_cse_cde" in found:
        return
    told = next((s for s in _sentences(text) if _EXPLOITATION_RISK.search(s) and not _NO_RISK_SEEN.search(s)), None)
    if told is not None:
        found["risk_assessment_cse_cde"] = Evidence(quote(told), "body")


_NO_RISK_SEEN = _Lazy(
    r"\b(?:no|not any|without) (?:current )?(?:concerns?|signs?|indications?|indicators?|evidence|risks?)\b(?! assess)|"
    r"\bnot (?:at|a) risk\b|\bruled out\b|\b(?:covers?|covered|addressed|considered)\b",
    re.I,
)
"""A sentence that speaks of exploitation only to say there is none, or that it was weighed ('The
risk assessment found no concerns about exploitation'): no risk told."""


def _add_overdue(found: dict[str, Evidence], message: ParsedMessage, facts: CaseFacts | None) -> None:
    """Started more than six weeks before the report, with no full-time date: past six weeks."""
    if facts is None or facts.start_date is None or facts.full_time_date or message.date is None:
        return
    if "full_time_within_6_weeks" not in found and message.date.date() - facts.start_date > SIX_WEEKS:
        found["full_time_within_6_weeks"] = Evidence(
            f"Reduced since {_day(facts.start_date)}, more than six weeks before this report", "body"
        )


_STARTED = _Lazy(r"\b(?:since|started|began|begun|starting|from)\b(?: on| in)?\s*", re.I)
_STILL = _Lazy(r"\b(?:still|has been|have been|'s been|remains?|continues?|ever since|to this day|as of)\b", re.I)
_MONTH_ONLY = _Lazy(
    r"(?:the (?:start|beginning|end) of |early |mid-?|late )?(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.I,
)


def _add_long_running(found: dict[str, Evidence], text: str, message: ParsedMessage) -> None:
    """'Started on 8 September and still only attending afternoons': a timetable still reduced
    more than six weeks after the start the report gives, counted to the report's date."""
    if "full_time_within_6_weeks" in found or message.date is None:
        return
    today = message.date.date()
    for sentence in _sentences(text):
        if _DOUBT.search(sentence) or not (_TIMETABLE_WORDS.search(sentence) and _STILL.search(sentence)):
            continue
        for m in _STARTED.finditer(sentence):
            if _OTHER_START.search(sentence[max(0, m.start() - 30) : m.start()]):
                continue
            start = _date_at(sentence[m.end() : m.end() + 40], today)
            if start is not None and (today - start).days > SIX_WEEKS.days:
                found["full_time_within_6_weeks"] = Evidence(quote(sentence), "body")
                return


_OTHER_START = _Lazy(r"\b(?:plan|order|register|care|social worker|school|year \d+|reception)\W*$", re.I)
"""'on a CIN plan since July': the start of something other than the timetable."""


def _date_at(text: str, today: date) -> date | None:
    """The date (or month) that opens the text, in the school year up to the report."""
    dates = find_dates(text, ref=today)
    if dates and dates[0].start <= 4:
        return dates[0].value if dates[0].value <= today else None
    month = _MONTH_ONLY.match(text)
    if month is None:
        return None
    first = date(today.year, MONTHS[month.group("mon").lower()], 1)
    return first if first <= today else first.replace(year=today.year - 1)


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
    concerns = _with_implied(concerns, evidence)
    return Breach(facts.school, facts.pupil, reporter(messages[-1]), concerns, evidence)


def _with_implied(concerns: tuple[str, ...], evidence: dict[str, Evidence]) -> tuple[str, ...]:
    """A report that no risk assessment was done says no assessment covers CSE and CCE either, as
    a notification with none is judged (31 of 32 blind authors' reports agree). Added to the
    report's concerns only after it is read as one: it is no second concern to tell a report by."""
    if "risk_assessment" not in concerns or "risk_assessment_cse_cde" in concerns:
        return concerns
    said = evidence["risk_assessment"]
    evidence["risk_assessment_cse_cde"] = Evidence(quote(f"No risk assessment: none covers CSE or CCE. {said.text}"),
                                                   said.where)
    return _in_rule_order((*concerns, "risk_assessment_cse_cde"))
