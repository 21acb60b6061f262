"""操作日志 in an office's words: every entry the demo writes, rendered as the tab shows it (issue 13 item 10)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from dutyroom.domain import vocabulary
from dutyroom.domain.localtime import format_local
from dutyroom.services.audit import ACTION_LABELS, ENTITY_LABELS
from dutyroom.services.demo import seed_demo
from tests.gui.helpers import open_admin_page

# What the log stores and nobody in the office should have to read.
ENUM_WORDS = {m.value for name in dir(vocabulary) if isinstance(e := getattr(vocabulary, name), type)
              and issubclass(e, vocabulary.Labelled) and e is not vocabulary.Labelled for m in e}
RAW_LITERALS = {"True", "False", "None", "null", "UTC", "any", "written", "rest_days", "day", "week"}
RAW_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d|[+-]\d\d:\d\d\b|\d\d:\d\d:\d\d\.\d|UTC|Z$")
LABEL = re.compile(r"(?:^|；)([^：；]+)：")


def _all_rows(model) -> list[list[str]]:
    while model.canFetchMore():
        model.fetchMore()
    # The tooltip holds a cell's whole text (the table shortens a long summary with …).
    return [[model.index(row, column).data(Qt.ItemDataRole.ToolTipRole) for column in range(6)]
            for row in range(model.rowCount())]


def test_every_demo_audit_entry_reads_in_chinese(qtbot, sqlite_services):
    passwords = seed_demo(sqlite_services, password_source=lambda name: f"{name}Demo2026")
    admin = sqlite_services.users.login("admin", passwords["admin"])
    page = open_admin_page(qtbot, sqlite_services, admin)
    page.tabs.setCurrentWidget(page.audit_tab)
    model = page.audit_tab.model
    rows = _all_rows(model)
    entries = [model.entry(row) for row in range(model.rowCount())]
    assert len(rows) == sqlite_services.audit.count(admin) > 500

    stored = {key for e in entries for d in (e.before or {}, e.after or {}) for key in d}
    raw = stored | ENUM_WORDS | RAW_LITERALS | {e.action for e in entries} | {e.entity_kind for e in entries}
    usernames = [u.username for u in sqlite_services.users.list()]  # typed by a person: shown as typed
    for entry, (at, actor, action, kind, number, summary) in zip(entries, rows, strict=True):
        assert at == format_local(entry.at, "Asia/Shanghai", "%Y-%m-%d %H:%M:%S")  # office time, to the second
        assert re.fullmatch(r"[^A-Za-z_]+", action) and re.fullmatch(r"[^A-Za-z_]+", kind), (action, kind)
        assert actor and "_" not in actor
        assert not re.search(r"[A-Za-z]", number), number
        for label in LABEL.findall(summary):
            assert not re.search(r"[A-Za-z_]", label), (entry.entity_kind, label, summary)
        text = summary
        for name in usernames:
            text = text.replace(f"用户名：{name}", "用户名：")
        words = set(re.findall(r"[A-Za-z_]+", text))
        assert not words & raw, (entry.action, entry.entity_kind, words & raw, summary)
        assert "_" not in text and not RAW_STAMP.search(text), summary

    seen = {(action, kind) for _, _, action, kind, _, _ in rows}
    assert {("报送", "信息报告"), ("标记普遍性问题", "来电"), ("修改", "报送时限")} <= seen
    assert {e.action for e in entries} <= set(ACTION_LABELS) and {e.entity_kind for e in entries} <= set(ENTITY_LABELS)


def test_fields_are_named_for_the_record_they_belong_to(qtbot, sqlite_services):
    passwords = seed_demo(sqlite_services, password_source=lambda name: f"{name}Demo2026")
    admin = sqlite_services.users.login("admin", passwords["admin"])
    page = open_admin_page(qtbot, sqlite_services, admin)
    page.tabs.setCurrentWidget(page.audit_tab)
    by_kind: dict[str, list[str]] = {}
    for _, _, action, kind, _, summary in _all_rows(page.audit_tab.model):
        by_kind.setdefault(f"{action}{kind}", []).append(summary)
    incident = next(s for s in by_kind["新增突发事件"] if "厨房起火" in s)
    assert incident.startswith("事件名称：") and "职务" not in incident
    assert "事发时间：2026-11-20 07:00:00" in incident and "人员伤亡：死亡 0 人、受伤 0 人" in incident
    assert "事件类别：事故灾难" in incident and "敌情社情宗教动态：否" in incident
    assert any(s.startswith("姓名：") and "；职务：" in s for s in by_kind["新增人员"])
    assert "普遍性问题：否 → 是" in by_kind["标记普遍性问题来电"]
    assert any("来电方类型：群众" in s for s in by_kind["新增来电"])
    assert any("完成时间：（空） → 2026-11-20 09:00:00" in s and "提前 60 分钟" in s for s in by_kind["修改报送时限"])
    assert any("时区：北京时间" in s for s in by_kind["新增设置"])
