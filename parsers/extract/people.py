"""Who: the pupil, the school, the named person, and the role a person signs or writes as."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from parsers.extract.corpus import Corpus, Unit
from parsers.extract.dates import first_date
from parsers.extract.lookup import Hit, is_empty, labelled
from parsers.extract.names import NAME, SURNAME, TITLE, TOKEN, alike, folded, in_shadow, name_words
from parsers.extract.nlp import pupil_name_in_prose
from parsers.facts import Pupil, School

# Roles, most specific first: 'School (SENCo)' is school, 'LA SEN Team' is sen_team.
ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("virtual_school", re.compile(r"virtual school|\bVSH?\b|designated teacher for looked after", re.I)),
    ("youth_justice", re.compile(r"youth (?:offending|justice)|\bYO[STY]\b|\bYJ[ST]?\b", re.I)),
    (
        "sen_team",
        re.compile(
            r"\bSEN(?:D)?\s+(?:team|casework|case ?officer|officer)|(?:LA|local authority)\s+SEN", re.I
        ),
    ),
    (
        "early_help",
        re.compile(
            r"early help (?:worker|practitioner|officer|coordinator|team|lead)|\bLCSS\b|family (?:support )?worker|"
            r"lead practitioner|\(early help\)|\bTAF (?:lead|co-?ordinator|chair)",
            re.I,
        ),
    ),
    ("social_worker", re.compile(r"social (?:worker|care)|\bSW\b|children'?s services|family solutions(?: plus)?", re.I)),
    (
        "parent",
        re.compile(
            r"parent|carer|mother|father|\bmum\b|\bdad\b|guardian|grandparent|step-?(?:mother|father)", re.I
        ),
    ),
    (
        "pupil",
        re.compile(r"\b(?:pupil|student|learner|young person|passport holder)\b|^child$|^\s*me\s*(?:\(|$)|\(me\)", re.I),
    ),
    (
        "school",
        re.compile(
            r"school|head|teacher|senco|\bDSL\b|deputy|principal|year\b|pastoral|inclusion|class lead|key stage \d|phase lead|"
            r"(?:behaviour|attendance|learning|achievement|academic|progress|engagement|transition)"
            r"(?: and (?:behaviour|attendance|learning))? mentor|"
            r"named person|lead (?:person|adult|member of staff)|key adult|key worker lead|academy|college|tutor|"
            r"(?:behaviour|attendance|plan|reset|support|pastoral|inclusion|wellbeing) lead|"
            r"learning support|(?:support|learning|nurture|inclusion|learning support) base|base (?:manager|lead)|family liaison",
            re.I,
        ),
    ),
)
_PUPIL_LABEL = re.compile(
    r"^(?:(?:pupil|child|student|young person|learner)(?:'s|’s)?\s*(?:full\s*|legal\s*)?name|"
    r"name of (?:the )?(?:pupil|child|student|young person)|(?:pupil|child|student|young person|learner)\s*$)",
    re.I,
)
_DOB_LABEL = re.compile(r"^(?:date of birth|d\.?o\.?b\.?)", re.I)
_YEAR_LABEL = re.compile(r"^(?:year group|year|NCY|national curriculum year)\s*$|^year group", re.I)
_UPN_LABEL = re.compile(r"^(?:UPN|unique pupil number)", re.I)
_SCHOOL_LABEL = re.compile(r"^(?:school|school name|name of school|setting|academy)\s*$|^school name", re.I)
_LABEL_END = r"(?=\s*(?:$|:|[-–—]\s))"
"""Where a label of its own ends: the line's end, or a colon or dash before its value
('Responsible in school - Ms Brandon, Student Support Manager')."""
NAMED_PERSON_WORDS = (
    r"named (?:person|member of staff|lead|contact)(?: (?:responsible for|in charge of) (?:the|this) (?:plan|timetable))?|"
    r"key (?:worker|person|adult|contact|staff|member of staff)|"
    r"(?:plan|programme|program) (?:co-?ordinator|lead|owner)|lead professional(?: in school)?|"
    rf"lead (?:member of staff|staff member|staff|adult|person|worker|for the plan)|staff lead|lead{_LABEL_END}|owner of the plan|(?:case |plan |IHP |PSP |ILP |PEP |RTT )?owner(?: in school)?{_LABEL_END}|"
    rf"responsible (?:member of staff|person|adult|staff member|staff|teacher)|responsible(?: in school)?{_LABEL_END}|"
    r"(?:person|member of staff|staff member|staff) (?:responsible|accountable)|"
    r"(?:member of staff|staff member|person|adult|teacher) (?:overseeing|leading|co-?ordinating) (?:the|this) plan|"
    r"(?:responsible|accountable) for (?:the|this) (?:plan|timetable|agreement|statement|programme)|(?:main|school) (?:point of )?contact|point of contact|"
    r"supervisor responsible|"
    rf"your (?:main |key )?contact(?: (?:in|at) school)?{_LABEL_END}|"
    r"(?:plan )?co-?ordinator|trusted adult|plan lead|(?:PSP|ILP|PEP|RTT) lead|lead (?:in|at|for) school|"
    r"(?:school )?lead (?:for|of|on) (?:the |this |his |her |their )?(?:timetable|plan|(?:phased )?return|reintegration|programme)|"
    r"(?:who(?:'s| is) )?in charge of (?:the|this) (?:plan|timetable)|who (?:leads|is leading) (?:the|this) plan|"
    rf"who(?:'s|’s| is) responsible(?: for (?:the|this|it|his|her) ?(?:plan|timetable)?)?{_LABEL_END}|"
    rf"my (?:key |main |named |trusted |go-to )?(?:person|adult|member of staff|helper)(?: (?:in|at) school)?{_LABEL_END}|"
    rf"(?:the )?(?:person|adult) I (?:can )?(?:go|talk|turn) to(?: (?:in|at) school)?{_LABEL_END}|"
    r"(?:the )?(?:person|adult|member of staff|staff member|teacher) (?:who|that) (?:looks after|is in charge of|leads|runs|"
    r"oversees|keeps an eye on|co-?ordinates|holds) (?:this|the|my|his|her|their) plan\b"
)
"""The words a plan labels its named person with: one list for labels, headings and rows
(`people.named_person`, `topics`), a pupil's own words included ('My person in school')."""
_NAMED_LABEL = re.compile(rf"^(?:{NAMED_PERSON_WORDS})|(?:responsible|accountable) for (?:the|this) (?:plan|timetable|agreement)", re.I)
_NAME = NAME
_YEAR_IN_TEXT = re.compile(r"\b(?:Year|Yr|Y)\s?(?P<y>[1-9]|1[0-3]|R)\b|\b(?P<r>Reception)\b", re.I)
_UPN = re.compile(r"\b[A-Z]\d{11}[0-9A-Z]\b")
_URN = re.compile(r"\bURN\s*:?\s*(?P<urn>\d{6})\b", re.I)
_NOT_NAMES = re.compile(
    r"^(?:Year|Reintegration|Reduced|Timetable|Plan|Pupil|School|Academy|Primary|Concern|Re|Fw|Fwd|"
    r"Part|Time|Pastoral|Support|Individual|Learning|Notification|County|Attendance|Team|Dear|Please|"
    r"The|Monday|Tuesday|Wednesday|Thursday|Friday|Automatic|Reply|Name|Names|Full|Legal|Forenames?|Surname|Child|"
    r"Student|Learner|Relationship|Relation|Role|Signature|Signed|Date|Lives|Agency|Position|Contact)$"
)


