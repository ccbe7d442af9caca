"""Counters and histograms kept in memory by one process, and the Prometheus text exposition
format (version 0.0.4) they and the store's gauges are served in (`/metrics`).

Each process counts what it did itself (Prometheus scrapes every process); what the store
holds (backlog, replies by status) is read from the database by whichever process is asked.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

Labels = tuple[tuple[str, str], ...]

PARSE_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
"""Seconds to read, judge and record one message: the library calls take ~0.05 s, OCR seconds."""

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _labels(labels: Mapping[str, str]) -> Labels:
    return tuple(sorted(labels.items()))


@dataclass
class Counter:
    name: str
    help: str
    _values: dict[Labels, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        key = _labels(labels)
        with self._lock:
            self._values[key] = self._values.get(key, 0.0) + amount

    def value(self, **labels: str) -> float:
        with self._lock:
            return self._values.get(_labels(labels), 0.0)

    def lines(self) -> list[str]:
        with self._lock:
            items = sorted(self._values.items())
        out = [f"# HELP {self.name} {escape_help(self.help)}", f"# TYPE {self.name} counter"]
        out += [sample(self.name, dict(k), v) for k, v in items]
        return out


@dataclass
class Histogram:
    name: str
    help: str
    buckets: Sequence[float] = PARSE_BUCKETS
    _counts: list[int] = field(default_factory=list)
    _sum: float = 0.0
    _count: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._counts = [0] * len(self.buckets)

    def observe(self, seconds: float) -> None:
        with self._lock:
            self._sum += seconds
            self._count += 1
            for i, bound in enumerate(self.buckets):
                if seconds <= bound:
                    self._counts[i] += 1

    @property
    def count(self) -> int:
        with self._lock:
            return self._count

    def lines(self) -> list[str]:
        with self._lock:
            counts, total, count = list(self._counts), self._sum, self._count
        out = [f"# HELP {self.name} {escape_help(self.help)}", f"# TYPE {self.name} histogram"]
        for bound, n in zip(self.buckets, counts, strict=True):
            out.append(sample(f"{self.name}_bucket", {"le": number(bound)}, n))
        out.append(sample(f"{self.name}_bucket", {"le": "+Inf"}, count))
        out.append(sample(f"{self.name}_sum", {}, total))
        out.append(sample(f"{self.name}_count", {}, count))
        return out


def gauge(name: str, help_: str, samples: Iterable[tuple[Mapping[str, str], float]]) -> list[str]:
    """A gauge family read at the moment of asking (from the store)."""
    out = [f"# HELP {name} {escape_help(help_)}", f"# TYPE {name} gauge"]
    out += [sample(name, labels, value) for labels, value in samples]
    return out


def sample(name: str, labels: Mapping[str, str], value: float) -> str:
    body = ",".join(f'{k}="{escape_value(v)}"' for k, v in sorted(labels.items()))
    return f"{name}{{{body}}} {number(value)}" if body else f"{name} {number(value)}"


def number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def escape_value(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def escape_help(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n")


class ProcessMetrics:
    """What this process did since it started."""

    def __init__(self) -> None:
        self.messages = Counter("rtt_messages_processed_total", "Messages processed here, by outcome.")
        self.parse_seconds = Histogram(
            "rtt_message_processing_seconds", "Seconds to read, judge and record one message in this process."
        )
        self.replies = Counter("rtt_replies_handed_over_total", "Replies this process sent, by result.")
        self._leading: dict[str, bool] = {}
        self._lock = threading.Lock()

    def set_leading(self, lease: str, leading: bool) -> None:
        with self._lock:
            self._leading[lease] = leading

    def leading(self) -> dict[str, bool]:
        """Each lease this process wants (a watched mailbox): whether it holds it now."""
        with self._lock:
            return dict(self._leading)

    def lines(self) -> list[str]:
        leader = gauge(
            "rtt_leader",
            "1 where this process watches the mailbox (holds its lease) and runs the periodic jobs.",
            [({"lease": k}, 1.0 if v else 0.0) for k, v in sorted(self.leading().items())],
        )
        return [*self.messages.lines(), *self.parse_seconds.lines(), *self.replies.lines(), *leader]
