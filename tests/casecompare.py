"""Compare a `rtt check --json` document with an expected.json, by the rules of the shared examples.

The rules (../shared/examples/README.md): only fields present in the expected document are
checked; `problems` and `concerns` compare as sets; `case.signatures` as a multiset of roles;
"reply": {} means any reply (not null), null means none; floats within 0.01; strings equal after
folding case and whitespace; the top-level `notes` is for people and is ignored.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

JSON = object

SET_KEYS = frozenset({"problems", "concerns"})


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()


def _show(value: JSON, width: int = 60) -> str:
    return json.dumps(value)[:width]


def diff(expected: JSON, got: JSON, path: str = "") -> Iterator[str]:
    """Yield one readable line per difference, as `path: got != expected`."""
    if isinstance(expected, dict):
        yield from _diff_object(expected, got, path)
        return
    if isinstance(got, _Missing):
        yield f"{path}: missing"
        return
    last = path.rsplit(".", 1)[-1]
    if last in SET_KEYS and isinstance(expected, list):
        e_set = set(map(str, expected))
        g_set = set(map(str, got if isinstance(got, list) else []))
        if e_set != g_set:
            yield f"{path}: +{sorted(g_set - e_set)} -{sorted(e_set - g_set)}"
        return
    if last == "signatures" and isinstance(expected, list):
        e_roles = Counter(s.get("role") for s in expected if isinstance(s, dict))
        g_list = got if isinstance(got, list) else []
        g_roles = Counter(s.get("role") for s in g_list if isinstance(s, dict))
        if e_roles != g_roles:
            yield f"{path}: roles {dict(g_roles)} != {dict(e_roles)}"
        return
    if isinstance(expected, list):
        if not isinstance(got, list) or len(expected) != len(got):
            shown = _show(got, 80) if isinstance(got, list) else "not a list"
            yield f"{path}: {shown} != {_show(expected, 80)}"
            return
        for i, (e_item, g_item) in enumerate(zip(expected, got, strict=True)):
            yield from diff(e_item, g_item, f"{path}[{i}]")
        return
    if _scalars_equal(expected, got):
        return
    yield f"{path}: {_show(got)} != {_show(expected)}"


def _diff_object(expected: dict[str, JSON], got: JSON, path: str) -> Iterator[str]:
    if path.endswith("reply") and expected == {}:
        if got is None or isinstance(got, _Missing):
            yield f"{path}: expected a reply, got {'null' if got is None else 'nothing'}"
        return
    if not isinstance(got, dict):
        yield f"{path}: expected an object, got {'nothing' if isinstance(got, _Missing) else _show(got)}"
        return
    for key, value in expected.items():
        if key == "notes" and not path:
            continue
        yield from diff(value, got.get(key, MISSING), f"{path}.{key}" if path else key)


def _scalars_equal(expected: JSON, got: JSON) -> bool:
    if isinstance(expected, float) or isinstance(got, float):
        try:
            if abs(float(expected) - float(got)) < 0.01:  # type: ignore[arg-type]
                return True
        except (TypeError, ValueError):
            pass
    if isinstance(expected, str) and isinstance(got, str):
        return " ".join(expected.split()).casefold() == " ".join(got.split()).casefold()
    return bool(expected == got)
