"""The duty log writes itself: roster, logins, calls, incidents, entries, equipment, items, on both databases."""

from datetime import date, datetime, timedelta

import pytest

from dutyroom.domain.vocabulary import CallOutcome, EquipmentState
from dutyroom.errors import ValidationError
from dutyroom.services.calls.records import CallRecord
from dutyroom.services.handover.records import EquipmentRecord
from dutyroom.services.incidents.records import IncidentRecord
from tests.services.handover.helpers import DAY1, OFFICE, at_handover_of, key, staff


def test_the_log_of_a_shift_is_built_from_what_exists(services, actors, clock):
    admin, _, _ = actors
    people = staff(services, admin)
    sun = people["sunming"]
    ho = services.handover
    clock.advance(hours=1)  # 10:00
    services.calls.create(sun, CallRecord(started_at=clock.now() - timedelta(minutes=5), summary="咨询寒潮期间学校是否停课",
                                          outcome=CallOutcome.ANSWERED, caller_name="王女士"))
    services.calls.create(sun, CallRecord(started_at=clock.now(), summary="小区停水两天无人处理",
                                          outcome=CallOutcome.ASSIGNED, assigned_unit="区水务局",
                                          caller_name="李先生", due_on=date(2026, 11, 22)))
    services.incidents.save(sun, IncidentRecord(title="临江路燃气管道泄漏", occurred_at=clock.now() - timedelta(minutes=30),
                                                received_at=clock.now(), place="临江路与滨江大道交叉口"))
    entry = ho.add_entry(sun, DAY1, "市应急局电话通知明日寒潮预警")
    assert entry.at == clock.now() and entry.author == "孙明"
    with pytest.raises(ValidationError) as future:
        ho.add_entry(sun, DAY1, "未来的记事", at=clock.now() + timedelta(hours=1))
    assert future.value.fields == {"at": "记事时间不能晚于现在"}
    with pytest.raises(ValidationError) as empty:
        ho.add_entry(sun, DAY1, "  ")
    assert empty.value.fields == {"text": "请填写记事内容"}
    ho.set_equipment_status(sun, DAY1, "值班电话", EquipmentState.OK)
    with pytest.raises(ValidationError) as why:
        ho.set_equipment_status(sun, DAY1, "传真", EquipmentState.FAULT)
    assert why.value.fields == {"description": "请填写异常情况"}
    ho.set_equipment_status(sun, DAY1, "传真", EquipmentState.FAULT, "传真机卡纸，已报修")

    log = ho.duty_log(DAY1)
    assert log.on_duty.leaders == ("陈建国",) and log.on_duty.officers == ("孙明",)
    assert [line.name for line in log.logins] == ["李带班", "赵值班", "孙明", "周晓梅", "吴磊", "陈建国"]
    assert log.activity.calls_total == 2 and dict(log.activity.call_counts) == {"当场答复/告知": 1, "转办": 1}
    [notable] = log.activity.notable_calls
    assert notable.summary == "小区停水两天无人处理" and notable.outcome == "转办（区水务局）"
    [incident] = log.activity.incidents
    assert incident.title == "临江路燃气管道泄漏" and incident.clocks and incident.clocks[0].outcome == "未完成"
    assert [e.text for e in log.entries] == ["市应急局电话通知明日寒潮预警"]
    states = {e.name: (e.state, e.description) for e in log.equipment}
    assert states == {"值班电话": (EquipmentState.OK, ""), "传真": (EquipmentState.FAULT, "传真机卡纸，已报修"),
                      "视频会议系统": (None, ""), "应急平台": (None, "")}
    # The open matters are proposed once each: the 转办 call due tomorrow, the clocks, the incident, the digest.
    titles = [p.title for p in ho.proposals(DAY1)]
    assert any(t.startswith("督办：李先生来电转区水务局（11月22日前反馈") for t in titles)
    assert any(t.startswith("报送时限：“临江路燃气管道泄漏”") for t in titles)
    assert "跟踪事件：“临江路燃气管道泄漏”尚未终报" in titles
    adopted = ho.adopt_proposals(sun, DAY1)
    assert len(adopted) == len(titles) and ho.proposals(DAY1) == []


def test_entries_edit_until_sealed_and_the_equipment_list_is_editable(services, actors, clock):
    admin, _, officer = actors
    people = staff(services, admin)
    ho = services.handover
    entry = ho.add_entry(officer, DAY1, "值班电话测试正常", at=clock.now() - timedelta(minutes=20))
    edited = ho.update_entry(officer, entry.id, "值班电话、传真测试正常", None, entry.version)
    assert edited.text == "值班电话、传真测试正常" and edited.at == entry.at
    with pytest.raises(ValidationError) as before_shift:
        ho.update_entry(officer, entry.id, "x", datetime(2026, 11, 20, 8, 0, tzinfo=OFFICE), edited.version)
    assert before_shift.value.fields == {"at": "记事时间应在本班次的时间之内"}
    with pytest.raises(Exception) as denied:
        ho.save_equipment(officer, EquipmentRecord("卫星电话"))
    assert "管理员" in str(denied.value)
    ho.save_equipment(admin, EquipmentRecord("卫星电话", sort_order=5))
    with pytest.raises(ValidationError) as twice:
        ho.save_equipment(admin, EquipmentRecord("传真"))
    assert twice.value.fields == {"name": "设备“传真”已在清单中"}
    assert [e.name for e in ho.equipment()] == ["值班电话", "传真", "视频会议系统", "应急平台", "卫星电话"]
    at_handover_of(clock, DAY1)
    from tests.conftest import PASSWORD
    ho.hand_over(people["sunming"], DAY1, "zhouxm", PASSWORD, [])
    for attempt in (lambda: ho.update_entry(officer, entry.id, "改", None, edited.version),
                    lambda: ho.delete_entry(officer, entry.id, edited.version),
                    lambda: ho.set_equipment_status(officer, DAY1, "传真", EquipmentState.OK)):
        with pytest.raises(ValidationError) as sealed:
            attempt()
        assert "shift" in sealed.value.fields
    assert [e.text for e in ho.entries(DAY1)] == ["值班电话、传真测试正常"]
    marked = ho.mark_equipment(officer, key(22), {"应急平台": "平台登录缓慢，已报信息科"})
    assert [(m.name, m.state.label) for m in marked] == [("值班电话", "正常"), ("传真", "正常"), ("视频会议系统", "正常"),
                                                        ("应急平台", "异常"), ("卫星电话", "正常")]
    with pytest.raises(ValidationError) as unknown:
        ho.mark_equipment(officer, key(22), {"对讲机": "没电"})
    assert unknown.value.fields == {"name": "设备清单中没有“对讲机”"}
    assert ho.duty_log(key(22)).shift == key(22)  # the next shift's log opens empty


def test_calls_at_0829_59_and_0830_00_are_in_different_logs(services, actors, clock):
    admin, _, officer = actors
    night_end = datetime(2026, 11, 22, 8, 30, tzinfo=OFFICE)
    clock.set(night_end + timedelta(minutes=5))
    for at, summary in ((night_end - timedelta(seconds=1), "交接前一秒的来电"), (night_end, "交接时刻的来电")):
        services.calls.create(officer, CallRecord(started_at=at, summary=summary, outcome=CallOutcome.ANSWERED))
    before, after = services.handover.duty_log(key(21)), services.handover.duty_log(key(22))
    assert before.activity.calls_total == 1 and after.activity.calls_total == 1
    assert services.handover.shift_at(night_end - timedelta(seconds=1)).key == key(21)
    assert services.handover.shift_at(night_end).key == key(22)