def role_of(text: str) -> str:
    """The signature role a label describes ('Parent/carer' -> parent)."""
    for role, pattern in ROLE_PATTERNS:
        if pattern.search(text):
            return role
    return "other"


_NEXT_LABEL = re.compile(r"\s+[A-Z][A-Za-z]*(?: [a-z]+){0,3}:")
"""The next 'Label:' after a name ('Mrs Claire Bennett Relationship: mother')."""
_AFTER_NAME = re.compile(
    r"\s*[(,;–—]|\s-\s|\s+(?:Year|Y\d|DOB|D\.O\.B|aged|born|Date of birth|Date|Parent|Carer|Gender|UPN|Class)\b"
)
"""What ends a name in a row run together: 'Name Wiktoria Wiśniewska Date of birth 19/03/2015'."""


def clean_name(value: str) -> str | None:
    """The person's name at the start of a value: 'Mrs Claire Bennett (mother)' -> 'Mrs Claire Bennett'.
    Names are read in any script (names.py): 'Zofia Wiśniewska (Year 8)' -> 'Zofia Wiśniewska'."""
    text, shadow = in_shadow(value.strip())
    for stop in (_NEXT_LABEL, _AFTER_NAME):
        cut = stop.search(shadow)
        if cut:
            text, shadow = text[: cut.start()], shadow[: cut.start()]
    m = _NAME.match(shadow)
    if not m:
        return None
    words = [w for w in text[: m.end()].split() if not _NOT_NAMES.match(w)]
    return " ".join(words) if len(words) >= 2 else None


def _with_accents(corpus: Corpus, name: str) -> str:
    """The subject's name as the mail's own words spell it: subjects often lose accents
    ('Mateo Ramirez (Y9)' over 'Mateo Ramírez (DOB 07/07/2012)')."""
    texts = [u.text for u in corpus.units if u.source in ("body", "forward", "attachment")]
    written = pupil_name_in_prose(texts)
    if written and written != name and _same_word(written, name):
        return written
    return accented_words(name, texts)


_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")


def accented_words(name: str, texts: list[str]) -> str:
    """Each word of a name typed without accents as the mail's words write it with them, where
    they are the same word once folded: 'Ronan Ni Mhurchu' in a subject over 'her son Rónán' and
    'Ms Ní Mhurchú' in the body is 'Rónán Ní Mhurchú'. The spelling written most often wins."""
    wanted = {folded(w).casefold() for w in name.split() if w.isascii()}
    seen: dict[str, Counter[str]] = {}
    for text in texts:
        for m in _WORD.finditer(text):
            word = m.group(0)
            key = folded(word).casefold()
            if key in wanted and not word.isascii() and word[0].isupper():
                seen.setdefault(key, Counter())[word] += 1
    out = []
    for w in name.split():
        spellings = seen.get(folded(w).casefold())
        out.append(spellings.most_common(1)[0][0] if spellings and w.isascii() and w[:1].isupper() else w)
    return " ".join(out)


