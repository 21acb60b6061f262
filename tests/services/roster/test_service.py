"""RosterService: generation with the calendar check, the month view, on duty, checks and balance."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from dutyroom.domain.vocabulary import PositionKind
from dutyroom.errors import DutyRoomError, PermissionDenied
from dutyroom.services.records import SYSTEM_ACTOR, PersonRecord
from dutyroom.services.roster.records import RotationRecord
from dutyroom.store.models import Assignment

SHANGHAI = ZoneInfo("Asia/Shanghai")
L, O, S = PositionKind.LEADER, PositionKind.OFFICER, PositionKind.STANDBY  # noqa: E741
STAFF = [("陈建国", L), ("李文华", L), ("王海燕", L), ("孙明", O), ("周晓梅", O), ("吴磊", O), ("郑佳", O),
         ("冯涛", O), ("何雪", O), ("许浩", S), ("韩静", S), ("黄斌", S), ("高建军", S)]


def office(services, *, leader_period: str = "week"):
    """The default 全天班 with one standby; leaders by week, six officers and four standby by day."""
    roster = services.roster
    shift = roster.save_shift(SYSTEM_ACTOR, replace(roster.list_shifts()[0], standby_count=1))
    ids = {}
    for n, (name, kind) in enumerate(STAFF, start=1):
        ids[name] = services.people.save(SYSTEM_ACTOR, PersonRecord(
            name=name, position_kind=kind, mobile=f"139000000{n:02d}", office_phone=f"0123-821000{n:02d}")).id
    for kind, period in ((L, leader_period), (O, "day"), (S, "day")):
        members = [ids[name] for name, k in STAFF if k == kind]
        roster.save_rotation(SYSTEM_ACTOR, RotationRecord(kind, shift.id, members, period))
    return shift, ids


def test_a_fresh_database_has_the_default_24_hour_shift(services):
    [shift] = services.roster.list_shifts()
    assert (shift.name, shift.start_time.strftime("%H:%M"), shift.duration_minutes) == ("全天班", "08:30", 1440)
    assert (shift.officer_count, shift.standby_count, shift.leader_policy) == (1, 0, "rest_days")
    assert services.roster.ensure_default_shift() is None


def test_generating_next_month_fills_every_post_in_one_audited_transaction(services, actors):
    admin, leader, officer = actors
    office(services)
    heard = []
    services.bus.subscribe(heard.append)
    audit_before = services.audit.count(admin)

    report = services.roster.generate(admin, date(2026, 12, 1), date(2026, 12, 31))

    assert report.created == 31 * 2 + 8  # officer and standby daily, a leader on the 8 weekend days
    assert report.warnings == () and report.kept == 0 and report.kept_changed == ()
    assert report.summary() == "已生成 2026-12-01 至 2026-12-31 的值班表：新排 70 个班位，保留 0 个；没有冲突"
    entries = services.audit.page(admin, 0, services.audit.count(admin) - audit_before)
    assert [(e.action, e.entity_kind, e.entity_id) for e in entries] == [("generate", "roster", "2026-12-01~2026-12-31")]
    assert entries[0].after["created"] == 70
    assert [(c.kind, c.op) for c in heard] == [("assignment", "bulk")]
    with pytest.raises(PermissionDenied):
        services.roster.generate(leader, date(2027, 1, 1), date(2027, 1, 31), allow_unknown_years=True)


def test_a_year_missing_from_the_holiday_calendar_stops_generation_until_allowed(services, actors):
    admin = actors[0]
    office(services)
    assert services.roster.missing_holiday_years(date(2026, 12, 1), date(2027, 1, 31)) == [2027]
    with pytest.raises(DutyRoomError) as refused:
        services.roster.generate(admin, date(2026, 12, 1), date(2027, 1, 31))
    assert "2027 年" in refused.value.message and "管理 → 节假日" in refused.value.message
    assert "录入或导入" in refused.value.message
    with services.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Assignment)) == 0
    report = services.roster.generate(admin, date(2026, 12, 1), date(2027, 1, 31), allow_unknown_years=True)
    assert report.unknown_years == (2027,) and report.created > 0


def test_the_month_view_carries_holidays_markers_phones_and_warnings(services, actors):
    admin = actors[0]
    shift, _ = office(services)
    services.roster.generate(admin, date(2026, 9, 1), date(2026, 10, 31))
    first_officer = next(c for c in services.roster.cells(date(2026, 10, 1), date(2026, 10, 1)) if c.position == O)
    services.roster.assign(admin, date(2026, 10, 2), shift.id, O, 0, first_officer.person_id)  # no rest between

    month = services.roster.month(2026, 10)
    assert (month.year, month.month, month.time_zone, month.printed_on) == (2026, 10, "Asia/Shanghai",
                                                                             date(2026, 11, 21))
    assert len(month.days) == 31
    assert month.duty_hours == "08:30—次日08:30"  # the one 24-hour shift
    national_day = month.days[0]
    assert (national_day.weekday, national_day.holiday_name, national_day.marker) == ("星期四", "国庆节", "休")
    adjusted = month.days[9]  # Saturday 10-10 is a working day
    assert (adjusted.day, adjusted.marker, adjusted.holiday_name) == (date(2026, 10, 10), "班", "国庆节")
    [one] = national_day.shifts
    assert one.shift_name == "全天班" and len(one.leaders) == 1 and len(one.officers) == 1
    assert one.starts_at == datetime(2026, 10, 1, 8, 30, tzinfo=SHANGHAI)
    assert one.ends_at - one.starts_at == timedelta(hours=24)
    assert one.officers[0].phone.startswith("139")
    assert adjusted.shifts[0].leaders == ()  # a working Saturday needs no leader
    assert month.days[1].warnings == (
        f"{first_officer.person_name}：距上一班（10-01全天班）结束只隔 0 小时，少于规定的 48 小时",)


def test_who_is_on_duty_at_the_handover_minute_and_the_next_shift(services, actors, clock):
    admin = actors[0]
    office(services)
    services.roster.generate(admin, date(2026, 11, 1), date(2026, 11, 30))
    clock.set(datetime(2026, 11, 21, 8, 29, 59, tzinfo=SHANGHAI))
    before, coming = services.roster.on_duty()
    assert before.day == date(2026, 11, 20) and coming.day == date(2026, 11, 21)
    clock.set(datetime(2026, 11, 21, 8, 30, tzinfo=SHANGHAI))
    now, following = services.roster.on_duty()
    assert now.day == date(2026, 11, 21) and now.officers == coming.officers
    assert now.leaders and now.leaders[0].phone  # a Saturday: the week's leader with phone
    assert following.day == date(2026, 11, 22) and following.starts_at == now.ends_at
    late_night, _ = services.roster.on_duty(datetime(2026, 11, 22, 2, 0, tzinfo=SHANGHAI))
    assert late_night.day == date(2026, 11, 21)


def test_kept_manual_cells_are_reported_and_replace_regenerates_only_generated_ones(services, actors):
    admin = actors[0]
    shift, ids = office(services)
    services.roster.generate(admin, date(2026, 12, 1), date(2026, 12, 31))
    cells = {(c.day, c.position): c for c in services.roster.cells(date(2026, 12, 1), date(2026, 12, 31))}
    manual = cells[(date(2026, 12, 10), O)]
    other = next(pid for name, pid in ids.items() if name in ("孙明", "周晓梅") and pid != manual.person_id)
    services.roster.assign(admin, manual.day, shift.id, O, 0, other, expected_version=manual.version)

    again = services.roster.generate(admin, date(2026, 12, 1), date(2026, 12, 31))
    assert again.created == 0 and again.kept == 70
    assert len(again.kept_changed) == 1 and again.kept_changed[0].startswith("2026-12-10 全天班值班员：")
    assert "手工排班，未改动" in again.kept_changed[0]

    redone = services.roster.generate(admin, date(2026, 12, 1), date(2026, 12, 31), replace=True)
    assert (redone.replaced, redone.kept, redone.created) == (69, 1, 69)
    after = {(c.day, c.position): c for c in services.roster.cells(date(2026, 12, 1), date(2026, 12, 31))}
    assert after[(date(2026, 12, 10), O)].person_id == other and after[(date(2026, 12, 10), O)].source == "manual"
    per_day = {}
    for c in after.values():
        per_day.setdefault((c.day, c.person_id), 0)
        per_day[(c.day, c.person_id)] += 1
    assert max(per_day.values()) == 1


def test_shifts_of_one_person_warnings_and_balance(services, actors):
    admin = actors[0]
    _, ids = office(services)
    services.roster.generate(admin, date(2026, 12, 1), date(2026, 12, 31))
    mine = services.roster.shifts_between(date(2026, 12, 1), date(2026, 12, 31), person_id=ids["孙明"])
    assert len(mine) in (5, 6) and all(s.officers[0].name == "孙明" for s in mine)
    assert services.roster.warnings(date(2026, 12, 1), date(2026, 12, 31)) == []
    rows = services.roster.balance(O, date(2026, 12, 1), date(2026, 12, 31))
    assert [r.name for r in rows] == ["孙明", "周晓梅", "吴磊", "郑佳", "冯涛", "何雪"]
    assert sum(r.shifts for r in rows) == 31 and max(r.shifts for r in rows) - min(r.shifts for r in rows) <= 1
    assert sum(r.rest_day_shifts for r in rows) == 8 and all(r.holiday_shifts == 0 for r in rows)
    assert abs(sum(r.deviation for r in rows)) < 0.05  # rounded to 0.01 each
    assert services.roster.days_without_roster(date(2026, 12, 30), date(2027, 1, 2)) == [date(2027, 1, 1),
                                                                                          date(2027, 1, 2)]


def test_an_inactive_person_and_leave_show_as_warnings_with_date_and_name(services, actors):
    from dutyroom.services.roster.records import LeaveRecord

    admin = actors[0]
    shift, ids = office(services)
    services.roster.generate(admin, date(2026, 12, 1), date(2026, 12, 10))
    cell = next(c for c in services.roster.cells(date(2026, 12, 3), date(2026, 12, 3)) if c.position == O)
    services.roster.save_leave(admin, LeaveRecord(cell.person_id, date(2026, 12, 3), date(2026, 12, 4), "出差"))
    person = services.people.get(cell.person_id)
    assert [w.line for w in services.roster.warnings(date(2026, 12, 1), date(2026, 12, 10))] == [
        f"2026-12-03 {person.name}：出差期间（12-03至12-04）仍排在全天班值班员"]
    services.people.save(admin, replace(person, active=False))
    lines = [w.line for w in services.roster.warnings(date(2026, 12, 3), date(2026, 12, 3))]
    assert f"2026-12-03 {person.name}：已停用，仍排在全天班值班员" in lines
    assert services.roster.month(2026, 12).days[2].warnings[0].startswith(person.name)


def test_the_month_carries_the_duty_rooms_own_phone_and_fax(services, actors):
    from dutyroom.domain.vocabulary import UnitKind
    from dutyroom.services.records import UnitRecord

    admin = actors[0]
    office(services)
    assert (services.roster.month(2026, 10).duty_phone, services.roster.month(2026, 10).duty_fax) == ("", "")
    services.units.save(admin, UnitRecord(name="某某市人民政府办公室", kind=UnitKind.OWN, duty_phone="057185251110",
                                          fax="0571-85251119"))
    month = services.roster.month(2026, 10)
    assert (month.duty_phone, month.duty_fax) == ("0571-8525 1110", "0571-8525 1119")  # domain/phones.py
