"""A ledger is written in short transactions, but imported all or nothing: a failing batch undoes the
batches already committed, and a busy database is retried, then named in Chinese."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from sqlalchemy.exc import OperationalError

from dutyroom.errors import DutyRoomError
from dutyroom.services.busy import DatabaseBusy, retrying
from dutyroom.services.calls import import_batches
from dutyroom.services.calls.records import CallFilter
from dutyroom.services.records import SYSTEM_ACTOR


def ledger(path, rows: int):
    book = Workbook()
    book.active.append(["来电时间", "内容摘要", "处理情况", "领导批示"])
    for i in range(rows):
        book.active.append([f"2026-11-03 {8 + i // 60:02d}:{i % 60:02d}", f"第{i}户停水", "当场答复",
                            "请水务集团尽快处理" if i == 0 else ""])
    book.save(path)
    return path


def small_batches(monkeypatch):
    monkeypatch.setattr(import_batches, "FIRST_BATCH", 3)
    monkeypatch.setattr(import_batches, "MIN_BATCH", 3)
    monkeypatch.setattr(import_batches, "MAX_BATCH", 3)
    monkeypatch.setattr(import_batches, "PAUSE_SECONDS", 0)


def import_audits(services):
    return [e for e in services.audit.page(SYSTEM_ACTOR, 0, 50) if e.action.startswith("import")]


def test_batches_are_audited_parts_of_one_import(services, tmp_path, monkeypatch):
    small_batches(monkeypatch)
    result = services.calls.import_ledger(SYSTEM_ACTOR, ledger(tmp_path / "台账.xlsx", 8))
    assert result.imported == 8 and services.calls.count(CallFilter()) == 8
    parts = sorted(import_audits(services), key=lambda e: e.seq)
    assert [(e.after["part"], e.after["rows"], e.after["complete"]) for e in parts] == [
        (1, 3, False), (2, 3, False), (3, 2, True)]
    assert services.audit.verify().ok


def test_a_failing_batch_undoes_the_whole_import(services, tmp_path, monkeypatch):
    small_batches(monkeypatch)
    real = import_batches._write_batch

    def third_fails(ctx, actor, records, office, source, progress, *, last):
        if progress.part == 2:
            raise DutyRoomError("磁盘已满")  # the disk fills up during the third batch
        real(ctx, actor, records, office, source, progress, last=last)

    monkeypatch.setattr(import_batches, "_write_batch", third_fails)
    with pytest.raises(DutyRoomError, match="磁盘已满"):
        services.calls.import_ledger(SYSTEM_ACTOR, ledger(tmp_path / "台账.xlsx", 8))
    assert services.calls.count(CallFilter()) == 0
    assert services.calls.page(CallFilter(text="停水"), 0, 10) == []  # the search index is clean too
    assert services.instructions.list() == []  # the first row's 领导批示 went with its call
    actions = [e.action for e in sorted(import_audits(services), key=lambda e: e.seq)]
    assert actions == ["import", "import", "import_undo"]
    assert services.audit.verify().ok
    # and the same file then imports in full
    monkeypatch.setattr(import_batches, "_write_batch", real)
    assert services.calls.import_ledger(SYSTEM_ACTOR, tmp_path / "台账.xlsx").imported == 8


def test_a_database_that_stays_busy_is_retried_then_named_in_chinese(monkeypatch):
    tries = []

    def locked():
        tries.append(1)
        raise OperationalError("INSERT …", {}, Exception("database is locked"))

    monkeypatch.setattr("dutyroom.services.busy.time.sleep", lambda _s: None)
    with pytest.raises(DatabaseBusy, match="数据库正忙") as info:
        retrying(locked, what="导入", attempts=3)
    assert len(tries) == 3 and "导入已重试多次" in info.value.message
    assert retrying(lambda: "saved") == "saved"
