"""Roster set-up: shifts, rotations, leave and special periods — validated, locked, audited, admin only."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest

from dutyroom.domain.vocabulary import PositionKind
from dutyroom.errors import ConflictError, PermissionDenied, ValidationError
from dutyroom.services.records import SYSTEM_ACTOR, PersonRecord
from dutyroom.services.roster.records import LeaveRecord, RotationRecord, ShiftRecord, SpecialPeriodRecord


def person(services, name, kind=PositionKind.OFFICER):
    return services.people.save(SYSTEM_ACTOR, PersonRecord(name=name, position_kind=kind)).id


def test_shift_fields_are_checked_with_chinese_messages(services, actors):
    admin = actors[0]
    with pytest.raises(ValidationError) as bad:
        services.roster.save_shift(admin, ShiftRecord(name=" ", start_time="8点半", duration_minutes=10,
                                                      officer_count=0, standby_count=-1, leader_policy="sometimes"))
    assert bad.value.fields == {
        "name": "请填写班次名称", "start_time": "开始时间应写成 08:30 这样的格式",
        "duration_minutes": "班次时长应在 1 到 48 小时之间", "officer_count": "值班员人数应在 1 到 20 之间",
        "standby_count": "备班人数应在 0 到 20 之间",
        "leader_policy": "带班领导要求应为：每天、休息日、节假日和特殊时期、不需要"}
    with pytest.raises(ValidationError) as twice:
        services.roster.save_shift(admin, ShiftRecord(name="全天班"))
    assert twice.value.fields == {"name": "已有名为“全天班”的班次"}


def test_day_and_night_shifts_with_optimistic_locking_and_audit(services, actors):
    admin, leader, _ = actors
    night = services.roster.save_shift(admin, ShiftRecord(name="夜班", start_time="17：30", duration_minutes=15 * 60,
                                                           leader_policy="always", sort_order=2))
    assert night.start_time == time(17, 30) and night.version == 1
    renamed = services.roster.save_shift(admin, replace(night, name="夜间班"))
    with pytest.raises(ConflictError) as stale:
        services.roster.save_shift(admin, replace(night, officer_count=2))
    assert "第 1 版" in stale.value.message and "第 2 版" in stale.value.message
    with pytest.raises(PermissionDenied):
        services.roster.save_shift(leader, replace(renamed, officer_count=2))
    entries = [e for e in services.audit.page(admin, 0, 20) if e.entity_kind == "shift"]
    assert [e.action for e in entries][:2] == ["update", "create"]
    assert entries[0].before["name"] == "夜班" and entries[0].after["name"] == "夜间班"
    services.roster.delete_shift(admin, renamed.id, renamed.version)
    assert [s.name for s in services.roster.list_shifts()] == ["全天班"]


def test_a_shift_with_roster_cells_cannot_be_deleted_only_deactivated(services, actors):
    admin = actors[0]
    shift = services.roster.list_shifts()[0]
    services.roster.assign(admin, date(2026, 12, 1), shift.id, PositionKind.OFFICER, 0, person(services, "孙明"))
    with pytest.raises(ValidationError) as refused:
        services.roster.delete_shift(admin, shift.id, shift.version)
    assert refused.value.fields["shift"] == "班次“全天班”已有 1 条排班记录，不能删除；不再使用请停用"


def test_rotations_keep_member_order_and_refuse_nonsense(services, actors):
    admin = actors[0]
    shift = services.roster.list_shifts()[0]
    a, b, c = (person(services, n) for n in ("孙明", "周晓梅", "吴磊"))
    saved = services.roster.save_rotation(admin, RotationRecord(PositionKind.OFFICER, shift.id, [c, a, b]))
    assert saved.member_names == ["吴磊", "孙明", "周晓梅"] and saved.version == 1
    reordered = services.roster.save_rotation(admin, replace(saved, member_ids=[a, b]))
    assert reordered.version == 2
    assert services.roster.rotation(shift.id, PositionKind.OFFICER).member_names == ["孙明", "周晓梅"]
    with pytest.raises(ConflictError):
        services.roster.save_rotation(admin, replace(saved, member_ids=[b]))  # edited from version 1
    with pytest.raises(ValidationError) as week:
        services.roster.save_rotation(admin, RotationRecord(PositionKind.STANDBY, shift.id, [a, a], period="week"))
    assert week.value.fields == {"period": "只有带班领导可以按周轮换", "member_ids": "“孙明”在名单中出现了不止一次"}
    with pytest.raises(ValidationError) as again:
        services.roster.save_rotation(admin, RotationRecord(PositionKind.OFFICER, shift.id, [a]))
    assert again.value.fields == {"position": "班次“全天班”已有值班员轮班，请直接修改它"}
    entries = [e for e in services.audit.page(admin, 0, 10) if e.entity_kind == "rotation"]
    assert entries[0].before["member_ids"] == [c, a, b] and entries[0].after["member_ids"] == [a, b]


def test_leave_and_special_periods(services, actors):
    admin, _, officer = actors
    a = person(services, "孙明")
    with pytest.raises(ValidationError) as backwards:
        services.roster.save_leave(admin, LeaveRecord(a, date(2026, 12, 9), date(2026, 12, 1)))
    assert backwards.value.fields == {"end_day": "结束日期不能早于开始日期"}
    leave = services.roster.save_leave(admin, LeaveRecord(a, date(2026, 12, 1), date(2026, 12, 9), "培训", "党校"))
    assert leave.person_name == "孙明"
    assert services.roster.list_leaves(date(2026, 12, 9), date(2026, 12, 31)) == [leave]
    assert services.roster.list_leaves(date(2026, 12, 10), date(2026, 12, 31)) == []
    with pytest.raises(PermissionDenied):
        services.roster.save_leave(officer, replace(leave, note="改"))
    services.roster.delete_leave(admin, leave.id, leave.version)
    assert services.roster.list_leaves() == []

    with pytest.raises(ValidationError) as unnamed:
        services.roster.save_special_period(admin, SpecialPeriodRecord("", date(2026, 6, 1), None))
    assert unnamed.value.fields == {"name": "请填写名称", "end_day": "请填写结束日期"}
    flood = services.roster.save_special_period(admin, SpecialPeriodRecord("防汛期", date(2026, 6, 1), date(2026, 8, 31)))
    longer = services.roster.save_special_period(admin, replace(flood, end_day=date(2026, 9, 15)))
    assert services.roster.list_special_periods() == [longer]
    kinds = {(e.entity_kind, e.action) for e in services.audit.page(admin, 0, 20)}
    assert {("leave", "create"), ("leave", "delete"), ("special_period", "create"),
            ("special_period", "update")} <= kinds
