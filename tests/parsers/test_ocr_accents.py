"""Names' accents on scans (issue 9): Tesseract's English model reads 'Răzvan' as 'Razvan' and
'Güneş' as 'Giines'; the page's capitalised words are read again with its Latin script model,
whose reading is taken only where it adds accents to the same letters."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from parsers import ocr, tesseract
from parsers.limits import Limits
from tests.filemakers import _font

LATIN_MODEL = Path("/usr/share/tesseract-ocr/5/tessdata/Latin.traineddata")


@pytest.mark.parametrize(("english", "latin"), [
    ("Razvan", "Răzvan"),
    ("Wisniewski", "Wiśniewski"),
    ("Zajac", "Zając"),
    ("Gunes", "Güneş"),
    ("Giines", "Güneş"),  # eng reads the umlaut's u as two i's, or one, or a t and an i
    ("Oztirk", "Öztürk"),
    ("Ozttirk", "Öztürk"),
    ("WiSniewska", "Wiśniewska"),  # the accent makes the s as tall as a capital
    ("Jablonska", "Jabłońska"),
    ("Duong", "Dương"),
    ("RAZVAN", "RĂZVAN"),
    ("Nic-Amhlaoibh", "Nic-Amhlaoibh".replace("A", "Á")),
    ("Ni", "Ní"),
    ("O", "Ó"),
])
def test_latin_reading_is_taken_where_it_only_adds_accents(english: str, latin: str) -> None:
    assert ocr.accents_only(english, latin)


@pytest.mark.parametrize(("english", "latin"), [
    ("Solutions", "Solutiond"),  # Latin's misreading: no accent, a letter changed
    ("Razvan", "Razvan"),  # nothing to add
    ("Apdikarim", "Abdikarim"),  # maybe right, but not an accent: English's reading stays
    ("Razvan", "Rázvam"),  # an accent and a letter changed
    ("Oliver", "Olivér."),  # punctuation is not a letter
    ("Gunes", "güneş"),  # the case changed
    ("Gunes", "Günesş"),  # a letter more
    ("Gunes", "Güne"),  # a letter fewer
    ("Giines", "Güinneş"),  # a stand-in and a letter more
    ("Oztdrk", "Öztürk"),  # d is no stand-in for ü
    ("Zajac", "Zajęc"),  # ę is an e with an ogonek, not an a
    ("Strasse", "Straße"),  # ß is not an s with an accent
    ("Aeron", "Æron"),
    ("Theo", "Theò"),  # letters no name written here has: the Latin model's misreadings
    ("Glyme", "Ġlyme"),
    ("Razvan", "Rāzvan"),
    ("", "É"),
])
def test_latin_reading_is_refused_where_it_changes_more_than_accents(english: str, latin: str) -> None:
    assert not ocr.accents_only(english, latin)


def test_an_accent_the_rest_of_the_page_does_not_see_is_refused() -> None:
    # the Latin model saw an l as an ł once, and the same name without it three times
    english = ["Castellano", "Castellano", "Castellano", "Castellano", "Ayse", "Solutions"]
    latin = ["Castelłano", "Castellano", "Castellano", "Castellano", "Ayşe", "Solutiond"]
    assert ocr.accented_readings(english, latin) == [None, None, None, None, "Ayşe", None]
    # as often with as without: not taken either
    assert ocr.accented_readings(["Ayse", "Ayse"], ["Ayşe", "Ayse"]) == [None, None]
    # a name read with its accents more often than without is taken wherever it adds them only
    english = ["Oztiirk", "Oztdrk", "Ozturk", "Ozturk"]
    latin = ["Öztürk", "Öztürk", "Öztürk", "Ozturk"]
    assert ocr.accented_readings(english, latin) == ["Öztürk", None, "Öztürk", None]
    # words the English model read surely, not read again, count as read without accents
    assert ocr.accented_readings(["Ayse"], ["Ayşe"], sure=["Ayse"]) == [None]
    assert ocr.accented_readings(["Sean", "Sean"], ["Seán", "Seán"], sure=["Sean"]) == ["Seán", "Seán"]


@pytest.mark.parametrize(("text", "candidate"), [
    ("Razvan", True), ("(Razvan),", True), ("RAZVAN", True), ("O'Donnell", True), ("Smith-Jones", True),
    ("razvan", False), ("O", True), ("Ni", True), ("12:00", False), ("Răzvan", False), ("Week1", False),
    ("CLA", False), ("(CCE,", False), ("I", True),
])
def test_capitalised_ascii_words_are_read_again(text: str, candidate: bool) -> None:
    assert ocr._accent_candidate(ocr._Word(text, 90.0, (0, 0, 10, 10))) is candidate


def _rendered(lines: tuple[str, ...]) -> Image.Image:
    image = Image.new("L", (1500, 120 + 90 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        draw.text((60, 60 + 90 * n), line, fill=0, font=_font(44))
    return image


@pytest.mark.skipif(shutil.which("tesseract") is None or tesseract.engine() is None,
                    reason="needs Debian's tesseract-ocr (scripts/bootstrap)")
def test_a_scanned_name_keeps_its_accents() -> None:
    if tesseract.engine(tesseract.LATIN) is None:
        pytest.fail(f"Tesseract's Latin model is missing ({LATIN_MODEL}): scripts/bootstrap installs "
                    "Debian's tesseract-ocr-script-latn, which the names' accents need")
    image = _rendered(("Pupil: Răzvan Wiśniewski", "Year group: 9", "Parent: Burak Güneş (father)",
                       "School: Solutions Academy"))
    # scanned at 150 dpi: the English model is unsure of the names it reads without their accents
    # (printed crisply at 300 dpi it is sure of 'Razvan', 96.5, and does not have it read again)
    scan = image.resize((image.width // 2, image.height // 2), Image.Resampling.BILINEAR)
    page = ocr.ocr_image(scan, Limits(timeout_seconds=60), time.monotonic() + 60, dpi=150)
    assert "Pupil: Răzvan" in page.text
    assert "Güneş (father)" in page.text
    assert "School: Solutions Academy" in page.text


@pytest.mark.skipif(shutil.which("tesseract") is None or tesseract.engine() is None,
                    reason="needs Debian's tesseract-ocr (scripts/bootstrap)")
def test_without_the_latin_model_the_english_reading_stands(monkeypatch: pytest.MonkeyPatch) -> None:
    english = tesseract.engine()
    monkeypatch.setattr(tesseract, "engine", lambda language=tesseract.ENGLISH: english
                        if language == tesseract.ENGLISH else None)
    image = _rendered(("Pupil: Răzvan Wiśniewski",))
    scan = image.resize((image.width // 2, image.height // 2), Image.Resampling.BILINEAR)
    page = ocr.ocr_image(scan, Limits(timeout_seconds=60), time.monotonic() + 60, dpi=150)
    assert "Pupil: Razvan" in page.text


def test_a_missing_model_is_no_engine() -> None:
    if tesseract.engine() is None:
        pytest.skip("needs libtesseract")
    assert tesseract.engine("NoSuchModel") is None


def test_stacked_bands_hold_their_crops() -> None:
    crops = [np.zeros((30, 80), bool), np.zeros((50, 40), bool)]
    image, bands = ocr._stacked(crops)
    assert image.shape[1] == 80 + 40
    for crop, (top, bottom) in zip(crops, bands, strict=True):
        assert bottom - top > crop.shape[0]
    assert bands[0][1] <= bands[1][0]


def test_unsure_words_are_read_again_each_at_most_twice() -> None:
    texts = ["Monday", "Monday", "Monday", "Razvan", "(Razvan)", "Razvan.", "week", "O"]
    words = [ocr._Word(t, 90.0, (0, 10 * n, 40, 10 * n + 8)) for n, t in enumerate(texts)]
    assert ocr._accent_candidates(words) == [0, 1, 3, 4, 7]
    words[0] = ocr._Word("Monday", 96.0, words[0].bbox)  # the English model is sure of it
    assert ocr._accent_candidates(words) == [1, 2, 3, 4, 7]