def _strip_title(name: str) -> str:
    return re.sub(rf"^{TITLE}\s+", "", name)


def pupil_name(corpus: Corpus) -> tuple[str | None, Hit | None]:
    name, hit = _pupil_name_found(corpus)
    if name is not None and hit is not None and hit.where not in ("subject", "body"):
        name = _with_its_accents_elsewhere(corpus, _as_the_mail_spells_it(corpus, name))
    given = _given_names_in_subject(corpus)
    if given and (name is None or not any(_names_the_given(name, g) for g in given)):
        anchored = _name_after_given(corpus, given)
        if anchored is not None:
            return anchored
    if name is not None and given:
        name = _given_as_the_subject_spells_it(name, given)
    return name, hit


@dataclass(frozen=True)
class _Given:
    """A first name the subject gives, with what it writes after it: the surname's initials
    ('Zuzanna W', 'Emre Y-S', 'Caoimhe NB'), the surname ('Maja Kowalska-Quinn support plan'),
    or nothing ('Khôi - signed coaching plan', "Elif's plan")."""

    name: str
    initials: str = ""
    surname: str = ""


_SUBJECT_GIVEN = re.compile(
    rf"(?<![\w'’-])(?P<given>{TOKEN})(?:['’]s\b|\s+(?P<initials>[A-Z]{{1,3}}|[A-Z]-[A-Z])\.?(?![\w'’-])|"
    rf"\s+(?P<surname>{SURNAME}(?:\s+{SURNAME}){{0,2}}))?"
)
_NOT_GIVEN = re.compile(
    r"^(?:Photos?|Scan(?:ned)?|Fax(?:ed)?|Copy|Early|Help|Young|Carer|Home|Agreement|Signed|Record|Review|Minutes|"
    r"Letter|Memo|Statement|Form|Urgent|Concern|Referral|Return|Phased|Graded|Coaching|Passport|Map|Booklet|"
    r"Profile|Support|Action|Provision|Health|Care|Safety|Risk|Assessment|Notification|Shorter|Days?|Hours?)$"
)


_AFTER_AN_ARTICLE = re.compile(r"\b(?:a|an|the)\s+$", re.I)
"""A capitalised word after an article is no one's first name ('Taxi times for a Bure Park pupil')."""


def _given_names_in_subject(corpus: Corpus) -> list[_Given]:
    subject = corpus.newest.subject if corpus.newest else ""
    subject = re.sub(r"^(?:(?:re|fw|fwd|aw)\s*:\s*)+", "", subject, flags=re.I)
    text, shadow = in_shadow(subject)
    out = []
    for m in _SUBJECT_GIVEN.finditer(shadow):
        given = re.sub(r"['’]s$", "", text[m.start("given") : m.end("given")])  # "Elif's plan"
        if _NOT_NAMES.match(given) or _NOT_GIVEN.match(given) or _AFTER_AN_ARTICLE.search(shadow, 0, m.start()):
            continue
        initials = (m.group("initials") or "").replace("-", "")
        surname = text[m.start("surname") : m.end("surname")] if m.group("surname") else ""
        out.append(_Given(given, folded(initials).upper(), surname))
    return out[:3]


def _same_word(a: str, b: str) -> bool:
    return folded(a).casefold() == folded(b).casefold()


def _names_the_given(name: str, given: _Given) -> bool:
    """The name holds the subject's first name, as written or nearly ('Zoé' for 'Zoë')."""
    return any(alike(word, given.name) or _same_word(word, given.name) for word in name.split())


def _initials(surname: str) -> str:
    return "".join(part[0] for part in re.split(r"[\s-]+", folded(surname).upper()) if part)


def _fits_subject(name: str, given: _Given) -> bool:
    """The name after the first name agrees with what the subject writes after it."""
    surname = name.split(maxsplit=1)[1]
    if given.initials:
        return _initials(surname) == given.initials
    if given.surname:
        return alike(f"{given.name} {given.surname}", name)
    return True


_AS_PUPIL = r"\s*[(,–—-]?\s*(?:pupil|young person|child|student|learner|the child)\b"
_PUPIL_BEFORE = re.compile(r"\b(?:pu?p\w*|name|child|student|stud\w*nt|learner|young person|re|for|about)\W*$", re.I)
"""What stands before the pupil's full name on its line: a label as OCR may misread it ('Pupll',
'Studant', 'bupil name', 'My name'), 'Re' or 'for'."""
_ROW_OF_DETAILS = re.compile(r"\s*(?:$|[|/,]|\d|\(?(?:Year|Yr|DOB|D\.O\.B|Date of birth|born|Class|Tutor)\b)", re.I)
"""What follows a name that opens its line as a row of the pupil's details does: nothing, a date,
a year group ('Ayaan Abdullahi 03/03/2015 8', 'Oliwer Wróbel | Year 7 | DOB 30/01/2016')."""


