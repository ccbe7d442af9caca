"""Facts from text: the pupil, dates, hours, signatures, the risk assessment.

`extract_facts` reads every message of a case (oldest first) and returns one `CaseFacts`;
where messages disagree, the newest plan wins (see corpus.py for the order).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from parsers.extract.circumstances import extract_circumstances
from parsers.extract.corpus import Corpus, build_corpus, document_of
from parsers.extract.dates import plan_year_mended
from parsers.extract.meeting import (
    attendance_recorded,
    meeting_held,
    professional_agreement,
    professionals_present,
)
from parsers.extract.people import named_person, pupil_facts, school_facts
from parsers.extract.risk import extract_risk
from parsers.extract.schedule import Schedule, extract_schedule
from parsers.extract.signatures import extract_signatures, refused
from parsers.extract.timetable import extract_timetable, full_time_row_hours
from parsers.extract.topics import extract_topics, named_person_in_plan, passages_like, unplaced_parts
from parsers.facts import CaseFacts, Evidence, Signature, Topic
from parsers.model import ParsedMessage

_HOLIDAY = re.compile(r"half[- ]?term|holiday|easter|christmas|inset|school closed", re.I)
_PLAN_WORDS = re.compile(
    r"timetable|plan\b|pastoral support|individual learning|personal education|hours", re.I
)


def extract_facts(messages: Sequence[ParsedMessage]) -> CaseFacts:
    """Everything the messages (oldest first) say about one case."""
    corpus = build_corpus(messages)
    schedule = extract_schedule(corpus)
    weeks_span = _weeks_between(schedule.start, schedule.full_time)
    timetable = extract_timetable(corpus, schedule.full_time_hours, weeks_span)
    signatures = extract_signatures(corpus)
    pupil, pupil_hit = pupil_facts(corpus)
    circumstances, circ_evidence = extract_circumstances(corpus)
    person, person_hit = named_person(corpus)
    person_evidence = person_hit.evidence() if person_hit else None
    if person is None:  # named in other words: 'Plan coordinator', '(named person)' beside a signer
        person, person_evidence = named_person_in_plan(corpus, signatures)
    present, present_ev, not_invited = professionals_present(corpus, signatures)
    agreed, agreed_ev, awaited_ev = professional_agreement(corpus, signatures)
    topics = extract_topics(corpus)
    topics["meeting_held"] = meeting_held(corpus, schedule.meeting is not None)
    topics["meeting_professionals"] = Topic(
        bool(present) or not_invited, present_ev, negative=not_invited and not present
    )
    topics["professional_agreement"] = Topic(
        bool(agreed) or awaited_ev is not None,
        agreed_ev or awaited_ev,
        negative=not agreed and awaited_ev is not None,
    )
    refusal = refused(corpus)
    if refusal is not None:
        topics["parent_signature"] = Topic(True, refusal, negative=True)
    evidence = dict(schedule.evidence)
    _add_evidence(evidence, "timetable", timetable.evidence)
    _add_evidence(evidence, "pupil", pupil_hit.evidence() if pupil_hit else None)
    _add_evidence(evidence, "named_person", person_evidence)
    return CaseFacts(
        school=school_facts(corpus),
        pupil=pupil,
        circumstances=circumstances,
        circumstance_evidence=circ_evidence,
        start_date=schedule.start or timetable.first_week_date,
        full_time_date=schedule.full_time or timetable.full_time_date,
        agreement_date=_agreement_date(signatures, schedule, corpus.ref_date),
        meeting_date=schedule.meeting,
        review_dates=schedule.reviews,
        timetable=timetable.weeks,
        full_time_hours=schedule.full_time_hours or full_time_row_hours(corpus),
        named_person=person,
        signatures=signatures,
        risk_assessment=extract_risk(corpus),
        topics=topics,
        evidence=evidence,
        professionals_present=frozenset(present),
        attendance_recorded=bool(present) or not_invited or attendance_recorded(corpus),
        professionals_agreed=frozenset(agreed),
        full_time_refused=schedule.full_time_refused,
        holiday_mentioned=any(True for _ in corpus.search(_HOLIDAY)),
        plan_document=_plan_document(corpus),
        reads_like=passages_like(corpus, topics),
        unplaced=unplaced_parts(corpus),
    )


def _add_evidence(evidence: dict[str, Evidence], key: str, value: Evidence | None) -> None:
    if value is not None:
        evidence[key] = value


def _weeks_between(start: date | None, end: date | None) -> int | None:
    if start is None or end is None or end <= start:
        return None
    return max(1, round((end - start).days / 7))


def _agreement_date(signatures: tuple[Signature, ...], schedule: Schedule, sent: date | None) -> date | None:
    """The parent's earliest signature, its year mended where a scan misread one digit of it
    ('01/03/2026' on a plan met and sent in 2028); else the meeting's date."""
    anchor = schedule.meeting or sent
    parent = [plan_year_mended(s.date, anchor) for s in signatures if s.role == "parent" and s.date is not None]
    if parent:
        return min(d for d in parent if d is not None)
    return schedule.meeting


def _plan_document(corpus: Corpus) -> str | None:
    """The attachment that holds the plan: the first readable one that reads like a plan."""
    for source in corpus.plan_sources:
        text = " ".join(u.text for u in corpus.units if document_of(u.where) == source)
        if len(text) >= 200 and len(_PLAN_WORDS.findall(text)) >= 2:
            return source
    return None
