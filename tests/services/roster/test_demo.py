"""Demo roster: the demo office's leaders, officers and standby, this month and the next."""

from __future__ import annotations

from datetime import date

from dutyroom.domain.vocabulary import PositionKind
from dutyroom.services.demo import seed_demo
from dutyroom.services.roster.demo import seed_roster_demo


def test_demo_roster_covers_this_and_next_month_without_problems(services):
    seed_demo(services, password_source=lambda name: f"{name}Demo2026")
    report = seed_roster_demo(services)  # the clock stands at 2026-11-21

    assert (report.first, report.last) == (date(2026, 11, 1), date(2026, 12, 31))
    assert report.warnings == ()
    rotations = {r.position: r for r in services.roster.list_rotations()}
    assert rotations[PositionKind.LEADER].period == "week"
    assert rotations[PositionKind.LEADER].member_names[:2] == ["陈建国", "李文华"]
    assert "林晓" in rotations[PositionKind.OFFICER].member_names
    assert {"许浩", "韩静", "黄斌", "高建军"} == set(rotations[PositionKind.STANDBY].member_names)
    now, following = services.roster.on_duty()
    assert now.day == date(2026, 11, 21) and now.leaders and now.officers and now.standby
    assert following.day == date(2026, 11, 22)
    assert services.roster.days_without_roster(date(2026, 11, 1), date(2026, 12, 31)) == []
