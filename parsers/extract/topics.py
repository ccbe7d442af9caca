"""The parts of the plan judged on what they say: reviews, interventions, skills, exit ...

Each topic is known by a family of names schools give it ('Support to be put in place', 'What
will help', 'Strategies', 'School will help me by'). It is found where one of those names is a
labelled field with a value, a section heading with content under it, a table column header over
filled cells, or by a sentence that speaks of it; a topic found only to say it was not done (or
not considered) is marked negative.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from parsers.extract.corpus import (
    EMPTY_LABEL,
    LABEL_NOTE,
    NEXT_QUESTION,
    Corpus,
    Table,
    Unit,
    document_of,
    without_title_row,
)
from parsers.extract.lookup import (
    LABEL_CONTINUED,
    NOT_ANOTHER_BODYS,
    Hit,
    is_empty,
    label_search,
    labelled,
    quote,
    search_labels_by,
    tick_answer,
)
from parsers.extract.names import TITLE
from parsers.extract.people import NAMED_PERSON_WORDS, clean_name, names_no_one, outside_school
from parsers.extract.topic_model import reading
from parsers.facts import Evidence, Signature, Topic


@dataclass(frozen=True)
class TopicRule:
    heading: re.Pattern[str] | None
    """A section heading or a table column header that names the topic (searched)."""
    label: re.Pattern[str] | None
    """A label whose value is the topic (a field's label searched, a line's start matched)."""
    prose: re.Pattern[str] | None
    """A sentence that speaks of the topic."""


def _p(text: str) -> re.Pattern[str]:
    return re.compile(text, re.I)


_BULLET = r"(?:[•▪●·*-]\s*)?"
"""A list mark before a label ('• Behaviour outreach: ...')."""


_NEAR_START = ".{0,30}"


def _label(text: str) -> re.Pattern[str]:
    """Matched at a line's start (after any list mark); searched in a field's label."""
    pattern = _p(rf"(?:^{_BULLET})?(?:{text})")
    if text.startswith(_NEAR_START):
        # searched, '.{0,30}X' finds a label where 'X' does (the dots may match nothing), and
        # trying thirty lengths of them at every character of a label is most of the search
        search_labels_by(pattern, _p(text.removeprefix(_NEAR_START)))
    return pattern


# The families of names, shared by headings, labels and column headers.
_SUPPORT = (
    r"interventions?|support (?:to be )?put in place|support (?:in school|strategies|offered|provided|plan|package|"
    r"arrangements|we will|to be|for\b|around\b)|support and strategies|strategies|"
    r"(?:what|how) (?:we|the school|school|staff) will (?:do|support|help|put)|support we will|put in place|"
    r"extra support|additional support|what support|support (?:will|we)|what (?:will|would|might) help|what helps|"
    r"actions?\s*/\s*support|support\s*/\s*actions?|"
    r"(?:the )?school will (?:also )?(?:help|support) (?:me|him|her|them|\w+ )?by|how (?:the )?school will (?:help|support)|"
    r"help (?:and support )?in school|our plan|actions? (?:we will take|agreed)|"
    r"support (?:we are|we're|being) (?:putting|put)|(?:what )?we(?: are|'re| will be) putting in(?: place)?|support package|"
    r"targeted support|help for \w+|who will help|support (?:around|for) (?:him|her|them)\b|"
    r"(?:how )?(?:adults|staff|we|school|people|teachers) will help (?:me|him|her|them)"
    r"|(?:the |what )?(?:help|support) (?:I|I'll|I will|I am going to|you) (?:will )?(?:get|have|receive|be given)"
)
_SUPPORT_LABEL = (
    rf"interventions?|^{_BULLET}support(?: to be put in place| in place| for| in school| strategies| offered| provided| plan| alongside|"
    r" that goes with| going with| with the| during|"
    r" agreed| arranged|"
    r" we will| and strategies| we are| we're| package|\s*$|(?=\s*[:–—|]))|strategies|what we are putting (?:around|in)|what (?:will|would) help|(?:the )?school will (?:also )?(?:help|support)|"
    r"how (?:the )?school will (?:help|support)|help in school|additional support|extra support|targeted support|"
    r"(?:what )?we(?: are|'re| will be) putting in(?: place)?|help for \w+(?: during| while| in)?"
    r"|(?:the |what )?(?:help|support) (?:I|I'll|I will|I am going to|you) (?:will )?(?:get|have|receive|be given)|^my (?:support|help)\s*$"
    r"|\b(?:he|she|they)(?:'ll|’ll| will) (?:have|get|receive|be given)\s*$"
    r"|^to help (?:him|her|them|[A-Z]\w+)\s*$"
)
_CHANGES = (
    r"chang\w*\b.{0,30}\bschool|school\b.{0,30}\bchang|changes? to (?:the )?(?:environment|systems?|school day)|"
    r"environment|adjustments?|adaptations?|modifications?|systems?|(?:school|we) will do differently|differently|"
    r"(?:we|school) will (?:change|adapt|adjust)|changes we (?:are|will be) making|how (?:the )?school will (?:adapt|change|adjust)|"
    r"(?:will be|is) different (?:in|at|about) school"
)
_PROVISION = (
    r"\b(?:(?:art|music|play|drama|lego|talking|speech and language|occupational) therapy|therapy sessions?|"
    r"(?:learning |attendance |peer |reading )?mentor(?:ing)?|counsell(?:or|ing)|nurture (?:group|sessions?)|\bELSA\b|"
    r"breakfast(?: club)?|soft[- ]start|reading buddy|social skills group|catch-up (?:packs?|sessions?)|"
    r"(?:small[- ]group|1:1|one-to-one|1-1) (?:sessions?|support|tuition|work)|sessions? with (?:the|a|our) [\w ]{3,30}?worker)\b"
)
"""The support schools give by name: a sentence naming two of them is the plan's interventions
('Art therapy once a week, a soft-start breakfast with the attendance mentor and catch-up packs')."""
_CHANGES_LABEL = (
    r"changes? (?:in|within|to) (?:the )?(?:school|environment|systems?)|school (?:changes|adjustments)|"
    r"environment|(?:reasonable )?adjustments?|"
    r"(?:in school,? )?(?:we|school) will (?:change|adapt|adjust|do differently)|changes we (?:are|will be) making|"
    r"how (?:the )?school will (?:adapt|change|adjust)|"
    rf"adaptations?|modifications?|^{_BULLET}in school(?:\s*:|\s*$)|"
    r"\bwe(?:'re|’re| are| will be|'ll be) (?:changing|adapting|adjusting)\b|"
    r"(?:things|what)(?: that)? (?:will |is going to |are going to )?change\b|"
    r"changes?(?: that)? (?:the |our )?school (?:will|is going to|are going to) make"
)
_SKILLS = (
    r"\bskills?\b|(?:what|things) (?:we will|to) teach|teaching (?:plan|targets)|\btargets?\b|"
    r"(?:i|he|she|they|we) will learn|(?:what|things) (?:i|he|she|they|we) will (?:learn|work on|practise)|"
    r"help (?:them|him|her|me) (?:to )?learn|"
    r"learning to|to work on|(?:will )?be working on|what (?:will )?\w+ (?:will )?(?:learn|be learning|work on|be working on)|"
    r"new things|learn to do|will be taught|to be taught"
)
_SKILLS_LABEL = (
    r"\bskills?\b|targets?\b|i will learn|(?:what|things) (?:i|he|she|they|we) will (?:learn|work on)|"
    r"what (?:new things )?(?:will )?[A-Z]?\w+ (?:will )?(?:learn|be learning|work on|be working on)|"
    r"help (?:them|him|her|me) (?:to )?learn|"
    r"[A-Z][\w'’-]+ will (?:be )?(?:working on|learning|practising|practicing|work on|learn)\b|"
    rf"^{_BULLET}(?:(?:we|he|she|they)(?:'re|’re|'s|’s| are| is|'ll be| will be) )?(?:working on|learning)\s*$"
)
_EXIT = (
    r"exit|outcomes?|success|how (?:will )?(?:we|all parties|everyone|you) (?:will )?know|ending the|"
    r"(?:has|it) worked|measures? of|targets? for (?:return|full)|things are better|what (?:good|success) looks like|"
    r"ending the plan|how (?:we'?ll|will we|do we) know|when (?:will |do |does |should )?(?:we|the plan|it|this) (?:end|stop|finish)"
)
_EXIT_LABEL = (
    r"exit (?:strateg\w*|plan|criteria)\b|exit(?=\s*[:–—/-]|\s*$)|outcomes?|success criteria|"
    r"how (?:will )?(?:we|all parties|everyone) (?:will )?know|how we'?ll know|ending the plan|what (?:will )?success (?:will )?looks? like|"
    r"measures? of success|success measures?|^\W*success\b|when (?:do|will|does|should) (?:we|the plan|it) (?:stop|end|finish)\b|"
    r"\b(?:we|you|everyone|all)(?:'ll|’ll| will) know (?:it|this|the (?:plan|timetable))(?:'s|’s| is| has)? ?(?:worked|working|succeeded|successful)"
)
_REVIEW = (
    rf"^(?!.*risk).*\b{NOT_ANOTHER_BODYS}review|checking in|check-?ins?\b|check-?back (?:meetings?|sessions?|dates?)|monitoring|how (?:it|things) (?:is|are) going|follow[- ]up meetings?\s*$|"
    r"when (?:we|will we) (?:will )?(?:check|meet|review)|progress meetings?|when will we look at (?:this|it) again|"
    r"how often will we meet|meet again|look at (?:this|it) again|(?:sit down|get together|come together) (?:together )?again"
)

_NOT_VIEWS = r"(?![a-z]*['’]?\s*(?:views?|opinions?|comments?)\b)"
"""'Other agencies' views': what they think, not the support they give."""