def _pupil_line(before: str, after: str) -> bool:
    if before.strip(" \t*•.-"):
        return bool(_PUPIL_BEFORE.search(before))
    return bool(_ROW_OF_DETAILS.match(after))


def _name_after_given(corpus: Corpus, givens: list[_Given]) -> tuple[str, Hit] | None:
    """The pupil's full name where the files write it after the first name the subject gives
    ('Zuzanna W - signed memo (photos)' over a scan's 'Zuzanna Wiśniewska'), when the file reads
    no pupil's name or one without that first name ('Wisniewski Manager'). The subject's initials
    or surname must fit; a bare first name counts where the files call it the pupil's
    ('Khôi (Pupil, for part of the meeting)') or write the name after a pupil's label."""
    units = [u for u in corpus.units if u.source in ("attachment", "body", "forward")]
    lines: list[tuple[Unit | None, str]] = [(u, line) for u in units for line in u.text.splitlines()]
    lines += [(None, cell) for t in corpus.tables for row in t.rows for cell in row if cell]
    shadowed = [(unit, *in_shadow(line)) for unit, line in lines]
    for given in givens:
        word = re.escape(in_shadow(given.name)[1].lower())
        as_pupil = any(re.search(rf"(?<![\w'’-]){word}{_AS_PUPIL}", sh.lower()) for _, _, sh in shadowed)
        found: Counter[str] = Counter()
        first_unit: dict[str, Unit] = {}
        for maybe_unit, line, sh in shadowed:
            for m in re.finditer(rf"(?<![\w'’-]){word}(?![\w'’-])", sh.lower()):
                name = clean_name(line[m.start() :])
                if name is None or role_of(name) != "other" or not _fits_subject(name, given):
                    continue
                after = line[m.start() + len(name) :] if line[m.start() :].startswith(name) else "?"
                if given.initials or given.surname or as_pupil or _pupil_line(line[: m.start()], after):
                    key = _given_as_the_subject_spells_it(name, [given])
                    found[key] += 1
                    if maybe_unit is not None:
                        first_unit.setdefault(key, maybe_unit)
        if found:
            name = found.most_common(1)[0][0]
            unit = first_unit.get(name)
            return name, Hit(name, unit.where if unit else "attachment", "", unit)
    return None


def _given_as_the_subject_spells_it(name: str, givens: list[_Given]) -> str:
    """The name's first word as the subject spells it, where the two are the same word once
    folded and the subject's has as many accents or more ('Zoë K-H' over a scan's 'Zoé
    Kowalewska-Hart', 'Yağmur' over 'Yagmur')."""
    first, _, rest = name.partition(" ")
    for given in givens:
        if rest and first != given.name and _same_word(first, given.name) and _accents(given.name) >= _accents(first):
            return f"{given.name} {rest}"
    return name


def _as_the_mail_spells_it(corpus: Corpus, name: str) -> str:
    """A name read from a file as the sender typed it in the subject or the message, when the two
    are the same name: with its accents ('Brid Ni Chonaill' / 'Bríd Ní Chonaill'), or spelt
    right where a scan was misread ('Szymon Jabtoriski' / 'Szymon Jabłoński')."""
    typed = _name_from_subject(corpus)
    if typed is None:
        return name
    if len(typed.split()) != len(name.split()):
        return typed if _misread_as(name, typed) else name
    if _same_word(typed, name):
        return typed if _accents(typed) > _accents(name) else name
    if alike(typed, name) and _accents(typed) >= _accents(name):
        return typed
    return typed if _misread_as(name, typed) else name


def _with_its_accents_elsewhere(corpus: Corpus, name: str) -> str:
    """Each word of a name read off a scan without its accents ('Kovari-Nagy'), as another place
    in the messages writes the same word with them (the mother's typed 'Mrs Eniké Kővári' in the
    signatures): the same word once folded, with more accents; not where the only accents sit
    where a speck reads as one ('Íonescu'), unless the mail itself types it so.
    Unlike `accented_words` (a name typed without accents, respelt as the mail writes it), this
    weighs the plain spellings too, as OCR writes both."""
    if _accents(name) and all(_accents(part) for part in name.split()):
        return name
    seen: dict[str, Counter[str]] = {}
    typed: set[str] = set()
    for unit in corpus.units:
        for word in _WORD.findall(unit.text):
            for piece in word.split("-"):
                seen.setdefault(folded(piece).casefold(), Counter())[piece] += 1
                if unit.source in ("subject", "body", "forward"):
                    typed.add(piece)

    def respelt(piece: str) -> str:
        spellings = seen.get(folded(piece).casefold(), Counter())
        accented = max(spellings, key=lambda w: (_accents(w), w in typed, spellings[w]), default=piece)
        trusted = accented in typed or not _only_specks(accented, piece)
        return accented if _accents(accented) > _accents(piece) and trusted else piece

    return " ".join("-".join(respelt(piece) for piece in part.split("-")) for part in name.split())


