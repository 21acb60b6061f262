"""Every table model of the administration page passes the model tester; the page keeps its contract.

force_py: pytest-qt's Python tester fails the test on the spot; the C++ one only logs warnings.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget

from dutyroom.domain.vocabulary import PositionKind, Role, UnitKind
from dutyroom.gui.admin import AdminPage
from dutyroom.gui.admin.audit_model import AuditModel
from dutyroom.services.events import Change
from dutyroom.services.records import PersonRecord, UnitRecord, UserRecord
from tests.conftest import PASSWORD


@pytest.fixture
def admin(sqlite_services, admin):
    """The administrator, with active and inactive rows in every table the models show."""
    unit = sqlite_services.units.save(admin, UnitRecord(name="区应急管理局", kind=UnitKind.DEPARTMENT))
    sqlite_services.units.save(admin, UnitRecord(name="西河镇人民政府", active=False))
    person = sqlite_services.people.save(admin, PersonRecord(name="陈静", unit_id=unit.id,
                                                             position_kind=PositionKind.LEADER))
    sqlite_services.people.save(admin, PersonRecord(name="周婷", active=False))
    sqlite_services.users.save(admin, UserRecord(username="chenjing", role=Role.LEADER, person_id=person.id),
                               PASSWORD)
    return admin


@pytest.mark.parametrize("tab_name", ["people_tab", "units_tab", "accounts_tab", "holidays_tab"])
def test_bounded_models_and_their_proxies(qtmodeltester, page, tab_name):
    tab = getattr(page, tab_name)
    assert tab.model.rowCount() > 0
    qtmodeltester.check(tab.model, force_py=True)
    tab.reload()  # a reset while the tester watches: it rechecks on every signal
    tab.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    tab.filter_edit.setText("区")



def test_lazy_audit_model(qtmodeltester, sqlite_services, admin):
    """Paged by seq with the model tester watching (it asks for more from inside the model's own signals),
    refreshed after new records arrive, then scrolled to the end: every record once, newest first."""
    pages = []

    def fetch(after, limit):
        pages.append((after.seq if after is not None else None, limit))
        return sqlite_services.audit.page(admin, 0, limit, before=after.seq if after is not None else None)

    model = AuditModel(fetch, lambda: "Asia/Shanghai", page_size=7)
    model.reload()
    newest = sqlite_services.audit.count(admin)
    assert model.rowCount() == 7 and pages == [(None, 7)]
    qtmodeltester.check(model, force_py=True)
    for _ in range(2):
        model.fetchMore()
    assert pages[1] == (newest - 6, 7)  # the second page starts below the last seq shown, by key
    sqlite_services.units.save(admin, UnitRecord(name="东城街道办事处", kind=UnitKind.SUBORDINATE))
    sqlite_services.units.save(admin, UnitRecord(name="南湖镇人民政府", kind=UnitKind.SUBORDINATE))
    latest = sqlite_services.audit.count(admin)
    assert latest > newest
    model.refresh((10, 14))  # rows 10–14 on screen, the model holding more than one page
    while model.canFetchMore():
        model.fetchMore()
    seqs = [model.entry(row).seq for row in range(model.rowCount())]
    assert seqs == list(range(latest, 0, -1)), (seqs, pages)


def test_page_contract(page):
    assert page.title == "管理"
    assert page.watches == {"unit", "person", "user", "holiday", "setting", "deadline_rule"}
    assert isinstance(page.tabs, QTabWidget)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "人员", "单位", "账户", "节假日", "设置", "报送时限", "文书字体", "操作日志"]
    assert isinstance(page, AdminPage)


def test_a_change_reloads_only_the_tabs_that_show_it(page, monkeypatch):
    reloaded = []
    for name in ("people_tab", "units_tab", "accounts_tab", "holidays_tab", "settings_tab"):
        monkeypatch.setattr(getattr(page, name), "reload", lambda name=name: reloaded.append(name))
    page.on_change(Change(kind="holiday", op="bulk"))
    assert reloaded == ["holidays_tab"]
    reloaded.clear()
    page.on_change(Change(kind="unit", id="1"))
    assert sorted(reloaded) == ["people_tab", "units_tab"]  # people show their unit's name
    reloaded.clear()
    page.on_change(Change(kind="roster", id="1"))  # not shown on this page at all
    assert reloaded == []