TOPIC_RULES: dict[str, TopicRule] = {
    "review_schedule": TopicRule(
        _p(_REVIEW),
        _label(
            rf"(?!.*risk).*\b{NOT_ANOTHER_BODYS}review(?:s| dates?| schedule| meetings?| arrangements)?\s*$|{NOT_ANOTHER_BODYS}review|check-?ins?\b|catch-?ups?\s*$|"
            r"follow[- ]up (?:meetings?|reviews?|dates?)\s*$|"
            r"progress (?:meetings?|checks?)|meet(?:ing)? again|how often will we meet|when will we look at|"
            r"dates? to look (?:at (?:the |this )?(?:timetable|plan|hours) )?again|look again at"
        ),
        _p(
            r"\b(?:will be |to be |being )?reviewed (?:weekly|fortnightly|every|each|on|at|after)|"
            r"\bcheck-?back (?:meetings?|sessions?) (?:are |have been )?(?:booked |arranged |planned |set )?(?:for|on)\b|"
            r"\b(?:will be |to be |being )reviewed\b[^.]{0,50}?\b(?:on|every|each|weekly|fortnightly)\b|review (?:meetings?|dates?) "
            r"(?:on|will|are|is)|\b(?:weekly|fortnightly|daily) review|\breview(?:s)? (?:every|each) (?:week|fortnight|friday|monday)|"
            r"\b(?:will|to)(?: \w+ly)? review (?:progress|the plan|the timetable|how)\b|\b(?:we'll|we’ll|we will) review (?:it |this |progress )?"
            r"(?:weekly|fortnightly|daily|every|each|on)\b|\breview meetings? (?:on )?\d|\bmeet (?:again|up again)\b[^.]{0,30}\b(?:on|every|each|in)\b|\((?:first |mid-?point |final )?review\)|"
            r"\b(?:formal |first |next |final )?review (?:on|at) (?:\d|mon|tue|wed|thu|fri)|\breview \d+ weeks in\b|"
            r"\b(?:sit down|get together|come together|catch up) (?:together )?again\b[^.]{0,30}\b(?:on|every|each|in)\b|"
            r"\bprogress (?:will be |is |to be )?(?:looked at|checked)\b[^.]{0,60}?\b(?:on|every|each)\b[^.]{0,30}\d"
        ),
    ),
    "supportive_interventions": TopicRule(
        _p(_SUPPORT),
        _label(_SUPPORT_LABEL),
        _p(
            r"\binterventions?\b(?! (?:will|are) not)|\b(?:school|we|staff) will (?:also )?(?:help|support) "
            r"(?:me|him|her|them|[A-Z]\w+ )?by\b|"
            r"\b(?:daily|weekly|twice-weekly|regular|fortnightly) (?:mentoring|check-?ins?|nurture|sessions?|support)\b|"
            r"\bsessions? with (?:the|our|a|his|her) (?:school |learning )?(?:counsellor|mentor|ELSA|nurture|play therapist)|"
            r"\bmentoring sessions?\b|\bto support (?:him|her|them|[A-Z]\w+)\b|\bthe support (?:around|for) (?:him|her|them|[A-Z]\w+) will\b|"
            r"\bwill have (?:support|help) from\b|\bsupport from (?:a|an|the|our|his|her) (?:teaching assistant|TA|mentor|learning mentor|key adult)|"
            r"\b(?:we have|we will|school has|school will) (?:also )?(?:put in place|arranged|set up)\b|"
            rf"{_PROVISION}[^.]{{3,80}}{_PROVISION}"
        ),
    ),
    "school_changes": TopicRule(
        _p(_CHANGES),
        _label(_CHANGES_LABEL),
        _p(
            r"\b(?:timetable|movement|toilet) (?:card|pass)\b|\bleave lessons? (?:\w+ ){0,2}early\b|"
            r"\b(?:fixed|set|named) seat\b|\bdetentions? (?:are|is|will be) (?:replaced|dropped|paused|lifted)\b|"
            r"\b(?:staff|teachers?|cover (?:staff|teachers?)) (?:will be|are|have been) briefed\b|"
            r"\b(?:reasonable )?adjustments (?:in|to) school|changes (?:in|within|to) (?:the )?school(?:'s)? (?:environment|systems?)|"
            r"\b(?:in school,? )?we (?:have|will(?: also)?|are(?: also)?) (?:changed?|changing|adapted|adapting|adapt|adjusted|adjusting|adjust|moved?|moving) "
            r"(?:his|her|their|the|things|some|how|where|a few)\b|\bchanging things (?:around|for) (?:him|her|them)\b|"
            r"\b(?:adjusted|adapted|changed) the school day\b"
        ),
    ),
    "new_skills": TopicRule(
        _p(_SKILLS),
        _label(_SKILLS_LABEL),
        _p(
            r"\b(?:new )?skills? (?:to be taught|will be taught|taught|to learn|to develop|we will (?:teach|work on))|"
            r"will (?:be taught|learn|practise)\b|\bbe taught\b|^\W*(?:learning|learn) to \w+|"
            r"(?:^|[.;:]\s+)(?:practi[sc]ing|learning) (?:how )?to \w+"  # 'we will work on this: practising how to ...'
        ),
    ),
    "exit_strategy": TopicRule(
        _p(_EXIT),
        _label(_EXIT_LABEL),
        _p(
            r"exit strateg|judged? (?:the (?:timetable|plan) |it )?(?:to be |as )?(?:a )?success(?:ful)?\b|"
            r"\bknow\b[^.]{0,30}\b(?:has worked|is working|was successful|has been successful|is a success)\b|"
            r"\bsuccess (?:will )?looks? like\b|\bsuccess (?:will mean|means)\b|(?:regard|consider|count) (?:the (?:plan|timetable)|it) as (?:a )?success|"
            r"will know (?:it|this|the (?:timetable|plan)) (?:is|has been|was|has) "
            r"(?:successful|worked)|success (?:will be|is) measured|success criteria|regard the plan as a success|"
            r"\b(?:will )?ha(?:ve|s) worked (?:if|when)\b|"
            r"\b(?:close|end|finish|sign off) (?:the|this) (?:plan|passport|agreement)\b[^.]{0,15}\b(?:when|once|as soon as)\b|"
            r"\b(?:the|this) (?:plan|passport|agreement) (?:will )?(?:ends?|closes?|finish(?:es)?) (?:when|once|as soon as)\b"
        ),
    ),
    "external_support_considered": TopicRule(
        None,
        _label(
            r".{0,30}(?:(?:external|outside) (?:behaviour )?(?:support|help)|(?:targeted )?early help(?: family)? support|behaviour support|outreach|"
            rf"external agenc{_NOT_VIEWS}|outside agenc{_NOT_VIEWS}|family support|support around the family|"
            r"who else (?:can|could|will) help|outside help|help from outside|(?:agencies|services) (?:outside|beyond) (?:the )?school|"
            rf"(?<!involvement of )other (?:services|agencies){_NOT_VIEWS}|(?:services|agencies) (?:approached|involved|contacted))"
        ),
        _p(
            r"(?:external|outside) (?:behaviour )?support|early help (?:family )?support|outreach service|behaviour support service|"
            r"external agenc|outside agenc|(?:agencies|services) (?:outside|beyond) (?:the )?school|behaviour outreach|targeted (?:early help )?family support|"
            r"(?:referral|referred) to (?:the |an? )?(?:camhs|outreach|behaviour|early help|mental health)|"
            r"\breferral (?:made|sent|has been made) to\b"
        ),
    ),
    "alternative_provision_considered": TopicRule(
        None,
        _label(
            r".{0,30}(?:alternative provision|\bAP\b|alternative (?:provider|setting|education)|alternatives? to (?:school|mainstream)|"
            r"another setting|off-?site (?:provision|options?|placement|or alternative)|alternative placement|\bPRU\b|pupil referral unit|"
            r"other (?:placements?|settings?|providers?|provision))"
        ),
        _p(
            r"alternative provision|alternative provider|alternative (?:setting|education)\b|alternatives? to (?:school|mainstream)|"
            r"\bPRU\b|pupil referral unit|off-?site (?:provision|placement|centre)|\(AP\)|"
            r"\bAP\b\s+(?:was |has been |is |were |had been )?(?:also )?(?:considered|discussed|ruled out|explored|looked at|"
            r"not (?:needed|required|appropriate|suitable))|\bAP\b\s*(?:[-–—:]|\?\s)\s*(?=[A-Za-z])"
        ),
    ),
    "early_help_assessment_considered": TopicRule(
        None,
        _label(r".{0,30}(?:early help assessment|\bEHA\b)|early help(?=\s*(?:[:–—|?]|-\s|$)(?!\W*(?:TAF|team around|plan\b)))"),
        _p(r"early help assessment|\bEHA\b"),
    ),
}
_NEGATIVE_VALUE = re.compile(
    r"^\W*(?:no(?!\.\s+[A-Z][a-z]+\s+[A-Z])(?=\W*$|\s*[-–—,.;:/(]|\s+(?:\w+\s+){0,2}?(?:planned|agreed|identified|set|needed|required|in place|considered|yet|arranged|given)\b)|"
    r"none\b|not (?:yet )?(?:considered|discussed|done|known|applicable|agreed|set|planned)|not yet\b|as and when\b|n/?a\b|tbc\b|"
    r"to be (?:confirmed|agreed|decided)|nothing)",
    re.I,
)
_NEGATIVE_PROSE = re.compile(
    r"\b(?:not|never|wasn't|weren't|hasn't|haven't) (?:been )?(?:considered|discussed|looked at|explored)|no (?:consideration|mention)",
    re.I,
)
_MAX_LABEL = 70
_ROW_LABELS = tuple(rule.label for rule in TOPIC_RULES.values() if rule.label is not None)
"""The labels of the plan's own parts (reviews, support, changes, skills, exit, the options considered)."""


