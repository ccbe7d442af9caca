"""The timetable as a small bar chart: geometry computed here, drawn as inline SVG by a template.

One bar per reduced week (past the six-week limit drawn as over), a final bar for the return to
full time, a vertical line at the six-week mark and a horizontal line at full-time hours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from parsers.facts import WeekHours

WIDTH = 600
HEIGHT = 230
LEFT = 44
RIGHT = 12
TOP = 16
BOTTOM = 34
DEFAULT_FULL_TIME_HOURS = 32.5


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    hours: float | None
    css: str
    """'reduced', 'over' (past the limit) or 'full' (back to full time)."""


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    limit_x: float
    full_time_y: float
    full_time_hours: float
    baseline_y: float
    ticks: list[tuple[float, str]]
    limit_weeks: int


def build_chart(
    weeks: Sequence[WeekHours], full_time_hours: float | None, limit_weeks: int = 6
) -> Chart | None:
    """The chart for the facts' timetable, or None when there is no timetable."""
    if not weeks:
        return None
    full = float(full_time_hours) if full_time_hours is not None else DEFAULT_FULL_TIME_HOURS
    top_hours = max([full, *(float(w.hours) for w in weeks)]) * 1.1
    slots = max(len(weeks), limit_weeks) + 1
    slot = (WIDTH - LEFT - RIGHT) / slots
    plot_h = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_h

    def y_of(hours: float) -> float:
        return round(baseline - plot_h * hours / top_hours, 1)

    bars = [_bar(i, float(w.hours), slot, y_of, baseline, limit_weeks) for i, w in enumerate(weeks)]
    ft_y = y_of(full)
    bars.append(Bar(round(LEFT + len(weeks) * slot + slot * 0.15, 1), ft_y, round(slot * 0.7, 1),
                    round(baseline - ft_y, 1), "FT", full, "full"))
    ticks = [(y_of(h), f"{h:g}") for h in _tick_values(top_hours)]
    return Chart(WIDTH, HEIGHT, bars, round(LEFT + limit_weeks * slot, 1), ft_y, full, baseline, ticks,
                 limit_weeks)


def _bar(index: int, hours: float, slot: float, y_of: Any, baseline: float, limit: int) -> Bar:
    x = round(LEFT + index * slot + slot * 0.15, 1)
    y = y_of(hours)
    css = "over" if index + 1 > limit else "reduced"
    return Bar(x, y, round(slot * 0.7, 1), round(baseline - y, 1), str(index + 1), hours, css)


def _tick_values(top: float) -> list[float]:
    step = 10.0 if top > 25 else 5.0
    values: list[float] = []
    value = 0.0
    while value <= top:
        values.append(value)
        value += step
    return values
