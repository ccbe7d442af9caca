"""Scans to text with Tesseract: pages straightened, ruled tables found, signatures judged by ink.

`ocr_image(image, limits, deadline)` takes one page as a PIL image and returns its text
(words regrouped into full-width lines, so "Pupil name  Oliver Bennett" stays on one line
as in a typed PDF), its ruled tables as rows of cells, the mean word confidence, and the
labels whose signature box holds ink that OCR did not read as printed text.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from parsers import marks, signatures, tesseract
from parsers.errors import Unreadable
from parsers.limits import Limits
from parsers.signatures import BBox, Cell, Word

log = logging.getLogger(__name__)

_TARGET_DPI = 300
_A4_LONG_INCHES = 11.69
PSM = 11
_MAX_HEADING_CHARS = 90
_LARGER_TEXT = 1.2
_MIN_PAGE_SIDE = 300
"""Images smaller than this (pixels, shorter side) are logos or icons, not pages."""
_PRINTED_CONF = 70.0
"""Words at least this sure are printed text; ink under them is not a signature."""
Mask = Any  # numpy bool array


@dataclass(frozen=True)
class OcrPage:
    text: str
    tables: tuple[tuple[tuple[str, ...], ...], ...]
    confidence: float | None
    signature_marks: tuple[str, ...]
    headings: tuple[str, ...] = ()
    words_confidence: float | None = None
    """The mean confidence of Tesseract's own words (no tick or circle read from the ink): how
    well the page reads as text, whatever its boxes."""


@dataclass(frozen=True)
class _Word:
    text: str
    conf: float
    bbox: BBox


def ocr_image(
    image: Any, limits: Limits, deadline: float, dpi: float | None = None, colour: Any = None
) -> OcrPage:
    """Read one page image; raises Unreadable when Tesseract is missing or time runs out.

    A page read with low confidence may be on its side (a copier fed it sideways): Tesseract's
    orientation detection says how to turn it, and the turned page is kept when it reads better.
    A page read very badly that the detection cannot place is tried upside down. `colour`: a small colour
    picture of a page given in grey, to see a highlighter pen by."""
    gray = _normalise(image, limits, dpi)
    tint = _highlighter_tint(colour if colour is not None else image, gray.size)
    page = _read_gray(gray, deadline, tint)
    if (page.words_confidence or 0.0) >= _UPRIGHT_CONF:
        return page
    turn = _orientation_turn(gray, deadline)
    if not turn and (page.words_confidence or 0.0) < _UNREADABLE_CONF:
        turn = 180  # a page fed upside down, which orientation detection often cannot tell
    if not turn:
        return page
    turned_tint = tint.rotate(turn, expand=True, fillcolor=0) if tint is not None else None
    turned = _read_gray(gray.rotate(turn, expand=True, fillcolor=255), deadline, turned_tint)
    better = (turned.words_confidence or 0.0) > (page.words_confidence or 0.0)
    log.debug("page turned %d degrees: confidence %s -> %s", turn, page.confidence, turned.confidence)
    return turned if better else page


_UPRIGHT_CONF = 70.0
"""A page read at least this well is taken as upright: no orientation check."""
_UNREADABLE_CONF = 50.0
"""A page read this badly whose orientation Tesseract cannot tell is tried upside down."""


def _orientation_turn(gray: Any, deadline: float) -> int:
    """Degrees to turn the page counter-clockwise (PIL's sense) so its text is upright, by
    Tesseract's orientation and script detection (`--psm 0`, osd.traineddata); 0 when it
    cannot tell."""
    remaining = deadline - time.monotonic()
    if remaining < 2:
        return 0
    small = gray.reduce(2) if min(gray.size) > 1600 else gray
    with tempfile.TemporaryDirectory(prefix="rtt-osd-") as tmp:
        path = os.path.join(tmp, "page.pgm")
        small.save(path)
        try:
            done = _tesseract_command([path, "stdout", "--psm", "0"], min(remaining, 20))
        except subprocess.TimeoutExpired:
            return 0
    found = re.search(rb"Rotate:\s*(\d+)", done.stdout)
    clockwise = int(found.group(1)) if found and done.returncode == 0 else 0
    return (360 - clockwise) % 360 if clockwise in (90, 180, 270) else 0


def _read_gray(gray: Any, deadline: float, tint: Any = None) -> OcrPage:
    angle = _skew_angle(gray)
    gray = _rotated(gray, angle, 255)
    tinted = np.asarray(_rotated(tint, angle, 0)) > 0 if tint is not None else None
    pixels = _flatten_light(np.asarray(gray))
    threshold = _otsu(pixels)
    ink = pixels < threshold
    h_rules, v_rules = _rules(pixels)
    cells_tables = _tables(h_rules, v_rules, ink.shape)
    shaded = _shaded_cells_read(pixels, ink, threshold, cells_tables)
    cells_tables = [_shaded_rows_split(rows, shaded) for rows in cells_tables]
    rules = h_rules | v_rules
    near_rules, nearer_rules = _dilations(rules)
    paper = ~ink
    paper |= nearer_rules
    cleaned = paper.view(np.uint8) * np.uint8(255)  # 255 where paper, 0 where ink
    raw_words = _tesseract_words(paper, deadline)
    raw_words = _accents_read(paper, raw_words, deadline)
    read = [w.conf for w in raw_words if w.conf >= 0]
    words_confidence = round(float(np.mean(read)), 1) if read else 0.0
    raw_words += _empty_cells_read(cleaned, cells_tables, raw_words, deadline)
    pen = np.greater(ink, near_rules)  # ink, not near rules
    raw_words = _marks_read(pen, raw_words, cells_tables, tinted)
    handwriting = _handwriting(np.greater(ink, rules), raw_words)
    words, signed = _signature_cells_read(raw_words, cells_tables, handwriting)
    lines = _lines(words)
    text = "\n".join(" ".join(w.text for w in line) for line in lines)
    tables = tuple(tuple(_bars_split(row) for row in _table_texts(rows, words)) for rows in cells_tables)
    marks = signatures.unique(signed + _line_marks(lines, handwriting))
    confs = [w.conf for w in raw_words]
    confidence = round(float(np.mean(confs)), 1) if confs else 0.0
    headings = _headings(lines)
    return OcrPage(
        text=text, tables=tables, confidence=confidence, signature_marks=marks, headings=headings,
        words_confidence=words_confidence,
    )


def _marks_read(
    ink: Mask, words: list[_Word], cell_tables: list[list[list[BBox | None]]], tinted: Mask | None = None
) -> list[_Word]:
    """Tick boxes, circled, struck-out, underlined or highlighted Yes/No and ticks in empty cells, as a typed
    form has them."""
    cells = [box for rows in cell_tables for row in rows for box in row if box is not None]
    tokens = [marks.Token(w.text, w.conf, w.bbox) for w in words]
    return [_Word(t.text, t.conf, t.bbox) for t in marks.read_marks(ink, tokens, cells, tinted)]


_HIGHLIGHT_SATURATION = 100
"""How far a pixel's brightest colour channel stands above its dimmest for highlighter ink (yellow, green,
pink: 150 or more); pastel paper (about 70) and grey or black ink stay under it."""


def _highlighter_tint(image: Any, size: tuple[int, int]) -> Any:
    """Where a colour page carries highlighter (bright and strongly coloured), as an 'L' image of the
    OCR page's size (255 there); None for a grey page or one with no such colour."""
    from PIL import Image

    if image.mode not in ("RGB", "RGBA", "P", "CMYK", "YCbCr"):
        return None
    small = image if image.mode == "RGB" else image.convert("RGB")  # no full-size copy of an RGB photo
    small = small.reduce(4) if small.width > size[0] // 3 else small
    rgb = np.asarray(small, dtype=np.int16)
    saturation = rgb.max(axis=2) - rgb.min(axis=2)
    tinted = (saturation > _HIGHLIGHT_SATURATION) & (rgb.max(axis=2) > 150)
    if not tinted.any():
        return None
    mask = Image.fromarray((tinted * 255).astype(np.uint8))
    return mask.resize(size, Image.Resampling.NEAREST)


