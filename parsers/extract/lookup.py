"""Finding labelled values and phrases in a corpus, and the vocabulary they are found by."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from parsers.extract.corpus import WORD_PLACEHOLDER, Corpus, Unit
from parsers.facts import Evidence

NEGATION = re.compile(
    r"\b(?:no|not|never|none|nobody|without|n/a|hasn't|has not|haven't|have not|wasn't|was not|"
    r"weren't|were not|isn't|is not|didn't|did not|doesn't|does not|neither|nor|cannot|can't|"
    r"awaiting|awaited|outstanding|to follow|yet to|pending|requested)\b",
    re.IGNORECASE,
)
YES = re.compile(r"^\s*(?:☒|☑|✓|✔|\[x\]|x\b)?\s*(?:yes|y|true|in place|applies)\b", re.IGNORECASE)
NO = re.compile(
    r"^\s*(?:☒|☑|✓|✔|\[x\]|x\b)?\s*(?:no|n|none|false|n/a|not applicable|(?:does not|doesn't|do not|don't) apply)\b",
    re.IGNORECASE,
)
EMPTY_VALUE = re.compile(
    rf"^\s*(?:[-–—_.~=|]+(?:\s+[-–—_.~=|]+)*|n/?a|none|tbc|tbd|tba|(?:yet )?to be (?:confirmed|agreed|decided|arranged|allocated|appointed|named|set)|"
    rf"not (?:yet )?(?:known|set|agreed|decided|allocated|appointed|named)|{WORD_PLACEHOLDER})?\s*$",
    re.IGNORECASE,
)
"""A box left empty: blank, a rule (dashes, underscores, dots; a scan's '—_' too), 'n/a', 'to be agreed', or the placeholder Word leaves in an empty field
('Click or tap here to enter text.', 'Choose an item.')."""


_OTHER_REVIEWERS = ("medical", "annual", "EHCP", "EHC", "CP", "LAC", "CLA", "health", "statutory", "protection", "after")
NOT_ANOTHER_BODYS = "".join(rf"(?<!{word} )" for word in _OTHER_REVIEWERS)
"""Put before 'review': not another body's review ('Date of next medical review', 'the EHCP
annual review', 'child protection review', 'looked after review'), which is not the timetable's."""


@dataclass(frozen=True)
class Hit:
    value: str
    where: str
    label: str
    unit: Unit | None = None

    def evidence(self, limit: int = 200) -> Evidence:
        text = f"{self.label}: {self.value}" if self.label else self.value
        return Evidence(quote(text, limit), self.where)


def quote(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"




_LABEL_SEARCH: dict[re.Pattern[str], re.Pattern[str]] = {}


def search_labels_by(label: re.Pattern[str], search: re.Pattern[str]) -> None:
    """`search` finds a field's label wherever `label` does (it may give other matches: only
    whether there is one is asked), and is quicker to try: `labelled` searches fields' labels by it."""
    _LABEL_SEARCH[label] = search


def label_search(label: re.Pattern[str]) -> re.Pattern[str]:
    """The quickest pattern to tell whether `label` is found in a text (`search_labels_by`)."""
    return _LABEL_SEARCH.get(label, label)


def labelled(corpus: Corpus, label: re.Pattern[str], max_rank: int = 2) -> list[Hit]:
    """Values given under a label, most trusted first: table rows and form fields, then
    'Label: value' lines, then lines that start with the label ('Pupil name Oliver Bennett',
    as PDF text runs a table row together), then a label with its value on the next line."""
    ranked = sorted((f for f in corpus.fields if f.rank <= max_rank), key=lambda f: f.rank)
    in_label = label_search(label).search
    hits = [Hit(f.value, f.where, f.label) for f in ranked if f.rank <= 1 and in_label(f.label)]
    for unit in corpus.units:
        if unit.source == "subject":
            continue
        text = unit.without_form_code
        m = label.match(text)
        if m and not _mid_word(text, m.end()):  # 'Review' is no label of 'Reviewing this contract'
            end = m.end() + 1 if _plural_after(text, m.end()) else m.end()  # 'Review|s: ...'
            rest = text[end:].lstrip(" :-–—\t")
            if rest and not (corpus.is_unanswered_row(unit) and not _FIGURE.search(rest)):
                hits.append(Hit(rest, unit.where, text[: end].strip(), unit))  # an unanswered row's own words are no value
    hits += [Hit(f.value, f.where, f.label) for f in ranked if f.rank > 1 and in_label(f.label)]
    return hits


_FIGURE = re.compile(r"\d")
"""A figure in a row's own label ('Safeguarding risk assessment (2 October 2026, ...)'): its answer, given in the label."""


