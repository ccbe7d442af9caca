"""The parts of the plan judged on what they say: reviews, interventions, skills, exit ...

Each topic is found by a section heading with content under it, a labelled field with a
value, or a sentence that speaks of it; a topic found only to say it was not done (or not
considered) is marked negative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.extract.corpus import Corpus, Unit
from parsers.extract.lookup import is_empty, labelled, quote
from parsers.facts import Evidence, Topic


@dataclass(frozen=True)
class TopicRule:
    heading: re.Pattern[str] | None
    label: re.Pattern[str] | None
    prose: re.Pattern[str] | None


def _p(text: str) -> re.Pattern[str]:
    return re.compile(text, re.I)


TOPIC_RULES: dict[str, TopicRule] = {
    "review_schedule": TopicRule(
        _p(r"^(?!.*risk).*\breview"),
        _p(r"^(?!.*risk).*\breview(?:s| dates?| schedule| meetings?| arrangements)?\s*$|^review"),
        _p(
            r"\b(?:will be |to be |being )?reviewed (?:weekly|fortnightly|every|each|on|at|after)|review (?:meetings?|dates?) "
            r"(?:on|will|are|is)|\b(?:weekly|fortnightly|daily) review|\breview(?:s)? (?:every|each) (?:week|fortnight|friday|monday)"
        ),
    ),
    "supportive_interventions": TopicRule(
        _p(
            r"intervention|support (?:in school|strategies|offered|provided|we will|to be|for)|strategies|"
            r"(?:what|how) (?:we|the school) will (?:do|support|put)|support we will|put in place|extra support|"
            r"what support|support (?:will|we)"
        ),
        _p(r"intervention|^support(?: for| in school| strategies| offered| provided| plan| we will|\s*$)"),
        _p(r"\binterventions?\b(?! (?:will|are) not)"),
    ),
    "school_changes": TopicRule(
        _p(
            r"chang\w*\b.{0,30}\bschool|school\b.{0,30}\bchang|changes? to (?:the )?(?:environment|systems?)|environment|"
            r"adjustments?|adaptations?|systems?|(?:school|we) will do differently|differently"
        ),
        _p(
            r"changes? (?:in|within|to) (?:the )?school|environment|(?:reasonable )?adjustments?|adaptations?"
        ),
        _p(
            r"\b(?:reasonable )?adjustments (?:in|to) school|changes (?:in|within|to) (?:the )?school(?:'s)? (?:environment|systems?)"
        ),
    ),
    "new_skills": TopicRule(
        _p(r"\bskills?\b|(?:what|things) (?:we will|to) teach|teaching (?:plan|targets)|learning targets"),
        _p(r"\bskills?\b"),
        _p(
            r"\b(?:new )?skills? (?:to be taught|will be taught|taught|to learn|to develop|we will teach)|will (?:be taught|learn|practise)\b"
        ),
    ),
    "exit_strategy": TopicRule(
        _p(
            r"exit|outcomes?|success|how (?:will )?(?:we|all parties|everyone) (?:will )?know|ending the|"
            r"(?:has|it) worked|measures? of|targets? for (?:return|full)"
        ),
        _p(r"exit|outcomes?|success criteria|how (?:will )?(?:we|all parties) (?:will )?know"),
        _p(
            r"exit strateg|judged (?:to be )?successful|will know (?:it|this|the (?:timetable|plan)) (?:is|has been|was|has) "
            r"(?:successful|worked)|success (?:will be|is) measured|success criteria"
        ),
    ),
    "external_support_considered": TopicRule(
        None,
        _p(
            r"external (?:behaviour )?support|(?:targeted )?early help(?: family)? support|behaviour support|outreach|external agenc"
        ),
        _p(
            r"external (?:behaviour )?support|early help (?:family )?support|outreach service|behaviour support service|"
            r"external agenc|(?:referral|referred) to (?:the |an? )?(?:camhs|outreach|behaviour|early help|mental health)"
        ),
    ),
    "alternative_provision_considered": TopicRule(
        None,
        _p(r"alternative provision|\bAP\b|alternative (?:provider|setting|education)"),
        _p(r"alternative provision|alternative provider|alternative (?:setting|education)\b"),
    ),
    "early_help_assessment_considered": TopicRule(
        None,
        _p(r"early help assessment|\bEHA\b"),
        _p(r"early help assessment|\bEHA\b"),
    ),
}
_NEGATIVE_VALUE = re.compile(
    r"^\W*(?:no\b|none\b|not (?:yet )?(?:considered|discussed|done|known|applicable|agreed|set|planned)|n/?a\b|tbc\b|"
    r"to be (?:confirmed|agreed|decided)|nothing)",
    re.I,
)
_NEGATIVE_PROSE = re.compile(
    r"\b(?:not|never|wasn't|weren't|hasn't|haven't) (?:been )?(?:considered|discussed|looked at|explored)|no (?:consideration|mention)",
    re.I,
)


def extract_topics(corpus: Corpus) -> dict[str, Topic]:
    return {tid: _topic(corpus, rule) for tid, rule in TOPIC_RULES.items()}


def _topic(corpus: Corpus, rule: TopicRule) -> Topic:
    if rule.label is not None:
        for hit in labelled(corpus, rule.label, max_rank=1):
            if len(hit.label) <= 70 and not is_empty(hit.value):
                return Topic(True, hit.evidence(), negative=bool(_NEGATIVE_VALUE.match(hit.value)))
    if rule.heading is not None:
        found = _under_heading(corpus, rule.heading)
        if found is not None:
            return found
    if rule.prose is not None:
        for unit, m in corpus.search(rule.prose):
            if unit.source == "subject":
                continue
            negative = bool(_NEGATIVE_PROSE.search(unit.text)) or bool(
                _NEGATIVE_VALUE.match(unit.text[m.end() :])
            )
            return Topic(True, Evidence(quote(unit.text), unit.where), negative=negative)
    return Topic(False)


def _under_heading(corpus: Corpus, heading: re.Pattern[str]) -> Topic | None:
    for head in corpus.headings:
        if not heading.search(head.section):
            continue
        content = [
            u
            for u in corpus.units
            if u.section == head.section
            and u.order > head.order
            and u.where.split("#")[0] == head.where.split("#")[0]
            and u is not head
        ]
        content = [u for u in content if len(u.text) >= 8][:3]
        if content:
            negative = all(_NEGATIVE_VALUE.match(u.text) for u in content)
            return Topic(True, _content_evidence(head, content), negative=negative)
    return None


def _content_evidence(head: Unit, content: list[Unit]) -> Evidence:
    return Evidence(quote(f"{head.text}: {content[0].text}"), content[0].where)