_SPECK_PRONE = frozenset("iIlj")


def _only_specks(accented: str, plain: str) -> bool:
    """Every accent the other spelling adds sits on an 'i', 'I', 'l' or 'j', where a speck on the
    page reads as one ('Íonescu')."""
    return len(accented) == len(plain) and all(
        a == p or folded(a) in _SPECK_PRONE for a, p in zip(accented, plain, strict=True)
    )


_MISREAD_RATIO = 0.85
_MISREAD_LENGTH = 10


def _misread_as(read: str, typed: str) -> bool:
    """A scan's reading of the typed name, its spaces or letters misread ('Fionnuala NiShé' for
    'Fionnuala Ní Shé', 'Tomds Mac Giolla Phddraig' for 'Tomás Mac Giolla Phádraig'): the same
    first letter and nearly the same letters once folded and without spaces (a sibling's name,
    'Amelia' for 'Zofia', is not)."""
    a, b = ("".join(folded(x).casefold().split()) for x in (read, typed))
    if len(b) < _MISREAD_LENGTH or a[:1] != b[:1]:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= _MISREAD_RATIO


def _accents(text: str) -> int:
    return sum(1 for c in text if not c.isascii())


def _pupil_name_found(corpus: Corpus) -> tuple[str | None, Hit | None]:
    for hit in labelled(corpus, _PUPIL_LABEL):
        name = clean_name(hit.value)
        if name:
            return _strip_title(name), hit
    beside_birth = _name_beside_birth_date(corpus)
    if beside_birth is not None:
        return beside_birth
    in_section = _name_in_pupil_section(corpus)
    if in_section is not None:
        return in_section
    regarding = _name_from_regarding_line(corpus)
    if regarding is not None:
        return regarding
    subject_name = _name_from_subject(corpus)
    if subject_name:
        return _with_accents(corpus, subject_name), Hit(subject_name, "subject", "Subject")
    for sources, where in ((("body", "forward"), "body"), (("attachment",), "attachment")):
        found = pupil_name_in_prose([u.text for u in corpus.units if u.source in sources])
        if found:
            return found, Hit(found, where, "")
    return _name_from_family(corpus)


_NAME_THEN_BIRTH = re.compile(  # 'Pupil' as OCR may read it off a scan: 'Pupit', 'Pupi1'
    r"^[\s‘’'`\"|.,_-]{0,3}(?:name|(?:child|pup[il1|!][l1|It!]|student|young person|learner)(?:['’]s)?(?:\s+(?:full\s+)?name)?)"
    r"\s*:?\s+(?P<name>[^:|\t]{3,60}?)\s+"
    r"(?:date of birth|d\.?o\.?b\b)",
    re.I,
)
"""A form's first line run together as a scan or PDF reads it: 'Name Éabha Ní Riain Date of birth 30/04/2018',
"‘Pupil name Arlind Gela Date of birth ..." (a speck OCR read before it),
'Child Weronika Szczęsna Date of birth ...'. A bare 'Name' is anyone's label; the date of birth beside it makes it
the child's."""


_DIGIT_IN_A_WORD = re.compile(r"(?<=[^\W\d_])[0156](?=[^\W\d_])")
_LETTER_FOR = {"0": "o", "1": "l", "5": "s", "6": "o"}


def _letters_for_digits(text: str) -> str:
    """A digit OCR read for a letter inside a word ('K6vari' for 'Kővári', 'Wi1son'): the letter."""
    return _DIGIT_IN_A_WORD.sub(lambda m: _LETTER_FOR[m.group(0)], text)


def _name_beside_birth_date(corpus: Corpus) -> tuple[str, Hit] | None:
    for unit, m in corpus.search(_NAME_THEN_BIRTH):
        name = clean_name(_letters_for_digits(m.group("name"))) if unit.source != "subject" else None
        if name:
            return _strip_title(name), Hit(name, unit.where, "Name", unit)
    for table in corpus.tables:  # a scan's cell that runs them together, its line run into the next column's
        for cell in (c for row in table.rows for c in row if c):
            found = _NAME_THEN_BIRTH.match(cell)
            name = clean_name(_letters_for_digits(found.group("name"))) if found else None
            if name:
                return _strip_title(name), Hit(name, table.where, "Name")
    return None


_FAMILY = re.compile(r"\bthe (?P<surname>[A-Z][\w'’-]+) family\b")
_CHILD_OF_FAMILY = re.compile(
    r"\b(?:their|her|his) (?:daughter|son|child|grandson|granddaughter|eldest|youngest|sister|brother)\s+"
    r"(?P<first>[A-Z][\w'’-]+)"
)


def _name_from_family(corpus: Corpus) -> tuple[str | None, Hit | None]:
    """A professional's report that names the family and the child's first name ('the Abdi family
    ... their daughter Yasmin (Year 1)'): the child by both."""
    units = [u for u in corpus.units if u.source in ("body", "forward")]
    family = next((m for u in units if (m := _FAMILY.search(u.text))), None)
    child = next(((u, m) for u in units if (m := _CHILD_OF_FAMILY.search(u.text))), None)
    if family is None or child is None:
        return None, None
    name = f"{child[1].group('first')} {family.group('surname')}"
    return name, Hit(name, "body", "", child[0])


