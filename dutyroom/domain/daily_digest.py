"""每日要情: the 24 hours it covers (18:00 the day before to 18:00) and how that period is written.

Both the services (which incidents and calls fall in the period) and the report (its subtitle) use it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from dutyroom.domain.localtime import DEFAULT_ZONE, format_date_cn
from dutyroom.domain.localtime import zone as office_zone
from dutyroom.domain.rollcall import Tally, rate_text

CUTOFF = time(18, 0)


def period_text(day: date) -> str:
    """"（2026年11月20日18时至11月21日18时）"."""
    before = day - timedelta(days=1)
    end = f"{day.month}月{day.day}日" if before.year == day.year else format_date_cn(day)
    return f"（{format_date_cn(before)}18时至{end}18时）"


def period_bounds(day: date, zone: str = DEFAULT_ZONE) -> tuple[datetime, datetime]:
    """The aware instants the 每日要情 of `day` covers: 18:00 the day before to 18:00 that day."""
    end = datetime.combine(day, CUTOFF, office_zone(zone))
    return end - timedelta(days=1), end


def rollcall_digest_line(kind_label: str, planned_at: datetime, zone: str, tally: Tally, missing: list[str],
                         rectifications: int) -> str:
    """One 每日要情 line about a roll-call that found problems: when, how many called, who was not at post.

    `missing` lists the units whose result was not 在岗 or 请假（已报备）.
    """
    local = planned_at.astimezone(office_zone(zone))
    text = (f"{local.month}月{local.day}日{local.hour}时{local.minute:02d}分{kind_label}（视频点名），"
            f"点名{tally.called}个单位，在岗率{rate_text(tally.presence_rate)}")
    if missing:
        text += "；" + "、".join(missing) + "未在岗或未接通"
    if tally.slow:
        text += "；" + "、".join(tally.slow) + "超时应答"
    if rectifications:
        text += f"；已提出整改要求{rectifications}项"
    return text + "。"