def _mid_word(text: str, at: int) -> bool:
    """The label's match ends inside a word ('Review|ing'), not before a plural's 's' ('Review|s')."""
    inside = 0 < at < len(text) and text[at - 1].isalpha() and text[at].isalpha()
    return inside and not _plural_after(text, at)


def _plural_after(text: str, at: int) -> bool:
    return 0 < at < len(text) and text[at - 1].isalpha() and text[at] in "sS" and (
        at + 1 == len(text) or not text[at + 1].isalpha()
    )


LABEL_CONTINUED = re.compile(r"^\s*(?:and|or|&)\s+[a-z]+(?:\s+[a-z]+)?\s*[:?]?\s*$")
"""A value that is the rest of its label, wrapped ('Meeting date' over 'and attendees')."""


def is_empty(value: str) -> bool:
    return bool(EMPTY_VALUE.match(value))


_CIRCLED = re.compile(
    r"^\W*(?:\((yes|no)\)\s*/?\s*(?:yes|no)?|(?:yes|no)\s*/?\s*\((yes|no)\))\W*$", re.IGNORECASE
)
"""A circle OCR read as brackets: '(Yes) No' is Yes, 'Yes (No)' is No."""


_GARBLED_OPTION = re.compile(
    r"^\W*(?:(yes|no)\s+(?![Yy]es\b|[Nn]o\b|\(\w*\)\W*$)(?=\S*[A-Za-z])(?=\S*[()©®@])[^\d\s]{1,5}|"
    r"(?![Yy]es\b|[Nn]o\b)(?=\S*[A-Za-z])(?=\S*[()©®@])[^\d\s]{1,5}\s+(yes|no))\W*$",
    re.IGNORECASE,
)
"""A circled option OCR could not read, beside the one left whole: 'Yes Qe)' is No, 'Qes) No' is Yes."""


_BOX_THEN_MARK = re.compile(r"^\W*☐\s*(yes|no)\s*[☒☑✓✔]\W*$", re.IGNORECASE)
"""Boxes before their options, the second option's word lost under its mark: '☐ Yes ☒' is No."""
_RING_ON_NO = re.compile(r"^\W*(?:yes|y)\s+[(\[{]?[nmwoce@\"]{0,3}[)\]}]\W*$", re.IGNORECASE)
_RING_ON_YES = re.compile(r"^\W*[(\[{]?[yvesx¥]{0,3}[)\]}]\s+(?:no|n)\W*$", re.IGNORECASE)
"""A ring drawn round the short option, read by OCR as brackets round a letter or two that
look like it ('Y (w)', 'Y @)', 'Yes (we)' are No; '(v) N' is Yes); a bracketed word that is
no such shape ('Yes (CLA)') is not a ring."""
_STRUCK_GARBLED = re.compile(
    r"^\W*(?:(?!yes\b)[^\s/]es\s*/\s*(?P<no>no)|yes\s*/\s*(?!no\b)(?:n[^\s/a-z]|[^\s/a-z]o))\W*$", re.IGNORECASE
)
"""'YES / NO' with one option struck through, OCR reading the struck word with one letter
changed ('MES / NO', '%ES / NO' are No; 'YES / N9' is Yes)."""
_BOTH_UNMARKED = re.compile(
    r"^\W*(?:(?:yes|y)\W{1,3}(?:\S{1,2}\W+)?(?:no|n|na)|(?:no|n)\W{1,3}(?:\S{1,2}\W+)?(?:yes|y))(?:\W+[^\W\d]{1,2})?\W*$",
    re.IGNORECASE,
)
"""Both options printed and no mark read ('Yes / No', 'YES NO'), or a mark OCR read as a letter
or two between them or after them ('Yes W no', 'YES: f NO', 'Yes NA', 'Yes No, va'): no answer."""
_OCR_EMPTY_BOX = re.compile(r"[\[{(]\s?[\]})](?=\s*(?:yes|no)\b)", re.IGNORECASE)
_OCR_TICKED_BOX = re.compile(
    r"(?<!\w)[(\[{]?[DdOo0]?[Xx][)\]}i]?(?=\s+(?:yes|no)\b)|(?<!\w)[\[{](?-i:[A-Z]{1,2})[)\]}]?(?=\s+(?:yes|no)\b)",
    re.IGNORECASE,
)
"""A box OCR read as brackets ('{ ] Yes', '( ] Yes') and a crossed box read as letters
('DX) No', 'OX No', 'dX) No'), or a box with initials written in it ('[C No', '[JK] Yes'), before
one of a pair of options."""