_NAME_LINE = re.compile(r"^\s*(?:full\s*|legal\s*)?name\b[\s:.-]*", re.I)
_PUPIL_SECTION = re.compile(r"\b(?:pupil|child|student|young person|learner)\b", re.I)


def _name_in_pupil_section(corpus: Corpus) -> tuple[str, Hit] | None:
    """'Name Nour Khatib' under a 'Pupil' heading (or just after a line that names the pupil),
    when the heading's own next line was not it (a scan's ruling line read as noise between)."""
    for i, unit in enumerate(corpus.units):
        line = _NAME_LINE.match(unit.text)
        before = " ".join(u.text for u in corpus.units[max(0, i - 2) : i] if u.where == unit.where)
        if line is None or not (_PUPIL_SECTION.search(unit.section) or _PUPIL_SECTION.search(before)):
            continue
        name = clean_name(unit.text[line.end() :])
        if name:
            return _strip_title(name), Hit(unit.text[line.end() :], unit.where, "Name", unit)
    return None


_REGARDING = re.compile(
    rf"^\s*(?:re:?\s+|regarding:?\s+|subject:?\s+)?(?P<name>(?-i:{name_words(2, 4)}))\s*(?:[–—,(-]|\s-\s)\s*"
    r"(?:(?:Year|Yr|Y)\s?(?:[1-9]|1[0-3]|R)\b|Reception\b|D\.?O\.?B\b|date of birth\b|born\b)",
    re.I,
)
"""A letter's heading line about the pupil: 'Cian Ó Súilleabháin – Year 8 – reintegration timetable',
'Re: Zofia Wiśniewska (Year 9)', 'Amir Haddad, DOB 03/04/2014'."""


def _name_from_regarding_line(corpus: Corpus) -> tuple[str, Hit] | None:
    for unit in corpus.units:
        if unit.source == "subject" or len(unit.text.split()) > 16:
            continue
        text, shadow_text = in_shadow(unit.text)
        m = _REGARDING.match(shadow_text)
        if m is None:
            continue
        name = text[m.start("name") : m.end("name")]
        words = name.split()
        titled = re.fullmatch(TITLE, words[0])  # staff, not the pupil
        if not titled and not any(_NOT_NAMES.match(w) for w in words) and role_of(name) == "other":
            return _strip_title(name), Hit(name, unit.where, "", unit)
    return None


_AFTER_SUBJECT_NAME = (
    r"\s*$|\s*[:,(–—]|\s+-|\s+(?:[A-Z]|Yr)?\d|"
    r"\s+(?i:part[- ]time|reduced|reintegration|rtt|ptt|timetable|plan)\b"
)
"""What follows the pupil's name in a subject: the end, a dash with a space before it (never the
hyphen inside 'Al-Sayed'), a year, or the words of the notification ('... part time timetable')."""


def _name_from_subject(corpus: Corpus) -> str | None:
    subject = corpus.newest.subject if corpus.newest else ""
    subject = re.sub(r"^(?:(?:re|fw|fwd|aw)\s*:\s*)+", "", subject, flags=re.I)
    pattern = rf"(?:^|[-–—:]\s+|\bfor\s+)(?P<name>{name_words(2, 3)})(?={_AFTER_SUBJECT_NAME})"
    text, shadow = in_shadow(subject)
    for m in re.finditer(pattern, shadow):
        name = text[m.start("name") : m.end("name")]
        if not any(_NOT_NAMES.match(w) for w in name.split()) and role_of(name) == "other":
            return name  # not a service's name ('Youth Justice - Yusuf Haddad on half days')
    return None


def pupil_facts(corpus: Corpus) -> tuple[Pupil, Hit | None]:
    name, hit = pupil_name(corpus)
    dob_hits = labelled(corpus, _DOB_LABEL)
    dob = next((d for h in dob_hits if (d := first_date(h.value))), None)
    if dob is None:
        dob = _dob_in_prose(corpus)
    return Pupil(name=name, dob=dob, upn=_upn(corpus), year_group=_year_group(corpus)), hit


def _dob_in_prose(corpus: Corpus) -> date | None:
    for unit, m in corpus.search(re.compile(r"\b(?:DOB|D\.O\.B\.?|date of birth|born)\b:?\s*", re.I)):
        found = first_date(unit.text[m.end() : m.end() + 30])
        if found:
            return found
    return None


def _upn(corpus: Corpus) -> str | None:
    for hit in labelled(corpus, _UPN_LABEL):
        m = _UPN.search(hit.value)
        if m:
            return m.group(0)
    return None


def _year_group(corpus: Corpus) -> str | None:
    for hit in labelled(corpus, _YEAR_LABEL):
        m = re.match(r"\s*(?:Year\s*|Y)?(?P<y>1[0-3]|[1-9]|R)\b|\s*(?P<r>Reception)", hit.value, re.I)
        if m:
            return (m.group("y") or "R").upper()
    for unit in corpus.units:
        if unit.source in ("subject", "body", "forward", "attachment"):
            m = _YEAR_IN_TEXT.search(unit.text)
            if m:
                return "R" if m.group("r") else m.group("y").upper()
    return None