def extract_topics(corpus: Corpus) -> dict[str, Topic]:
    headings = frozenset(h.order for h in corpus.headings)
    topics = {tid: _topic(corpus, rule, headings) for tid, rule in TOPIC_RULES.items()}
    return {tid: _weighed(topic) if tid.endswith("_considered") else topic for tid, topic in topics.items()}


_DECIDED_AGAINST = re.compile(
    r"\bnot (?:needed|required|necessary|appropriate|suitable)\b|^\W*(?:☒|☑|✓|✔|\[x\])\s*\w", re.I
)
"""An option weighed and turned down ('N/A - not needed'), or the option's own box ticked: it was
considered, which is what the guidance asks."""


def _weighed(topic: Topic) -> Topic:
    if topic.negative and topic.evidence is not None and _DECIDED_AGAINST.search(topic.evidence.text):
        return Topic(True, topic.evidence, negative=False)
    return topic


# --- parts not found by name that a passage reads like -----------------------------------------


def passages_like(corpus: Corpus, topics: dict[str, Topic]) -> dict[str, Evidence]:
    """For each part the rules did not find, the first passage of the plan whose words read like
    that part (`topic_model`): a question or heading alone is not a passage."""
    missing = [tid for tid in TOPIC_RULES if not topics[tid].found]
    if not missing:
        return {}
    headings = {h.order for h in corpus.headings}
    titles = _whole_document_sections(corpus)
    answers = [_answer_words(corpus, u, titles) for u in corpus.units]  # read once, for passages and runs
    passages = [u for u, said in zip(corpus.units, answers, strict=True) if said and u.order not in headings and len(u.text) >= 20]
    found: dict[str, Evidence] = {}
    for unit in passages:  # each passage read once, in order: a part takes the first that reads like it
        for text in _passage_and_its_sentences(unit.text):
            topic = reading(text)
            if topic is not None and topic in missing and topic not in found:
                found[topic] = Evidence(quote(text), unit.where)
        if len(found) == len(missing):
            break
    for text, where in _runs_of_short_lines(corpus, answers):
        if len(found) == len(missing):
            break
        topic = reading(text)
        if topic is not None and topic in missing and topic not in found:
            found[topic] = Evidence(quote(text), where)
    return {topic: found[topic] for topic in missing if topic in found}


