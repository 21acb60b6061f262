"""Demo roll-calls: eight weeks of the Monday roll-call of the subordinate units, two upper-level roll-calls,
one night spot check; a few absences, one device fault, one slow answer, 整改 items open and closed.

The same on every run, times relative to now; the plans (weekly, biweekly, spot checks) create what is next.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from dutyroom.domain.vocabulary import AVQuality, RollCallKind, RollCallResult, UnitKind
from dutyroom.services.records import SYSTEM_ACTOR
from dutyroom.services.rollcall.importing import _Row
from dutyroom.services.rollcall.records import UPPER_CHECKLIST, PlanRecord, UpperRecord

P, A, F, E, N = (RollCallResult.PRESENT, RollCallResult.ABSENT, RollCallResult.EQUIPMENT_FAULT,
                 RollCallResult.EXCUSED, RollCallResult.NO_ANSWER)
# (weeks ago, unit name) -> (result, answer seconds, remarks, 整改要求 or "", closed feedback or "")
EVENTS = {
    (7, "白石镇人民政府"): (A, 35, "值班员离开值班室，由门卫接听", "严格落实24小时在岗值守，不得由非值班人员代接", "已调整值班安排，值班员重新培训"),
    (5, "区水务局"): (F, None, "视频终端无法接通，电话联系在岗", "检修视频会议终端，点名前完成调试", "已更换终端网线，测试正常"),
    (4, "江北街道办事处"): (E, 20, "值班员请假，已提前报备", "", ""),
    (3, "区交通运输局"): (P, 142, "接通后2分22秒才出现画面", "提高视频点名应答速度，确保60秒内接通", ""),
    (1, "新桥镇人民政府"): (A, 48, "带班领导不在岗", "带班领导须在岗在位，外出须报备", ""),
    (1, "白石镇人民政府"): (N, None, "多次呼叫无应答", "说明未应答原因并书面报告", ""),
}
ANSWERERS = ("值班员", "带班领导")


def _weeks(now_local: datetime, weeks_ago: int, weekday: int, at: time) -> datetime:
    monday = now_local.date() - timedelta(days=now_local.weekday())
    day = monday - timedelta(weeks=weeks_ago) + timedelta(days=weekday)
    return datetime.combine(day, at, tzinfo=now_local.tzinfo)


def seed_rollcall_demo(services, actor=SYSTEM_ACTOR) -> int:
    """Write the demo roll-calls into an empty area; returns how many (0 when there are roll-calls)."""
    rc = services.rollcall
    now = services.clock.now()
    zone = rc._zone()
    if rc.rollcalls_between(now - timedelta(days=3650), now + timedelta(days=3650)):
        return 0
    units = [u for u in services.units.list(include_inactive=False) if u.kind == UnitKind.SUBORDINATE]
    upper = next((u.name for u in services.units.list() if u.kind == UnitKind.UPPER), "上级总值班室")
    local_now = now.astimezone(zone)
    groups: dict = {}
    number = 0
    for weeks_ago in range(8, 0, -1):
        called = _weeks(local_now, weeks_ago, 0, time(9, 30)).astimezone(timezone.utc)
        members = []
        for index, unit in enumerate(units):
            result, seconds, remarks, requirement, _ = EVENTS.get((weeks_ago, unit.name),
                                                                  (P, 12 + (index * 7 + weeks_ago * 5) % 40, "", "", ""))
            number += 1
            # Each unit's answer time counts from the call of the roll-call, as the import reads 应答用时.
            answered = called + timedelta(seconds=seconds) if seconds is not None else None
            members.append(_Row(number, called, RollCallKind.HOST, unit.id, unit.name, result, answered,
                                "" if result == N else ANSWERERS[index % 2],
                                AVQuality.POOR if result == F else AVQuality.GOOD, remarks, requirement,
                                (called.astimezone(zone) + timedelta(days=7)).date() if requirement else None))
        groups[(called, RollCallKind.HOST)] = members
    spot_at = _weeks(local_now, 2, 2, time(22, 40)).astimezone(timezone.utc)
    spot_units = [u for u in units if u.name in ("区公安分局", "城关街道办事处", "白石镇人民政府")]
    groups[(spot_at, RollCallKind.SPOT)] = [
        _Row(900 + i, spot_at, RollCallKind.SPOT, u.id, u.name, P, spot_at + timedelta(seconds=18 + i * 9),
             "值班员", AVQuality.GOOD, "夜间抽查，在岗", "", None) for i, u in enumerate(spot_units)]
    rc._write_imported(actor, groups, "演示数据", (), note="演示数据")
    for item in rc.open_rectifications():
        weeks = next(w for (w, name), e in EVENTS.items() if name == item.unit_name and e[3] == item.requirement)
        feedback = EVENTS[(weeks, item.unit_name)][4]
        if feedback:
            rc.close_rectification(actor, item.id, feedback, item.version)
    for weeks_ago, asked in ((4, "询问寒潮天气防范准备和值班力量安排"), (2, "抽查值班日志记录情况，提醒做好节前安全检查")):
        rc.record_upper(actor, _weeks(local_now, weeks_ago, 3, time(15, 0)).astimezone(timezone.utc), UpperRecord(
            caller=upper, answerer="刘振华（带班领导）", asked=asked, result="在岗，画面声音良好",
            checklist=UPPER_CHECKLIST))
    ids = tuple(u.id for u in units)
    today = local_now.date()
    rc.save_plan(actor, PlanRecord("每周一视频点名", RollCallKind.HOST, at_time=time(9, 30), weekday=0, unit_ids=ids))
    rc.save_plan(actor, PlanRecord("参加市政府视频点名", RollCallKind.UPPER, at_time=time(15, 0),
                                   anchor_day=_weeks(local_now, 2, 3, time(15, 0)).date(), interval_days=14))
    rc.save_plan(actor, PlanRecord("夜间随机抽查", RollCallKind.SPOT, anchor_day=today, interval_days=7,
                                   window_start=time(21, 0), window_end=time(6, 0), spot_count=3, unit_ids=ids))
    rc.ensure_planned(today, today + timedelta(days=7), actor)
    return 8 + 1 + 2