def _boxes_read(value: str) -> str:
    """OCR's readings of tick boxes before the options written as boxes, when both options are there."""
    if not (re.search(r"\byes\b", value, re.I) and re.search(r"\bno\b", value, re.I)):
        return value
    return _OCR_TICKED_BOX.sub("☒", _OCR_EMPTY_BOX.sub("☐", value))


_MISREAD_YES = re.compile(r"([☐☒])\s*(?!(?:yes|no)\b)[^\s☐☒]{2,4}\s*(?=[☐☒]\s*no\b)", re.I)
"""The option before a boxed 'No' that OCR misread ('☒ ves ☐ No', '☐ Ves ☒ No'): its partner, Yes."""


def tick_answer(value: str) -> bool | None:
    """Yes / No, with tick boxes ('☒ Yes ☐ No') and struck-out options read."""
    value = _MISREAD_YES.sub(r"\1 Yes ", _boxes_read(value))
    radio = _radio_option(value)
    if radio is not None:
        return radio
    marked = _boxed_option(value)
    if marked is None:
        marked = _struck_or_ringed_option(value)
    if marked is not None:
        return marked
    pair = _option_pair(value)
    if pair:
        return _marked_in_pair(pair)
    if _BOTH_UNMARKED.match(value) or _BOTH_PHRASES.match(value) or _BOTH_LEADING.match(value):
        return None
    if YES.match(value):
        return True
    if NO.match(value):
        return False
    return None


_BOTH_LEADING = re.compile(
    r"^\W*(?:(?:yes|y)\W{1,3}(?:no|n)|(?:no|n)\W{1,3}(?:yes|y))\b(?!\s+[a-z]{3,})", re.IGNORECASE
)
"""Both options printed, then something else ('Yes No / school in the mornings', 'Yes No 4'): the
first option printed is no answer; 'Yes, no concerns' is (its 'no' is the next phrase's)."""
_BOTH_PHRASES = re.compile(
    r"^\W*(?:applies\W+(?:does not|doesn't) apply|(?:does not|doesn't) apply\W+applies)\b", re.IGNORECASE
)
"""Both options of a form that words them as 'applies' and 'does not apply', printed side by
side, the mark (a ring, an arrow) not read: no answer."""
_NOT_A_MARK = r"[^A-Za-z0-9\s]*"
_OPTION_TOKEN = re.compile(
    rf"^(?P<before>{_NOT_A_MARK}[A-Za-z]?{_NOT_A_MARK})(?P<option>yes|no|active|none|involved|not-involved)"
    rf"(?P<after>[A-Za-z]?{_NOT_A_MARK})$",
    re.IGNORECASE,
)
_OPTION_PAIRS = (frozenset({"yes", "no"}), frozenset({"active", "none"}), frozenset({"involved", "not-involved"}))
"""The options a form prints side by side, the first of each meaning it applies: 'Yes No', a
plans table's 'Active None' (column 'Active?'), a services table's 'Involved Not involved'."""
_APPLYING = frozenset({"yes", "active", "involved"})
_NOT_INVOLVED = re.compile(r"\bnot\s*in\s?[a-z]{4,6}\b", re.I)
"""'Not involved' as OCR may read it ('Not involyed', 'Notin volved'): one option."""
_REAL_WORDS = frozenset({"now", "not", "nor", "non", "eyes", "noe"})
_PRINTED = frozenset("/|-–—_=.,;:'’`\"☐[]")
"""A form's own separators, rules and empty boxes beside its options, and specks: no pen mark."""


class _Option(NamedTuple):
    yes: bool
    word: str
    marked_before: bool
    marked_after: bool


def _pen(text: str) -> bool:
    return any(c not in _PRINTED for c in text)


def _option_pair(value: str) -> list[_Option]:
    """Yes and No (or Active and None), both printed, and nothing else but what a pen left on
    them ('Yes No«_', '_AYes No', 'Yes € No )', 'Active ** None'); empty when the value is
    anything more."""
    tokens = _NOT_INVOLVED.sub("not-involved", value).split()
    words = [i for i, token in enumerate(tokens) if re.search(r"[A-Za-z0-9]", token)]
    found = [(i, m) for i in words if (m := _OPTION_TOKEN.match(tokens[i]))]
    if len(words) != 2 or len(found) != 2:
        return []
    options = []
    for i, m in found:
        before = m.group("before") + (tokens[i - 1] if i - 1 >= 0 and i - 1 not in words else "")
        after = m.group("after") + (tokens[i + 1] if i + 1 < len(tokens) and i + 1 not in words else "")
        options.append(_Option(m.group("option").lower() in _APPLYING, m.group(0), _pen(before), _pen(after)))
    printed = frozenset(m.group("option").lower() for _, m in found)
    if printed not in _OPTION_PAIRS:
        return []
    first, second = options
    between = "".join(tokens[found[0][0] + 1 : found[1][0]])
    if between and set(between) <= _STARS and not first.marked_before and not second.marked_after:
        # only a star or tick standing alone between them ('Active ** None'): drawn after the chosen word
        return [first, second._replace(marked_before=False)]
    return options


