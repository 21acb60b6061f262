"""The historical incident ledger: clocks from the recorded times, so the timeliness notice is right."""

import csv
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from dutyroom.domain.deadlines import CANCEL_MISSED
from dutyroom.domain.vocabulary import IncidentLevel, IncidentStatus
from dutyroom.errors import ImportRejected
from dutyroom.services.records import SYSTEM_ACTOR

HEADER = ["事件标题", "事发时间", "接报时间", "首报时间", "事发地点", "类别", "级别", "报告单位", "死亡", "受伤",
          "失踪", "被困", "首报方式"]


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows([HEADER, *rows])
    return path


def test_ledger_rows_become_closed_history_with_frozen_outcomes(services, tmp_path):
    path = write_csv(tmp_path / "台账.csv", [
        ["化工厂爆炸", "2026-11-03 14:05", "2026/11/3 14:20", "2026年11月3日14时40分", "临江工业园", "事故灾难",
         "重大", "临江区应急管理局", "1", "3", "0", "", "电话"],
        ["山体滑坡", "2026-11-05 22:10", "2026-11-05 23:00", "2026-11-06 01:30", "青山镇", "自然灾害", "一般",
         "青山镇", "0", "0", "0", "0", ""],
        ["停水", "2026-11-07 08:00", "2026-11-07 08:30", "", "城东", "", "", "城东街道", "", "", "", "", ""],
    ])
    result = services.incidents.import_file(SYSTEM_ACTOR, path)
    assert (result.total, result.first_reports, result.late) == (3, 2, 1)
    assert "已导入 3 起事件" in result.summary()
    blast = next(i for i in services.incidents.list() if i.title == "化工厂爆炸")
    assert blast.status == IncidentStatus.CLOSED and blast.level == IncidentLevel.II
    assert blast.casualties.trapped is None and blast.casualties.injured == 3
    outcome = {c.rule_name[:6]: (c.minutes_late, c.cancel_reason) for c in services.incidents.clocks(blast.id)}
    assert outcome["首报（事发后"] == (-145, "")
    assert outcome["特别重大、重"] in {(-10, ""), (None, CANCEL_MISSED)}
    assert services.incidents.open_clocks() == []
    notice = services.incidents.timeliness(date(2026, 11, 1), date(2026, 11, 30))
    rows = {(r.reporting_unit, r.rule_name[:2]): r for r in notice}
    assert rows[("青山镇", "首报")].late == 1 and rows[("青山镇", "首报")].minutes_late_total == 20
    assert rows[("城东街道", "首报")].missed == 1
    # The 30-minute phone and 1-hour written reports are the office's own, counted from 接报: credited to it.
    settings = services.settings.get()
    office = settings.issuing_office or settings.office_name
    assert not [r for r in notice if r.reporting_unit == "临江区应急管理局" and r.rule_name[:2] == "特别"]
    phone_written = [r for r in notice if r.reporting_unit == office and r.rule_name[:2] == "特别"]
    assert sorted((r.met, r.missed) for r in phone_written) == [(0, 1), (1, 0)]


def test_excel_serials_and_real_datetimes(services, tmp_path):
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["燃气泄漏", datetime(2026, 11, 10, 9, 0), 46336.40625, "2026-11-10 10:00", "临江路",
                        "事故灾难", "较大", "临江区应急管理局", 0, 0, 0, 0, "传真"])
    book.save(tmp_path / "台账.xlsx")
    services.incidents.import_file(SYSTEM_ACTOR, tmp_path / "台账.xlsx")
    [inc] = services.incidents.list()
    assert (inc.received_at - inc.occurred_at).total_seconds() == 45 * 60


def test_every_bad_row_is_reported_and_nothing_is_imported(services, tmp_path):
    path = write_csv(tmp_path / "坏.csv", [
        ["好的", "2026-11-03 14:05", "2026-11-03 14:20", "", "某地", "", "", "", "", "", "", "", ""],
        ["", "昨天", "2026-11-03 14:20", "", "", "", "", "", "-1", "", "", "", ""],
        ["倒了", "2026-11-03 15:05", "2026-11-03 14:20", "2026-11-03 13:00", "某地", "地震", "五级", "", "", "", "",
         "", "飞鸽"],
    ])
    with pytest.raises(ImportRejected) as err:
        services.incidents.import_file(SYSTEM_ACTOR, path)
    reasons = dict(err.value.rejected)
    assert set(reasons) == {3, 4} and err.value.total == 3
    assert "事发时间“昨天”无法识别" in reasons[3] and "请填写事件标题" in reasons[3] and "死亡人数不能为负数" in reasons[3]
    for words in ("类别“地震”", "级别“五级”", "首报方式“飞鸽”", "接报时间不能早于事发时间", "首报时间不能早于事发时间"):
        assert words in reasons[4]
    assert services.incidents.list() == []
