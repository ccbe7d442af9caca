"""Pen marks on scanned forms, read from the page's ink and Tesseract's word boxes.

OCR sees a tick box as noise ("LJ", "vf", "CJ"), a circle around "No" as "(wo)" or "Qo)", and a
hand-drawn tick in an empty Yes/No cell as nothing at all. `read_marks` gives those words the
text a typed form would have: "☐" for an empty box, "☒" for a ticked or crossed one, "☒ No"
for a circled "No" (and "☐ Yes" for its uncircled partner), "☐ No" for a struck-out "No".

Pure and fast: numpy slices of the page's ink (True where dark) around each candidate word.
Sizes are in pixels at the OCR's 300 dpi.
"""

from __future__ import annotations

import functools
import re
from typing import Any, NamedTuple

import numpy as np

BBox = tuple[float, float, float, float]
Mask = Any  # numpy bool array

TICKED = "☒"
EMPTY = "☐"
_BOX_SIDE = (18, 90)
"""A tick box's side: about 1.5 to 8 mm."""
_CONFIDENT = 75.0
_OPTIONS = {"yes": "yes", "no": "no"}
_PARTNER = {"yes": "no", "no": "yes"}
_NARROW_CELL = 360
"""A Yes/No column's cell is narrower than this (1.2 inch); wider empty cells hold signatures."""


_PRINTED_WORD = re.compile(r"[\w'’.,:;/&-]{2,}")
"""What a printed word looks like; OCR reads a ring around a word as brackets ('(wo)', 'Qo)')."""


class Token(NamedTuple):
    text: str
    conf: float
    bbox: BBox


def read_marks(ink: Mask, tokens: list[Token], cells: list[BBox], tinted: Mask | None = None) -> list[Token]:
    """The page's words with tick boxes, circled, struck-out, underlined, scribbled-out and highlighted
    options, and ticks drawn in empty narrow cells written as a typed form writes them. `tinted`: where a
    colour page carries highlighter, if anywhere."""
    line_height = _line_height(tokens)
    out = [_as_box(ink, t, line_height) for t in tokens]
    out = _with_lost_boxes(ink, out, line_height)
    out += _ticked_cells(ink, out, cells)
    out = _options(ink, out, line_height)
    return _highlighted(tinted, out, line_height) if tinted is not None else out


_HIGHLIGHTED = 0.3
"""Of a highlighted word's box, at least this much is under highlighter; of its partner's, almost none."""


def _highlighted(tinted: Mask, tokens: list[Token], line_height: float) -> list[Token]:
    """A Yes or No gone over with a highlighter pen, its partner not: the chosen answer."""
    out = list(tokens)
    for i, token in enumerate(tokens):
        option = _option(token.text)
        partner = _partner(tokens, i, line_height) if option is not None else None
        if option is None or partner is None:
            continue
        alone = _tint_share(tinted, tokens[partner].bbox) < 0.05
        if alone and _tint_share(tinted, token.bbox) >= _HIGHLIGHTED:
            _chosen_over(out, i, partner, option)
    return out


def _chosen_over(tokens: list[Token], i: int, j: int, option: str) -> None:
    """Token i, the option `option`, is the answer chosen; token j, whatever OCR read there, is its
    partner, not chosen."""
    tokens[i] = tokens[i]._replace(text=f"{TICKED} {option.capitalize()}")
    tokens[j] = tokens[j]._replace(text=f"{EMPTY} {_PARTNER[option].capitalize()}")


def _tint_share(tinted: Mask, box: BBox) -> float:
    region = _crop(tinted, box)
    return float(region.mean()) if region.size else 0.0


# -- tick boxes -------------------------------------------------------------------------------


def _as_box(ink: Mask, token: Token, line_height: float) -> Token:
    """A word that is OCR's reading of a tick box becomes ☐ or ☒ (at the box's place)."""
    if not _maybe_box(token):
        return token
    x0, top, x1, bottom = token.bbox
    reach = line_height * 0.6
    found = _box_in(ink, (x0 - reach, top - reach, x1 + reach, bottom + reach), line_height)
    if found is None:
        return token
    ticked, box = found
    letter = _letter_in_box(token.text) if ticked else None
    return Token(letter or (TICKED if ticked else EMPTY), 100.0, box)


