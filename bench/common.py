"""What every benchmark reports: a median paired with a baseline measured in the same run."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field


@dataclass
class Figure:
    """One reported number: the median of `runs` samples beside its baseline's median."""

    name: str
    samples_ms: list[float]
    baseline_ms: list[float]
    target: str  # what DESIGN.md §8 asks, in words, e.g. "≤ 4× baseline"
    unit: str = ""  # appended to the median, e.g. "per 100k records"
    note: str = ""  # extra context, e.g. a rate
    max_ratio: float | None = None  # when set, the figure passes only at or below this ratio
    max_median: float | None = None  # when set, the figure passes only if its median is at or below this too
    quantity: str = "ms"  # what samples measure; "MB" for memory figures
    baseline_name: str = "baseline"
    extra: dict = field(default_factory=dict)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def baseline_median_ms(self) -> float:
        return statistics.median(self.baseline_ms)

    @property
    def ratio(self) -> float:
        base = self.baseline_median_ms
        return self.median_ms / base if base > 0 else float("inf")

    @property
    def passed(self) -> bool | None:
        checks = []
        if self.max_ratio is not None:
            checks.append(self.ratio <= self.max_ratio)
        if self.max_median is not None:
            checks.append(self.median_ms <= self.max_median)
        return all(checks) if checks else None

    def line(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        verdict = {True: " — met", False: " — NOT MET", None: ""}[self.passed]
        note = f"; {self.note}" if self.note else ""
        q, r = self.quantity, self.ratio
        # A speed-up reads better as a fraction: "0.0042× (1/238)".
        ratio = f"{r:.2f}×" if r >= 0.1 or r <= 0 else f"{r:.4f}× (1/{1 / r:,.0f})"
        return (f"{self.name}: median {self.median_ms:.1f} {q}{unit} ({self.baseline_name} "
                f"{self.baseline_median_ms:.1f} {q}, ratio {ratio}, target {self.target}{verdict}"
                f"{note}) [n={len(self.samples_ms)}]")

    def as_json(self) -> dict:
        data = asdict(self)
        data.update(median_ms=self.median_ms, baseline_median_ms=self.baseline_median_ms, ratio=self.ratio,
                    passed=self.passed)
        return data


def timed_ms(fn: Callable[[], object]) -> tuple[float, object]:
    """Wall time of one call in milliseconds. Benchmarks measure real time on purpose (DESIGN.md §8)."""
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000.0, result
