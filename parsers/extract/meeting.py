"""The meeting (held? who came?) and the professionals' written agreement."""

from __future__ import annotations

import re

from parsers.extract.corpus import Corpus
from parsers.extract.lookup import NEGATION, labelled, quote
from parsers.extract.people import ROLE_PATTERNS
from parsers.facts import Evidence, Signature, Topic

PROFESSIONAL_ROLES = ("virtual_school", "youth_justice", "social_worker", "early_help", "sen_team")
_PRESENT_LABEL = re.compile(
    r"^(?:present|attendees|in attendance|attended by|who attended|those present|"
    r"people at the meeting|local authority (?:professional|representative)|la professional)",
    re.I,
)
_HELD = re.compile(
    r"\bmeeting\b[^.]{0,80}\b(?:held|took place|was convened|attended)|\b(?:at|in) (?:a|the|our) meeting\b|"
    r"\bmet with\b|\bagreed at\b|\bmeeting (?:on|with)\b",
    re.I,
)
_NOT_HELD = re.compile(
    r"\bno meeting\b|meeting (?:was|has) (?:not|never) (?:been )?(?:held|convened|arranged)|"
    r"without (?:a|any) meeting|not (?:been )?(?:invited|asked) to (?:a|any) meeting|never met",
    re.I,
)
_AWAITED = re.compile(
    r"\bnobody\b|\bno one\b|\bhave asked\b|\bhas been asked for\b|\bwaiting\b|\bwill (?:forward|send|chase)\b|"
    r"\bchas(?:e|ing)\b|\bwhen it arrives\b|\bnot yet\b|\bstill to\b",
    re.I,
)
_AGREEMENT = re.compile(r"\b(?:written )?(?:agreement|consent|approval)\b|\bagree[sd]?\b", re.I)


def meeting_held(corpus: Corpus, meeting_date_found: bool) -> Topic:
    for unit, _m in corpus.search(_NOT_HELD):
        if re.search(r"\bparent|mother|father|carer|mum|dad|her|him|family|\bno meeting\b", unit.text, re.I):
            return Topic(True, Evidence(quote(unit.text), unit.where), negative=True)
    for hit in labelled(corpus, re.compile(r"^(?:date of (?:the )?meeting|meeting date|meeting)", re.I)):
        return Topic(True, hit.evidence())
    for unit, _m in corpus.search(_HELD):
        if not NEGATION.search(unit.text[:40]):
            return Topic(True, Evidence(quote(unit.text), unit.where))
    return Topic(meeting_date_found)


def roles_in(text: str) -> set[str]:
    return {role for role, pattern in ROLE_PATTERNS if role in PROFESSIONAL_ROLES and pattern.search(text)}


def professionals_present(corpus: Corpus) -> tuple[set[str], Evidence | None, bool]:
    """Roles of the LA professionals at the meeting; True last when one was explicitly not invited."""
    roles: set[str] = set()
    evidence: Evidence | None = None
    for hit in labelled(corpus, _PRESENT_LABEL):
        if re.search(r"not required|n/a|none", hit.value, re.I) and not roles_in(hit.value):
            continue
        found = roles_in(hit.value) if not re.search(r"\bnot\b[^.]{0,30}\battend", hit.value, re.I) else set()
        if found:
            roles |= found
            evidence = evidence or hit.evidence()
    pattern = re.compile(
        r"\b(?:attended|came to|was at|were at|present at|joined)\b[^.]{0,40}\bmeeting|\bmeeting\b[^.]{0,60}\b(?:attended|included)|"
        r"\battended by\b|\bwho (?:attended|was present|came)\b|\bin attendance\b|\battendees\b|\bthose present\b",
        re.I,
    )
    for unit, _m in corpus.search(pattern):
        found = roles_in(unit.text)
        if found and not NEGATION.search(unit.text):
            roles |= found
            evidence = evidence or Evidence(quote(unit.text), unit.where)
    not_invited = any(
        roles_in(u.text)
        for u, _m in corpus.search(
            re.compile(r"not (?:been )?invited|was not (?:at|present)|did not attend", re.I)
        )
    )
    return roles, evidence, not_invited


def professional_agreement(
    corpus: Corpus, signatures: tuple[Signature, ...]
) -> tuple[set[str], Evidence | None, Evidence | None]:
    """Roles whose written agreement is given; and the evidence that one is awaited or refused."""
    roles = {s.role for s in signatures if s.role in PROFESSIONAL_ROLES}
    given = next((s.evidence for s in signatures if s.role in PROFESSIONAL_ROLES), None)
    awaited: Evidence | None = None
    for unit, m in corpus.search(_AGREEMENT):
        found = roles_in(unit.text)
        if not found or (
            re.search(r"\bmeeting\b", unit.text[: m.start()][-30:], re.I)
            and "written" not in unit.text.lower()
        ):
            continue
        if NEGATION.search(unit.text) or _AWAITED.search(unit.text):
            awaited = awaited or Evidence(quote(unit.text), unit.where)
        elif re.search(
            r"\bwritten\b|\bin writing\b|\bemail\b|\bconfirm|\battached\b|\bsigned\b", unit.text, re.I
        ):
            roles |= found
            given = given or Evidence(quote(unit.text), unit.where)
    return roles, given, awaited