def _with_lost_boxes(ink: Mask, tokens: list[Token], line_height: float) -> list[Token]:
    """Boxes OCR read no word for. A form prints a box before each of Yes and No; where one option of
    a pair has its box and its partner has none, the ink as far before the partner is looked at, and
    a box there is read (OCR drops a box filled in with a dot or heavy pen, or reads it as noise
    such as 'DE' or '{ ]': '☐ Yes  No' for '☐ Yes ◉ No'). Noise read inside a found box goes."""
    boxes = [t.bbox for t in tokens if t.text in (TICKED, EMPTY)]
    found: list[Token] = []
    for i, token in enumerate(tokens):
        before = _box_before(boxes, token.bbox, line_height) if _option(token.text) else None
        partner = _partner(tokens, i, line_height) if before is not None else None
        if before is None or partner is None or _box_before(boxes, tokens[partner].bbox, line_height):
            continue
        lost = _box_at(ink, tokens, tokens[partner].bbox, token.bbox[0] - before[0], line_height)
        if lost is not None:
            found.append(lost)
            boxes.append(lost.bbox)
    if not found:
        return tokens
    kept = [t for t in tokens if _option(t.text) or not any(_centre_in(t.bbox, box.bbox) for box in found)]
    return kept + found


def _box_before(boxes: list[BBox], word: BBox, line_height: float) -> BBox | None:
    """The box just before the word on its line, if any."""
    centre = (word[1] + word[3]) / 2
    for box in boxes:
        if box[1] <= centre <= box[3] and 0 <= word[0] - box[2] <= line_height:
            return box
    return None


def _box_at(ink: Mask, tokens: list[Token], word: BBox, offset: float, line_height: float) -> Token | None:
    """A box drawn `offset` before the word's left edge, where no word was read."""
    reach = line_height * 0.6
    region = (word[0] - offset - reach, word[1] - reach, word[0] + reach / 2, word[3] + reach)
    if any(_centre_in(t.bbox, region) and t.conf >= _CONFIDENT and t.bbox != word for t in tokens):
        return None
    found = _box_in(ink, region, line_height)
    return Token(TICKED if found[0] else EMPTY, 100.0, found[1]) if found is not None else None


def _box_in(ink: Mask, region: BBox, line_height: float) -> tuple[bool, BBox] | None:
    """A tick box of the line's size in the region of the page: (ticked, its place on the page)."""
    state = box_state(_crop(ink, region))
    if state is None:
        return None
    ticked, (bx0, btop, bx1, bbottom) = state
    if not line_height * 0.8 <= bx1 - bx0 <= line_height * 2.5:
        return None
    rx, ry = max(region[0], 0.0), max(region[1], 0.0)
    return ticked, (rx + bx0, ry + btop, rx + bx1, ry + bbottom)


_BOXED_LETTER = re.compile(r"^[\[(|{IL1l]?([YN])[\])|}jJ1l]?$")
"""A Y or N written in a box, OCR reading the box's sides as brackets or strokes ('[N', 'IN',
'LN', '(N', '[Y]', '[Nj'): the answer is the letter, not a tick."""


def _letter_in_box(text: str) -> str | None:
    found = _BOXED_LETTER.match(text.strip())
    return found.group(1) if found else None


def _maybe_box(token: Token) -> bool:
    """Short noise: what OCR makes of a box ('LJ', 'L]', 'CJ', 'vf', 'v4', '_', '|', 'a')."""
    text = token.text
    if len(text) > 4:
        return False
    return token.conf < 80 or sum(ch.isalnum() for ch in text) < 2


def box_state(region: Mask) -> tuple[bool, BBox] | None:
    """A square outline in the region, and whether there is ink inside it (a tick, a cross,
    a filled box): (ticked, square). None when the region holds no box.

    Two parallel sides as far apart as they are long make the square: a tick drawn across
    the box often hides part of a third side."""
    if region.size == 0:
        return None
    across = [s for s in _sides(region) if _closed(region.T, (s[1], s[0], s[3], s[2]))]
    down = [(left, top, right, bottom) for top, left, bottom, right in _sides(region.T)]
    squares = across + [s for s in down if _closed(region, s)]
    if not squares:
        return None
    square = max(squares, key=lambda s: (s[2] - s[0]) * (s[3] - s[1]))
    box = (float(square[1]), float(square[0]), float(square[3]), float(square[2]))
    ticked = _inked(region, box)
    sides = _sides_drawn(region, square)
    if sides == 4 or (sides == 3 and ticked):  # a stroke across the box may hide a side
        return ticked, box
    return None


