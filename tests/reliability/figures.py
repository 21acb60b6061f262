"""The proof's figures: cases tried, survived and detected, per category (issue 12, "Proof").

    python -m tests.reliability.figures            # runs the proof set, then prints the table

The kill -9 tests and the concurrent writers add their own counts (one kill, or one save, is one case)
to the file named by DUTYROOM_PROOF_FIGURES; the other categories count their tests' outcomes: a tamper
test that passed is a forgery detected, a bad-input test that passed is an answer of one clear line.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest

FIGURES_FILE = "DUTYROOM_PROOF_FIGURES"

# category -> the tests whose outcomes are its cases (the kill tests count themselves)
BY_OUTCOME = {
    "tampering with the audit log": tuple(f"tests/services/test_audit_tamper.py::test_{name}" for name in (
        "deleting_the", "deleting_every", "truncate", "an_edit_with", "an_appended_forged", "a_changed_actor",
        "dropped_guards", "expect_anchor", "dropped_triggers", "a_cut_chain", "a_save_whose_anchor")),
    "kill -9 windows around the anchors (no false alarm)": (
        "tests/services/test_audit_tamper.py::test_a_save_whose_anchor", "tests/services/test_audit_tamper.py::"
        "test_a_restore_killed"),
    "bad input, one clear line": ("tests/cli/test_guards.py::test_only_demo",
                                  "tests/cli/test_guards.py::test_a_file_that_is_not",
                                  "tests/cli/test_guards.py::test_years_0000",
                                  "tests/cli/test_guards.py::test_an_imported_time",
                                  "tests/cli/test_guards.py::test_a_file_name_that"),
}
# the tests that count their own cases (kills, or saves of concurrent writers)
COUNTING = ("tests/reliability/test_kill_saves.py", "tests/reliability/test_kill_files.py",
            "tests/reliability/test_concurrent_writers.py", "tests/reliability/test_import_while_saving.py")


def record(category: str, tried: int, survived: int) -> None:
    """Add one test's counts (from a pytest worker) to the figures file, if one is being kept."""
    target = os.environ.get(FIGURES_FILE)
    if target:
        with open(target, "a", encoding="utf-8") as out:  # one short line per write: workers never interleave
            out.write(json.dumps({"category": category, "tried": tried, "survived": survived}) + "\n")


class Outcomes:
    """A pytest plugin on the controlling process: counts each test's call outcome by category."""

    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def pytest_runtest_logreport(self, report) -> None:
        if report.when != "call" and not (report.when == "setup" and report.outcome != "passed"):
            return
        for category, prefixes in BY_OUTCOME.items():
            if report.nodeid.startswith(prefixes) and not report.skipped:
                self.counts[category][0] += 1
                self.counts[category][1] += report.passed


def table(outcomes: Outcomes, figures: Path) -> list[str]:
    kills: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for line in figures.read_text(encoding="utf-8").splitlines() if figures.exists() else []:
        entry = json.loads(line)
        kills[entry["category"]][0] += entry["tried"]
        kills[entry["category"]][1] += entry["survived"]
    lines = [f"{'category':<52} {'tried':>6} {'survived':>9} {'detected':>9}"]
    for category, (tried, survived) in sorted(kills.items()):
        lines.append(f"{category:<52} {tried:>6} {survived:>9} {'-':>9}")
    for category, (tried, passed) in outcomes.counts.items():
        detected = category.startswith("tampering") or category.startswith("bad input")
        lines.append(f"{category:<52} {tried:>6} {'-' if detected else passed:>9} "
                     f"{passed if detected else '-':>9}")
    return lines


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as folder:
        figures = Path(folder) / "kills.jsonl"
        os.environ[FIGURES_FILE] = str(figures)
        outcomes = Outcomes()
        targets = sorted({p.split("::")[0] for prefixes in BY_OUTCOME.values() for p in prefixes} | set(COUNTING))
        code = pytest.main(["-q", "-p", "no:cacheprovider", *targets, *argv], plugins=[outcomes])
        print("\n".join(table(outcomes, figures)))
    return int(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
