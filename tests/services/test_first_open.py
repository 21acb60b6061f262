"""Opening a database: a new one gets its defaults (one 24-hour shift, the DESIGN.md §6 deadline rules), and a
prepared one is only asked whether they exist, without building the roster and incidents areas."""

from __future__ import annotations

from dutyroom.app import open_services


def test_a_new_database_gets_one_shift_and_the_default_rules_once(db_target, clock, tmp_path):
    url, schema = db_target
    first = open_services(url, clock=clock, schema=schema, backup_folder=tmp_path / "backups")
    try:
        shifts = [s.name for s in first.roster.list_shifts()]
        rules = [r.name for r in first.incidents.rules()]
    finally:
        first.db.dispose()
    assert len(shifts) == 1 and len(rules) > 0
    again = open_services(url, clock=clock, schema=schema, backup_folder=tmp_path / "backups")
    try:
        # prepared already: neither area was built to find that out, and nothing was added twice
        assert "roster" not in vars(again) and "incidents" not in vars(again)
        assert [s.name for s in again.roster.list_shifts()] == shifts
        assert [r.name for r in again.incidents.rules()] == rules
    finally:
        again.db.dispose()

