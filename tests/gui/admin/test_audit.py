"""Administration page, 操作日志 tab: a lazy table over an unbounded log, and the integrity check."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from sqlalchemy import text

from dutyroom.services.records import UnitRecord
from dutyroom.store.audit_anchor import AnchorBook
from tests.gui.helpers import open_admin_page


def fill_audit_log(services, admin, at_least: int) -> int:
    """Real audit records, written the only way they are written: by services doing work."""
    start = services.audit.count(admin)
    for i in range(at_least - start):
        services.units.save(admin, UnitRecord(name=f"测试单位{i:03d}", duty_phone="028-86120000"))
    return services.audit.count(admin)


def test_loads_one_page_and_grows_when_scrolled(qtbot, sqlite_services, admin):
    total = fill_audit_log(sqlite_services, admin, 263)
    page = open_admin_page(qtbot, sqlite_services, admin)
    tab = page.audit_tab
    model = tab.model
    assert not tab.loaded and model.rowCount() == 0  # nothing is read before the tab is looked at

    page.tabs.setCurrentWidget(tab)
    assert model.rowCount() == 200 and model.canFetchMore()
    assert tab.count_label.text() == f"共 {total} 条，已显示最新 200 条"
    last_unit = page.services.units.list()[-1]  # the one fill_audit_log saved last
    newest = [model.index(0, c).data() for c in range(6)]
    assert newest[1:5] == ["王管理", "新增", "单位", str(last_unit.id)]
    assert newest[0] == "2026-11-21 09:00:00"  # office local time
    assert newest[5].startswith(f"单位名称：{last_unit.name}；类型：下级单位；")

    tab.view.scrollToBottom()  # the view asks the model for more as the user reaches the end
    qtbot.waitUntil(lambda: model.rowCount() == total)
    assert not model.canFetchMore()
    assert tab.count_label.text() == f"共 {total} 条"
    seqs = [model.entry(row).seq for row in range(model.rowCount())]
    assert seqs == sorted(seqs, reverse=True) and len(set(seqs)) == total


def test_new_records_do_not_duplicate_rows_while_paging(qtbot, sqlite_services, admin):
    fill_audit_log(sqlite_services, admin, 230)
    page = open_admin_page(qtbot, sqlite_services, admin)
    tab = page.audit_tab
    tab.reload()
    page.services.units.save(admin, UnitRecord(name="翻页期间新增的单位"))  # shifts every offset by one
    tab.model.fetchMore()
    seqs = [tab.model.entry(row).seq for row in range(tab.model.rowCount())]
    assert len(seqs) == len(set(seqs)) == 230


def test_summary_shows_before_and_after(page, admin):
    unit = page.services.units.save(admin, UnitRecord(name="区水务局", duty_phone="028-86120001"))
    page.services.units.save(admin, replace(unit, duty_phone="028-86120002"))
    page.tabs.setCurrentWidget(page.audit_tab)
    model = page.audit_tab.model
    assert model.index(0, 2).data() == "修改"
    assert model.index(0, 5).data() == "值班电话：028-86120001 → 028-86120002"


def test_visible_log_shows_new_records_at_once(page, admin):
    page.tabs.setCurrentWidget(page.audit_tab)
    before = page.audit_tab.model.rowCount()
    page.services.units.save(admin, UnitRecord(name="区档案馆"))
    assert page.audit_tab.model.rowCount() == before + 1
    assert page.audit_tab.model.index(0, 5).data().startswith("单位名称：区档案馆")


def test_verify_reports_an_intact_log(qtbot, page, admin):
    total = fill_audit_log(page.services, admin, 40)
    page.tabs.setCurrentWidget(page.audit_tab)
    tab = page.audit_tab
    qtbot.mouseClick(tab.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.verify_button.isEnabled())
    assert tab.result_label.isVisible()
    assert tab.result_label.text() == f"✔ 审计日志完整，共 {total} 条"
    assert tab.result_label.property("role") == "ok"


def test_a_second_verify_checks_only_what_came_after_the_first(qtbot, page, admin):
    services = page.services
    services.ctx.anchors = AnchorBook(page.services.db.sqlite_path.parent / "anchors" / "a.json", "gui test")
    total = fill_audit_log(services, admin, 30)
    page.tabs.setCurrentWidget(page.audit_tab)
    tab = page.audit_tab
    seen = []
    tab.verify_progress.connect(lambda done, of: seen.append((done, of)))
    qtbot.mouseClick(tab.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.verify_button.isEnabled())
    assert tab.result_label.text() == f"✔ 审计日志完整，共 {total} 条"
    assert seen and seen[-1] == (total, total)  # progress reached the GUI thread
    services.units.save(admin, UnitRecord(name="后来的单位"))
    qtbot.mouseClick(tab.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.verify_button.isEnabled())
    assert tab.result_label.text() == f"✔ 审计日志完整，共 {total + 1} 条（第 1—{total} 条上次已校验，本次校验了其后的 1 条）"


def test_verify_names_the_tampered_record(qtbot, page, admin):
    services = page.services
    fill_audit_log(services, admin, 40)
    target = services.audit.page(admin, 5, 1)[0]
    with services.db.engine.begin() as conn:  # someone edits the file behind the program's back
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("UPDATE audit_log SET actor_name = '某人' WHERE seq = :seq"), {"seq": target.seq})
    page.tabs.setCurrentWidget(page.audit_tab)
    tab = page.audit_tab
    qtbot.mouseClick(tab.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.verify_button.isEnabled())
    assert tab.result_label.text() == (f"⚠ 第 {target.seq} 条记录异常：第 {target.seq} 条记录的内容被改动过\n"
                                       "另外：审计表的保护触发器已被删除或停用：audit_log_no_update（记录可能被改动过）")
    assert tab.result_label.property("role") == "alarm"


def test_the_presence_draw_reads_in_words_without_its_secret(page, admin):
    """The record of a night's 在岗确认 draw names its inputs in Chinese, in local time, and never the secret."""
    from datetime import datetime

    from dutyroom.services.empty_posts.presence import office_secret
    from tests.conftest import SHANGHAI

    services = page.services
    services.clock.set(datetime(2026, 11, 21, 21, 0, tzinfo=SHANGHAI))
    services.empty_posts.plan_presence_checks(datetime(2026, 11, 21).date(), services.clock.now())
    page.tabs.setCurrentWidget(page.audit_tab)
    model = page.audit_tab.model
    assert model.index(0, 2).data() == "生成"
    summary = model.index(0, 5).data()
    assert summary.startswith("日期：2026-11-21") and "时段：22:00–06:00" in summary and "密钥指纹" in summary
    assert office_secret(services.ctx) not in summary and "secret" not in summary and "+00:00" not in summary