_SHORT_LINE = 80
_RUNS = (3, 4, 5)


def _answer_words(corpus: Corpus, u: Unit, titles: frozenset[tuple[str, str]]) -> bool:
    """A line that may be (part of) what the plan says: not the subject, a question, a question or
    row left unanswered, an unticked label, or a line of a part that is none of the plan's (a
    signatures part, not a title over the whole document: `titles`)."""
    return (
        u.source != "subject"
        and not u.text.rstrip().endswith("?")
        and not _question_left_unanswered(u.text)
        and not corpus.is_unanswered_row(u)
        and not _UNTICKED_LABEL.match(u.text)
        and not (_NOT_A_PART.search(u.section) and (u.where, u.section) not in titles)
    )


_WHOLE_DOCUMENT = 25
"""Lines under one heading: more is the document's title (a workbook's sheet named 'Agreement'
over the whole plan), not a part of it."""


def _whole_document_sections(corpus: Corpus) -> frozenset[tuple[str, str]]:
    sizes = Counter((u.where, u.section) for u in corpus.units)
    return frozenset(key for key, n in sizes.items() if n > _WHOLE_DOCUMENT)


def _runs_of_short_lines(corpus: Corpus, answers: list[bool]) -> Iterator[tuple[str, str]]:
    """Three to five short lines in a row of one page, joined: a table's cells without rules, which a
    PDF gives as lines of two or three columns run together ('4. Changes in All staff' / 'All Kaija's
    teachers have a' / 'school' / 'one-page summary; no' ...), where no one line holds a passage
    (short lines of a PDF are often taken for headings: here they are read all the same). `answers`
    says of each line whether it may hold what the plan says (`_answer_words`)."""
    units = corpus.units
    short = [said and len(u.text) < _SHORT_LINE for u, said in zip(units, answers, strict=True)]
    label = [s and _a_parts_label(u.text) for u, s in zip(units, short, strict=True)]
    for size in _RUNS:
        for i in range(len(units) - size + 1):
            run = units[i : i + size]
            same_place = all(u.where == run[0].where for u in run)
            if same_place and all(short[i : i + size]) and sum(label[i : i + size]) < 2:  # not a column of labels
                yield " ".join(u.text for u in run), run[0].where


def _a_parts_label(text: str) -> bool:
    """A line that opens with the label of one of the plan's parts ('Alternative provision considered')."""
    return any(label.match(text) for label in _ROW_LABELS)


_SENTENCE_BREAK = re.compile(r"(?<=[.;!?])\s+(?=[A-Z])")


def _passage_and_its_sentences(text: str) -> list[str]:
    """A passage, and each of its sentences where it has more than one: a paragraph can hold two
    parts of the plan ('While the hours are short: a key adult ... . Hamza comes in through
    reception before the crowd ...')."""
    sentences = [s for s in _SENTENCE_BREAK.split(text) if s.strip()]
    return [text, *sentences] if len(sentences) > 1 else [text]


# --- parts of the plan placed nowhere ---------------------------------------------------------

_KNOWN_OTHER = _p(
    r"\b(?:names?|pupil|student|child|young person|d\.?o\.?b|dates?|birth|years?|class|form|tutor|school|academy|primary|secondary|college|infants?|juniors?|nursery|trust|federation|address|"
    r"postcode|upn|uln|parents?|carers?|mother|father|mum|dad|guardian|sign\w*|meeting|attend\w*|present|hours?|timetable|"
    r"weeks?|days?|mon\w*|tue\w*|wed\w*|thu\w*|fri\w*|times?|start\w*|finish\w*|end\w*|return\w*|full[- ]time|reasons?|"
    r"background|context|history|risks?|safeguard\w*|circumstances?|looked after|lac|cla|protection|cp|in need|cin|ehc\w*|"
    r"sen\w*|team around|taf|court|youth|social|agree\w*|consent|contact|tel\w*|phone|mobile|e-?mail|ref\w*|re|to|from|"
    r"subject|cc|dear|strengths?|needs?|concerns?|views?|voice|wishes|feelings|comments?|notes?|additional|other|summary|"
    r"purpose|aims?|objectives?|medical|health|diagnos\w*|behaviour|incidents?|exclusions?|plan|version|status|location|"
    r"venue|transport|travel|lunch|break|subjects?|lessons?|periods?|sessions?|staff|teachers?|head\w*|senco|dsl|deputy|"
    r"assistant|role|position|title|organisation|agency|service|professionals?|distribution|copies|gp|ethnicity|gender|"
    r"language|religion|fsm|premium|attendance|support|help|targets?|outcomes?|actions?|signed|progress|completed|"
    r"considered|decisions?|attach\w*|details?|checklists?|supervis\w*|sexual|criminal|exploit\w*|cse|cce|cde|lives|"
    r"living|home|harm\w*|low|medium|high|assess\w*|information|tasks?|rewards?|applicable|sign-off|considerations?|"
    r"young|person|people|surname|forename|unsubscribe|hazards?|control|measures?|statuses|going|well|working|worried|"
    r"worries|came|met|taught|teach\w*|learn\w*|skills?|changes?|review\w*|yes|no|vulnerab\w*)\b",
)
"""Words of the labels a plan has besides the parts the guidance asks for (pupil, dates, hours,
background, views ...). A label made only of other words is a part we could not place."""
_PLACED = tuple(
    label_search(pattern)  # only whether one is found is asked
    for rule in TOPIC_RULES.values()
    for pattern in (rule.heading, rule.label)
    if pattern is not None
)
_SUBSTANTIVE = 25


