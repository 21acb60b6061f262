"""`python -m bench [names…] [--runs N] [--quick] [--json FILE]` — the figures of DESIGN.md §8.

Each line reads "name: median X ms (baseline Y ms, ratio Z×, target …)": the median of N runs
beside a baseline measured in the same run. Results go to stdout, and to a JSON file only when asked.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench import (
    call_pdf,
    calls,
    cli_reports,
    cli_start,
    clocks,
    database,
    glance,
    handover,
    history,
    incident_pdf,
    launch,
    pg_search,
    roster,
    roster_pdf,
    theme_switch,
)
from bench import rollcall as rollcall_bench
from bench.common import Figure


@dataclass(frozen=True)
class Benchmark:
    name: str
    help: str
    default_runs: int
    run: Callable[..., list[Figure]]  # run(runs, quick=..., **options) -> figures
    options: tuple[str, ...] = ()  # command-line options this benchmark takes as keywords (--calls → calls=)


BENCHMARKS: dict[str, Benchmark] = {
    b.name: b
    for b in (
        Benchmark("launch", "launch to a painted main window vs a bare PySide6 window", 7, launch.run),
        Benchmark("cli_start", "`--version`/`--help` vs `python -c pass`; `report contacts` vs the same PDF warm", 9,
                  cli_start.run),
        Benchmark("cli_reports", "every `report …` command answered by the report helper, and cold, vs the same command in a warm process (issue 14)", 5,
                  cli_reports.run),
        Benchmark("synth", "synthetic database generation rate (audit records)", 3, database.bench_generate),
        Benchmark("verify", "`audit verify --full` per 100k records vs a plain SELECT (--records 2000000: issue 16)",
                  5, database.bench_verify, options=("records",)),
        Benchmark("roster", "a year's roster for 80 people, 3 positions, all checks", 7, roster.run),
        Benchmark("roster_pdf", "the monthly roster PDF (值班表), one shift and day/night", 9, roster_pdf.run),
        Benchmark("incident_pdf", "incident report form and the monthly timeliness notice with chart", 9,
                  incident_pdf.run),
        Benchmark("call_pdf", "one day's 来电登记表 with 200 calls and the month's call statistics with chart", 9,
                  call_pdf.run),
        Benchmark("clocks", "500 open clocks ticking once a second: GUI-thread busy %", 3, clocks.run),
        Benchmark("calls", "1M-call log: search first page vs LIKE, save one call, memory scrolled to the end",
                  9, calls.run, options=("calls", "pg")),
        Benchmark("pgsearch", "call search on a PostgreSQL server only (--pg URL, --pg-calls N, default 1,000,000; "
                  "--pg-index gin: a server without rum)", 9, pg_search.run_pg, options=("pg", "pg_calls", "pg_index")),
        # video roll-call (视频点名)
        Benchmark("rollcall", "live-screen keypress with 60 units, 5 years' statistics of 40 units, the 通报 PDF", 9,
                  rollcall_bench.run),
        Benchmark("glance", "值班首页: every section's data on the 1M-call database", 15, glance.run,
                  options=("calls",)),
        Benchmark("theme", "the theme switch with every page of the main window built (issue 13.13)", 7,
                  theme_switch.run),
        Benchmark("handover", "one shift's 值班日志 PDF with 200 calls, assembled from SQLite", 9, handover.run),
        Benchmark("history", "5 years (1M calls, 20k incidents, roster) vs 32 days, same month: pages, refresh, "
                  "alert, strip, 操作日志, report daily, audit verify, backup (issue 16; --scale for a smaller run)",
                  3, history.run, options=("scale",)),
    )
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="benchmarks to run (default: all): " + ", ".join(BENCHMARKS))
    parser.add_argument("--runs", type=int, help="samples per figure (default: each benchmark's own)")
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller data, for a smoke check")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to this JSON file")
    parser.add_argument("--calls", type=int, metavar="N", help="calls: size of the generated log (default 1,000,000)")
    parser.add_argument("--records", type=int, metavar="N", help="verify: length of the audit chain (default 100,000)")
    parser.add_argument("--scale", type=float, metavar="S",
                        help="history: share of the full five years' rows (default 1; --quick 0.02)")
    parser.add_argument("--pg", metavar="URL", help="calls: also the search figures on this PostgreSQL server")
    parser.add_argument("--pg-calls", type=int, metavar="N", help="pgsearch: calls in the PostgreSQL schema")
    parser.add_argument("--pg-index", choices=("rum", "gin"),
                        help="pgsearch: the search index of the schema (default rum, where the server has it)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    if args.list:
        for b in BENCHMARKS.values():
            print(f"{b.name:8} {b.help}")
        return 0
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
    figures: list[Figure] = []
    for name in args.names or list(BENCHMARKS):
        bench = BENCHMARKS[name]
        print(f"# {name}: {bench.help}", flush=True)
        start = time.perf_counter()
        options = {opt: getattr(args, opt) for opt in bench.options if getattr(args, opt) is not None}
        for figure in bench.run(args.runs or bench.default_runs, quick=args.quick, **options):
            print(figure.line(), flush=True)
            figures.append(figure)
        print(f"# {name} took {time.perf_counter() - start:.1f} s", flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump([f.as_json() for f in figures], fh, ensure_ascii=False, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
