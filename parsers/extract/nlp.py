"""spaCy, for what structure cannot give: a pupil's name in free prose.

A blank English pipeline (no model download) with Matcher patterns for the cues schools
and professionals write a child's name after ('the plan for Oliver Bennett (Year 8',
'social worker for Leo Ward (DOB'). A trained pipeline (`en_core_web_sm`) adds its PERSON
entities when it happens to be installed; nothing depends on one.

spaCy is imported only when prose needs it: plans with a 'Pupil name' field never pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

_TITLE = {"IS_TITLE": True, "IS_SENT_START": False, "LENGTH": {">=": 2}}
_CUE_BEFORE = ["for", "pupil", "student", "regarding", "re", "about", "child", "son", "daughter"]
_CUE_AFTER = r"^(?:\(|,)$"
_AFTER_WORDS = r"^(?i:year|y\d{1,2}|dob|d\.o\.b|aged|born|in|who|is|has|was|starts|started)$"
_NOT_NAME = {
    "Year",
    "Reintegration",
    "Timetable",
    "Plan",
    "County",
    "Attendance",
    "Team",
    "School",
    "Academy",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Local",
    "Authority",
    "Council",
    "Social",
    "Care",
    "Child",
    "Need",
    "Protection",
    "The",
    "Our",
    "His",
    "Her",
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Pastoral",
    "Support",
}


@cache
def _pipeline() -> tuple[Any, Any]:
    import spacy
    from spacy.matcher import Matcher

    try:
        nlp = spacy.load("en_core_web_sm", exclude=["parser", "lemmatizer"])
    except (OSError, ImportError):
        nlp = spacy.blank("en")
    matcher = Matcher(nlp.vocab)
    name = [_TITLE, _TITLE, {"IS_TITLE": True, "OP": "?"}]
    matcher.add("CUE_NAME", [[{"LOWER": {"IN": _CUE_BEFORE}}, *name]])
    matcher.add(
        "NAME_CUE",
        [
            [
                {"IS_TITLE": True, "LENGTH": {">=": 2}},
                *name[1:],
                {"TEXT": {"REGEX": _CUE_AFTER}},
                {"TEXT": {"REGEX": _AFTER_WORDS}},
            ]
        ],
    )
    return nlp, matcher


_CANDIDATE = re.compile(
    rf"\b(?i:{'|'.join(_CUE_BEFORE)})\s+[A-Z][a-z]+\s+[A-Z][a-z]|"
    r"\b[A-Z][a-z]+\s+[A-Z][a-z'’-]+\s*[(,]\s*(?i:year|y\d|dob|d\.o\.b|aged|born|in|who|is|has|was|starts|started)\b"
)


def pupil_name_in_prose(texts: Iterable[str]) -> str | None:
    """The first name-shaped span that follows or precedes a pupil cue.

    A regular expression first checks that some text has the shape of a cue and a name, so
    that spaCy is loaded only where its Matcher has something to find.
    """
    candidates = [t for t in texts if _CANDIDATE.search(t)]
    if not candidates:
        return None
    nlp, matcher = _pipeline()
    for text in candidates:
        doc = nlp(text[:5000])
        spans = sorted(matcher(doc), key=lambda m: (m[1], -(m[2] - m[1])))
        for match_id, start, end in spans:
            label = nlp.vocab.strings[match_id]
            tokens = [t for t in doc[start:end] if t.is_title and t.is_alpha and t.text not in _NOT_NAME]
            if label == "NAME_CUE":
                tokens = tokens[:3]
            if len(tokens) >= 2:
                return " ".join(t.text for t in tokens[:3])
        for ent in getattr(doc, "ents", ()):
            if ent.label_ == "PERSON" and len(ent) >= 2:
                return str(ent.text)
    return None
