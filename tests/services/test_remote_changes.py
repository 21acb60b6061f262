"""Two workstations on one PostgreSQL database hear each other's changes on their change bus."""

import threading

from dutyroom.app import open_services
from dutyroom.services.events import Change
from dutyroom.services.records import UnitRecord
from dutyroom.store import notify
from tests.conftest import make_accounts


def test_sqlite_has_no_remote_listener(sqlite_services):
    assert sqlite_services.ctx.listen_to_other_workstations() is None


def test_change_on_one_workstation_reaches_the_other(pg_services, clock, tmp_path, monkeypatch):
    services = pg_services
    admin, _, _ = make_accounts(services)
    other = open_services(services.db.url.render_as_string(hide_password=False), clock=clock,
                          schema=services.db.schema, backup_folder=tmp_path)
    heard: list[Change] = []
    arrived = threading.Event()

    def on_change(change):
        heard.append(change)
        arrived.set()

    other.bus.subscribe(on_change)
    # Both "workstations" live in this one test process: give the sender its own token.
    listener = other.ctx.listen_to_other_workstations()
    monkeypatch.setattr(notify, "PROCESS_TOKEN", "the-other-workstation")
    try:
        unit = services.units.save(admin, UnitRecord(name="区应急管理局"))
        assert arrived.wait(10), "no notification arrived"
    finally:
        listener.stop()
        other.db.dispose()
    assert heard[0] == Change(kind="unit", id=str(unit.id), op="create", origin="remote")
