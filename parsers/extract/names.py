"""What a person's name is made of, in any script, and how the name patterns read it.

A name word is letters, joined by an apostrophe (' or ’) or a hyphen: 'Wiśniewska', 'O'Brien',
'D’Souza', 'McDonald', 'Smith-Jones', 'Al-Hassan', 'al-Sayed'. A surname may open with a
particle: 'Ó Súilleabháin', 'Ní Bhriain', 'van der Berg', 'de la Cruz', 'bin Rashid'.

Python's `re` cannot tell an upper-case letter from a lower-case one outside ASCII, and classes
that list every such letter make patterns slow to compile. So the patterns here are ASCII and
run on the text's *shadow* (`in_shadow`): the same text, letter for letter, with each letter
written as an ASCII one of the same case: its base letter where it has one ('Ś' is 'S', 'ễ' is
'e'), else 'A' or 'a' ('Ł', 'ı'); a letter of a script without case ('محمد', '王') is 'C' at the
start of a word and 'c' inside it; a combining mark is 'a'. Lengths are equal, so a match in the
shadow is sliced from the text itself.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

_CASELESS = "\x01"


class _ShadowTable(dict[int, str]):
    """A `str.translate` table filled in as characters are met."""

    def __missing__(self, code: int) -> str:
        self[code] = value = _shadow_of(chr(code))
        return value


def _shadow_of(char: str) -> str:
    category = unicodedata.category(char)
    if category.startswith("M"):
        return "a"
    if not category.startswith("L"):
        return char
    base = unicodedata.normalize("NFD", char)[0]
    if base.isascii() and base.isalpha():
        return base
    if category in ("Lu", "Lt"):
        return "A"
    return "a" if category == "Ll" else _CASELESS


_TABLE = _ShadowTable({code: chr(code) for code in range(128)})
_CASELESS_START = re.compile(rf"(?<![A-Za-z{_CASELESS}]){_CASELESS}")


def nfc(text: str) -> str:
    """Composed form: 'e' + U+0301 becomes 'é', as most text already has it."""
    return unicodedata.normalize("NFC", text)


def shadow(text: str) -> str:
    """The text with every letter an ASCII letter of the same case (see the module's note)."""
    out = text.translate(_TABLE)
    if _CASELESS in out:
        out = _CASELESS_START.sub("C", out).replace(_CASELESS, "c")
    return out


def in_shadow(text: str) -> tuple[str, str]:
    """The text, composed, and its shadow: match in the second, slice the first."""
    text = nfc(text)
    return text, shadow(text)


_PART = r"[A-Z](?:[a-z]+|[a-z]*['’][A-Z]?[a-z]+)(?:[A-Z][a-z]+)?"
"""'Oliver', 'O'Brien', 'McDonald'; in the shadow, 'Wiśniewska' and 'Hương' too."""
_JOINED = r"(?:-[A-Za-z][a-z]*(?:['’][A-Z]?[a-z]+)?)*"
"""'-Jones', '-Rahman', '-le-Grand'."""
_ELIDED = r"(?:[a-z]{1,3}[-'’])?"
"""A lower-case article joined to the word: 'al-', 'el-', 'd’', 'l''."""
_PARTICLE = (
    r"(?:O|Ni|Nic|Mac|Mhic|Ui|Ua|van|von|de|der|den|del|della|di|da|du|dos|das|la|le|"
    r"bin|binti|bint|ibn|ter|ten|ap|['’]t)"
)
"""As the shadow writes them: 'Ó' is 'O', 'Ní' is 'Ni'; Dutch 't ('van 't Hoff')."""

TOKEN = rf"{_ELIDED}{_PART}{_JOINED}"
"""One word of a name."""
SURNAME = rf"(?:(?:{_PARTICLE}\s+){{1,2}}(?:[hnt](?=[A-Z]))?)?{TOKEN}"
"""A name word with the particles that may open it ('Ó Súilleabháin', 'van der Berg'), and the
letter Irish puts after a particle before a vowel ('Ó hAodha', 'Ní hÉalaí')."""
TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?"


def name_words(least: int, most: int) -> str:
    """A pattern for `least` to `most` name words: a first name, then surnames."""
    return rf"{TOKEN}(?:\s+{SURNAME}){{{least - 1},{most - 1}}}"


NAME = re.compile(rf"(?:{TITLE}\s+)?{name_words(2, 4)}")
"""A person's name, run on a shadow: an optional title and two to four words."""


_LETTERS_APART = str.maketrans(
    {"ł": "l", "Ł": "L", "ı": "i", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ə": "a", "Ə": "A", "ð": "d", "Ð": "D",
     "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T"}
)
"""Letters NFKD does not take apart into a base letter and an accent (Azerbaijani 'ə', which OCR
and English keyboards write 'a'; Icelandic 'ð'; Maltese 'ħ')."""


def folded(text: str) -> str:
    """The text without accents, case kept, as a scan or a subject may write a name
    ('Jabłońska', 'Jablonska')."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS_APART))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_ALIKE_RATIO = 0.8


def alike(a: str, b: str) -> bool:
    """The same name, one of the two perhaps misread by OCR or without its accents: the same
    first word, and at least 80 % alike once folded."""
    fa, fb = folded(a).casefold(), folded(b).casefold()
    if not fa.split() or not fb.split() or fa.split()[0] != fb.split()[0]:
        return False
    return difflib.SequenceMatcher(None, fa, fb).ratio() >= _ALIKE_RATIO
