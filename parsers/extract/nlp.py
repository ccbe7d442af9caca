"""A pupil's name in free prose: what structure cannot give.

Schools and professionals write a child's name after a cue ('the plan for Oliver Bennett',
'regarding Zofia Wiśniewska') or before one ('Liam O'Brien (Year 8)', 'Omar Al-Hassan, DOB').
The name itself is read with the name patterns of `names.py` (in the text's shadow), so names
with letters outside ASCII, apostrophes, hyphens and particles come whole: spaCy's tokens
split 'Smith-Jones' and 'Al-Hassan', and its title-case test refuses 'McDonald' and 'Ó'.

spaCy adds the PERSON entities of a trained pipeline (`en_core_web_sm`) when one happens to be
installed and the cues found nothing; nothing depends on one. It is imported only then: plans
with a 'Pupil name' field never pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from parsers.extract.names import in_shadow, name_words, nfc

_CUE_BEFORE = [
    "for", "pupil", "student", "learner", "regarding", "re", "about", "child", "son", "daughter",
    "saw", "seen", "spoke to", "spoken to", "working with", "supporting", "supervise", "supervising",
]
_AFTER_WORDS = r"(?:(?i:year|y\d{1,2}|dob|d\.o\.b|aged|born|in|who|is|has|was|starts|started|goes to)\b|\d{1,2}\s*[,)])"
"""What follows a pupil's name after a bracket or comma: 'Liam O'Brien (Year 8', 'Jordan Pye (14,',
'One of our under-15s, Mikołaj Wróbel, goes to Sor Brook Academy'."""
_IN_CARE = r"\s+(?:is|has been) (?:a (?:child|young person|pupil) )?(?:in (?:our|local authority) care|looked after)\b"
"""'Shannon-Leigh O'Hara is a child in our care': a Virtual School writing of its child."""
_POSSESSED = (
    r"['’]s\s+(?i:PEP|personal education plan|(?:annual )?review|EHCP|plan|timetable|hours|attendance|school|"
    r"class|teacher|social worker|foster carers?|carers?|mum|mother|dad|father|parents?|grandmother|grandparents?)\b"
)
"""'At Thandiwe Pretorius-Nkosi's PEP meeting', 'Kai Moreno-Doyle's foster carers': a child's name
as the owner of what a child has."""
_AGE = r"\s+is\s+(?:only\s+|just\s+|now\s+)?\d{1,2}(?:\s+years?\s+old)?(?:,|\s+(?:and|but)\b)(?!\s*\d)"
"""'Freddie Cox is 4 and started in Reception': an age straight after the name (never a time)."""
_INSTITUTION = {"Academy", "School", "Primary", "College", "Trust", "Service", "Services", "Council", "Hospital", "Surgery"}
"""A name that runs into one of these is a place ('the school nurse for Coldharbour Lane Academy')."""
_NOT_NAME = {
    # a note's verb before the name at a sentence's start ('Met Sione's mum today')
    "Met",
    "Saw",
    "Spoke",
    "Rang",
    "Phoned",
    "Visited",
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
    "At",
    "On",
    "In",
    "During",
    "After",
    "Before",
    "Since",
    "When",
}
"""Words that are no part of a name: a sentence's opening word before it ('At Thandiwe Pretorius-Nkosi's PEP meeting'), and words of places, times and roles."""


@cache
def _pipeline() -> Any:
    import spacy

    try:
        return spacy.load("en_core_web_sm", exclude=["parser", "lemmatizer"])
    except (OSError, ImportError):
        return None


_NAME = name_words(2, 3)
_TITLED = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s")
_TITLED_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+$")
_CUE_NAME = re.compile(rf"\b(?i:{'|'.join(_CUE_BEFORE)})\s+(?P<name>{_NAME})")
_ALIAS = re.compile(r"(?<=[^\W\d_]) \((?:known as |called )?[A-Z][^\W\d_]{1,15}\) (?=[A-Z])")
"""A name the child goes by, in brackets between the first name and the surname ('Jeťka (Mia) Smith'):
left out, so the name reads whole."""
_ONE_OF_OURS = re.compile(rf"\b(?i:one of (?:our|my|the club's|the group's))\s+[\w-]+(?:\s+[\w-]+)?,\s+(?P<name>{_NAME})")
"""'One of our under-15s, Kyrylo Bondarenko, told his coach ...': a child of the writer's club or group."""
_NAME_CUE = re.compile(
    rf"(?<![A-Za-z])(?P<name>{_NAME})(?:\s*[(,]\s*{_AFTER_WORDS}|\s+(?:is|was) (?:in|a) (?i:year|y)\s*\d|{_AGE}|{_IN_CARE}|{_POSSESSED})"
)


def pupil_name_in_prose(texts: Iterable[str]) -> str | None:
    """The first name with what only a child has after it ('Elif Öztürk (Year 8', 'Kai is 4',
    'Thandiwe's PEP') in any of the texts; else the first after a cue word ('for', 'about': also
    staff and places, 'the school nurse for Icknield Way'); else, where a trained spaCy pipeline is
    installed, the first PERSON entity of a text that has a cue."""
    shadows = [in_shadow(_ALIAS.sub(" ", t)) for t in texts]
    candidates = [(t, s) for t, s in shadows if _CUE_NAME.search(s) or _NAME_CUE.search(s) or _ONE_OF_OURS.search(s)]
    for cues in ((_NAME_CUE, _ONE_OF_OURS), (_CUE_NAME,)):  # what only a child has around a name first, in any text
        for text, shadow in candidates:
            found = _name_by_cue(text, shadow, cues)
            if found:
                return found
    return _person_entity([t for t, _s in candidates]) if candidates else None


def _person_entity(texts: list[str]) -> str | None:
    nlp = _pipeline()
    for text in texts if nlp is not None else ():
        for ent in getattr(nlp(text[:5000]), "ents", ()):
            if ent.label_ == "PERSON" and len(ent) >= 2:
                return nfc(str(ent.text))
    return None


def _name_by_cue(text: str, shadow: str, cues: tuple[re.Pattern[str], ...]) -> str | None:
    """The first (then longest) name next to one of the cues, read in the shadow, sliced from the text."""
    spans = sorted(
        ((m.start("name"), m.end("name")) for pattern in cues for m in pattern.finditer(shadow)),
        key=lambda span: (span[0], -span[1]),
    )
    for start, end in spans:
        following = text[end : end + 12].split()[:1]
        if _INSTITUTION & {*text[start:end].split(), *following}:
            continue
        if _TITLED.match(text, start) or _TITLED_BEFORE.search(text[max(0, start - 6) : start]):
            continue  # staff or a parent: a pupil is not 'Mrs'
        words = [w for w in text[start:end].split() if w not in _NOT_NAME]
        if len(words) >= 2:
            return " ".join(words)
    return None
