"""parsers.marks: pen marks on scanned forms, on drawn pages (300 dpi sizes): tick boxes empty,
ticked, crossed, with the tick hiding a side; a circled Yes or No beside its plain partner;
a struck-out option; a tick drawn in an empty narrow cell."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from parsers.extract.lookup import tick_answer
from parsers.marks import EMPTY, TICKED, Token, box_state, read_marks

LINE = 30  # text height in pixels


def _page() -> tuple[Any, ImageDraw.ImageDraw]:
    image = Image.new("L", (900, 300), 255)
    return image, ImageDraw.Draw(image)


def _ink(image: Any) -> Any:
    return np.asarray(image) < 128


def _letters(draw: ImageDraw.ImageDraw, x: int, y: int, count: int) -> tuple[float, float, float, float]:
    """Blocky 'letters' (short vertical bars) standing for a printed word; returns its box."""
    for i in range(count):
        draw.rectangle((x + i * 16, y, x + i * 16 + 5, y + LINE), fill=0)
    return (x, y, x + count * 16 - 10, y + LINE)


def _box(draw: ImageDraw.ImageDraw, x: int, y: int, mark: str) -> None:
    draw.rectangle((x, y, x + 40, y + 40), outline=0, width=3)
    if mark == "tick":
        draw.line((x + 6, y + 22, x + 16, y + 34, x + 52, y - 14), fill=0, width=6)
    elif mark == "cross":
        draw.line((x + 6, y + 6, x + 34, y + 34), fill=0, width=4)
        draw.line((x + 34, y + 6, x + 6, y + 34), fill=0, width=4)


@pytest.mark.parametrize(("mark", "ticked"), [("", False), ("tick", True), ("cross", True)])
def test_box_state(mark: str, ticked: bool) -> None:
    image, draw = _page()
    _box(draw, 100, 100, mark)
    found = box_state(_ink(image)[60:180, 60:200])
    assert found is not None and found[0] is ticked


def test_no_box_in_a_word() -> None:
    image, draw = _page()
    _letters(draw, 100, 100, 3)
    assert box_state(_ink(image)[80:150, 80:160]) is None


def test_box_noise_read_as_boxes() -> None:
    image, draw = _page()
    label = _letters(draw, 40, 105, 8)
    _box(draw, 400, 100, "")
    _box(draw, 600, 100, "tick")
    tokens = [Token("looked", 95.0, label), Token("LJ", 40.0, (402, 102, 440, 140)),
              Token("vf", 55.0, (604, 92, 655, 140))]
    got = [t.text for t in read_marks(_ink(image), tokens, [])]
    assert got == ["looked", EMPTY, TICKED]


def _letter_n(draw: ImageDraw.ImageDraw, x: int, y: int) -> None:
    """A handwritten 'N' inside the box at (x, y): two uprights and the diagonal between them."""
    draw.line((x + 12, y + 32, x + 12, y + 8, x + 28, y + 32, x + 28, y + 8), fill=0, width=4)


@pytest.mark.parametrize("read_as", ["[N", "IN", "LN", "(N", "[N)", "[Nj"])
def test_a_letter_written_in_a_box_is_the_answer_not_a_tick(read_as: str) -> None:
    """Scanned forms with Y / N boxes: OCR reads the box's side and the letter as '[N', 'IN';
    the answer is 'N' (a tick box read as ticked would turn every 'No' into a 'Yes')."""
    image, draw = _page()
    label = _letters(draw, 40, 105, 8)
    _box(draw, 400, 100, "")
    _letter_n(draw, 400, 100)
    _box(draw, 600, 100, "tick")
    tokens = [Token("court", 95.0, label), Token(read_as, 70.0, (400, 100, 440, 140)),
              Token("[V", 60.0, (604, 92, 655, 140))]
    got = [t.text for t in read_marks(_ink(image), tokens, [])]
    assert got == ["court", "N", TICKED]
    assert tick_answer(got[1]) is False


@pytest.mark.parametrize("circled_word", ["No", "Qo)", "(wo)"])
def test_circled_option_chosen(circled_word: str) -> None:
    image, draw = _page()
    yes = _letters(draw, 400, 120, 3)
    no = _letters(draw, 560, 120, 2)
    draw.ellipse((530, 98, 612, 172), outline=0, width=4)
    tokens = [Token("Yes", 96.0, yes), Token(circled_word, 40.0, no)]
    got = [t.text for t in read_marks(_ink(image), tokens, [])]
    assert got == [f"{EMPTY} Yes", f"{TICKED} No"]


def test_plain_options_untouched() -> None:
    image, draw = _page()
    yes = _letters(draw, 400, 120, 3)
    no = _letters(draw, 560, 120, 2)
    tokens = [Token("Yes", 96.0, yes), Token("No", 96.0, no)]
    assert [t.text for t in read_marks(_ink(image), tokens, [])] == ["Yes", "No"]


def test_struck_option_not_chosen() -> None:
    image, draw = _page()
    yes = _letters(draw, 400, 120, 3)
    no = _letters(draw, 560, 120, 2)
    draw.line((550, 135, 600, 135), fill=0, width=4)
    tokens = [Token("Yes", 96.0, yes), Token("No", 80.0, no)]
    assert [t.text for t in read_marks(_ink(image), tokens, [])] == [f"{TICKED} Yes", f"{EMPTY} No"]


def test_tick_in_empty_narrow_cell() -> None:
    image, draw = _page()
    draw.line((620, 140, 635, 160, 670, 110), fill=0, width=5)
    cells = [(500.0, 90.0, 590.0, 180.0), (600.0, 90.0, 690.0, 180.0)]
    got = read_marks(_ink(image), [], cells)
    assert [t.text for t in got] == [TICKED] and got[0].bbox[0] >= 600


@pytest.mark.parametrize(
    ("value", "answer"),
    [("(Yes) No", True), ("Yes (No)", False), ("(No) Yes", False), ("Yes / (No)", False)],
)
def test_a_circle_read_as_brackets_chooses_its_option(value: str, answer: bool) -> None:
    """OCR reads a pen circle around an option as brackets: the bracketed option is chosen."""
    assert tick_answer(value) is answer


@pytest.mark.parametrize("under", ["Yes", "No"])
def test_an_underlined_option_is_chosen(under: str) -> None:
    image, draw = _page()
    yes = _letters(draw, 400, 120, 3)
    no = _letters(draw, 560, 120, 2)
    x0, _, x1, bottom = yes if under == "Yes" else no
    draw.line((x0 - 4, bottom + 8, x1 + 6, bottom + 10), fill=0, width=3)  # a pen stroke under the word
    tokens = [Token("Yes", 96.0, yes), Token("No", 96.0, no)]
    chosen = {"Yes": [f"{TICKED} Yes", f"{EMPTY} No"], "No": [f"{EMPTY} Yes", f"{TICKED} No"]}
    assert [t.text for t in read_marks(_ink(image), tokens, [])] == chosen[under]


def test_a_line_under_both_options_chooses_neither() -> None:
    image, draw = _page()
    yes = _letters(draw, 400, 120, 3)
    no = _letters(draw, 560, 120, 2)
    draw.line((396, 160, 470, 160), fill=0, width=3)
    draw.line((556, 160, 600, 160), fill=0, width=3)
    tokens = [Token("Yes", 96.0, yes), Token("No", 96.0, no)]
    assert [t.text for t in read_marks(_ink(image), tokens, [])] == ["Yes", "No"]


@pytest.mark.parametrize("scribbled", ["Yes", "No"])
def test_a_scribbled_out_option_leaves_its_partner_chosen(scribbled: str) -> None:
    image, draw = _page()
    yes = _letters(draw, 400, 120, 3)
    no = _letters(draw, 560, 120, 2)
    x0, top, x1, bottom = yes if scribbled == "Yes" else no
    scribble = (x0 - 8, top - 12, x1 + 12, bottom + 12)
    draw.rectangle(scribble, fill=0)  # pen worked back and forth over the word
    tokens = [Token("weal", 25.0, scribble), Token("No", 96.0, no)]
    if scribbled == "No":
        tokens = [Token("Yes", 96.0, yes), Token("NA", 45.0, scribble)]
    chosen = {"Yes": [f"{EMPTY} Yes", f"{TICKED} No"], "No": [f"{TICKED} Yes", f"{EMPTY} No"]}
    assert [t.text for t in read_marks(_ink(image), tokens, [])] == chosen[scribbled]


def test_a_ring_read_as_a_word_is_no_scribble() -> None:
    image, draw = _page()
    yes = _letters(draw, 400, 120, 3)
    ring = (530, 98, 612, 172)
    draw.ellipse(ring, outline=0, width=4)  # a ring around the other word, read as junk: mostly paper
    tokens = [Token("Yes", 96.0, yes), Token("Cue)", 30.0, ring)]
    assert read_marks(_ink(image), tokens, [])[0].text == f"{EMPTY} Yes"  # the ringed one chosen, not 'Yes'


def test_a_highlighted_option_is_chosen() -> None:
    image, draw = _page()
    yes = _letters(draw, 400, 120, 3)
    no = _letters(draw, 560, 120, 2)
    tinted = np.zeros((300, 900), bool)
    tinted[115:155, 552:600] = True  # highlighter over 'No' only
    tokens = [Token("Yes", 96.0, yes), Token("No", 96.0, no)]
    assert [t.text for t in read_marks(_ink(image), tokens, [], tinted)] == [f"{EMPTY} Yes", f"{TICKED} No"]


def test_a_highlighter_over_both_options_chooses_neither() -> None:
    image, draw = _page()
    yes = _letters(draw, 400, 120, 3)
    no = _letters(draw, 560, 120, 2)
    tinted = np.zeros((300, 900), bool)
    tinted[115:155, 390:610] = True
    tokens = [Token("Yes", 96.0, yes), Token("No", 96.0, no)]
    assert [t.text for t in read_marks(_ink(image), tokens, [], tinted)] == ["Yes", "No"]


def _dotted_box(draw: ImageDraw.ImageDraw, x: int, y: int) -> None:
    """A box filled in with a pen dot, which OCR drops as a whole (no word is read for it)."""
    _box(draw, x, y, "")
    draw.ellipse((x + 10, y + 10, x + 30, y + 30), fill=0)


@pytest.mark.parametrize("dotted", ["Yes", "No"])
def test_a_box_ocr_lost_beside_its_partners_is_read(dotted: str) -> None:
    image, draw = _page()
    yes = _letters(draw, 400, 125, 3)
    no = _letters(draw, 600, 125, 2)
    for x, option in ((345, "Yes"), (545, "No")):
        if option == dotted:
            _dotted_box(draw, x, 120)
        else:
            _box(draw, x, 120, "")
    kept = (347, 122, 385, 160) if dotted == "No" else (547, 122, 585, 160)
    tokens = [Token("Yes", 96.0, yes), Token("No", 96.0, no), Token("LJ", 40.0, kept)]
    got = sorted(read_marks(_ink(image), tokens, []), key=lambda t: t.bbox[0])
    want = {"Yes": [TICKED, "Yes", EMPTY, "No"], "No": [EMPTY, "Yes", TICKED, "No"]}
    assert [t.text for t in got] == want[dotted]


def test_no_box_is_made_up_where_the_partner_has_none() -> None:
    image, draw = _page()
    yes = _letters(draw, 400, 125, 3)
    no = _letters(draw, 600, 125, 2)
    _box(draw, 345, 120, "")  # only 'Yes' has a box: 'No' is printed bare
    tokens = [Token("Yes", 96.0, yes), Token("No", 96.0, no), Token("LJ", 40.0, (347, 122, 385, 160))]
    assert sorted(t.text for t in read_marks(_ink(image), tokens, [])) == sorted([EMPTY, "Yes", "No"])


@pytest.mark.parametrize(("read", "ringed_at", "want"), [
    ("Yes", 560, [f"{EMPTY} Yes", f"{TICKED} No"]),
    ("No", 400, [f"{EMPTY} No", f"{TICKED} Yes"]),
])
def test_a_ringed_option_ocr_lost_is_chosen(read: str, ringed_at: int, want: list[str]) -> None:
    """A pen ring over a word makes OCR drop it: 'Yes (No)' read as 'Yes' alone. The ring standing
    on the line beside the plain option, with letters inside, is its partner chosen."""
    image, draw = _page()
    plain_at = 400 if ringed_at == 560 else 560
    plain = _letters(draw, plain_at, 120, 3 if read == "Yes" else 2)
    _letters(draw, ringed_at, 120, 2 if read == "Yes" else 3)
    width = 2 if read == "Yes" else 3
    draw.ellipse((ringed_at - 30, 98, ringed_at + width * 16 + 20, 172), outline=0, width=4)
    got = [t.text for t in read_marks(_ink(image), [Token(read, 96.0, plain)], [])]
    assert got == want


@pytest.mark.parametrize("ring", ["none", "empty"])
def test_no_option_is_made_up_without_a_ring_round_letters(ring: str) -> None:
    """A plain 'Yes' alone, or beside an empty drawn circle (a radio button with nothing in it): no
    partner is made up."""
    image, draw = _page()
    yes = _letters(draw, 400, 120, 3)
    if ring == "empty":
        draw.ellipse((530, 98, 612, 172), outline=0, width=4)
    assert [t.text for t in read_marks(_ink(image), [Token("Yes", 96.0, yes)], [])] == ["Yes"]
