"""A PDF page's content stream without its text objects' operators, for finding ruling lines.

The PDF fast path (`parsers.pdf`) takes a page's characters from pdfium, and its lines and
rectangles from pdfminer laid out without the text. pdfminer reads the whole content stream in
Python, one token at a time, though most of a typed page's tokens are text (strings, kerning
numbers, text positioning). `without_text` drops the text operators with their operands (a
quicker scan than pdfminer's), so pdfminer has only the rest to read: the graphics state,
colours, marked content, paths and their painting, in the same order. Text operators change
nothing but the text state, which a layout without the text never uses, so the lines and
rectangles come out the same.

The scan is strict: any operator called with other than its own number of operands (pdfminer
would leave operands on its stack for the next operator), any operator pdfminer does not know,
an inline image, or anything not read as pdfminer reads it gives None, and the caller lets
pdfminer read the whole stream as before.
"""

from __future__ import annotations

import functools
import re

_TEXT_OPERATORS = frozenset(
    {
        b"BT",
        b"ET",
        b"Tc",
        b"Tw",
        b"Tz",
        b"TL",
        b"Tf",
        b"Tr",
        b"Ts",
        b"Td",
        b"TD",
        b"Tm",
        b"T*",
        b"Tj",
        b"TJ",
        b"'",
        b'"',
    }
)
_INLINE_IMAGE = frozenset({b"BI", b"ID", b"EI"})

_WHITE = rb"\x00\t\n\x0c\r "
_WHITE_BYTES = b"\x00\t\n\x0c\r "
_DELIMITERS = rb"()<>\[\]{}/%"
_SPACE = rb"[" + _WHITE + rb"]*"
_ENDS = rb"(?![^" + _WHITE + _DELIMITERS + rb"])"
_NUMBER_RE = rb"[+-]?(?:\d+\.?\d*|\.\d+)" + _ENDS
_NAME_RE = rb"/[^" + _WHITE + _DELIMITERS + rb"]*" + _ENDS
_STRING_RE = rb"\((?:[^()\\]|\\.)*\)"
_HEX_RE = rb"<[0-9A-Fa-f" + _WHITE + rb"]*>"
_ARRAY_ITEM_RE = b"|".join((_STRING_RE, _HEX_RE, _NUMBER_RE))
_ARRAY_RE = rb"\[(?:" + _SPACE + rb"(?:" + _ARRAY_ITEM_RE + rb"))*" + _SPACE + rb"\]"
_OPERAND_RE = b"|".join((_NUMBER_RE, _NAME_RE, _STRING_RE, _HEX_RE, _ARRAY_RE))
_KEYWORD_RE = rb"[A-Za-z'\"][A-Za-z0-9'\"*]*" + _ENDS

_OPERATION = re.compile(
    rb"(?P<operands>(?:"
    + _SPACE
    + rb"(?:"
    + _OPERAND_RE
    + rb"))*)"
    + _SPACE
    + rb"(?P<operator>"
    + _KEYWORD_RE
    + rb")",
    re.S,
)
"""An operator with its operands, in the forms almost every content stream has: one step."""
_OPERAND = re.compile(_OPERAND_RE, re.S)
_NUMBERS = re.compile(rb"(?:" + _SPACE + _NUMBER_RE + rb")*" + _SPACE, re.S)
_TOKEN = re.compile(
    rb"(?P<white>[" + _WHITE + rb"]+)"
    rb"|(?P<comment>%[^\r\n]*)"
    rb"|(?P<string>" + _STRING_RE + rb")"
    rb"|(?P<open_string>\()"
    rb"|(?P<array>" + _ARRAY_RE + rb")"
    rb"|(?P<open>\[|<<)"
    rb"|(?P<close>\]|>>)"
    rb"|(?P<hex>" + _HEX_RE + rb")"
    rb"|(?P<name>" + _NAME_RE + rb")"
    rb"|(?P<regular>[^" + _WHITE + _DELIMITERS + rb"]+)",
    re.S,
)
"""One token (or a whole array of strings and numbers), for what `_OPERATION` does not read: a
string with brackets inside (`open_string`, scanned on by `_string_end`), dictionaries, comments."""
_NUMBER = re.compile(_NUMBER_RE)
_OPERATOR = re.compile(_KEYWORD_RE)
_STRING_PART = re.compile(rb"[()\\]")
_CLOSING = {b"[": b"]", b"<<": b">>"}
_Kept = tuple[bytes, bool, bytes]
"""An operator kept: its name, whether it only sets the graphics state, and its text."""