def unplaced_parts(corpus: Corpus) -> tuple[str, ...]:
    """Labels and headings of the plan with something written under them that neither names a
    part the guidance asks for nor any other part plans have: where a part we look for may be,
    written in words we do not know ('What Kacper will be working on: ...')."""
    labels = [
        f.label
        for f in corpus.fields
        if f.rank <= 1 and len(f.value.strip()) >= _SUBSTANTIVE and not _in_placed_section(f.section)
    ]
    last_substantive = _last_substantive_unit(corpus)
    labels += [h.text for h in corpus.headings if last_substantive.get(h.section, -1) > h.order]
    found = [label.strip() for label in labels if label.strip() and not _placed(label)]
    return tuple(dict.fromkeys(found))


def _in_placed_section(section: str) -> bool:
    """A row of a part we know (the skills table's 'Organising equipment | ...')."""
    return bool(section) and any(p.search(section) for p in _PLACED)


def _last_substantive_unit(corpus: Corpus) -> dict[str, int]:
    """Each section's last unit with something written in it (one pass): a heading has content
    when one comes after it."""
    last: dict[str, int] = {}
    for u in corpus.units:
        if len(u.text) >= _SUBSTANTIVE:
            last[u.section] = max(u.order, last.get(u.section, -1))
    return last


_PERSON_ONLY = re.compile(r"^(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}$")


def _placed(label: str) -> bool:
    """Placed: a part we know, a name, a location ('Where Millie will be'), or too short or too
    long to be a part's own name (a fragment, a skills table's row)."""
    label = _form_apparatus_removed(label)
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]+", label)]
    if not 3 <= len(words) <= 6 or not label[:1].isupper() or _PERSON_ONLY.match(label):
        return True
    if len(label) > _MAX_LABEL or _NAMED_LABEL.search(label) or label.lower().startswith("where "):
        return True
    if _DATED.search(label) or _PEOPLE_ONLY.match(label):
        return True  # a signature row ('Mrs Philippa Hart Mrs Philippa Hart 06/10/2027'), not a part
    if any(p.search(label) for p in _PLACED):
        return True
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    return not content or any(_KNOWN_OTHER.fullmatch(w) or _KNOWN_OTHER.fullmatch(w.rstrip("s")) for w in content)


_FORM_APPARATUS = re.compile(
    r"^\s*(?:section|part|step)\s+(?:[A-Z]|\d{1,2}|[ivx]{1,4})\b\s*[-–—:.)]?\s*|\s*\([^()]{0,60}\)\s*$", re.I
)
"""A form's numbering of its sections ('SECTION B -', 'Part 2:') and its instructions in brackets
after a heading ('(answer every question)', '(delete as appropriate)')."""


def _form_apparatus_removed(label: str) -> str:
    """The heading's own words: 'SECTION B - VULNERABILITY (answer every question)' is 'VULNERABILITY'."""
    return _FORM_APPARATUS.sub("", label).strip()


_DATED = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_PEOPLE_ONLY = re.compile(rf"^(?:{TITLE}\s+(?:[^\W\d_][\w'’-]+\s*){{1,3}})+$")
"""Labels a part of a plan never has: a date, or people by title and name one after another."""


