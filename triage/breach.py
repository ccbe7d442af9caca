"""A professional's report that a timetable breaks the guidance: who reports, and what."""

from __future__ import annotations

import re
from collections.abc import Sequence

from parsers.extract.corpus import unwrap_paragraphs
from parsers.extract.lookup import quote
from parsers.facts import CaseFacts, Evidence
from parsers.model import ParsedMessage
from triage.model import Breach, Reporter

_ROLE = r"(?:social worker|social care|virtual school|youth (?:justice|offending)|\bYOS\b|\bYOT\b|SEN (?:team|officer)|early help|professional|LA|local authority)"
CONCERN_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "full_time_within_6_weeks",
        re.compile(
            r"no (?:return |end )?date (?:has been |was )?(?:set|given|agreed)?[^.]{0,40}full[- ]?time|"
            r"(?:more|longer) than (?:six|6|seven|7|eight|8|nine|9|ten|10|\d+) weeks|over (?:six|6) weeks|"
            r"(?:more|longer) than (?:a|one|two|three|four|five|six|\d+) months?|for (?:two|three|four|five|six|several|many|\d+) months|"
            r"(?:no|never|without)\b[^.]{0,40}\b(?:end|return|finish) date|"
            r"no (?:end|return) date|indefinite|open[- ]ended|no plan (?:to|for) (?:return|get)",
            re.I,
        ),
    ),
    (
        "meeting_held",
        re.compile(
            r"\bno meeting (?:was|has been) (?:held|arranged|convened)|\bthere (?:was|has been) no meeting|"
            r"meeting (?:was|has) (?:not|never) (?:been )?(?:held|arranged)|without (?:a|any) meeting|told (?:her|him|them) at the (?:school )?gate",
            re.I,
        ),
    ),
    (
        "meeting_professionals",
        re.compile(
            rf"{_ROLE}[^.]{{0,80}}\bnot (?:been )?invited\b|\bnot (?:been )?invited\b[^.]{{0,60}}\bmeeting|(?:was|were) not (?:at|part of) (?:the|any) meeting|"
            r"\b(?:I|we) (?:was|were|have|had) (?:not|never) (?:been )?(?:asked|invited) to (?:attend |come to |join )?(?:any|a|the) meeting",
            re.I,
        ),
    ),
    (
        "parent_signature",
        re.compile(
            r"never been asked to sign|not (?:been )?(?:asked to )?sign(?:ed)?\b[^.]{0,30}(?:plan|hours|agreement)|"
            r"no (?:written |signed )?(?:parental )?(?:agreement|consent|signature)|without (?:the )?(?:parent|mother|father|carer)'?s? (?:written )?(?:agreement|consent)",
            re.I,
        ),
    ),
    (
        "professional_agreement",
        re.compile(
            rf"(?:nobody|no one|not)[^.]{{0,40}}{_ROLE}[^.]{{0,60}}\bagree|{_ROLE}[^.]{{0,60}}(?:has|have|was|were) not (?:been )?asked to agree|"
            rf"without (?:the )?(?:agreement|consent) of[^.]{{0,40}}{_ROLE}",
            re.I,
        ),
    ),
    (
        "plan_attached",
        re.compile(
            r"\bno (?:written )?plan\b(?! (?:to|for) (?:return|get))|there is no plan|without (?:a|any) (?:written )?plan",
            re.I,
        ),
    ),
    ("review_schedule", re.compile(r"\bno reviews?\b|never (?:been )?reviewed|not (?:been )?reviewed", re.I)),
    (
        "risk_assessment",
        re.compile(
            r"no risk assessment|risk assessment (?:has|was) not|without (?:a|any) risk assessment", re.I
        ),
    ),
    (
        "plan_sent_within_2_days",
        re.compile(
            r"(?:LA|local authority|attendance team|council) (?:was|were|has|have) (?:not|never) (?:been )?(?:told|informed|notified)|"
            r"not (?:been )?notified to the (?:LA|local authority)|did not (?:tell|inform|notify) (?:the )?(?:LA|local authority|attendance)",
            re.I,
        ),
    ),
)
_REPORTER_ROLE = re.compile(
    r"social worker|youth (?:justice|offending)[a-z ]*(?:worker|officer)?|virtual school[a-z ]*|early help[a-z ]*(?:worker|practitioner)|"
    r"SEN (?:casework )?officer|SEN team|school nurse|health visitor|family support worker|police officer|attendance officer",
    re.I,
)


def breach_concerns(messages: Sequence[ParsedMessage]) -> tuple[tuple[str, ...], dict[str, Evidence]]:
    newest = messages[-1]
    text = newest.body + "\n" + "\n".join(f.body for f in newest.forwarded)
    sentences = [s for p in unwrap_paragraphs(text) for s in re.split(r"(?<=[.!?])\s+", p)]
    found: dict[str, Evidence] = {}
    for rid, pattern in CONCERN_RULES:
        for sentence in sentences:
            if pattern.search(sentence):
                found[rid] = Evidence(quote(sentence), "body")
                break
    return tuple(found), found


def reporter(message: ParsedMessage) -> Reporter:
    sender = message.from_
    role_match = _REPORTER_ROLE.search("\n".join(message.body.splitlines()[-10:]))
    return Reporter(
        name=sender.name or None if sender else None,
        role=role_match.group(0).strip() if role_match else None,
        email=sender.email if sender else None,
    )


def build_breach(messages: Sequence[ParsedMessage], facts: CaseFacts) -> Breach:
    concerns, evidence = breach_concerns(messages)
    return Breach(facts.school, facts.pupil, reporter(messages[-1]), concerns, evidence)