def school_facts(corpus: Corpus) -> School:
    urn = next((m.group("urn") for u, m in corpus.search(_URN)), None)
    for hit in labelled(corpus, _SCHOOL_LABEL):
        if not is_empty(hit.value) and len(hit.value) < 80 and not _PERSON_OR_DATE.search(hit.value):
            return School(name=hit.value.strip(), urn=urn)
    return School(name=school_from_signoff(corpus) or _school_in_prose(corpus), urn=urn)


_PERSON_OR_DATE = re.compile(rf"^\s*{TITLE}\s|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}")
"""A 'School:' value that is a signer ('School: Ms Carys Whitlock date 06/01/2027'), not the school."""
_SCHOOL_WORDS = re.compile(r"\b(?:School|Academy|College|Primary|Infant|Junior|C of E|CE|Federation)\b")


_SCHOOL_IN_PROSE = re.compile(
    r"\b(?:at|from|attends|attending|to|of|joined|in)\s+(?P<name>(?:[A-Z][\w'’&.-]*\s+){1,5}"
    r"(?:School|Academy|College|Primary|Federation|Infants?|Juniors?)(?:\s+School)?)\b"
)


def _school_in_prose(corpus: Corpus) -> str | None:
    for unit in corpus.units:
        if unit.source in ("body", "forward", "subject"):
            m = _SCHOOL_IN_PROSE.search(unit.text)
            if m and not m.group("name").startswith(("The School", "Our School")):
                return m.group("name").strip()
    subject = corpus.newest.subject if corpus.newest else ""
    m = re.search(r",\s*(?P<name>(?:[A-Z][\w'’&.-]*\s+){1,5}(?:School|Academy|College|Primary))\b", subject)
    return m.group("name") if m else None


def school_from_signoff(corpus: Corpus) -> str | None:
    """The school named in the sender's sign-off ('Ashbrook Vale Academy')."""
    body = corpus.newest.body if corpus.newest else ""
    for line in reversed(body.splitlines()[-15:]):
        line = line.strip()
        if _SCHOOL_WORDS.search(line) and len(line) < 80 and not re.search(r"@|\d{4}", line):
            return line
    return None


_PROSE_ROLE = (
    r"named person|key (?:worker|adult|person|contact)|lead (?:member of staff|adult|person)|"
    r"(?:person|member of staff|staff member|adult)(?: in school)? responsible for (?:the|this|his|her|their) "
    r"(?:plan|timetable)|point of contact|(?:plan )?co-?ordinator|"
    r"(?:his|her|their) lead\b(?!\s+(?:professional|practitioner|worker|for (?:early help|the TAF)))"
)
_NAMED_IN_PROSE = re.compile(
    rf"(?P<name>{_NAME.pattern})[^.]{{0,60}}\b(?:will be|is)\b[^.]{{0,20}}\b(?:{_PROSE_ROLE})|"
    rf"(?:{_PROSE_ROLE})[^.]{{0,40}}\b(?:is|will be)\s+(?P<name2>{_NAME.pattern})"
)
"""A named person in a sentence: 'The person in school responsible for this plan is Mr Tom
Whitcombe', 'Ms Lee will be his key adult', 'Mrs Qureshi, Pastoral Manager is his lead'."""


_I_AM_NAMED = re.compile(
    rf"\bI(?:(?:'m|’m| am| will be| shall be)\s+(?:the\s+|her\s+|his\s+|their\s+)?(?:{_PROSE_ROLE}|"
    r"(?:the one |the person )?responsible for (?:the|this|his|her|their) (?:plan|timetable)|"
    r"lead for (?:it|this|the plan|the timetable|(?:him|her|them)))\b|"
    r"(?:'ll|’ll| will| shall)\s+(?:lead|oversee|co-?ordinate|manage)\s+(?:the|this|his|her|their)\s+(?:plan|timetable))"
    rf"(?:[^.(]{{0,40}}\((?P<who>{_NAME.pattern}))?"
)
"""The writer names themself: 'I'm the named person for the plan (Mr Tomasz Wróblewski, ...)', 'I
will lead the plan (Mrs Ángela Núñez-Hart, Deputy Head)', 'I am responsible for the plan in school'."""


_OWNER_HEAD = re.compile(r"^\s*(?:owner|who|by whom|responsible|lead|person responsible)\b", re.I)
_OVERSEES_THE_PLAN = re.compile(
    r"\b(?:overse|lead|co-?ordinat|manag|monitor|run|own)\w*\b[^.;]{0,30}\b(?:the|this|his|her|their) "
    r"(?:plan|timetable|programme|reintegration)\b|"
    r"^\W*(?:the )?(?:part[- ]time|reduced|reintegration|phased) (?:timetable|return)\b",
    re.I,
)
"""A row of actions that is the plan's own: overseeing it, or the part-time timetable itself
('Part-time timetable, back to full days 07/02/2028 | Ms Jessamy Trent, Student Services Manager')."""