_STARS = frozenset("*%✓✔+#^×")
"""A pen's star or tick as OCR reads it; a ring's part ('(', '€', '©') is no such mark."""


def _marked_in_pair(options: list[_Option]) -> bool | None:
    """The option a ring encloses ('Yes € No )' is No), else the one with marks OCR read into
    or beside it ('No«_' beside 'Yes' is No); neither or both, or an option read as another
    word ('Yes Now'), is no answer."""
    if any(re.sub(r"[^a-z]", "", o.word.lower()) in _REAL_WORDS for o in options):
        return None
    enclosed = [o for o in options if o.marked_before and o.marked_after]
    marked = enclosed or [o for o in options if o.marked_before or o.marked_after]
    return marked[0].yes if len(marked) == 1 else None


_RADIO = re.compile(
    r"^\W*?(?P<m1>[©@®●○◉])\s*(?P<o1>yes|involved|no|not(?:\s*in\s*\S{0,7})?)\s*(?P<m2>[©@®●○◉])\s*"
    r"(?P<o2>yes|involved|no|not(?:\s*in\s*\S{0,7})?)(?!\w)",
    re.IGNORECASE,
)
_FILLED = frozenset("@®●◉")
_HOLLOW = frozenset("©○")


def _radio_option(value: str) -> bool | None:
    """Round option buttons as OCR reads them, a filled one '@' or '®', a hollow one '©' ('©
    Involved @ Not inyolved' is Not involved): the filled one of the two is the answer."""
    m = _RADIO.match(value)
    if m is None or {m.group("m1") in _FILLED, m.group("m2") in _FILLED} != {True, False}:
        return None
    if not {m.group("m1"), m.group("m2")} <= _FILLED | _HOLLOW:
        return None
    chosen = m.group("o1") if m.group("m1") in _FILLED else m.group("o2")
    return chosen.lower() in _APPLYING


def _boxed_option(value: str) -> bool | None:
    """The option whose box is ticked, before it or after it."""
    box_then_mark = _BOX_THEN_MARK.match(value)
    if box_then_mark:
        return box_then_mark.group(1).lower() != "yes"
    ticked = re.findall(r"(?:☒|☑|✓|✔|\[x\]|\(x\))\s*[‘’'`\"|.,]?\s*(yes|no)\b", value, re.IGNORECASE)
    if len(ticked) == 1:
        return bool(ticked[0].lower() == "yes")
    after = re.findall(r"\b(yes|no)\s*(?:☒|☑|✓|✔|\[x\]|\(x\))", value, re.IGNORECASE)
    if len(after) == 1:
        return bool(after[0].lower() == "yes")
    return None


def _struck_or_ringed_option(value: str) -> bool | None:
    """The option left standing beside a struck one, or the one ringed (read as brackets, or
    garbled beside the one left whole)."""
    struck = re.search(r"\b(yes|no)\s*/\s*(?:~~|-)(yes|no)(?:~~|-)", value, re.IGNORECASE)
    if struck:
        return struck.group(1).lower() == "yes"
    struck_first = re.search(r"~~(yes|no)~~\s*/\s*(yes|no)\b", value, re.IGNORECASE)
    if struck_first:  # '~~Yes~~ / No': the option left standing is the answer
        return struck_first.group(2).lower() == "yes"
    circled = _CIRCLED.match(value)
    if circled:
        return (circled.group(1) or circled.group(2)).lower() == "yes"
    garbled = _GARBLED_OPTION.match(value)
    if garbled:  # the pen mark garbled the option it marks: the other one is left whole
        return (garbled.group(1) or garbled.group(2)).lower() == "no"
    struck_garbled = _STRUCK_GARBLED.match(value)
    if struck_garbled:  # the stroke through one option turned a letter of it: the other stands
        return struck_garbled.group("no") is None
    if _RING_ON_NO.match(value):
        return False
    if _RING_ON_YES.match(value):
        return True
    return None


def negated_near(text: str, start: int, window: int = 60) -> bool:
    """A negation word in the same clause, before the position."""
    before = text[max(0, start - window) : start]
    clause = re.split(r"[.;:!?]|\bbut\b|\bhowever\b|\balthough\b", before)[-1]
    return bool(NEGATION.search(clause))