def test_the_newest_page_is_read_off_the_gui_thread(qtbot, sqlite_services, admin, monkeypatch):
    from PySide6.QtCore import QThread, QThreadPool

    from dutyroom.gui.common import background

    total = fill_audit_log(sqlite_services, admin, 230)
    page = open_admin_page(qtbot, sqlite_services, admin)
    tab = page.audit_tab
    monkeypatch.setattr(background, "INLINE_OPERATIONS", False)  # the program's own way
    threads = []
    read = sqlite_services.audit.page
    monkeypatch.setattr(sqlite_services.audit, "page",
                        lambda *a, **kw: threads.append(QThread.currentThread()) or read(*a, **kw))
    page.tabs.setCurrentWidget(tab)
    assert tab.model.rowCount() == 0  # the window is not held while the page is read
    qtbot.waitUntil(lambda: tab.model.rowCount() == 200)
    QThreadPool.globalInstance().waitForDone()
    assert threads and threads[0] is not QThread.currentThread()
    assert tab.count_label.text() == f"共 {total} 条，已显示最新 200 条"
    threads.clear()
    tab.model.fetchMore()  # the next page by seq, as the view scrolls: one index seek, off the GUI thread too
    qtbot.waitUntil(lambda: tab.model.rowCount() == total)
    assert len(threads) == 1 and threads[0] is not QThread.currentThread()