def _owner_of_the_plan(corpus: Corpus) -> tuple[str, Hit] | None:
    """An actions table's row that gives someone the plan to oversee ('Oversee the plan day to day
    | Mr Wojciech Przybylski | 20/03/2028' under 'Action | Owner | Deadline'): the named person."""
    for table in corpus.tables:
        header = table.rows[0] if table.rows else ()
        owner = next((i for i, c in enumerate(header) if i and _OWNER_HEAD.match(c)), None)
        if owner is None:
            continue
        for row in table.rows[1:]:
            if (
                owner < len(row)
                and _OVERSEES_THE_PLAN.search(row[0])
                and NAME.search(in_shadow(row[owner])[1])
                and not outside_school(row[owner])
            ):
                name = clean_name(row[owner]) or row[owner]
                return name, Hit(f"{row[0]}: {row[owner]}", table.where, header[owner])
    return None


_LEADING_BULLET = re.compile(r"^\s*[•●▪◦■‣⁃∙·*]\s*")
_TICKS_ONLY = re.compile(r"[\s☐☒☑✓✔/|]*(?:(?:yes|no|y|n)\b[\s☐☒☑✓✔/|]*){0,2}", re.I)
"""A Yes/No answer with its boxes and nothing more."""
_ANOTHER_COLUMN_HEAD = re.compile(
    r"\W*(?:date|dates|when|by when|deadline|target date|review date|signature|signed|status|notes?|comments?|outcome|"
    r"actions?|progress|RAG|risk(?: level)?)\W*",
    re.I,
)
"""The next column's head read as the value of a 'Staff responsible' column's head ('STAFF RESPONSIBLE |
DATE'): no one."""


_OUTSIDE_SCHOOL = frozenset({"virtual_school", "youth_justice", "social_worker", "early_help", "sen_team"})
_SCHOOL_ROLE = dict(ROLE_PATTERNS)["school"]
_ABOUT_A_PERSON = 100


def outside_school(text: str) -> bool:
    """A professional outside the school ('Mrs Ó Ceallaigh (Early Help Worker) is the lead
    professional'): the guidance's named person is the one in school responsible for the plan. Read
    on the words about the person only (up to the first full stop or semicolon), and a school's
    role beside theirs keeps them the school's ('Ms Okafor, DSL')."""
    about = re.split(r"[;.]", text, maxsplit=1)[0][:_ABOUT_A_PERSON]
    role = role_of(about)
    if role == "early_help" and not _EARLY_HELP_SERVICE.search(about):
        return False  # 'Mrs Tregear, Family Support Worker': many schools employ one
    return role in _OUTSIDE_SCHOOL and not _SCHOOL_ROLE.search(about)


_EARLY_HELP_SERVICE = re.compile(
    r"early help|\bLCSS\b|\bTAF\b|team around|locality|council|county|family solutions|children'?s services|lead practitioner",
    re.I,
)
"""Words that place a family worker in the council's early help service, not on a school's staff."""


def names_no_one(value: str) -> bool:
    """A named person's value that names no one: empty, a rule of dashes, or the next column's head."""
    return is_empty(value) or not re.search(r"[^\W\d_]", value) or bool(_ANOTHER_COLUMN_HEAD.fullmatch(value))


_LEAD_PRACTITIONER = re.compile(r"\blead practitioner\b", re.I)
"""An early help plan's lead: the school's named person only where one of its staff holds it
('Lead practitioner: Mrs Lorna McKechnie, Family Liaison Officer'), not a council worker."""


def named_person(corpus: Corpus) -> tuple[str | None, Hit | None]:
    for hit in labelled(corpus, _NAMED_LABEL):
        value = re.sub(r"^(?:for|of)?\s*(?:the\s+)?plan\b\s*[:\-]?\s*", "", hit.value, flags=re.I)
        value = _LEADING_BULLET.sub("", value)
        if _TICKS_ONLY.fullmatch(value):
            continue  # the row's 'In plan? ☒ Yes ☐ No' column, not who
        if not names_no_one(value) and not outside_school(value):
            return (clean_name(value) or value.strip()[:80]), hit
    owner = _owner_of_the_plan(corpus)
    if owner is not None:
        return owner
    for hit in labelled(corpus, _LEAD_PRACTITIONER):
        if _SCHOOL_ROLE.search(hit.value) and not outside_school(hit.value):
            return (clean_name(hit.value) or hit.value.strip()[:80]), hit
    for unit in corpus.units:
        text, shadow = in_shadow(unit.text)
        m = _NAMED_IN_PROSE.search(shadow)
        if m and not outside_school(text[m.start() : m.end()]):
            group = "name" if m.group("name") else "name2"
            return text[m.start(group) : m.end(group)], Hit(unit.text, unit.where, "")
        me = _I_AM_NAMED.search(shadow)
        if me:  # the writer: named in brackets, or by the mail's own sign-off
            who = text[me.start("who") : me.end("who")] if me.group("who") else "the writer of this mail"
            return who, Hit(unit.text, unit.where, "")
    return None, None
