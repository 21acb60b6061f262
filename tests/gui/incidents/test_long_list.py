"""A long incident list scrolled to its end: a saved change re-reads the rows on screen, not every row."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from dutyroom.errors import DatabaseUnavailable
from dutyroom.gui.incidents.models import IncidentListModel
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.incidents.records import IncidentRecord
from tests.gui.incidents.test_page import open_page, record


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setenv("DUTYROOM_MUTE", "1")


def _fill(services, officer, clock, n: int) -> None:
    for k in range(n):
        at = clock.now() - timedelta(minutes=50 + k)
        services.incidents.save(officer, record(clock, title=f"事件{k:03d}", received_at=at,
                                                occurred_at=at - timedelta(minutes=5)))


def test_a_change_at_the_end_of_a_scrolled_list_reads_a_window_not_the_list(qtbot, sqlite_services, accounts, clock,
                                                                             monkeypatch):
    officer = accounts[2]
    _fill(sqlite_services, officer, clock, 45)
    monkeypatch.setattr("dutyroom.gui.incidents.models.PAGE_SIZE", 10)
    page = open_page(qtbot, sqlite_services, officer)
    page.model.page_size = 10
    page.refresh(restart=True)
    qtbot.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # fetches every page
    while page.model.canFetchMore():
        page.model.fetchMore()
    qtbot.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    last = page.selected()
    assert last is not None and last.title == "事件044" and page.model.rowCount() == 45

    read: list[int] = []
    listing = sqlite_services.incidents.list

    def counting(**kwargs):
        rows = listing(**kwargs)
        read.append(len(rows))
        return rows

    monkeypatch.setattr(sqlite_services.incidents, "list", counting)
    oldest = sqlite_services.incidents.get(last.id)
    sqlite_services.incidents.save(officer, replace(oldest, title="事件044（已核实）"))  # the bus refreshes the page
    assert sum(read) < 45  # the newest page and the window round the end, not all 45 rows again
    assert page.selected() is not None and page.selected().title == "事件044（已核实）"
    assert page.model.rowCount() == 45
    shown = [page.model.index(r, 1).data() for r in range(page.model.rowCount())]
    assert shown[-1] == "事件044（已核实）" and len(set(shown)) == 45


def test_a_refresh_drops_a_deleted_row_and_adds_a_new_one_in_place(qtmodeltester, sqlite_services, accounts, clock):
    officer = accounts[2]
    _fill(sqlite_services, officer, clock, 7)
    incidents = sqlite_services.incidents
    model = IncidentListModel(lambda after, limit: incidents.list(after=after, limit=limit), clock.now,
                              lambda: "Asia/Shanghai", page_size=3, fetch_one=incidents.listed)
    model.reload()
    while model.canFetchMore():
        model.fetchMore()
    qtmodeltester.check(model)
    fresh = incidents.save(officer, record(clock, title="新事件", received_at=clock.now() - timedelta(minutes=1),
                                                 occurred_at=clock.now() - timedelta(minutes=2)))
    model.refresh((4, 6), changed=(fresh.id,))
    titles = [model.incident(r).title for r in range(model.rowCount())]
    assert titles == ["新事件"] + [f"事件{k:03d}" for k in range(7)]
    assert isinstance(model.incident(0), IncidentRecord)


def test_the_count_follows_new_incidents_and_is_not_recounted_for_a_clock(qtbot, sqlite_services, accounts, clock,
                                                                          monkeypatch):
    officer = accounts[2]
    _fill(sqlite_services, officer, clock, 3)
    page = open_page(qtbot, sqlite_services, officer)
    assert page.count_label.text() == "共 3 起"
    counted: list[object] = []
    count = sqlite_services.incidents.count
    monkeypatch.setattr(sqlite_services.incidents, "count", lambda **kw: counted.append(kw) or count(**kw))
    page.on_change(Change(kind=EntityKind.CLOCK, id="1"))  # a clock met or acknowledged: the number is the same
    assert counted == [] and page.count_label.text() == "共 3 起"
    _fill(sqlite_services, officer, clock, 1)  # saved here: the bus brings the change to the page
    assert page.count_label.text() == "共 4 起" and len(counted) == 1


def test_a_failed_refresh_keeps_the_rows_and_opens_no_box(qtbot, sqlite_services, accounts, clock, monkeypatch):
    officer = accounts[2]
    _fill(sqlite_services, officer, clock, 3)
    page = open_page(qtbot, sqlite_services, officer)
    # A box another test's window left open (an alarm that came due) is not this refresh's.
    earlier = set(map(id, _boxes()))

    def away(**_kwargs):
        raise DatabaseUnavailable("与数据库服务器的连接已断开（测试）")

    monkeypatch.setattr(sqlite_services.incidents, "list", away)
    page.on_change(Change(kind=EntityKind.INCIDENT, id="1"))
    assert page.model.rowCount() == 3 and page.count_label.text() == "共 3 起"
    assert not [box for box in _boxes() if id(box) not in earlier]


def _boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_an_edited_incident_is_not_recounted_unless_a_filter_can_move_it(qtbot, sqlite_services, accounts, clock,
                                                                         monkeypatch):
    """A saved title does not change how many incidents there are: the count of years is not read again."""
    officer = accounts[2]
    _fill(sqlite_services, officer, clock, 3)
    page = open_page(qtbot, sqlite_services, officer)
    counted: list[object] = []
    count = sqlite_services.incidents.count
    monkeypatch.setattr(sqlite_services.incidents, "count", lambda **kw: counted.append(kw) or count(**kw))
    shown = page.model.incident(1)
    sqlite_services.incidents.save(officer, replace(sqlite_services.incidents.get(shown.id), title="事件（已核实）"))
    assert counted == [] and page.count_label.text() == "共 3 起"
    assert page.model.incident(1).title == "事件（已核实）"
    page.filter_combo.setCurrentIndex(1)  # 接报: an edit may now move an incident out of what is counted
    counted.clear()
    page.on_change(Change(kind=EntityKind.INCIDENT, id=str(shown.id)))
    assert counted == [{"status": page.status_filter()}]


def test_a_refresh_reads_the_shown_incident_with_the_rows_in_one_trip(qtbot, sqlite_services, accounts, clock,
                                                                      monkeypatch):
    """The zone, the nearest clocks, the rows and the shown incident's detail come back from one worker job:
    each further trip waits for the GUI thread's paint, which is what made a refresh late on a busy machine."""
    from dutyroom.gui.common import background

    officer = accounts[2]
    _fill(sqlite_services, officer, clock, 5)
    page = open_page(qtbot, sqlite_services, officer)
    shown = page.selected()
    assert shown is not None and page.incident is not None and page.incident.id == shown.id
    trips: list[object] = []
    run = background.run_operation
    monkeypatch.setattr(background, "run_operation", lambda fn, done, error: trips.append(fn) or run(fn, done, error))
    other = page.model.incident(3)
    sqlite_services.incidents.save(officer, replace(sqlite_services.incidents.get(shown.id), title="首起（已核实）"))
    assert len(trips) == 1
    assert "首起（已核实）" in page.detail_title.text() and page.incident.title == "首起（已核实）"
    trips.clear()
    page.refresh(changed=(other.id,))
    assert len(trips) == 1 and page.selected().id == shown.id and page.incident.id == shown.id
