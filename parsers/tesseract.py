"""Tesseract's own library (libtesseract's C API), loaded once in a process: its model is read
once, not once for every page and every batch of table cells as a `tesseract` command reads it.

`engine()` is the process's one `Engine` for English, or None where the library cannot be loaded
(the caller then runs the `tesseract` command). `engine(LATIN)` is its engine for Tesseract's Latin
script model (Debian's tesseract-ocr-script-latn: names' accents, which `eng` drops), made on first
use; None where the library or that model is missing (the caller then skips what it was for).
`Engine.tsv(pixels, psm, page, deadline)` reads one image and returns what
`tesseract IMAGE stdout -l LANGUAGE --oem 1 --psm PSM tsv` prints for it, header included, the
image counted as page `page` (0-based) of a list: the same words, boxes and confidences, byte for
byte (checked on the project's scans and their table-cell crops). The library keeps nothing from
one image to the next that changes what it reads (LSTM only, no adaptive classifier).

The reading runs in the caller's process: a worker of `parsers.sandbox`, whose time and memory
limits stop a stuck or runaway reading as they stop pdfium's rendering of the page. Tesseract's
own deadline (its progress monitor) ends a reading that runs out of time in its word passes.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import logging
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

import numpy as np

from parsers.errors import Unreadable

log = logging.getLogger(__name__)

OEM_LSTM_ONLY = 1
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
"""The header line `tesseract ... tsv` prints (the library's TSV text is the rows only)."""
_SONAMES = ("libtesseract.so.5", "libtesseract.so.4")
ENGLISH = "eng"
LATIN = "Latin"
"""Tesseract's model of the Latin script (all the languages written in it): reads 'Răzvan',
'Güneş', 'Zając' where `eng` reads 'Razvan', 'Giines', 'Zajac'."""

_lock = threading.Lock()
_state: dict[str, Any] = {}


class ModelMissing(Unreadable):
    """Tesseract's model for the language is not installed."""


class Engine:
    """One TessBaseAPI, initialised for one model (English unless told) with the LSTM engine,
    Tesseract's chatter off."""

    def __init__(self, lib: Any, language: str = ENGLISH) -> None:
        self._lib = lib
        self.language = language
        self._reading = threading.Lock()  # one image at a time
        self._handle = lib.TessBaseAPICreate()
        # what Tesseract prints (resolution estimates, warnings) goes nowhere, as the command's
        # stderr did (captured, unread), not into the worker's log
        lib.TessBaseAPISetVariable(self._handle, b"debug_file", os.devnull.encode())
        if lib.TessBaseAPIInit2(self._handle, None, language.encode(), OEM_LSTM_ONLY) != 0:
            lib.TessBaseAPIDelete(self._handle)
            model = "English model" if language == ENGLISH else f"model {language!r}"
            raise ModelMissing(f"scans cannot be read here: Tesseract's {model} is not installed")
        lib.TessBaseAPISetVariable(self._handle, b"tessedit_create_tsv", b"1")  # as the `tsv` config

    def tsv(self, pixels: Any, psm: int, page: int, deadline: float) -> str:
        """One image's words as Tesseract's TSV. `pixels`: a uint8 array of grey levels, or a
        bool array (True where paper) handed over as 1-bit, as a PBM file would be."""
        with self._reading:
            return TSV_HEADER + self._rows(pixels, psm, page, deadline)

    def _rows(self, pixels: Any, psm: int, page: int, deadline: float) -> str:
        data, bytes_per_pixel, bytes_per_line = _image_bytes(pixels)
        height, width = pixels.shape
        lib, handle = self._lib, self._handle
        monitor = lib.TessMonitorCreate()
        try:
            lib.TessMonitorSetDeadlineMSecs(monitor, max(int((deadline - time.monotonic()) * 1000), 1))
            lib.TessBaseAPISetPageSegMode(handle, psm)
            lib.TessBaseAPISetImage(handle, data, width, height, bytes_per_pixel, bytes_per_line)
            failed = lib.TessBaseAPIRecognize(handle, monitor) < 0
            if failed and time.monotonic() >= deadline:
                raise Unreadable("reading the scan took too long")
            if failed:
                raise Unreadable("the scan could not be read by OCR (Tesseract failed on it)")
            text = lib.TessBaseAPIGetTsvText(handle, page)
            try:
                rows = ctypes.string_at(text).decode("utf-8", errors="replace") if text else ""
            finally:
                lib.TessDeleteText(text)
        finally:
            lib.TessBaseAPIClear(handle)  # the page's image and results, freed now
            lib.TessMonitorDelete(monitor)
        return rows

    def close(self) -> None:
        self._lib.TessBaseAPIEnd(self._handle)
        self._lib.TessBaseAPIDelete(self._handle)


def _image_bytes(pixels: Any) -> tuple[bytes, int, int]:
    """The image as the C API takes it: (data, bytes per pixel, bytes per line); 0 bytes per
    pixel is 1 bit a pixel, most significant bit first, a set bit white."""
    if pixels.dtype == bool:
        packed = np.packbits(pixels, axis=1)
        return packed.tobytes(), 0, int(packed.shape[1])
    grey = np.ascontiguousarray(pixels, dtype=np.uint8)
    return grey.tobytes(), 1, int(grey.shape[1])


def engine(language: str = ENGLISH) -> Engine | None:
    """This process's engine for `language`, made on first use; None when libtesseract cannot be
    loaded, or (any language but English, whose absence is an error) when its model is missing."""
    with _lock:
        engines: dict[str, Engine | None] = _state.setdefault("engines", {})
        if language not in engines:
            lib = _library()
            engines[language] = _made(lib, language) if lib is not None else None
            if len(engines) == 1:
                atexit.register(_close)
        return engines[language]


def _library() -> Any:
    if "lib" not in _state:
        _state["lib"] = _load()
    return _state["lib"]


def _made(lib: Any, language: str) -> Engine | None:
    if language == ENGLISH:
        return Engine(lib, language)
    try:
        return Engine(lib, language)
    except ModelMissing:
        log.debug("Tesseract's %s model is not installed: its reading is skipped", language)
        return None


def _close() -> None:
    with _lock:
        engines: dict[str, Engine | None] = _state.pop("engines", {})
        for found in engines.values():
            if found is not None:
                found.close()


def _load() -> Any:
    # Tesseract's OpenMP threads, capped at one as the `tesseract` command was run: the cap is
    # read once, when the OpenMP runtime loads with the library, so it is set before
    os.environ["OMP_THREAD_LIMIT"] = "1"
    for name in _names():
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        _declare(lib)
        log.debug("OCR by %s", name)
        return lib
    return None


def _names() -> Iterator[str]:
    yield from _SONAMES
    found = ctypes.util.find_library("tesseract")  # elsewhere (another version, macOS), if at all
    if found:
        yield found


def _declare(lib: Any) -> None:
    p, i, s = ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p
    signatures: dict[str, tuple[list[Any], Any]] = {
        "TessBaseAPICreate": ([], p),
        "TessBaseAPIInit2": ([p, s, s, i], i),
        "TessBaseAPISetVariable": ([p, s, s], i),
        "TessBaseAPISetPageSegMode": ([p, i], None),
        "TessBaseAPISetImage": ([p, s, i, i, i, i], None),
        "TessBaseAPIRecognize": ([p, p], i),
        "TessBaseAPIGetTsvText": ([p, i], p),
        "TessBaseAPIClear": ([p], None),
        "TessBaseAPIEnd": ([p], None),
        "TessBaseAPIDelete": ([p], None),
        "TessDeleteText": ([p], None),
        "TessMonitorCreate": ([], p),
        "TessMonitorSetDeadlineMSecs": ([p, i], None),
        "TessMonitorDelete": ([p], None),
    }
    for name, (args, result) in signatures.items():
        function = getattr(lib, name)
        function.argtypes = args
        function.restype = result
