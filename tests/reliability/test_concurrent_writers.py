"""Several workstations writing at the same moment: every save succeeds (issue 12, items 3 and 4).

Real processes on one database, started together; no monkeypatched races.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import text

from dutyroom.services.calls.records import CallFilter
from tests.conftest import PASSWORD, make_accounts
from tests.reliability import figures
from tests.reliability.writers import AUDIT_ONLY, BULLETINS, CALL_CHURN, CALL_SAVES, LOGINS
from tests.services.calls.helpers import search_ids, term_count_errors

pytestmark = pytest.mark.slow

WRITERS = 3


def database_url(services) -> str:
    return services.db.url.render_as_string(hide_password=False)


def run_together(script: str, url: str, *args: str, home) -> list[tuple[str, str]]:
    """(last line printed, stderr) of each writer."""
    env = {**os.environ, "DUTYROOM_HOME": str(home)}
    procs = [subprocess.Popen([sys.executable, "-c", script, url, *args], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(WRITERS)]
    for proc in procs:
        line = proc.stdout.readline().strip()
        if line != "ready":
            proc.kill()
            raise AssertionError(f"writer did not start: {line!r} {proc.communicate()[1]}")
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        outputs.append((out.strip().splitlines()[-1], err))
    return outputs


def count_saves(what: str, services, outputs, each: int) -> None:
    """The figures: saves tried by the writers together, and how many of them succeeded."""
    failed = sum(int(last.split()[1]) for last, _ in outputs)
    figures.record(f"3 writers: {what} ({services.db.kind})", WRITERS * each, WRITERS * each - failed)


def test_audit_only_transactions_from_three_processes_never_collide(services, tmp_path):
    """`dutyroom backup` while others write: each audit append holds the write lock before it reads the head."""
    before = services.audit.verify(full=True).checked
    outputs = run_together(AUDIT_ONLY, database_url(services), "40", home=tmp_path / "home")
    count_saves("audit appends", services, outputs, 40)
    assert outputs == [("failures 0", "")] * WRITERS
    report = services.audit.verify(full=True)  # the whole chain, not only what came after the last verify
    assert report.ok and report.checked == before + WRITERS * 40


def test_three_workstations_saving_calls_in_the_same_second_all_succeed(services, clock, tmp_path):
    make_accounts(services)
    at = clock.now().replace(microsecond=0)
    outputs = run_together(CALL_SAVES, database_url(services), "25", at.isoformat(), home=tmp_path / "home")
    count_saves("call saves", services, outputs, 25)
    assert outputs == [("failures 0", "")] * WRITERS
    rows = services.calls.page(CallFilter(oldest_first=True), limit=200)
    assert len(rows) == WRITERS * 25
    keys = [r.sort_key for r in rows]
    assert keys == sorted(set(keys)) and keys[-1] - keys[0] == WRITERS * 25 - 1  # one second, no gaps


def test_three_workstations_changing_calls_with_the_same_words_never_fail_and_the_counts_stay_exact(
        services, clock, tmp_path):
    """Each save appends its search terms' counts and now and then folds them (store/call_counts.py): no
    writer waits on another over a common word's counter, so none fails or deadlocks, and every count is
    what the index holds."""
    make_accounts(services)
    at = clock.now().replace(microsecond=0)
    each = 60  # 3 × (60 saves + 20 edits): several folds while the others write
    outputs = run_together(CALL_CHURN, database_url(services), str(each), at.isoformat(), home=tmp_path / "home")
    count_saves("call saves, edits and deletes with shared words", services, outputs, each)
    assert outputs == [("failures 0", "")] * WRITERS
    assert services.calls.count(CallFilter()) == WRITERS * (each - each // 5)
    for word in ("停水", "噪音", "地铁", "城东停水", "噪音扰民", "小区 噪音"):
        assert services.calls.count(CallFilter(text=word)) == len(search_ids(services, word)) > 0, word
    if services.db.kind == "postgresql":
        assert term_count_errors(services) == []
        with services.db.engine.connect() as conn:  # folded while the others wrote: fewer deltas wait than were made
            waiting = conn.execute(text("SELECT count(*) FROM call_term_delta")).scalar()
        assert waiting < WRITERS * (each + 2 * (each // 3) + each // 5) // 2


def test_three_workstations_issuing_bulletins_get_gapless_unique_numbers(services, tmp_path):
    make_accounts(services)
    outputs = run_together(BULLETINS, database_url(services), "10", home=tmp_path / "home")
    count_saves("bulletins issued", services, outputs, 10)
    assert outputs == [("failures 0", "")] * WRITERS
    assert sorted(b.number for b in services.bulletins.list(2026)) == list(range(1, WRITERS * 10 + 1))


def test_parallel_wrong_passwords_are_all_counted_and_lock_the_account(services, tmp_path):
    """Three processes guessing at once get no more tries than one would, give or take one each in flight."""
    make_accounts(services)
    outputs = run_together(LOGINS, database_url(services), "officer", "guess-guess-1", "4", home=tmp_path / "home")
    answers = [a for last, err in outputs for a in last.split()]
    assert all(err == "" for _, err in outputs)
    assert "ok" not in answers
    assert answers.count("wrong") <= 5 + WRITERS  # every failure counted: the lock came after five
    assert "locked" in answers
    with pytest.raises(Exception, match="锁定"):
        services.users.login("officer", PASSWORD)