_FUNCTION_WORDS = frozenset(
    ["a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "at", "by", "with", "will", "be", "is", "are", "am", "we", "i", "you", "he", "she", "they", "his", "her", "their", "our", "my", "me", "us", "what", "who", "when", "where", "how", "why", "which", "this", "that", "it", "do", "does", "did", "has", "have", "had", "can", "could", "would", "should", "if", "as", "from", "into", "up", "out", "about", "after", "before", "being", "been", "was", "were", "s"]
)


def _topic(corpus: Corpus, rule: TopicRule, headings: frozenset[int]) -> Topic:
    if rule.label is not None:
        by_label = _checklist(corpus.tables, rule.label) or _by_label(corpus, rule, rule.label)
        if by_label is not None:
            return by_label
    if rule.heading is not None:
        found = _under_heading(corpus, rule.heading) or _under_column(corpus.tables, rule.heading)
        if found is not None:
            return found
    elif rule.label is not None:
        found = _answer_under_heading(corpus, rule.label)
        if found is not None:
            return found
    if rule.prose is not None:
        for unit, m in corpus.search(rule.prose):
            if (
                unit.source == "subject"
                or unit.order in headings
                or EMPTY_LABEL.match(unit.text)
                or corpus.is_unanswered_row(unit)
                or _unanswered_question(unit.text[m.end() :])
                or _UNTICKED_LABEL.match(unit.text)
                or _NO_ANSWER.search(unit.text[m.end() :])
            ):
                continue  # a part's name, or its row left empty: not what it says
            negative = bool(_NEGATIVE_PROSE.search(unit.text)) or bool(
                _NEGATIVE_VALUE.match(unit.text[m.end() :])
            )
            return Topic(True, Evidence(quote(unit.text), unit.where), negative=negative)
    return Topic(False)


_NOT_A_PART = re.compile(
    r"\bviews?$|\bvoice$|wishes and feelings|^(?:signed|signatures?|sign-off|agreement)$|"
    r"where things are|current (?:situation|position|picture)|\(rag\)$",
    re.I,
)
"""Sections whose words are no part of the plan: someone's view of it ('Parent / carer's view':
'Happy to try this if it gets back to full days quickly'), its signatures, how things stand now
('Where things are now (RAG)': 'Engagement in lessons - Amber - settles in practical subjects')."""


_NO_ANSWER = re.compile(r"(?:^\W*|\()(?:no answer(?: given)?|not answered|left blank)\)?\W*$", re.I)
"""What an online form prints for a question left unanswered ('Alternative provision considered
(no answer)')."""
_UNTICKED_LABEL = re.compile(r"^\s*(?:☐|□|\[\s?\])\s*[^.:;!?☒☑✓✔]{0,80}$")
"""A checklist's item left unticked with nothing written beside it ('☐ Skills to be taught')."""


def _by_label(corpus: Corpus, rule: TopicRule, label: re.Pattern[str]) -> Topic | None:
    """The value under the part's label: a field or a line's start, else inside a line of notes."""
    for hit in labelled(corpus, label, max_rank=1):
        value = own_value(hit.value)
        if (
            len(hit.label) <= _MAX_LABEL
            and not _blank(value)
            and not _heading_line(hit)
            and not _another_parts_name(value, rule)
            and not (_ONLY_DATES.match(value) and not _dates_answer(rule))
            and not (_dates_answer(rule) and _HELD_ALREADY.match(value))
        ):
            return Topic(True, hit.evidence(), negative=_says_no(value))
    return _labelled_inside(corpus, rule, label)


_ONLY_DATES = re.compile(r"^\W*(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\W*)+$")
"""A value that says when and nothing else ('Target date: 15/10/2027'): it answers a part of the
plan only where the part is a date (the reviews)."""


_HELD_ALREADY = re.compile(r"^\W*(?:was )?(?:held|took place|happened)\b", re.I)
_HELD_ALREADY_IN = re.compile(r"\b(?:was )?(?:held|took place)\b", re.I)
"""A review said to have been held ('Review held Wednesday 10 November 2027', a person-centred review's own
title): the meeting that made the plan, not the reviews to come."""


def _dates_answer(rule: TopicRule) -> bool:
    """The part of the plan that dates alone answer: the reviews."""
    return rule is TOPIC_RULES["review_schedule"]


_INNER_LABEL = re.compile(r"(?<=[.;]\s)(?P<label>[A-Z][^.:;?!\n]{2,50}):\s+(?P<value>.+?)(?=\s+[A-Z][^.:;?!\n]{2,50}:\s|$)")
"""A label and its value after another's in one line of notes ('Support agreed: ... . Skills
Elena will work on: ...'), the value up to the next such label."""


def _labelled_inside(corpus: Corpus, rule: TopicRule, label: re.Pattern[str]) -> Topic | None:
    """A part's label inside a run of labelled parts, after a sentence's end."""
    for unit in corpus.units:
        if unit.source == "subject":
            continue
        for m in _INNER_LABEL.finditer(unit.text):
            value = m.group("value").strip()
            if label.match(m.group("label")) and not _blank(value) and not _another_parts_name(value, rule):
                evidence = Evidence(quote(f"{m.group('label')}: {value}"), unit.where)
                return Topic(True, evidence, negative=_says_no(value))
    return None


_LABEL_REST = re.compile(r"^[^:.!?\n]{1,60}[:?]\s*")


_TICK_MARK = re.compile(r"[☐☒☑✓✔]|\[[ xX]\]")


def _says_no(value: str) -> bool:
    """A value that says it was not done: 'None', 'Not considered', a ticked No ('☐ Yes ☒ No')."""
    if _TICK_MARK.search(value) and tick_answer(value) is False:
        return True
    return bool(_NEGATIVE_VALUE.match(value))


def _another_parts_name(value: str, rule: TopicRule) -> bool:
    """The value is the name of another part, the next column's head ('SMART target | Support and
    strategies | Review date'): a header row, not an answer."""
    if len(value) > 40 or re.search(r"[\d;:.,]", value):
        return False
    return any(
        other is not rule and other.label is not None and other.label.match(value.strip())
        for other in TOPIC_RULES.values()
    )


_CONSIDERED_HEADS = re.compile(
    r"\b(?:consider(?:ed|ation)?\??|discuss(?:ed|ion)?\??|explored\??|looked at\??|tick(?:ed)?|y\s*/\s*n|yes\s*/\s*no)"
    r"\s*[|\t]?\s*(?:outcomes?|notes?|comments?)\s*$",
    re.I,
)
"""The column heads of a table of options considered ('Also considered | Tick | Outcome'): its
'Outcome' is what came of a consideration, not the plan's exit or any other part of the plan."""


def _heading_line(hit: Hit) -> bool:
    """A line that starts with a topic's name and runs on into more words of a heading
    ('Environment and systems'), with no separator: a heading over the value, not a value."""
    if hit.unit is None or hit.value != hit.unit.text[-len(hit.value) :]:
        return False
    text = hit.unit.text
    at = text.find(hit.label) + len(hit.label)
    joined = at < len(text) and text[at] not in ":-–—\t|"
    return joined and len(hit.value) < 25 and not re.search(r"\d|[.;,]", hit.value)


def own_value(value: str) -> str:
    """The value after the rest of a longer label: a label found by its first words ('Support
    offered') leaves 'alongside the timetable: TBC', whose value is 'TBC'."""
    rest = _LABEL_REST.match(value)
    if rest is None or _ANSWERED.match(rest.group(0)):
        return value  # 'Yes, considered: no outreach needed' answers; its colon ends no label
    answer = _ANSWER_IN_REST.search(rest.group(0))
    if answer is not None:  # '/ targeted early help family Yes | Yes, considered: no outreach needed'
        return value[answer.start() :]
    return value[rest.end() :]


_ANSWER_IN_REST = re.compile(r"(?<![(/])\b(?:yes|no)\b(?=\s+(?:yes|no)\b|\s*[|,]|\s+\w+,?\s+considered\b)", re.I)
"""A Yes or No answering the question inside what looked like the rest of its label (the
question's wrapped second line, its answer and comment run together)."""
_ANSWERED = re.compile(r"^\W*(?:yes|y|considered|discussed|explored|done)\b", re.I)

_UNTICKED = re.compile(r"^[\s☐□_.-]*$")
_TICKED = re.compile(r"[☒☑✓✔■]|^\s*[xX]\s*$")


_OPTION = r"(?:yes|no|n/?a|y|n)\b"
_BOX = r"(?:[☐□○◯]|\[\s?\]|\(\s?\))"
_OPTIONS_UNMARKED = re.compile(
    rf"^\s*(?:{_BOX}\s*{_OPTION}\s*[/|,]?\s*){{2,}}$|^\s*(?:{_OPTION}\s*{_BOX}\s*[/|,]?\s*){{2,}}$|^\s*yes\s*/?\s*no\s*$|"
    rf"^\s*{_BOX}\s*yes\s*{_BOX}\s*n[eo]\s*$",
    re.I,
)
"""A question's options with none marked ('☐ Yes ☐ No', 'Yes [ ] No [ ]', 'YES / NO' or 'Yes No' with
neither struck through or ringed, '☐ Yes ☐ Ne' as OCR reads it): the question was left unanswered."""


def _blank(value: str) -> bool:
    """No value, only an empty tick box ('☐'), options none of which is marked, or the next
    table's column heads read as the value of a row left empty ('EHA: Name Signature Date')."""
    return (
        is_empty(value)
        or bool(_NO_ANSWER.search(value))
        or bool(_UNTICKED.match(value))
        or bool(_OPTIONS_UNMARKED.match(value))
        or bool(_HEADS_ONLY.match(value))
        or bool(LABEL_CONTINUED.match(value))
        or bool(LABEL_NOTE.fullmatch(value.strip()))  # only a label's note ('... successful? (exit)')
        or bool(_PROMPT_LEFT_OPEN.fullmatch(value))
    )


_PROMPT_LEFT_OPEN = re.compile(
    r"\W*(?:[\w'’-]+\s+){1,6}(?:when|by|on|if|until|after|once|is|are|will be|to|the|a|that|because)\W*", re.I
)
"""A form's prompt with nothing after it ('The phased return ends when'): the box left empty."""


_HEADS_ONLY = re.compile(
    r"^\s*(?:(?:print(?:ed)? )?name|signature|signed|date|role|tick|y/n|notes?|comments?|by whom|who|when|"
    r"target date|review date)(?:\s*[|/,]?\s*(?:(?:print(?:ed)? )?name|signature|signed|date|role|tick|y/n|notes?|"
    r"comments?|by whom|who|when|target date|review date))+\s*$",
    re.I,
)
"""Two or more column heads and nothing else."""


def _unanswered_question(text: str) -> bool:
    """After a part's name, the rest of its question and options none of which is marked
    ('Alternative provision| considered? ☐ Yes ☐ No', 'Early Help Assessment (EHA) ☐ Yes ☐ No')."""
    text = _ABBREVIATION.sub("", text, count=1)
    rest = _QUESTION_REST.match(text) or _WORDS_BEFORE_BOXES.match(text)
    return bool(_OPTIONS_UNMARKED.match(text[rest.end() :] if rest else text))


_WORDS_BEFORE_BOXES = re.compile(r"^(?:\s*[\w'’()/-]+){1,4}\s*(?=[☐□]|\[\s?\])")
"""The rest of a part's name before its boxes ('An alternative provision| place ☐ Yes ☐ No')."""


def _question_left_unanswered(text: str) -> bool:
    """A form's question with its options and none marked ('EHA considered? ☐ Yes ☐ No'):
    a question alone, which says nothing."""
    asked = _ASKED.match(text) or _NAME_BEFORE_BOXES.match(text)
    return bool(asked) and bool(_OPTIONS_UNMARKED.match(text[asked.end() :])) if asked else False


_NAME_BEFORE_BOXES = re.compile(r"^[^.;:!?☐☒\n]{3,80}?(?=\s*☐)")
"""A row's name before its options, with no question mark ('Early Help Assessment (EHA) ☐ Yes ☐ No')."""


_ABBREVIATION = re.compile(r"^\s*\([^()]{1,20}\)")
"""A part's short name in brackets after its name ('Early Help Assessment (EHA)')."""
_ASKED = re.compile(r"^[^?:\n]{3,120}[?:]+\s*")
_QUESTION_REST = re.compile(r"^[^:.!?\n]{0,60}[:?]+\s*")


def _checklist(tables: list[Table], label: re.Pattern[str]) -> Topic | None:
    """A checklist row ('Review dates set | ☐ | ☒ | '): ticked Yes is found, ticked No is found
    to say it was not done."""
    in_label = label_search(label).search
    for table in tables:
        columns = _yes_no_columns(table)
        if columns is None:
            continue
        yes, no = columns
        for row in table.rows:
            if not row or not in_label(row[0]) or max(yes, no) >= len(row):
                continue
            said_yes, said_no = bool(_TICKED.search(row[yes])), bool(_TICKED.search(row[no]))
            if said_yes != said_no:
                evidence = Evidence(
                    quote(f"{row[0]}: {'Yes' if said_yes else 'No'} {' '.join(row[max(yes, no) + 1 :])}"),
                    table.where,
                )
                return Topic(True, evidence, negative=said_no)
    return None


def _yes_no_columns(table: Table) -> tuple[int, int] | None:
    for row in table.rows[:2]:
        cells = [c.strip().lower() for c in row]
        if "yes" in cells and "no" in cells:
            return cells.index("yes"), cells.index("no")
    return None


def _under_heading(corpus: Corpus, heading: re.Pattern[str]) -> Topic | None:
    for head in corpus.headings:
        if not heading.search(head.section) or corpus.is_row_left_empty(head) or _HELD_ALREADY_IN.search(head.section):
            continue  # a table row left empty ('Review | '): the next row is no answer to it; nor is a past event's title
        content = [
            u
            for u in corpus.units
            if u.section == head.section
            and u.order > head.order
            and document_of(u.where) == document_of(head.where)
            and u is not head
        ]
        content = [
            u
            for u in _up_to_next_question(content)
            if u.text != head.text
            and _is_content_of(u.text, heading)
            and not _PROMPT_LEFT_OPEN.fullmatch(u.text)
            and not is_empty(u.text)
            and not corpus.is_row_left_empty(u)
        ][:3]  # a page's repeat of the heading row is none of its content, nor a prompt or a row left open
        if content and head.text.rstrip().endswith(":") and _ANOTHER_LABEL.match(content[0].text):
            continue  # an empty 'Review cycle:' over the next box's 'Safeguarding: ...'
        if content:
            negative = all(_NEGATIVE_VALUE.match(u.text) for u in content)
            return Topic(True, _content_evidence(head, content), negative=negative)
    return None


_ANOTHER_LABEL = re.compile(r"^(?!(?:yes|no|n/?a)\b)[A-Z][\w /&'’()-]{2,40}:\s+\S")
"""A line that is another box's label and its answer ('Safeguarding: Risk assessment completed')."""


def _up_to_next_question(units: list[Unit]) -> list[Unit]:
    """The lines under a heading up to the form's next numbered question, which has its own."""
    for i, unit in enumerate(units):
        if NEXT_QUESTION.match(unit.text):
            return units[:i]
    return units


_PAGE_FURNITURE = re.compile(
    r"\bpage \d+(?: of \d+)?\s*$|^\W*(?:official[- ]sensitive|confidential|private and confidential)\W*$", re.I
)
"""A running header or footer ('Bladon Heath Primary - confidential Page 1 of 2'): not content."""


_OTHER_PART_ROW = re.compile(
    r"^\W*(?:[A-Z]?\d{1,2}[.)]?\s+)?(?:(?:safeguarding )?risk assessment|signed\b|signatures?\b|"
    r"(?:date of )?(?:the )?meeting (?:date|held|attended)|parent(?:/carer)?(?:'s)? (?:signature|consent|agreement))",
    re.I,
)
"""Rows of parts that are not plan topics (the risk assessment, the meeting, the signatures):
under an empty topic heading they are the next row, not its answer ('EXIT STRATEGY:' over
'RISK ASSESSMENT: completed ...')."""


_RATING_SCALE = re.compile(r"^\W*(?:scal(?:e|ing)|rating)\b[^:]{0,40}\(\s*0\s*=[^)]*\b10\s*=", re.I)
"""A scaling question's ratings ('Scaling (0 = full days feel impossible, 10 = ...): mum 3; school 3'): where
each person stands, not what the part says (Signs of Safety forms put it under the safety goal)."""


def _is_content_of(text: str, heading: re.Pattern[str]) -> bool:
    """A line written under the heading: not page furniture, and not a row that starts with
    another part's own label ('Skills focus ...' under a heading about changes in school,
    'Responsible member of staff Ms Baptiste' under an empty 'Success criteria and exit')."""
    if len(text) < 8 or _PAGE_FURNITURE.search(text) or _RATING_SCALE.match(text):
        return False
    if _NAMED_LABEL.match(text) or _OTHER_PART_ROW.match(text) or NEXT_QUESTION.match(text):
        return False
    return not any(
        label.match(text) and not heading.match(text) for label in _ROW_LABELS if label is not None
    )


def _answer_under_heading(corpus: Corpus, label: re.Pattern[str]) -> Topic | None:
    """A 'considered' item set as a heading with its answer on the line below ('External
    support' over 'Yes - EP consultation requested ...')."""
    for head in corpus.headings:
        if not label.match(head.section) or len(head.section) > _MAX_LABEL or corpus.is_row_left_empty(head):
            continue
        line = _line_under(corpus, head)
        if line is not None and not _blank(line.text):
            evidence = Evidence(quote(f"{head.text}: {line.text}"), line.where)
            return Topic(True, evidence, negative=_says_no(own_value(line.text)))
    return None


def _under_column(tables: list[Table], heading: re.Pattern[str]) -> Topic | None:
    """A table whose header cell names the topic ('Target | Strategies | Success criteria'),
    with something written under it."""
    for table in tables:
        rows = without_title_row(table.rows)  # 'Outcomes' over the column heads
        header = rows[0] if rows else ()
        if sum(1 for cell in header if cell.strip()) < 2:
            continue  # a label over nothing ('What new skills will be taught? | '), not a header row
        if _CONSIDERED_HEADS.search(" | ".join(c for c in header if c.strip())):
            continue  # the outcome of each option considered, not a part of the plan
        for col, name in enumerate(header):
            if not name or len(name) > _MAX_LABEL or not heading.search(name):
                continue
            cells = [r[col] for r in rows[1:] if col < len(r) and len(r[col].strip()) >= 8]
            if cells:
                negative = all(_NEGATIVE_VALUE.match(c) for c in cells)
                return Topic(True, Evidence(quote(f"{name}: {cells[0]}"), table.where), negative=negative)
    return None


def _content_evidence(head: Unit, content: list[Unit]) -> Evidence:
    return Evidence(quote(f"{head.text}: {content[0].text}"), content[0].where)


# --- the named person ------------------------------------------------------------------------

_NAMED_LABEL = _label(NAMED_PERSON_WORDS)
_NAMED_HEADING = _p(
    rf"^(?:(?:section |part )?[a-z]?\d{{1,2}}(?:\.\d{{1,2}})?[.):]?\s+)?(?:(?:my|our|the|his|her|their) )?(?:{NAMED_PERSON_WORDS})\b"
)
_NAMED_NOTE = _p(
    r"\((?:the |our )?(?:named person|plan lead|lead for (?:the|this) plan|key adult|key worker)\)|[,–-]\s*(?:the )?named person\b|"
    r",? who (?:leads|will lead|co-?ordinates) the plan\b"
)
"""The role written beside a person: 'Mrs Pryce, Deputy Headteacher (named person)'."""
_PERSON = r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}"
_ROLE_ASIDE = (
    r"(?:,[^,.]{1,40},|,[^,.]{1,40}?(?=\s+(?:is|will|has|acts|leads|oversees|co-?ordinates)\b)|"
    r"\s*\((?:[^()]|\([^()]*\))*\))?"
)
"""'Mr Blake, Head of Year 7,' or 'Mrs Grant (Assistant Head (Inclusion))' between a name and its verb;
'Mr Aydın, Head of Year 11 will be responsible ...' without its closing comma."""
_NAMED_IN_PROSE = re.compile(
    rf"(?P<who>{_PERSON}){_ROLE_ASIDE}\s+(?:is|will be|has been|acts as) (?:the |our |his |her |their )?"
    rf"(?:named person|key (?:worker|adult|person)|lead professional|plan co-?ordinator|"
    rf"(?:person|member of staff) (?:in school )?responsible)|"
    rf"(?P<who3>{_PERSON}){_ROLE_ASIDE}\s+(?:leads|will lead|co-?ordinates|will co-?ordinate|is responsible for|"
    rf"will be responsible for|has responsibility for|oversees|will oversee) (?:the|this|his|her|their) (?:plan|timetable)\b|"
    rf"(?:named person|key worker|lead professional|plan co-?ordinator)(?: (?:for|responsible for) (?:the|this) plan)?"
    rf"(?: in school)? (?:is|will be) (?P<who2>{_PERSON})|"
    rf"\b(?i:(?:the|this|his|her|their) (?:plan|timetable|PSP|ILP|PEP)(?: in school)? (?:is|will be|has been) "
    rf"(?:led|co-?ordinated|overseen|owned|managed|run) by) (?P<who4>{_PERSON})|"
    rf"(?P<who5>{_PERSON}){_ROLE_ASIDE}\s*[:–-]\s*(?:to )?(?:lead|oversee|co-?ordinate|own|manage|run) "
    rf"(?:the|this|his|her|their) (?:plan|timetable)\b"
)
"""'Mr Blake, Head of Year 7, is the named person'; 'The key worker will be Mrs Patel'; a task
list's 'Mr Kwesi Danquah-Lowe: lead the plan in school'."""


