from datetime import date, time, timedelta

import pytest

from dutyroom.domain.vocabulary import HolidayKind
from dutyroom.errors import ConflictError, PermissionDenied, ValidationError
from dutyroom.services.records import HolidayRecord


def test_calendar_is_seeded_from_the_package(services):
    years = services.holidays.known_years()
    assert 2026 in years and 2024 in years
    days = {h.day: h for h in services.holidays.list(2026)}
    assert days[date(2026, 10, 1)].name == "国庆节" and days[date(2026, 10, 1)].kind == HolidayKind.HOLIDAY
    workdays = [h for h in days.values() if h.kind == HolidayKind.WORKDAY]
    assert workdays and all(h.day.weekday() >= 5 for h in workdays)
    assert services.holidays.seed_from_package() == []  # idempotent


def test_missing_next_year_is_warned_about(services, actors):
    admin, _, _ = actors
    warning = services.holidays.next_year_warning()
    assert warning and "缺少 2027 年" in warning
    services.holidays.replace_year(admin, 2027, [HolidayRecord(date(2027, 1, 1), HolidayKind.HOLIDAY, "元旦")])
    assert "2027 年只录入了 1 天" in services.holidays.next_year_warning()
    full_year = [HolidayRecord(date(2027, 10, 1) + timedelta(days=i), HolidayKind.HOLIDAY, "国庆节") for i in range(8)]
    full_year += [HolidayRecord(date(2027, 2, 5) + timedelta(days=i), HolidayKind.HOLIDAY, "春节") for i in range(12)]
    services.holidays.replace_year(admin, 2027, full_year)
    assert services.holidays.next_year_warning() is None


def test_manual_holiday_edits_are_checked(services, actors):
    admin, _, officer = actors
    with pytest.raises(PermissionDenied):
        services.holidays.save(officer, HolidayRecord(date(2027, 1, 1), HolidayKind.HOLIDAY, "元旦"))
    with pytest.raises(ValidationError) as info:
        services.holidays.save(admin, HolidayRecord(date(2027, 1, 6), HolidayKind.WORKDAY, "调休"))
    assert "周六或周日" in info.value.fields["kind"]
    with pytest.raises(ValidationError) as info:
        services.holidays.save(admin, HolidayRecord(date(2026, 10, 1), HolidayKind.HOLIDAY, "国庆"))
    assert "已在日历中" in info.value.fields["day"]


def test_settings_round_trip_and_conflict(services, actors):
    admin, _, officer = actors
    current = services.settings.get()
    assert current.handover_time == time(8, 30) and current.idle_lock_minutes == 15
    stale = services.settings.get()
    current.office_name = "临江区人民政府总值班室"
    current.handover_time = time(9, 0)
    saved = services.settings.save(admin, current)
    assert services.settings.get().handover_time == time(9, 0)
    assert saved.office_name == "临江区人民政府总值班室"
    with pytest.raises(ConflictError):
        services.settings.save(admin, stale)
    with pytest.raises(PermissionDenied):
        services.settings.save(officer, services.settings.get())


def test_settings_validation(services, actors):
    admin, _, _ = actors
    bad = services.settings.get()
    bad.time_zone, bad.idle_lock_minutes, bad.office_name = "Mars/Base", 0, ""
    with pytest.raises(ValidationError) as info:
        services.settings.save(admin, bad)
    assert set(info.value.fields) == {"time_zone", "idle_lock_minutes", "office_name"}