def _headings(lines: list[list[_Word]]) -> tuple[str, ...]:
    """Lines set larger (or larger and bold) than the page's body text, as a typed PDF's headings are.

    Size is measured by the width of the characters, which ascenders and descenders do not
    disturb as they do a word's height."""
    words = [w for line in lines for w in line if _is_wordlike(w)]
    if len(words) < 5:
        return ()
    body = float(np.median([_char_width(w) for w in words]))
    out: list[str] = []
    for line in lines:
        text = " ".join(w.text for w in line)
        scored = [w for w in line if _is_wordlike(w)]
        if not scored or len(text) > _MAX_HEADING_CHARS or any(w.conf < 70 for w in line):
            continue
        if float(np.median([_char_width(w) for w in scored])) >= body * _LARGER_TEXT:
            out.append(text)
    return tuple(out)


def _char_width(word: _Word) -> float:
    return (word.bbox[2] - word.bbox[0]) / max(len(word.text), 1)


def _is_wordlike(word: _Word) -> bool:
    return word.conf >= 60 and sum(ch.isalpha() for ch in word.text) >= 2


# -- the image ---------------------------------------------------------------------------


def _normalise(image: Any, limits: Limits, dpi: float | None) -> Any:
    """Grayscale, at about 300 dpi (Tesseract's sweet spot), within the pixel limit."""
    from PIL import Image, ImageOps

    image = ImageOps.exif_transpose(image) or image
    gray = image.convert("L")
    width, height = gray.size
    estimated = dpi or max(width, height) / _A4_LONG_INCHES
    scale = _TARGET_DPI / estimated if estimated < 270 or estimated > 420 else 1.0
    scale = min(scale, (limits.max_image_pixels / max(width * height, 1)) ** 0.5, 4.0)
    if abs(scale - 1.0) > 0.05:
        size = (max(1, int(width * scale)), max(1, int(height * scale)))
        gray = gray.resize(size, Image.Resampling.LANCZOS if scale < 1 else Image.Resampling.BICUBIC)
    return gray


_SHADOW_SPREAD = 18.0
"""How uneven (standard deviation of the paper's brightness) a page must be to be flattened."""


_UPSCALED_SPREAD = 2**0.5
"""How much more the full-size light's brightness can spread than the small one's it is made
from: each of its pixels is a weighted mean of the small image's (bilinear, weights >= 0 that
sum to 1), so its variance is at most the small image's times the largest share any small pixel
has of the whole (1.0 for PIL's bilinear upscaling, edges included; 2 allowed), and PIL's
rounding moves a pixel by less than 1. A page whose small light is flat within that is flat."""


def _flatten_light(pixels: Any) -> Any:
    """A phone photo's shadows and uneven light, divided out: the paper's brightness is estimated
    by a wide maximum-then-blur of the page (text is thin, paper is everywhere) and each pixel is
    taken relative to it, so one threshold then fits the whole page. A flat scan is left alone."""
    from PIL import Image, ImageFilter

    small = np.asarray(Image.fromarray(pixels).reduce(4))
    paper = Image.fromarray(_max_filter(small, 9)).filter(ImageFilter.GaussianBlur(12))
    if _spread(paper.histogram()) * _UPSCALED_SPREAD + 1.0 < _SHADOW_SPREAD:
        return pixels  # flat for sure: the full-size light is not made
    light = paper.resize((pixels.shape[1], pixels.shape[0]), Image.Resampling.BILINEAR)
    if _spread(light.histogram()) < _SHADOW_SPREAD:
        return pixels
    index = pixels.astype(np.uint16) << 8
    index |= np.asarray(light)
    return _divided_light().take(index)


def _divided_light() -> Any:
    """Each pixel divided by the paper's light, for every pair of 8-bit levels (pixel * 256 +
    light): float32 pixel / max(light, 1) * 255, clipped, truncated to uint8, as the page's
    arrays of floats gave it (the same float32 operations, a 64 KB table looked up instead of
    four float copies of the page made: a seventh of the time)."""
    table: Any = _LIGHT_TABLE.get("table")
    if table is None:
        levels = np.arange(256, dtype=np.float32)
        flat = levels[:, None] / np.maximum(levels[None, :], 1.0) * 255.0
        table = np.clip(flat, 0, 255).astype(np.uint8).ravel()
        _LIGHT_TABLE["table"] = table
    return table


_LIGHT_TABLE: dict[str, Any] = {}


def _spread(histogram: list[int]) -> float:
    """The standard deviation of an 8-bit image's pixels, from its histogram (PIL counts them
    in a few milliseconds; numpy's std of the page as floats takes ten times as long)."""
    counts = np.asarray(histogram, dtype=np.float64)
    values = np.arange(counts.size, dtype=np.float64)
    total = max(float(counts.sum()), 1.0)
    mean = float((counts * values).sum()) / total
    return float(np.sqrt((counts * (values - mean) ** 2).sum() / total))