def _prose_name(m: re.Match[str]) -> str:
    return m.group("who") or m.group("who2") or m.group("who3") or m.group("who4") or m.group("who5")


def named_person_in_plan(
    corpus: Corpus, signatures: tuple[Signature, ...]
) -> tuple[str | None, Evidence | None]:
    """The person in school responsible for the plan, where the plan names them in other words:
    a label or heading ('Key worker', 'Plan coordinator', 'Lead professional in school',
    'Responsible member of staff'), or '(named person)' beside someone who signs or attends."""
    hit = _named_by_label(corpus)
    if hit is not None:
        return clean_name(hit.value) or hit.value.strip()[:80], hit.evidence()
    for sig in signatures:
        if sig.evidence is not None and _NAMED_NOTE.search(sig.evidence.text):
            return sig.name or quote(sig.evidence.text, 80), sig.evidence
    for unit, m in corpus.search(_NAMED_IN_PROSE):
        if unit.source != "subject" and not outside_school(m.group(0)):
            return _prose_name(m), Evidence(quote(unit.text), unit.where)
    for unit, _m in corpus.search(_NAMED_NOTE):
        if unit.source != "subject":
            return _name_before_note(unit.text), Evidence(quote(unit.text), unit.where)
    return None, None


def _named_by_label(corpus: Corpus) -> Hit | None:
    for hit in labelled(corpus, _NAMED_LABEL, max_rank=1):
        if len(hit.label) <= _MAX_LABEL and not names_no_one(hit.value) and not outside_school(hit.value):
            return hit
    for head in corpus.headings:
        if not _NAMED_HEADING.search(head.section):
            continue
        line = _line_under(corpus, head)
        if line is not None:
            return Hit(line.text, line.where, head.text, line)
    return None


def _line_under(corpus: Corpus, head: Unit) -> Unit | None:
    """The first line under a heading; or the next line when it is only a name, which a short
    line is often taken for a heading of its own ('9. Named person' over 'Ms Gemma Rowe, Deputy Head')."""
    under = [
        u for u in corpus.units if u.section == head.section and u.order > head.order and len(u.text) >= 5
    ]
    if under:
        return under[0]
    following = corpus.units[head.order + 1] if head.order + 1 < len(corpus.units) else None
    if following is not None and following.where == head.where and clean_name(following.text):
        return following
    return None


def _name_before_note(text: str) -> str | None:
    note = _NAMED_NOTE.search(text)
    before = text[: note.start()] if note else text
    for piece in reversed(re.split(r"[;|•]|\s{2,}", before)):
        name = clean_name(piece.strip(" ,(-–"))
        if name:
            return name
    return None
