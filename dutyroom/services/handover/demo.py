"""Demo handovers: the four weeks before today, shift by shift — 值班记事, equipment checks (two faults),
handover items carried over and closed, one dropped with a note, one handover late with its reason,
one shift not handed over at all (recorded as missed) — and the leader's reviews.

Past shifts are written through the same service parts on a clock set back to each moment, so every
stored time is where it would have been; the audit log receives the records as they are written.
The incoming officer of a demo handover is the rostered one, confirmed without a password (the demo
accounts' passwords are random and the rostered people mostly have no account).
"""

from __future__ import annotations

from datetime import timedelta

from dutyroom.domain.clock import FakeClock
from dutyroom.domain.vocabulary import Role
from dutyroom.services.context import ServiceContext
from dutyroom.services.handover.service import HandoverService
from dutyroom.services.records import SYSTEM_ACTOR, Actor

DAYS = 28
LATE, DROPPED, MISSED = 15, 11, 6  # days ago
FAULTS = {20: ("传真", "传真机卡纸，已报修，暂用备用传真机"), 9: ("视频会议系统", "视频终端无声音，已联系运维人员处理")}
ENTRIES = ("值班电话、传真测试正常", "市应急局电话通知做好寒潮防范准备，已报告带班领导",
           "区气象局发布大风蓝色预警，已转发各街道、镇", "巡查值班室设备，运行正常", "接市政府总值班室通知，明日上报节前安全检查情况")
ITEMS = {25: ("明日9时前向市政府报送寒潮防范工作情况", 1, "已于9时前通过传真报送市政府总值班室"),
         18: ("督促江北街道上报停电影响排查结果", 2, "江北街道已报送排查结果，无人员受影响"),
         DROPPED: ("联系区水务局核实沿江路积水点", 2, "沿江路积水点已由区城管局牵头处置，本室不再跟踪"),
         4: ("跟进区交通运输局道路结冰处置情况", 3, "道路结冰已清除，交通恢复正常"),
         1: ("明早8时前收集各镇街防寒物资储备情况", 0, "")}
OFFICERS = ("孙明", "周晓梅", "吴磊", "郑佳", "冯涛", "何雪")  # the demo office's officers (services/demo.py)
REASON = "接班人参加全区防汛防寒会商会议，会后接班"


def _person(name: str) -> Actor:
    return Actor(user_id=None, username=name, display_name=name, role=Role.OFFICER)


def seed_handover_demo(services) -> int:
    """Write four weeks of handovers before the current shift; returns how many shifts were written."""
    live = services.handover
    if live.handovers_between(live.today() - timedelta(days=DAYS + 2), live.today()):
        return 0
    clock = FakeClock(services.clock.now())
    past = HandoverService(ServiceContext(services.ctx.db, clock, services.ctx.bus))
    current = live.shift_at()
    spans = []
    span = current
    for _ in range(DAYS):
        span = past.shift_at(span.starts_at - timedelta(seconds=1))
        spans.append(span)
    spans.reverse()
    settings = services.settings.get()
    roster = {(s.day, s.shift_name): s for s in services.roster.shifts_between(spans[0].key.day, current.key.day)}
    items: dict[int, tuple[int, bool, str]] = {}  # item id -> (index of the shift it leaves in, dropped?, note)
    for index, span in enumerate(spans):
        days_ago = DAYS - index
        officer = _officer(roster, span, index)
        clock.set(span.starts_at + timedelta(minutes=20))
        past.add_entry(officer, span.key, ENTRIES[index % len(ENTRIES)])
        past.mark_equipment(officer, span.key, dict([FAULTS[days_ago]]) if days_ago in FAULTS else None)
        clock.set(span.starts_at + timedelta(hours=14, minutes=index % 50))
        past.add_entry(officer, span.key, ENTRIES[(index + 2) % len(ENTRIES)])
        for item_id, (closes_at, dropped, note) in list(items.items()):
            if closes_at == index:
                record = past.item(item_id)
                close = past.drop_item if dropped else past.close_item
                close(officer, item_id, note, record.version)
                del items[item_id]
        if days_ago in ITEMS:
            title, lasts, note = ITEMS[days_ago]
            made = past.add_item(officer, span.key, title, due_at=span.ends_at + timedelta(minutes=30))
            if note:
                items[made.id] = (index + lasts, days_ago == DROPPED, note)
        if days_ago == MISSED:
            clock.set(past._window(span, settings).closes_at + timedelta(minutes=1))
            past._seal(SYSTEM_ACTOR, span.key, None, set(), "", "", settings, missed=True)
            continue
        incoming = _officer(roster, past.shift_at(span.ends_at), index + 1)
        late = days_ago == LATE
        clock.set(span.ends_at + (timedelta(minutes=95) if late else timedelta(minutes=-12 + index % 7)))
        acknowledged = {i.id for i in past.open_items()}
        past._seal(officer, span.key, incoming, acknowledged, REASON if late else "", "", settings)
        if days_ago % 3 == 0:
            clock.advance(minutes=40)
            leader = _leader(roster, span)
            past._write_review(leader, span.key, "已审阅，情况清楚" if days_ago != LATE else "交接延迟已说明原因，同意")
    return len(spans)


def _officer(roster: dict, span, index: int) -> Actor:
    """The rostered officer; before the demo roster begins (last month), the officers in turn."""
    shift = roster.get((span.key.day, span.key.name))
    names = [p.name for p in shift.officers] if shift else []
    return _person(names[0] if names else OFFICERS[index % len(OFFICERS)])


def _leader(roster: dict, span) -> Actor:
    shift = roster.get((span.key.day, span.key.name))
    name = shift.leaders[0].name if shift and shift.leaders else "刘振华"
    # Only the demo writes a review without the leader's account (the public review() refuses that).
    return Actor(user_id=None, username=name, display_name=name, role=Role.LEADER)