def _sides_drawn(region: Mask, square: tuple[int, int, int, int]) -> int:
    """How many of the square's four sides are drawn from corner to corner (a letter's strokes
    that make two sides of a 'square', as in 'CIN', do not close it)."""
    top, left, bottom, right = square
    count = 0
    sides = ((region, (top, bottom, left, right)), (region.T, (left, right, top, bottom)))
    for mask, (a, b, start, end) in sides:
        for line in (a, b):
            band = mask[max(line - 4, 0) : line + 5, max(start - 3, 0) : end + 4]
            count += bool(band.size and _longest_runs(band).max(initial=0) >= 0.85 * (end - start))
    return count


def _sides(mask: Mask) -> list[tuple[int, int, int, int]]:
    """Pairs of horizontal strokes (rows of `mask`) that could be a box's top and bottom:
    (top, left, bottom, right)."""
    starts, lengths = _row_runs(mask)
    runs = list(zip(starts.tolist(), lengths.tolist(), strict=True))
    edges = _edges(lengths.tolist())
    out = []
    for i, (a, len_a) in enumerate(edges):
        for b, len_b in edges[i + 1 :]:
            gap = b - a
            shorter = min(len_a, len_b)
            if _BOX_SIDE[0] <= gap <= _BOX_SIDE[1] and 0.75 * gap <= shorter <= 1.35 * gap:
                row = a if len_a <= len_b else b
                start = runs[_row_of(runs, row, shorter)][0]
                out.append((a, start, b, start + shorter))
    return out


def _closed(mask: Mask, square: tuple[int, int, int, int]) -> bool:
    """One of the square's two other sides is there too: a stroke along the top or bottom
    row (of `mask`) from the left side to most of the way across (a letter's stems are not)."""
    top, left, bottom, right = square
    width = right - left
    for row in (top, bottom):
        band = mask[max(row - 4, 0) : row + 5, max(left - 4, 0) : right + 5]
        if band.size and int(_longest_runs(band).max(initial=0)) >= 0.7 * width:
            return True
    return False


def _row_of(runs: list[tuple[int, int]], near: int, length: int) -> int:
    """The row near `near` whose longest run is `length`."""
    for offset in range(0, 9):
        for row in (near - offset, near + offset):
            if 0 <= row < len(runs) and runs[row][1] == length:
                return row
    return near


def _row_runs(mask: Mask) -> tuple[Any, Any]:
    """For each row of `mask`, where its longest run of ink starts and how long it is (the
    first such run; 0 and 0 in a row without ink), all rows at once."""
    rows, width = mask.shape
    if rows == 0 or width == 0:
        return np.zeros(rows, np.int64), np.zeros(rows, np.int64)
    index = np.arange(width)
    last_gap = np.maximum.accumulate(np.where(mask, -1, index), axis=1)
    run = index - last_gap  # the length of the run ending at each pixel (0 off the ink)
    ends = np.argmax(run, axis=1)
    lengths = run[np.arange(rows), ends]
    starts = np.where(lengths > 0, ends - lengths + 1, 0)
    return starts, lengths


def _longest_runs(mask: Mask) -> Any:
    """For each row of `mask`, the longest run of ink along it."""
    return _row_runs(mask)[1].astype(np.int32)