def _max_filter(pixels: Any, size: int) -> Any:
    """Each pixel the brightest of the size x size square around it (PIL's MaxFilter, pixel for
    pixel, edges included), as two passes of shifted maxima: a fiftieth of the time."""
    out = pixels.copy()
    for axis in (0, 1):
        src = np.moveaxis(out.copy(), axis, 0)
        view = np.moveaxis(out, axis, 0)
        for shift in range(1, size // 2 + 1):
            np.maximum(view[shift:], src[:-shift], out=view[shift:])
            np.maximum(view[:-shift], src[shift:], out=view[:-shift])
    return out


def _otsu(pixels: Any) -> float:
    from PIL import Image

    hist = np.asarray(Image.fromarray(pixels).histogram(), dtype=np.float64)
    total = hist.sum()
    weights = np.cumsum(hist)
    means = np.cumsum(hist * np.arange(256))
    between = (means[-1] * weights - means * total) ** 2 / np.maximum(weights * (total - weights), 1e-9)
    threshold = float(np.argmax(between))
    return min(max(threshold, 60.0), _lightest_threshold(weights / max(total, 1.0)))


_DARKEST_SHARE = 0.002
"""The share of a page's pixels that are its darkest ink: any page with a few lines of text has
more ink than that."""
_INK_SHARE = 0.01
"""The share of a page's pixels that its text's strokes cover, at the least."""
_FAINT_INK = 140
"""Ink no darker than this is faint: a carbonless copy, a pale photocopy."""
_TEXT_UNDER_PAPER = 25
"""How much darker than the paper a page's ink must be for it to hold text, not only grain."""


def _lightest_threshold(cumulative: Any) -> float:
    """The highest threshold that keeps paper out of the ink: 200, or, on a page of text whose
    darkest ink is faint (a carbonless copy), halfway between its ink and its paper, so the pale
    strokes are kept whole. A nearly blank page keeps 200: its grain is no ink."""
    darkest = int(np.searchsorted(cumulative, _DARKEST_SHARE))
    ink = int(np.searchsorted(cumulative, _INK_SHARE))
    paper = int(np.searchsorted(cumulative, 0.5))
    if darkest <= _FAINT_INK or ink > paper - _TEXT_UNDER_PAPER:
        return 200.0
    return float(max(200, (ink + paper) // 2))


def _skew_angle(gray: Any) -> float:
    """The page's tilt in degrees (up to 6; 0 when under 0.15 or the page is nearly blank): turning it by
    this much (PIL's sense) straightens it (projection-profile search)."""
    from PIL import Image

    small = gray.resize((max(1, gray.width // 4), max(1, gray.height // 4)), Image.Resampling.BILINEAR)
    ink = (np.asarray(small) < 160).astype(np.uint8) * 255
    if ink.mean() < 0.5:
        return 0.0
    probe = Image.fromarray(ink)
    best = _best_angle(probe, np.arange(-6.0, 6.01, 0.5))
    best = _best_angle(probe, np.arange(best - 0.4, best + 0.41, 0.1))
    return 0.0 if abs(best) < 0.15 else best


def _rotated(image: Any, angle: float, fill: int) -> Any:
    from PIL import Image

    if not angle:
        return image
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=fill)


def _best_angle(probe: Any, angles: Any) -> float:
    from PIL import Image

    scores = []
    for angle in angles:
        rotated = np.asarray(probe.rotate(float(angle), resample=Image.Resampling.NEAREST, fillcolor=0))
        profile = rotated.sum(axis=1, dtype=np.float64)
        scores.append(float(np.var(profile)))
    return float(angles[int(np.argmax(scores))])


def _window_sum(m: Any, length: int) -> Any:
    """Sums over windows of `length` along the last axis (one per start position)."""
    zero = np.zeros((*m.shape[:-1], 1), np.int32)
    csum = np.concatenate([zero, np.cumsum(m, axis=-1, dtype=np.int32)], axis=-1)
    return csum[..., length:] - csum[..., :-length]


def _runs_filter(mask: Mask, length: int, axis: int) -> Mask:
    """Where a straight run of `length` along `axis` is at least 90% ink (gaps from noise bridged).

    The mask is laid out with `axis` last in memory first: a cumulative sum across rows in
    place takes four times as long as the copy and the sum along them. Only the rows with
    that much ink in all are summed, and only those with such a run are spread over it: a
    page's other rows (most of them) have none."""
    m = np.ascontiguousarray(np.moveaxis(mask, axis, -1))
    if m.shape[-1] < length:
        return np.zeros(mask.shape, bool)
    need = int(length * 0.9)
    rows = np.flatnonzero(np.count_nonzero(m, axis=-1) >= need)
    full = _window_sum(m[rows], length) >= need
    found = full.any(axis=-1)
    rows, full = rows[found], full[found]
    pad = np.zeros((rows.size, length - 1), bool)
    starts = np.concatenate([pad, full, pad], axis=-1).astype(np.int8)
    covered = np.zeros(m.shape, bool)
    covered[rows] = _window_sum(starts, length) > 0
    return np.moveaxis(covered, -1, axis)


def _rules(pixels: Any) -> tuple[Mask, Mask]:
    """Horizontal and vertical ruling lines (table borders, signature lines), light grey included.

    Found on a half-size image (each pixel the darkest of four), then scaled back up. A short
    run counts only where it meets a run the other way (a table's grid): a row of blurred
    letters ("ssessme") can look like a short rule, but never meets one."""
    h, w = pixels.shape
    even = pixels[: h - h % 2, : w - w % 2]
    upper = np.minimum(even[0::2, 0::2], even[0::2, 1::2])
    half = np.minimum(upper, np.minimum(even[1::2, 0::2], even[1::2, 1::2]))  # darkest of 4, fast
    ink = half < 205
    runs = [_runs_filter(_thin(ink, across=1 - axis), length, axis=axis)
            for axis, length in ((1, _TARGET_DPI // 4), (0, _TARGET_DPI // 7))]  # 0.5, 0.3 inch at half size
    kept = (_grid_runs(runs[0], runs[1]), _grid_runs(runs[1].T, runs[0].T).T)
    dark = pixels < 205
    out = []
    for small in kept:
        full = np.zeros((h, w), bool)
        full[: h - h % 2, : w - w % 2] = _doubled_mask(small & ink)  # each half-size pixel 2 x 2
        full &= dark
        out.append(full)
    return out[0], out[1]


def _doubled_mask(mask: Mask) -> Mask:
    """A bool mask at twice the size, each pixel 2 x 2: its bytes widened to two (a uint16 of
    byte * 257) and each row written twice, without numpy's slow strided writes."""
    rows, cols = mask.shape
    wide = np.ascontiguousarray(mask).view(np.uint8).astype(np.uint16) * np.uint16(257)
    doubled = np.empty((rows, 2, cols), np.uint16)
    doubled[:, 0] = wide
    doubled[:, 1] = wide
    return doubled.view(np.uint8).view(bool).reshape(rows * 2, cols * 2)


def _grid_runs(along: Mask, across: Mask, reach: int = 4) -> Mask:
    """Runs of `along` (rows) that are long (1.5 inch) or touch a run of `across`."""
    long_run = _TARGET_DPI * 3 // 4
    kept = np.zeros_like(along)
    for y in np.flatnonzero(along.any(axis=1)):
        row = np.concatenate([[0], along[y].astype(np.int8), [0]])
        edges = np.flatnonzero(np.diff(row))
        for x0, x1 in zip(edges[::2], edges[1::2], strict=False):
            band = across[max(y - reach, 0): y + reach + 1, max(x0 - reach, 0): x1 + reach]
            if x1 - x0 >= long_run or band.any():
                kept[y, x0:x1] = True
    return kept


def _thin(ink: Mask, across: int, reach: int = 5) -> Mask:
    """Ink that has no ink `reach` pixels away on at least one side across the line's direction:
    rules are thin, while the strokes of (bold, blurred) text come in thick bands."""
    before = np.zeros_like(ink)
    after = np.zeros_like(ink)
    if across == 0:
        before[reach:] = ink[:-reach]
        after[:-reach] = ink[reach:]
    else:
        before[:, reach:] = ink[:, :-reach]
        after[:, :-reach] = ink[:, reach:]
    return ink & ~(before & after)


def _dilations(mask: Mask) -> tuple[Mask, Mask]:
    """`_dilate(mask, 3)` and `_dilate(mask, 2)`, the larger grown from the smaller."""
    nearer = _dilate(mask, 2)
    near = nearer.copy()
    near[3:, :] |= mask[:-3, :]
    near[:-3, :] |= mask[3:, :]
    near[:, 3:] |= mask[:, :-3]
    near[:, :-3] |= mask[:, 3:]
    return near, nearer


def _dilate(mask: Mask, radius: int) -> Mask:
    out = mask.copy()
    for shift in range(1, radius + 1):
        out[shift:, :] |= mask[:-shift, :]
        out[:-shift, :] |= mask[shift:, :]
        out[:, shift:] |= mask[:, :-shift]
        out[:, :-shift] |= mask[:, shift:]
    return out


# -- tables from ruling lines (pdfplumber's own cell finder) --------------------------------


def _segments(mask: Mask, orientation: str, height: int) -> list[dict[str, Any]]:
    """Each run of the mask's rows (of its columns for "v") as a pdfplumber edge, row by row,
    left to right: the runs of all the rows found by one diff, not one row at a time."""
    lines = mask if orientation == "h" else mask.T
    rows = np.flatnonzero(lines.any(axis=1))
    padded = np.zeros((rows.size, lines.shape[1] + 2), np.int8)
    padded[:, 1:-1] = lines[rows]
    which, changes = np.nonzero(np.diff(padded, axis=1))  # row-major: each row's runs in order
    positions = rows[which[::2]].tolist()
    starts, stops = changes[::2].tolist(), changes[1::2].tolist()
    return [_edge(orientation, float(pos), float(start), float(stop), height)
            for pos, start, stop in zip(positions, starts, stops, strict=True)]


def _edge(orientation: str, pos: float, start: float, stop: float, height: int) -> dict[str, Any]:
    if orientation == "h":
        x0, x1, top, bottom = start, stop, pos, pos
    else:
        x0, x1, top, bottom = pos, pos, start, stop
    return {
        "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
        "y0": height - bottom, "y1": height - top, "width": x1 - x0, "height": bottom - top,
        "orientation": orientation, "object_type": "line",
    }


def _tables(h_rules: Mask, v_rules: Mask, shape: tuple[int, int]) -> list[list[list[BBox | None]]]:
    """Ruled tables as rows of cell boxes (None where a merged cell spans the column)."""
    from pdfplumber import table as pt

    height = shape[0]
    edges = _segments(h_rules, "h", height) + _segments(v_rules, "v", height)
    if not edges or len(edges) > 20_000:
        return []
    edges = pt.merge_edges(edges, 8, 8, 10, 10)
    edges = [e for e in edges if (e["x1"] - e["x0"]) + (e["bottom"] - e["top"]) >= 30]
    cells = pt.intersections_to_cells(pt.edges_to_intersections(edges, 8, 8))
    out: list[list[list[BBox | None]]] = []
    for table_cells in pt.cells_to_tables(cells):
        if len(table_cells) < 2:
            continue
        rows = pt.Table(None, table_cells).rows  # type: ignore[arg-type]
        out.append(_rows_completed([list(row.cells) for row in rows]))
    out.sort(key=lambda t: min(c[1] for r in t for c in r if c))
    return out


_SHADED_INK = 0.4
"""Of a cell's inside dark at the page's threshold: a grey fill (a form's shaded header row), not
text on white paper (a tenth or two)."""
_SHADE_STEP = 25.0
"""How much darker than the page's threshold a shaded cell's own must be to tell its text from
its fill."""


def _shaded_cells_read(
    pixels: Any, ink: Mask, threshold: float, tables: list[list[list[BBox | None]]]
) -> set[BBox]:
    """A form's shaded cells (a grey header row) all fall below the page's threshold, text and
    fill alike, and read as garble: each is thresholded again by its own pixels (in `ink`, in
    place), so its dark text stands out from its fill. Returns the shaded cells."""
    shaded: set[BBox] = set()
    for box in (b for rows in tables for row in rows for b in row if b is not None):
        x0, top, x1, bottom = (int(v) for v in box)
        inside = (slice(top + 4, bottom - 4), slice(x0 + 4, x1 - 4))
        region = pixels[inside]
        if region.size < 400 or float(ink[inside].mean()) <= _SHADED_INK:
            continue
        own = _otsu(region)
        if own <= threshold - _SHADE_STEP:
            text = region < own
            text[:, _rules_across(text)] = False  # the rules between its columns, not letters
            ink[inside] = text
            shaded.add(box)
    return shaded


def _rules_across(ink: Mask) -> Any:
    """The columns of a cell that ink crosses from top to bottom: rules, never text, which a
    cell's margins keep off its edges. Each is widened by two pixels either side."""
    full = ink.mean(axis=0) >= 0.9
    return np.convolve(full, np.ones(5), mode="same") > 0


def _shaded_rows_split(rows: list[list[BBox | None]], shaded: set[BBox]) -> list[list[BBox | None]]:
    """A shaded row found as one cell across the table (its fill hid the rules between its
    columns) takes the columns of the rows below: its words then fall under their columns."""
    if not shaded:
        return rows
    lefts, rights = _column_edges(rows, leaving_out=shaded)
    out: list[list[BBox | None]] = []
    for row in rows:
        present = [b for b in row if b is not None]
        if len(present) != 1 or present[0] not in shaded or row[0] is None:
            out.append(row)
            continue
        span = present[0]
        split: list[BBox | None] = []
        for left, right in zip(lefts, rights, strict=True):
            if left is not None and right is not None and span[0] - 4 <= left and right <= span[2] + 4:
                split.append((left, span[1], right, span[3]))
            else:
                split.append(None)
        out.append(split if sum(b is not None for b in split) >= 2 else row)
    return out


def _rows_completed(rows: list[list[BBox | None]]) -> list[list[BBox | None]]:
    """A cell whose border a shadow or a faint copy lost (so no cell was found) where the
    table's other rows have one: the row's band across that column. A cell that another spans
    (a title row across the table, a label down two rows) stays None."""
    boxes = [b for row in rows for b in row if b is not None]
    lefts, rights = _column_edges(rows)
    out: list[list[BBox | None]] = []
    for row in rows:
        present = [b for b in row if b is not None]
        if not present:
            out.append(row)
            continue
        top, bottom = min(b[1] for b in present), min(b[3] for b in present)
        done = list(row)
        for i, box in enumerate(row):
            left, right = lefts[i], rights[i]
            if box is not None or left is None or right is None:
                continue
            candidate = (left, top, right, bottom)
            if not any(_overlaps(candidate, b) for b in boxes):
                done[i] = candidate
        out.append(done)
    return out


def _column_edges(
    rows: list[list[BBox | None]], leaving_out: set[BBox] | None = None
) -> tuple[list[float | None], list[float | None]]:
    """Each column's left edge (its cells share it) and right edge (the narrowest of its cells),
    from the cells found in it, but those `leaving_out`; None for a column with none."""
    skip = leaving_out or set()
    columns = len(rows[0]) if rows else 0
    found = [[box for r in rows if (box := r[i]) is not None and box not in skip] for i in range(columns)]
    lefts = [column[0][0] if column else None for column in found]
    rights = [min(b[2] for b in column) if column else None for column in found]
    return lefts, rights


def _overlaps(a: BBox, b: BBox, margin: float = 4.0) -> bool:
    """Two boxes share more than their borders."""
    return a[0] < b[2] - margin and b[0] < a[2] - margin and a[1] < b[3] - margin and b[1] < a[3] - margin


def _signature_cells_read(
    words: list[_Word], cell_tables: list[list[list[BBox | None]]], handwriting: Mask
) -> tuple[list[_Word], list[str]]:
    """In each "Signature" cell, what OCR made of handwriting ("wu NM A") is dropped; a cell
    with ink reads "(signed)", like a signed form field. Returns the words and the signed labels."""
    rows = [_cells(rows, _table_texts(rows, words)) for rows in cell_tables]
    cells = signatures.signature_cells(rows)
    if not cells:
        return words, []
    boxes = [box for _, box in cells]
    kept = [w for w in words if w.conf >= _PRINTED_CONF or not any(_centre_in(w.bbox, b) for b in boxes)]
    signed: list[str] = []
    for label, box in cells:
        if _ink_in(handwriting, box):
            signed.append(label)
            if not any(_centre_in(w.bbox, box) for w in kept):
                kept.append(_Word(SIGNED, 100.0, _middle_strip(box)))
    return kept, signed


SIGNED = "(signed)"


def _middle_strip(box: BBox) -> BBox:
    mid = (box[1] + box[3]) / 2
    return (box[0] + 8, mid - 10, min(box[2] - 8, box[0] + 160), mid + 10)


def _cells(boxes: list[list[BBox | None]], texts: tuple[tuple[str, ...], ...]) -> list[list[Cell]]:
    pairs = zip(texts, boxes, strict=False)
    return [[Cell(t, b) for t, b in zip(trow, brow, strict=False)] for trow, brow in pairs]


def _table_texts(rows: list[list[BBox | None]], words: list[_Word]) -> tuple[tuple[str, ...], ...]:
    centres = _centres(words)
    return tuple(tuple(_text_in(box, words, centres) if box else "" for box in row) for row in rows)


def _bars_split(row: tuple[str, ...]) -> tuple[str, ...]:
    """A row found as one cell across the table (the rules between its columns not found) whose
    text OCR read with those rules as bars ('| From | Sessions | Hours'): split at the bars, when
    they give the row's cells one for one."""
    if len(row) < 2 or any(row[1:]) or row[0].count("|") < 2:
        return row
    parts = tuple(" ".join(part.split()).strip(_SPECKS) for part in _BAR_READ.split(row[0]))
    return parts if len(parts) == len(row) else row


_SPECKS = " '‘’`\""
"""Quote marks OCR reads from specks beside a rule ('Mon ‘')."""
_BAR_READ = re.compile(r"\s*(?:\||\[|\]|(?<=\s)[lI](?=\s))\s*")
"""A rule between cells as OCR reads it: a bar, a bracket, a lone 'l' or 'I' ('Mon [tue l wed')."""


def _centres(words: list[_Word]) -> Any:
    """The words' box centres (x, y), one row a word, to find the words in many cells at once."""
    boxes = np.array([w.bbox for w in words], dtype=np.float64).reshape(-1, 4)
    return np.column_stack([(boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2])


def _text_in(box: BBox, words: list[_Word], centres: Any) -> str:
    """The words whose centre is in the box (as `_centre_in` finds them), as lines."""
    x, y = centres[:, 0], centres[:, 1]
    found = np.flatnonzero((box[0] <= x) & (x <= box[2]) & (box[1] <= y) & (y <= box[3]))
    inside = [words[i] for i in found.tolist()]
    return " ".join(" ".join(w.text for w in line) for line in _lines(inside))


def _centre_in(b: BBox, box: BBox) -> bool:
    cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


# -- Tesseract ------------------------------------------------------------------------------


def _empty_cells_read(
    cleaned: Any, cell_tables: list[list[list[BBox | None]]], words: list[_Word], deadline: float
) -> list[_Word]:
    """Table cells where sparse-text OCR found nothing but there is ink (a lone "1" in a Week
    column), read again one by one as a single line, trimmed and at twice the size: Tesseract
    reads a lone character well only without wide white margins. One Tesseract run reads all."""
    rows = [_cells(rows, _table_texts(rows, words)) for rows in cell_tables]
    skip = {box for _, box in signatures.signature_cells(rows)}
    crops: list[tuple[int, int, Any]] = []
    for cell in (c for table in rows for row in table for c in row):
        if not cell.text and cell.bbox is not None and cell.bbox not in skip and len(crops) < _MAX_CELL_CROPS:
            crop = _ink_crop(cleaned, cell.bbox)
            if crop is not None:
                crops.append(crop)
    if not crops:
        return []
    images = [_doubled(c) for _, _, c in crops]
    found: list[_Word] = []
    for (page_x, page_y, _), read in zip(crops, _tesseract_pages(images, deadline, psm=7), strict=True):
        for w in read:
            x0, t, x1, b = (v / 2 for v in w.bbox)
            found.append(_Word(w.text, w.conf, (x0 + page_x, t + page_y, x1 + page_x, b + page_y)))
    return found


# -- names' accents ---------------------------------------------------------------------------


def _accents_read(paper: Mask, words: list[_Word], deadline: float) -> list[_Word]:
    """Names' accents, which Tesseract's English model drops ('Răzvan' read 'Razvan', 'Güneş'
    'Giines'): the page's capitalised words it is unsure of are read again by its Latin script
    model, cropped from the page and stacked into one image, one Tesseract run for them all. A word takes the
    Latin reading only when that adds accents to the same letters (`accents_only`): elsewhere
    the Latin model reads worse than the English one ('Solutions' as 'Solutiond'). A name is
    printed more than once on a form, and the Latin model sometimes sees an accent on a plain
    letter ('Castelłano'): an accented reading is taken only where the page's other crops read
    it so more often than without its accents ('Castellano').

    Skipped where the Latin model is not installed, where libtesseract cannot be loaded (the
    `tesseract` command's path would load the model's 89 MB for every page) or where time is
    short; a Latin reading that fails leaves the English words as they were."""
    if deadline - time.monotonic() < _ACCENTS_RESERVE_SECONDS:
        return words
    candidates = _accent_candidates(words)
    if not candidates:
        return words
    engine = tesseract.engine(tesseract.LATIN)
    if engine is None:
        return words
    stacked, bands = _stacked([_accent_crop(paper, words[i].bbox) for i in candidates])
    run_deadline = min(deadline - _ACCENTS_RESERVE_SECONDS / 2, time.monotonic() + _ACCENTS_SECONDS)
    try:
        read = [w for _, w in _words_from(_parse_tsv(engine.tsv(stacked, _ACCENTS_PSM, 0, run_deadline)))]
    except Unreadable as exc:
        log.debug("names' accents not read: %s", exc)
        return words
    cores = [_word_core(words[i].text) for i in candidates]
    sure = [_word_core(w.text)[1] for w in words if _accent_candidate(w) and w.conf >= _SURE_CONF]
    latin = [_band_text(read, band) for band in bands]
    taken = accented_readings([core for _, core, _ in cores], latin, sure)
    out = list(words)
    for index, (lead, _, trail), reading in zip(candidates, cores, taken, strict=True):
        if reading is not None:
            out[index] = _Word(lead + reading + trail, words[index].conf, words[index].bbox)
    return out


def accented_readings(english: list[str], latin: list[str], sure: Iterable[str] = ()) -> list[str | None]:
    """For each of a page's words as the English model read it, the Latin model's reading where
    that is to be taken (None elsewhere): it adds accents only (`accents_only`), and the page's
    words read so by the Latin model outnumber those read the same without accents, by the Latin
    model or (`sure`: words not read again) by the English one sure of them."""
    votes = Counter(latin) + Counter(sure)
    return [reading if accents_only(core, reading) and votes[reading] > votes[_plain_word(reading)] else None
            for core, reading in zip(english, latin, strict=True)]


def _band_text(read: list[_Word], band: tuple[float, float]) -> str:
    """What the Latin model read in one crop's band, its edge punctuation off; "" where it is
    unsure of any of it."""
    found = sorted((w for w in read if band[0] <= _centre_y(w) < band[1]), key=lambda w: w.bbox[0])
    if not found or min(w.conf for w in found) < _ACCENTS_MIN_CONF:
        return ""
    return _word_core("".join(w.text for w in found))[1]


def _plain_word(text: str) -> str:
    return "".join(_plain(c) for c in text)


_ACCENTS_RESERVE_SECONDS = 4.0
"""Time the page must still have for its names' accents to be read (the empty cells come after)."""
_ACCENTS_SECONDS = 6.0
_ACCENTS_PSM = 6
"""One uniform block of text: the stacked words, one a line."""
_ACCENTS_MIN_CONF = 50.0
_MAX_ACCENT_CROPS = 400
_MIN_NAME_LETTERS = 1
"""Irish names' Ó and Ní are names' words too ('Seán Ó Briain', which `eng` reads 'Sean O Briain')."""
_EDGE_PUNCTUATION = "\"'`.,:;!?()[]{}<>*"


def _word_core(text: str) -> tuple[str, str, str]:
    """A word's leading punctuation, its letters, its trailing punctuation ('(Razvan),')."""
    core = text.strip(_EDGE_PUNCTUATION)
    if not core:
        return text, "", ""
    start = text.index(core)
    return text[:start], core, text[start + len(core):]


def _accent_candidates(words: list[_Word]) -> list[int]:
    """The words to read again (their indexes): capitalised words the English model is unsure
    of, each at most twice, enough for a vote on its accents; a timetable's 'Monday' or a name
    printed ten times costs no more."""
    seen: Counter[str] = Counter()
    out: list[int] = []
    for index, word in enumerate(words):
        if _accent_candidate(word) and word.conf < _SURE_CONF and len(out) < _MAX_ACCENT_CROPS:
            core = _word_core(word.text)[1]
            seen[core] += 1
            if seen[core] <= _READINGS_A_WORD:
                out.append(index)
    return out


_READINGS_A_WORD = 2
_SURE_CONF = 96.0
"""A word the English model reads at least this surely is not read again: an accent it cannot
read makes it unsure ('Wisniewska' 81 to 91, 'Oztiirk' 85, 'Oisin' 90 to 92), while four in
five of a page's capitalised words are read at 95 or more. Those count as read without accents."""


def _accent_candidate(word: _Word) -> bool:
    """A capitalised word (or one in capitals) of ASCII letters, as a name read by `eng` is; not
    an abbreviation of two or three capitals ('CLA' read 'CŁA')."""
    core = _word_core(word.text)[1]
    letters = core.replace("-", "").replace("'", "")
    return (
        len(letters) >= _MIN_NAME_LETTERS and letters.isascii() and letters.isalpha()
        and core[0].isupper() and core[-1].isalpha() and not (letters.isupper() and len(letters) in (2, 3))
    )


def _accent_crop(paper: Mask, box: BBox) -> Any:
    """The word's ink, with room above and below for accents (and cedillas, ogoneks), white
    beside it: the neighbouring words are left out."""
    x0, top, x1, bottom = (int(v) for v in box)
    height = max(bottom - top, 1)
    above, below = int(height * 0.45) + 2, int(height * 0.3) + 2
    h, w = paper.shape
    piece = paper[max(top - above, 0): min(bottom + below, h), max(x0 - 1, 0): min(x1 + 2, w)]
    return piece


def _stacked(crops: list[Any]) -> tuple[Any, list[tuple[float, float]]]:
    """The crops one under another, left-aligned with a white margin, as one black and white
    image (True where paper); and each crop's vertical band in it, its share of the gaps."""
    margin = 20
    gaps = [max(int(c.shape[0] * 0.6), 12) for c in crops]
    width = max(c.shape[1] for c in crops) + 2 * margin
    height = sum(c.shape[0] for c in crops) + sum(gaps) + margin
    image = np.ones((height, width), bool)
    bands: list[tuple[float, float]] = []
    y, top = margin, 0.0
    for crop, gap in zip(crops, gaps, strict=True):
        image[y: y + crop.shape[0], margin: margin + crop.shape[1]] = crop
        bands.append((top, y + crop.shape[0] + gap / 2))
        top = bands[-1][1]
        y += crop.shape[0] + gap
    return image, bands


_LETTERS_APART = str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D"})
"""Letters NFKD does not take apart into a base letter and an accent (as parsers.extract.names)."""
_NAMES_ACCENTED = frozenset("áàâäãąă" "çćč" "ďđ" "éèêëęě" "ğ" "íîïı" "łľĺ" "ñńň" "óôöõőøơ" "ř" "śšşș" "ťţț"
                            "úûüůűư" "ýÿ" "źżž")
"""The accented letters of the names a school writes (Polish, Turkish, Romanian, Irish, French,
Spanish, Portuguese, German, Czech, Hungarian, Vietnamese's ơ and ư...): the Latin model also
sees letters no name here has where there is none ('Theò', 'Ġlyme', 'Rāzvan' for 'Răzvan', 'Ò'
for the Irish 'Ó')."""
_STAND_INS: dict[str, tuple[str, ...]] = {
    "ü": ("ii", "i", "ti"), "ś": ("S",), "ź": ("Z",), "ż": ("Z",),
}
"""What `eng` reads for an accented letter besides the letter without its accent (seen on the
project's scans): 'Giines', 'Oztirk' and 'Ozttirk' for 'Güneş' and 'Öztürk', the umlaut's dots
joined to the u; 'WiSniewska' for 'Wiśniewska', the accent making the s as tall as a capital."""


def _plain(letter: str) -> str:
    """The letter without its accents ('ă' 'a', 'ł' 'l'); a letter that has none, itself."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", letter.translate(_LETTERS_APART))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def accents_only(english: str, latin: str) -> bool:
    """Whether the Latin model's reading of a word only adds accents to the English model's:
    the same letters but for accented ones, where English read the letter bare or a look-alike
    of it ('Razvan' 'Răzvan', 'Giines' 'Güneş'); with at least one letter outside ASCII. Any
    other difference (a letter, the case, a letter more) is a misreading: English's word stays."""
    if latin.isascii() or not all(c.isalpha() or c in "-'" for c in latin):
        return False

    def match(i: int, j: int) -> bool:
        if j == len(latin):
            return i == len(english)
        letter = latin[j]
        if letter.isascii():
            return english.startswith(letter, i) and match(i + 1, j + 1)
        plain = _plain(letter)
        if letter.lower() not in _NAMES_ACCENTED or not plain.isascii() or len(plain) != 1:
            return False
        return any(english.startswith(s, i) and match(i + len(s), j + 1)
                   for s in (plain, *_STAND_INS.get(letter, ())))

    return match(0, 0)


def _doubled(pixels: Any) -> Any:
    from PIL import Image

    image = Image.fromarray(pixels)
    return np.asarray(image.resize((image.width * 2, image.height * 2), Image.Resampling.BICUBIC))


_MAX_CELL_CROPS = 60
_CROP_MARGIN = 10


def _ink_crop(cleaned: Any, box: BBox) -> tuple[int, int, Any] | None:
    """The inked part of a cell (its borders trimmed, a narrow white margin kept) and where that
    crop's top-left corner is on the page, if there is enough ink to be a character."""
    x0, top, x1, bottom = (int(v) for v in box)
    inner = cleaned[top + 5: bottom - 4, x0 + 5: x1 - 4]
    dark = inner < 128
    if inner.size == 0 or int(dark.sum()) < 30:
        return None
    ys, xs = np.flatnonzero(dark.any(axis=1)), np.flatnonzero(dark.any(axis=0))
    piece = inner[ys[0]: ys[-1] + 1, xs[0]: xs[-1] + 1]
    m = _CROP_MARGIN
    crop = np.full((piece.shape[0] + 2 * m, piece.shape[1] + 2 * m), 255, np.uint8)
    crop[m: m + piece.shape[0], m: m + piece.shape[1]] = piece
    return x0 + 5 + int(xs[0]) - m, top + 5 + int(ys[0]) - m, crop


def _tesseract_words(pixels: Any, deadline: float, psm: int = PSM) -> list[_Word]:
    """Tesseract's words with their boxes and confidences (its TSV output)."""
    return _tesseract_pages([pixels], deadline, psm)[0]


def _tesseract_pages(images: list[Any], deadline: float, psm: int) -> list[list[_Word]]:
    """Words of several images, read by Tesseract with its model loaded once.

    An image is a uint8 array of grey levels or a bool array (True where paper). A bool page
    goes to Tesseract as 1-bit: the same words as the page in black and white levels of grey, a
    fifth sooner, as Tesseract then neither thresholds it nor keeps a grey copy. The library
    (`parsers.tesseract`) reads them in this process, its model loaded once a process; where it
    cannot be loaded, one `tesseract` command reads them all."""
    remaining = deadline - time.monotonic()
    if remaining < 1:
        raise Unreadable("reading took too long: no time was left to read the scan")
    engine = tesseract.engine()
    if engine is None:
        return _command_pages(images, deadline, psm)
    pages: list[list[_Word]] = []
    for index, pixels in enumerate(images):
        data = _parse_tsv(engine.tsv(pixels, psm, index, deadline))
        pages.append([word for _, word in _words_from(data)])
    return pages


def _command_pages(images: list[Any], deadline: float, psm: int) -> list[list[_Word]]:
    """The words of the images read by one `tesseract` command (a list file names them all)."""
    import shutil

    from PIL import Image

    remaining = deadline - time.monotonic()
    if shutil.which("tesseract") is None:
        raise Unreadable("scans cannot be read here: Tesseract OCR is not installed")
    with tempfile.TemporaryDirectory(prefix="rtt-ocr-") as tmp:
        paths = [os.path.join(tmp, f"{i:04d}.{_pnm_kind(p)}") for i, p in enumerate(images)]
        for path, pixels in zip(paths, images, strict=True):
            Image.fromarray(pixels).save(path)
        source = paths[0]
        if len(paths) > 1:
            source = os.path.join(tmp, "images.txt")
            with open(source, "w", encoding="utf-8") as fh:
                fh.write("\n".join(paths) + "\n")
        args = [source, "stdout", "-l", "eng", "--oem", "1", "--psm", str(psm), "tsv"]
        try:
            done = _tesseract_command(args, remaining)
        except subprocess.TimeoutExpired as exc:
            raise Unreadable("reading the scan took too long") from exc
    if done.returncode != 0:
        raise Unreadable("the scan could not be read by OCR (Tesseract failed on it)")
    data = _parse_tsv(done.stdout.decode("utf-8", errors="replace"))
    pages: list[list[_Word]] = [[] for _ in images]
    for page, word in _words_from(data):
        if 0 <= page < len(pages):
            pages[page].append(word)
    return pages


def _tesseract_command(args: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    """The `tesseract` command on one core, its output captured (TimeoutExpired past `timeout`)."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    return subprocess.run(["tesseract", *args], capture_output=True, timeout=timeout, env=env, check=False)


def _pnm_kind(pixels: Any) -> str:
    """The file type an image is handed to Tesseract in: 1-bit PBM for black and white."""
    return "pbm" if pixels.dtype == bool else "pgm"


def _parse_tsv(tsv: str) -> dict[str, list[Any]]:
    rows = [line.split("\t") for line in tsv.splitlines()]
    if not rows:
        return {"text": [], "conf": [], "left": [], "top": [], "width": [], "height": []}
    header = rows[0]
    data: dict[str, list[Any]] = {name: [] for name in header}
    for row in rows[1:]:
        if len(row) != len(header):
            continue
        for name, value in zip(header, row, strict=True):
            data[name].append(value if name == "text" else _number(value))
    return data


def _number(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return -1.0


def _words_from(data: dict[str, list[Any]]) -> list[tuple[int, _Word]]:
    """(image index, word) for every word Tesseract is at all sure of."""
    words: list[tuple[int, _Word]] = []
    pages = data.get("page_num") or [1] * len(data["text"])
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        text = str(text).strip()
        if not text or conf < 0:
            continue
        left, top = float(data["left"][i]), float(data["top"][i])
        box = (left, top, left + float(data["width"][i]), top + float(data["height"][i]))
        words.append((int(pages[i]) - 1, _Word(text, conf, box)))
    return words


def _lines(words: list[_Word]) -> list[list[_Word]]:
    """Words grouped into full-width lines by their vertical centres, each sorted left to right."""
    if not words:
        return []
    heights = sorted(w.bbox[3] - w.bbox[1] for w in words)
    tolerance = max(heights[len(heights) // 2] * 0.5, 2.0)
    lines: list[tuple[float, list[_Word]]] = []
    for word in sorted(words, key=_centre_y):
        centre = _centre_y(word)
        if lines and abs(centre - lines[-1][0]) <= tolerance:
            mean, members = lines[-1]
            members.append(word)
            lines[-1] = (mean + (centre - mean) / len(members), members)
        else:
            lines.append((centre, [word]))
    return [sorted(members, key=lambda w: w.bbox[0]) for _, members in lines]


def _centre_y(word: _Word) -> float:
    return (word.bbox[1] + word.bbox[3]) / 2


# -- signatures -------------------------------------------------------------------------------


def _handwriting(ink: Mask, words: list[_Word]) -> Mask:
    """Ink that is not under a word OCR read confidently as print."""
    out = ink.copy()
    for w in words:
        if w.conf >= _PRINTED_CONF and len(w.text) > 1:
            x0, t, x1, b = (int(v) for v in w.bbox)
            out[max(t - 2, 0):b + 2, max(x0 - 2, 0):x1 + 2] = False
    return out


def _line_marks(lines: list[list[_Word]], handwriting: Mask) -> list[str]:
    """Marks beside labels such as "Parent/carer signature:" outside tables."""
    word_lines = [[Word(w.text, w.bbox) for w in line] for line in lines]
    width = float(handwriting.shape[1])
    return signatures.line_marks(word_lines, width, lambda box: _ink_in(handwriting, box))


def _ink_in(handwriting: Mask, box: BBox) -> bool:
    """Enough ink, spread wide enough, inside a box (its border trimmed) to be a mark."""
    h, w = handwriting.shape
    pad = 6
    x0, top = max(int(box[0]) + pad, 0), max(int(box[1]) + pad, 0)
    x1, bottom = min(int(box[2]) - pad, w), min(int(box[3]) - pad, h)
    if x1 - x0 < 10 or bottom - top < 10:
        return False
    region = handwriting[top:bottom, x0:x1]
    count = int(region.sum())
    if count < 120:
        return False
    columns = np.flatnonzero(region.any(axis=0))
    rows = np.flatnonzero(region.any(axis=1))
    spread_x = columns[-1] - columns[0] if columns.size else 0
    spread_y = rows[-1] - rows[0] if rows.size else 0
    return bool(spread_x >= 40 and spread_y >= 12 and columns.size >= 25)


# -- pages to images -----------------------------------------------------------------------------


def ocr_pdf_page(data: bytes, index: int, limits: Limits) -> OcrPage:
    """Render one PDF page (pdfium) at about 300 dpi, within the pixel limit, and read it."""
    import pypdfium2 as pdfium

    deadline = time.monotonic() + limits.timeout_seconds
    try:
        pdf = pdfium.PdfDocument(data)
        page = pdf[index]
        width, height = page.get_size()
        scale = limits.ocr_dpi / 72
        scale = min(scale, (limits.max_image_pixels / max(width * height, 1.0)) ** 0.5)
        image = page.render(scale=scale, grayscale=True).to_pil()
        colour = page.render(scale=scale / 4).to_pil()  # a highlighter pen shows only in colour
    except pdfium.PdfiumError as exc:
        raise Unreadable(f"the scanned page could not be rendered ({exc})") from exc
    return ocr_image(image, limits, deadline, dpi=scale * 72, colour=colour)


def ocr_image_frame(data: bytes, index: int, limits: Limits) -> tuple[OcrPage | None, int]:
    """Read one frame of an image file (a TIFF may hold many pages); also return the frame count.

    An image too small to be a page (a logo, an icon) is not read: None."""
    import io
    import warnings

    from PIL import Image, UnidentifiedImageError

    deadline = time.monotonic() + limits.timeout_seconds
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            frames = int(getattr(image, "n_frames", 1) or 1)
            image.seek(index)
            _check_pixels(image.size, limits)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Unreadable(_too_large(limits)) from exc
    except (UnidentifiedImageError, OSError, EOFError, ValueError, SyntaxError) as exc:
        raise Unreadable(f"the image is damaged or of an unsupported kind ({type(exc).__name__})") from exc
    if min(image.size) < _MIN_PAGE_SIDE:
        return None, frames
    dpi = _image_dpi(image)
    return ocr_image(_square_pixels(image, limits), limits, deadline, dpi=dpi), frames


_SQUARE = 0.15
"""How far a scan's horizontal and vertical resolutions may differ and its pixels still be square."""


def _square_pixels(image: Any, limits: Limits) -> Any:
    """A page whose pixels are not square stretched until they are: a standard-resolution fax is
    204 dpi across and 98 down, its letters half their height without it."""
    from PIL import Image

    try:
        across, down = (float(v) for v in image.info.get("dpi", (0, 0))[:2])
    except (TypeError, ValueError):
        return image
    if min(across, down) < 50 or abs(across / down - 1.0) < _SQUARE:
        return image
    width, height = image.size
    size = (width, round(height * across / down)) if across > down else (round(width * down / across), height)
    if size[0] * size[1] > limits.max_image_pixels:
        return image
    # a fax's 1-bit (or palette) pixels are made grey first: bicubic resizing needs L or RGB
    resizable = image.convert("L") if image.mode not in ("L", "RGB") else image
    return resizable.resize(size, Image.Resampling.BICUBIC)


def _check_pixels(size: tuple[int, int], limits: Limits) -> None:
    if size[0] * size[1] > limits.max_image_pixels:
        raise Unreadable(_too_large(limits))


def _too_large(limits: Limits) -> str:
    return f"the image is too large (over {limits.max_image_pixels // 1_000_000} megapixels)"


def _image_dpi(image: Any) -> float | None:
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        return None
    if not 100 <= value <= 1200:
        return None
    # a photo says 72 or 96 dpi whatever it shows: trust only scanner-like values
    return value
