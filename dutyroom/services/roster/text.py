"""The roster as plain text lines: what `dutyroom roster …` prints (and any other text-only view)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from dutyroom.domain.localtime import format_local, to_local, weekday_name
from dutyroom.services.roster.records import GenerationReport, RosterPerson, RosterShift


def people_text(people: tuple[RosterPerson, ...]) -> str:
    return "、".join(f"{p.name} {p.phone}".strip() for p in people)


def remaining_text(left: timedelta) -> str:
    minutes = max(0, int(left.total_seconds() // 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours} 小时 {minutes} 分" if hours else f"{minutes} 分"


def shift_lines(title: str, shift: RosterShift, zone: str, now: datetime | None = None) -> list[str]:
    start = to_local(shift.starts_at, zone)
    end_fmt = "%H:%M" if to_local(shift.ends_at, zone).date() == start.date() else "%Y-%m-%d %H:%M"
    head = (f"{title}：{shift.shift_name}  {start:%Y-%m-%d} {weekday_name(start.date())} {start:%H:%M} 至 "
            f"{format_local(shift.ends_at, zone, end_fmt)}")
    if now is not None and shift.starts_at <= now < shift.ends_at:
        head += f"（还剩 {remaining_text(shift.ends_at - now)}）"
    lines = [head]
    if shift.leaders:
        lines.append(f"  带班领导：{people_text(shift.leaders)}")
    lines.append(f"  值班员：{people_text(shift.officers) or '（未排班）'}")
    if shift.standby:
        lines.append(f"  备班：{people_text(shift.standby)}")
    return lines


def on_duty_lines(services, day: date | None = None) -> list[str]:
    """`day` None: the shift on duty this moment and the next one; else that day's shifts and the next."""
    zone = services.settings.get().time_zone
    roster = services.roster
    if day is None:
        now = services.clock.now()
        current, following = roster.on_duty(now)
        lines = shift_lines("当前值班", current, zone, now) if current else ["当前没有班次在值班（请检查班次设置）"]
        if following:
            lines += shift_lines("下一班", following, zone)
        return lines
    shifts = roster.shifts_between(day, day)
    if not shifts:
        return [f"{day.isoformat()} {weekday_name(day)}：没有班次"]
    lines = []
    for shift in shifts:
        lines += shift_lines("值班", shift, zone)
    after = [s for s in roster.shifts_between(day + timedelta(days=1), day + timedelta(days=1))]
    if after:
        lines += shift_lines("下一班", after[0], zone)
    return lines


def generation_lines(report: GenerationReport) -> list[str]:
    lines = [report.summary()]
    if report.unknown_years:
        years = "、".join(str(y) for y in report.unknown_years)
        lines.append(f"注意：节假日日历缺少 {years} 年的安排，这些年份的节假日按普通日子排班")
    if report.kept_changed:
        lines.append(f"以下 {len(report.kept_changed)} 个手工排班、调班或导入的班位保持不变：")
        lines += [f"  {line}" for line in report.kept_changed]
    lines += [w.line for w in report.warnings]
    return lines