def _edges(runs: list[int]) -> list[tuple[int, int]]:
    """Groups of adjacent lines whose longest run is long enough to be a box's side:
    (position, longest run), position being the group's middle."""
    low = _BOX_SIDE[0] * 0.8
    out: list[tuple[int, int]] = []
    start = None
    for i, run in enumerate([*runs, 0]):
        if run >= low and start is None:
            start = i
        elif run < low and start is not None:
            if i - start <= 8:  # a stroke, not a block of ink
                out.append(((start + i - 1) // 2, int(max(runs[start:i]))))
            start = None
    return out


def _inked(region: Mask, square: BBox) -> bool:
    left, top, right, bottom = (int(v) for v in square)
    pad = max(4, int((right - left) * 0.18))
    inside = region[top + pad : bottom - pad + 1, left + pad : right - pad + 1]
    if inside.size == 0:
        return False
    return int(inside.sum()) >= max(15, int(inside.size * 0.04))


# -- a tick drawn in an empty cell ---------------------------------------------------------------


def _ticked_cells(ink: Mask, tokens: list[Token], cells: list[BBox]) -> list[Token]:
    """A narrow table cell with no word in it but a mark drawn in it reads ☒."""
    out = []
    for cell in cells:
        x0, top, x1, bottom = cell
        if x1 - x0 > _NARROW_CELL or any(_centre_in(t.bbox, cell) for t in tokens):
            continue
        if _drawn_mark(_crop(ink, (x0 + 6, top + 6, x1 - 6, bottom - 6))):
            mid = (top + bottom) / 2
            out.append(Token(TICKED, 100.0, (x0 + 8, mid - 10, x0 + 28, mid + 10)))
    return out


def _drawn_mark(region: Mask) -> bool:
    if region.size == 0 or int(region.sum()) < 80:
        return False
    columns = np.flatnonzero(region.any(axis=0))
    rows = np.flatnonzero(region.any(axis=1))
    return bool(columns[-1] - columns[0] >= 15 and rows[-1] - rows[0] >= 15)


# -- circled and struck-out options -------------------------------------------------------------


def _options(ink: Mask, tokens: list[Token], line_height: float) -> list[Token]:
    """On each line, a circled option is chosen and a struck-out one is not: 'Yes (No)' with
    'No' circled reads '☐ Yes ☒ No'. Only Yes/No words, and what OCR made of a circled one
    beside its plain partner, are looked at."""
    if not any(_option(t.text) for t in tokens):
        return tokens
    free = _without_printed(ink, tokens)
    options = [t.bbox for t in tokens if _option(t.text)]
    out = list(tokens)
    for i, token in enumerate(tokens):
        if len(token.text) > 6 or token.text in (TICKED, EMPTY):
            continue
        option = _option(token.text)
        if option is None and not _near_option(token, options, line_height):
            continue
        if circled(free, token.bbox, _band(tokens, i, line_height)):
            _choose(out, i, chosen=True, line_height=line_height)
        elif option is not None and struck(ink, token.bbox):
            _choose(out, i, chosen=False, line_height=line_height)
        elif option is not None and _underlined_alone(free, tokens, i, line_height):
            _choose(out, i, chosen=True, line_height=line_height)
        elif option is not None and token.conf >= _CONFIDENT:
            scribbled = _scribbled_partner(ink, tokens, i, line_height)
            if scribbled is not None:
                _chosen_over(out, i, scribbled, option)
    return _with_lost_rings(free, out, line_height)


def _with_lost_rings(free: Mask, tokens: list[Token], line_height: float) -> list[Token]:
    """A Yes or No with no partner read beside it, where a ring of pen stands a word or two away on its
    line with no word read in it: OCR dropped the ringed partner ('Yes (No)' read as 'Yes'). The
    ringed partner is chosen. `free` is the ink without the confidently read words."""
    out = list(tokens)
    for i, token in enumerate(tokens):
        option = _option(token.text)
        marked = token.text.startswith((TICKED, EMPTY))
        if option is None or marked or _partner(tokens, i, line_height) is not None:
            continue
        ring = _ring_beside(free, tokens, i, line_height)
        if ring is not None:
            out[i] = token._replace(text=f"{EMPTY} {option.capitalize()}")
            out.append(Token(f"{TICKED} {_PARTNER[option].capitalize()}", 100.0, ring))
    return out


def _ring_beside(free: Mask, tokens: list[Token], i: int, line_height: float) -> BBox | None:
    """The place of a ringed word no word was read for, the nearer side of token i first."""
    x0, top, x1, bottom = tokens[i].bbox
    reach = line_height * 5
    found: list[tuple[float, BBox]] = []
    for start, stop in ((x1 + line_height * 0.3, x1 + reach), (x0 - reach, x0 - line_height * 0.3)):
        start, stop = _clear_of_words(tokens, i, start, stop)
        ring = _ring_in(free, (start, top, stop, bottom))
        if ring is not None:
            found.append((min(abs(ring[0] - x1), abs(x0 - ring[2])), ring))
    return min(found)[1] if found else None


def _clear_of_words(tokens: list[Token], i: int, start: float, stop: float) -> tuple[float, float]:
    """The span from `start` to `stop` on token i's line, cut at the first other word in it."""
    _x0, top, x1, bottom = tokens[i].bbox
    centre = (top + bottom) / 2
    for j, other in enumerate(tokens):
        ox0, otop, ox1, obottom = other.bbox
        if j == i or not otop <= centre <= obottom or ox1 <= start or ox0 >= stop:
            continue
        if ox0 >= x1:
            stop = min(stop, ox0)
        else:
            start = max(start, ox1)
    return start, stop


def _ring_in(free: Mask, region: BBox) -> BBox | None:
    """A ring drawn around something in the region's line (`circled`), with ink inside it: the box
    inside the ring."""
    x0, top, _x1, bottom = region
    strip = _crop(free, region)
    if strip.size == 0:
        return None
    segments = _segments(strip.any(axis=0))
    if len(segments) < 3:
        return None
    left, right = segments[0], segments[-1]
    inner = (max(x0, 0.0) + left[1] + 1, top, max(x0, 0.0) + right[0] - 1, bottom)
    if not circled(free, inner, (top, bottom)):
        return None
    return inner


_SCRIBBLE_INK = 0.45
"""Of a scribbled-out word's box, at least this much is ink: a ring around a word leaves its inside paper."""


def _scribbled_partner(ink: Mask, tokens: list[Token], i: int, line_height: float) -> int | None:
    """The word beside a clearly read Yes or No that is a scribble over its partner ('weal No', 'Yes NA'):
    OCR reads no word there, its box stands taller than the line and is mostly ink. The clear one is
    chosen."""
    token = tokens[i]
    height = token.bbox[3] - token.bbox[1]
    centre = (token.bbox[1] + token.bbox[3]) / 2
    for j in (i - 1, i + 1):
        if not 0 <= j < len(tokens):
            continue
        other = tokens[j]
        ox0, otop, ox1, obottom = other.bbox
        gap = max(ox0 - token.bbox[2], token.bbox[0] - ox1)
        if (
            _option(other.text) is None
            and other.text not in (TICKED, EMPTY)
            and other.conf < 60
            and obottom - otop >= height * 1.5
            and otop <= centre <= obottom
            and gap <= line_height * 4
            and float(_crop(ink, other.bbox).mean()) >= _SCRIBBLE_INK
        ):
            return j
    return None


def _underlined_alone(ink: Mask, tokens: list[Token], i: int, line_height: float) -> bool:
    """The word is underlined by pen and its partner on the line is not ('Yes  N̲o̲'): the chosen answer."""
    partner = _partner(tokens, i, line_height)
    return (
        partner is not None
        and underlined(ink, tokens[i].bbox, line_height)
        and not underlined(ink, tokens[partner].bbox, line_height)
    )


def _choose(tokens: list[Token], i: int, chosen: bool, line_height: float) -> None:
    """Mark token i (and the other option of its pair) as chosen or not."""
    token = tokens[i]
    partner = _partner(tokens, i, line_height)
    option = _option(token.text)
    if option is None and partner is not None:
        option = _PARTNER[_option(tokens[partner].text) or "yes"]
    if option is None:
        if chosen:
            tokens[i] = token._replace(text=f"{TICKED} {token.text}")
        return
    tokens[i] = token._replace(text=f"{TICKED if chosen else EMPTY} {option.capitalize()}", conf=100.0)
    if partner is not None:
        other = _option(tokens[partner].text) or _PARTNER[option]
        tokens[partner] = tokens[partner]._replace(text=f"{EMPTY if chosen else TICKED} {other.capitalize()}")


def _partner(tokens: list[Token], i: int, line_height: float) -> int | None:
    """The plain Yes/No word beside token i on its line (within a few words' width)."""
    x0, top, x1, bottom = tokens[i].bbox
    centre = (top + bottom) / 2
    best: tuple[float, int] | None = None
    for j, other in enumerate(tokens):
        if j == i or len(other.text) > 8 or _option(other.text) is None:
            continue
        ox0, otop, ox1, obottom = other.bbox
        if abs((otop + obottom) / 2 - centre) > line_height * 0.6:
            continue
        gap = max(ox0 - x1, x0 - ox1)
        if gap <= line_height * 6 and (best is None or gap < best[0]):
            best = (gap, j)
    return best[1] if best else None


def _near_option(token: Token, options: list[BBox], line_height: float) -> bool:
    centre = (token.bbox[1] + token.bbox[3]) / 2
    return any(abs((b[1] + b[3]) / 2 - centre) <= line_height * 0.6 for b in options)


def _band(tokens: list[Token], i: int, line_height: float) -> tuple[float, float]:
    """The line's text (top, bottom) at token i: its plain partner's, or its own if read well."""
    partner = _partner(tokens, i, line_height)
    source = tokens[partner] if partner is not None else tokens[i]
    if partner is None and source.conf < _CONFIDENT:
        centre = (source.bbox[1] + source.bbox[3]) / 2
        return centre - line_height / 2, centre + line_height / 2
    return source.bbox[1], source.bbox[3]


@functools.lru_cache(maxsize=4096)
def _option(text: str) -> str | None:
    """'yes' or 'no' for a word that is one of them (punctuation and case aside), else None;
    asked of every pair of words on a page, so remembered."""
    return _OPTIONS.get(re.sub(r"[^a-z]", "", text.lower()))


def circled(ink: Mask, box: BBox, band: tuple[float, float]) -> bool:
    """A ring of ink around the word: thin strokes left and right of its letters that reach
    above and below the line's text (`band`, top and bottom). The word's box may hold parts of
    the ring (OCR reads it as brackets); `ink` is the page's ink without other printed words."""
    top, bottom = band
    height = bottom - top
    strip = _crop(ink, (box[0] - height, top, box[2] + height, bottom))
    segments = _segments(strip.any(axis=0)) if strip.size else []
    if len(segments) < 2:
        return False
    x_start = max(box[0] - height, 0.0)
    sides = (segments[0], segments[-1])
    if sides[1][0] - sides[0][1] < height * 0.8:
        return False
    return all(_ring_side(ink, x_start + a, x_start + b, band) for a, b in sides)


def _segments(columns: Any) -> list[tuple[int, int]]:
    """Runs of inked columns (gaps of 2 px bridged): (start, end)."""
    out: list[tuple[int, int]] = []
    for x in np.flatnonzero(columns).tolist():
        if out and x - out[-1][1] <= 3:
            out[-1] = (out[-1][0], x)
        else:
            out.append((x, x))
    return out


def _ring_side(ink: Mask, x0: float, x1: float, band: tuple[float, float]) -> bool:
    top, bottom = band
    height = bottom - top
    if x1 - x0 > height * 0.7:
        return False
    reach = height * 0.3
    above = _crop(ink, (x0 - reach, top - height * 0.6, x1 + reach, top - height * 0.1))
    below = _crop(ink, (x0 - reach, bottom + height * 0.1, x1 + reach, bottom + height * 0.6))
    return bool(above.size and above.any() and below.size and below.any())


def struck(ink: Mask, box: BBox) -> bool:
    """A stroke through the word: one row in its middle inked from end to end, and beyond."""
    x0, top, x1, bottom = box
    height = bottom - top
    band = _crop(ink, (x0 - 4, top + height * 0.25, x1 + 4, bottom - height * 0.25))
    if band.size == 0:
        return False
    return bool(_longest_runs(band).max(initial=0) >= (x1 - x0) * 0.95)


def underlined(ink: Mask, box: BBox, line_height: float) -> bool:
    """A stroke under the word: a row of ink just below it that runs most of the word's width and
    not far beyond it (a table's rule, already taken out of `ink`, would run on)."""
    x0, _top, x1, bottom = box
    width = x1 - x0
    reach = line_height * 0.5
    band = _crop(ink, (x0 - reach, bottom + 2, x1 + reach, bottom + line_height * 0.7))
    if band.size == 0:
        return False
    longest = int(_longest_runs(band).max(initial=0))
    return width * 0.6 <= longest < width + reach * 1.8


# -- helpers ------------------------------------------------------------------------------------


def _without_printed(ink: Mask, tokens: list[Token]) -> Mask:
    """The ink but where confidently read words are (their neighbours' ink is not a ring)."""
    free = ink.copy()
    for t in tokens:
        if t.conf >= _CONFIDENT and _PRINTED_WORD.fullmatch(t.text):
            x0, top, x1, bottom = (int(v) for v in t.bbox)
            free[max(top, 0) : bottom, max(x0, 0) : x1] = False
    return free


def _crop(mask: Mask, box: BBox) -> Mask:
    h, w = mask.shape
    x0, top = max(int(box[0]), 0), max(int(box[1]), 0)
    x1, bottom = min(int(box[2]), w), min(int(box[3]), h)
    if x1 <= x0 or bottom <= top:
        return np.zeros((0, 0), bool)
    return mask[top:bottom, x0:x1]


def _centre_in(b: BBox, box: BBox) -> bool:
    cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _line_height(tokens: list[Token]) -> float:
    heights = sorted(t.bbox[3] - t.bbox[1] for t in tokens if t.conf >= _CONFIDENT and t.text.isalpha())
    return float(heights[len(heights) // 2]) if heights else 30.0