def without_text(contents: bytes) -> bytes | None:
    """The content stream with every text operator and its operands left out, or None when it
    holds anything the scan does not read exactly as pdfminer would (see the module's note)."""
    scan = _Scan(contents)
    pos, end = 0, len(contents)
    while pos >= 0 and pos < end:
        if not scan.operands and not scan.open_at:
            whole = _OPERATION.match(contents, pos)
            if whole is not None and whole["operator"] not in (b"true", b"false"):
                given = whole["operands"]
                text = whole.group().strip(_WHITE_BYTES)
                if not scan.keep(whole["operator"], len(_OPERAND.findall(given)), given, text):
                    return None
                pos = whole.end()
                continue
        pos = scan.token(pos)
    if pos < 0 or scan.open_at or scan.operands:
        return None
    return b" ".join(_without_idle_blocks(scan.kept))


class _Scan:
    """The scan's state, and the step through one token for what `_OPERATION` does not read."""

    def __init__(self, contents: bytes) -> None:
        self.contents = contents
        self.kept: list[_Kept] = []
        self.operands: list[tuple[int, int]] = []
        self.open_at: list[tuple[bytes, int]] = []

    def token(self, pos: int) -> int:
        """Read the token at `pos`; where the next begins, or -1 to give up."""
        m = _TOKEN.match(self.contents, pos)
        if m is None:
            return -1
        kind, start, pos = m.lastgroup, m.start(), m.end()
        if kind == "open_string":
            pos, kind = _string_end(self.contents, pos), "string"
        if kind in ("white", "comment") or pos < 0:
            return pos
        if kind == "open":
            self.open_at.append((m.group(), start))
            return pos
        if kind == "close":
            if not self.open_at or _CLOSING[self.open_at[-1][0]] != m.group():
                return -1
            start = self.open_at.pop()[1]
        if kind != "regular" or _is_operand(m.group()):
            if not self.open_at:
                self.operands.append((start, pos))
            return pos
        if self.open_at:
            return -1  # an operator inside an array or dictionary
        given = b" ".join(self.contents[a:b] for a, b in self.operands)
        text = b" ".join((given, m.group())).strip(_WHITE_BYTES)
        if not self.keep(m.group(), len(self.operands), given, text):
            return -1
        self.operands.clear()
        return pos

    def keep(self, operator: bytes, count: int, given: bytes, text: bytes) -> bool:
        """Keep the operator unless it is a text operator; False when pdfminer would not take
        exactly these operands for it, or it begins an inline image."""
        if count != _operand_count(operator) or operator in _INLINE_IMAGE:
            return False
        if operator not in _TEXT_OPERATORS:
            pure = operator in _STATE_OPERATORS and _NUMBERS.fullmatch(given) is not None
            self.kept.append((operator, pure, text))
        return True


_STATE_OPERATORS = frozenset(
    {b"cm", b"w", b"J", b"j", b"M", b"d", b"ri", b"i", b"gs", b"g", b"G", b"rg", b"RG", b"k", b"K"}
)
"""Operators that only set the graphics state (pdfminer never fails on them given numbers)."""


def _without_idle_blocks(kept: list[_Kept]) -> list[bytes]:
    """The operators, without each `q ... Q` block that only sets the state it then restores
    (nothing painted, no marked content): ReportLab wraps every line of text in one."""
    out: list[bytes] = []
    blocks: list[list[int | bool]] = []  # [where the block's q is in `out`, nothing done yet]
    for operator, pure, chunk in kept:
        if operator == b"Q" and blocks:
            start, idle = blocks.pop()
            if idle:
                del out[int(start) :]
                continue
        elif operator == b"q":
            blocks.append([len(out), True])
        elif not pure:
            for block in blocks:
                block[1] = False
        out.append(chunk)
    return out


def _is_operand(token: bytes) -> bool:
    return token in (b"true", b"false") or _NUMBER.fullmatch(token) is not None


def _string_end(contents: bytes, pos: int) -> int:
    """The end of a literal string whose opening bracket ends at `pos` (brackets inside it in
    pairs, a backslash escaping the next byte), or -1 when it does not end."""
    depth = 1
    while depth:
        m = _STRING_PART.search(contents, pos)
        if m is None:
            return -1
        char, pos = m.group(), m.end()
        if char == b"\\":
            pos += 1
        else:
            depth += 1 if char == b"(" else -1
    return pos if pos <= len(contents) else -1


@functools.cache
def _operand_count(operator: bytes) -> int | None:
    """How many operands pdfminer's interpreter takes for the operator, or None for one it does
    not know (its operands would stay on the stack)."""
    from pdfminer.pdfinterp import PDFPageInterpreter

    if _OPERATOR.fullmatch(operator) is None:
        return None
    name = operator.decode("ascii").replace("*", "_a").replace('"', "_w").replace("'", "_q")
    method = getattr(PDFPageInterpreter, f"do_{name}", None)
    if method is None:
        return None
    count: int = method.__code__.co_argcount - 1
    return count
