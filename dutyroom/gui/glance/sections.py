"""The sections of 值班首页, each a bounded read of one service. Adding one is a class and one line in SECTIONS."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from dutyroom.domain import rollcall as rollcall_rules
from dutyroom.domain.call_stats import rate_text
from dutyroom.domain.localtime import to_local
from dutyroom.domain.vocabulary import RollCallStatus
from dutyroom.gui.glance.blocks import (
    ALARM,
    LIVE_DEADLINE,
    LIVE_HANDOVER,
    OK,
    WARNING,
    Block,
    Item,
    Section,
    counted,
    local_today,
    more_text,
    next_midnight,
    shortened,
    when_text,
)
from dutyroom.scheduling import (
    BACKUP_JOB,
    DAILY_DIGEST_JOB,
    REMINDER_JOB,
    ROSTER_CHECK_JOB,
    TIMELINESS_JOB,
    DutyScheduler,
)
from dutyroom.services.calls.follow import DUE_COUNT_CAP
from dutyroom.services.events import EntityKind

if TYPE_CHECKING:  # the GUI's import must not pull in every service at start-up
    from dutyroom.services import Services

#: the longest list a section shows; the rest is counted in its "more" line
SHOWN = 5
INSTRUCTIONS_SHOWN = 3
DOCUMENTS_SHOWN = 3
#: jobs worth a line (the hourly roll-call planning is housekeeping nobody waits for)
JOB_TITLES = {DAILY_DIGEST_JOB: "每日要情", BACKUP_JOB: "自动备份", REMINDER_JOB: "次日值班提醒",
              ROSTER_CHECK_JOB: "下月排班检查", TIMELINESS_JOB: "上月报送情况通报"}


def _zone(services: Services) -> str:
    return services.settings.get().time_zone


class OnDutySection(Section):
    key, title, page, page_title, mnemonic, column = "duty", "当前值班", "RosterPage", "排班", "R", 0
    watches = frozenset({EntityKind.ASSIGNMENT, EntityKind.ROSTER, EntityKind.ROSTER_CHANGE, EntityKind.PERSON,
                         EntityKind.SHIFT, EntityKind.HOLIDAY, EntityKind.SETTING})

    def build(self, services: Services, now: datetime) -> Block:
        zone = _zone(services)
        current, upcoming = services.roster.on_duty(now)
        staffed = [s if s is not None and (s.leaders or s.officers or s.standby) else None for s in (current, upcoming)]
        # The next handover, staffed or not, is when the section must be read again.
        boundary = current.ends_at if current else upcoming.starts_at if upcoming else None
        current, upcoming = staffed
        items: list[Item] = []
        summary = ""
        if current is not None:
            summary = f"{current.shift_name}  {when_text(current.starts_at, now, zone)} — " \
                      f"{when_text(current.ends_at, now, zone)}"
            items.append(Item(f"交班 {when_text(current.ends_at, now, zone)}", target=current.day,
                              due_at=current.ends_at, live=LIVE_HANDOVER))
            for post, people in (("带班领导", current.leaders), ("值班员", current.officers), ("备班", current.standby)):
                if people or post == "值班员":
                    names = "、".join(f"{p.name} {p.phone}".strip() for p in people) or "（空缺）"
                    items.append(Item(f"{post}：{names}", target=current.day, tone="" if people else ALARM))
        if upcoming is not None:
            names = "；".join(f"{post} {'、'.join(p.name for p in people)}" for post, people in
                             (("带班", upcoming.leaders), ("值班", upcoming.officers), ("备班", upcoming.standby))
                             if people)
            items.append(Item(f"下一班 {when_text(upcoming.starts_at, now, zone)}：{names}", target=upcoming.day))
        return Block(self.key, self.title, summary, tuple(items), boundary=boundary,
                     empty="今日无排班：请联系管理员在“排班”页生成排班。")


class ClocksSection(Section):
    key, title, page, page_title, mnemonic, column = "clocks", "报送时限", "IncidentsPage", "突发事件", "E", 0
    watches = frozenset({EntityKind.CLOCK, EntityKind.INCIDENT, EntityKind.REPORT, EntityKind.ALERT})

    def build(self, services: Services, now: datetime) -> Block:
        clocks = sorted((c for c in services.incidents.open_clocks() if not c.completed), key=lambda c: (c.due_at, c.id))
        zone = _zone(services)
        items = tuple(Item(f"{shortened(c.incident_title, 16)} · {shortened(c.rule_name, 14)}", target=c.incident_id,
                           due_at=c.due_at, live=LIVE_DEADLINE, clock=c,
                           detail=f"{c.incident_title}\n{c.rule_name}\n截止 {when_text(c.due_at, now, zone, seconds=True)}")
                      for c in clocks[:SHOWN])
        return Block(self.key, self.title, f"未报送 {len(clocks)} 个" if clocks else "", items,
                     more=more_text(len(clocks), len(items), "个"), empty="暂无未报送的时限")


class CallsTodaySection(Section):
    key, title, page, page_title, mnemonic, column = "calls", "今日来电", "CallsPage", "来电登记", "C", 1
    watches = frozenset({EntityKind.CALL, EntityKind.SETTING})

    def build(self, services: Services, now: datetime) -> Block:
        zone = _zone(services)
        today = local_today(now, zone)
        stats = services.calls.day_counts(today)
        items = [Item(f"{row.label}：{row.count} 件") for row in stats.by_outcome if row.count]
        marks = counted((("苗头性", stats.early_warning), ("普遍性", stats.widespread)))
        if marks:
            items.append(Item(f"标记：{marks}", tone=WARNING))
        summary = (f"共 {stats.total} 件（来电 {stats.incoming}，去电 {stats.outgoing}） 办理率 "
                   f"{rate_text(stats.handled_rate)}") if stats.total else ""
        return Block(self.key, self.title, summary, tuple(items), boundary=next_midnight(now, zone),
                     empty="今天还没有来电记录（F2 登记来电）")


class FollowUpsSection(Section):
    key, title, page, page_title, mnemonic, column = "follow", "督办到期", "CallsPage", "来电登记", "F", 1
    watches = frozenset({EntityKind.CALL})

    def build(self, services: Services, now: datetime) -> Block:
        due = services.calls.follow_ups_due(limit=SHOWN)
        items = tuple(Item(f"{f'逾期 {r.overdue_days} 天' if r.overdue_days else '今日到期'} · {r.assigned_unit or '（未填单位）'}"
                           f" · {shortened(r.summary, 18)}", target=r.id, tone=ALARM if r.overdue_days else WARNING,
                           detail=r.summary)
                      for r in due.rows)
        total = due.due_today + due.overdue

        def many(n: int) -> str:  # the service stops counting at DUE_COUNT_CAP
            return f"{n} 件以上" if n >= DUE_COUNT_CAP else f"{n} 件"

        summary = f"今日到期 {many(due.due_today)}，逾期 {many(due.overdue)}" if total else ""
        return Block(self.key, self.title, summary, items, more=more_text(total, len(items), "件"),
                     boundary=next_midnight(now, _zone(services)), empty="没有今日到期或逾期的转办件")


class IncidentsSection(Section):
    key, title, page, page_title, mnemonic, column = "incidents", "未结事件", "IncidentsPage", "突发事件", "I", 1
    watches = frozenset({EntityKind.INCIDENT, EntityKind.REPORT})

    def build(self, services: Services, now: datetime) -> Block:
        found = services.incidents.open_incidents(limit=SHOWN + 1)
        zone = _zone(services)
        items = tuple(Item(f"{when_text(r.received_at, now, zone)} {shortened(r.title, 16)} · {r.level.label} · "
                           f"{r.status.label}", target=r.id, tone=ALARM if r.level.value in ("I", "II") else "",
                           detail=f"{r.title}\n{r.place}") for r in found[:SHOWN])
        summary = (f"未终报 {len(found)} 起" if len(found) <= SHOWN else f"未终报 {SHOWN} 起以上") if found else ""
        return Block(self.key, self.title, summary, items, more="另有更早的未结事件" if len(found) > SHOWN else "",
                     empty="没有未终报的突发事件")


class RollCallsTodaySection(Section):
    key, title, page, page_title, mnemonic, column = "rollcalls", "今日点名", "RollCallPage", "视频点名", "N", 2
    watches = frozenset({EntityKind.ROLLCALL, EntityKind.ROLLCALL_PLAN, EntityKind.SETTING})

    def build(self, services: Services, now: datetime) -> Block:
        zone = _zone(services)
        today = local_today(now, zone)
        limit = services.settings.get().answer_limit_seconds
        items = []
        for rc in services.rollcall.planned_between(today, today):
            text = f"{to_local(rc.planned_at, zone):%H:%M} {rc.kind.label} · {rc.status.label}"
            tone = ""
            if rc.entries:
                tally = rollcall_rules.tally(rc.attempts(), limit)
                text += f" · 在岗 {tally.present}/{tally.units}"
                if rc.status == RollCallStatus.FINISHED:
                    tone = OK if tally.present == tally.units else WARNING
            elif rc.status == RollCallStatus.FINISHED and rc.upper_result:
                text += f" · {shortened(rc.upper_result, 14)}"
            if rc.status == RollCallStatus.PLANNED and rc.planned_at < now:
                text, tone = text + " · 已过计划时间", ALARM
            items.append(Item(text, target=rc.id, tone=tone))
        return Block(self.key, self.title, f"共 {len(items)} 次" if items else "", tuple(items[:SHOWN]),
                     more=more_text(len(items), SHOWN, "次"), boundary=next_midnight(now, zone),
                     empty="今天没有安排视频点名")


class JobsSection(Section):
    key, title, page, page_title, mnemonic, column = "jobs", "定时任务", "AdminPage", "管理", "J", 2
    watches = frozenset({EntityKind.JOB_RUN, EntityKind.SETTING})

    def build(self, services: Services, now: datetime) -> Block:
        zone = _zone(services)
        scheduler = DutyScheduler(services)  # only its registry of jobs: nothing is attached or run here
        upcoming = scheduler.upcoming(now, names=JOB_TITLES)
        items = []
        for name, due in upcoming:
            last = scheduler.last_run(name)
            text = f"{when_text(due, now, zone)} {JOB_TITLES[name]}"
            tone, detail = "", ""
            if last is not None:
                detail = f"上次：{when_text(last.due_at, now, zone)} {last.outcome}"
                if not last.ok:
                    text, tone = text + " · 上次失败", ALARM
            items.append(Item(text, tone=tone, detail=detail))
        return Block(self.key, self.title, "今后 24 小时", tuple(items),
                     boundary=upcoming[0][1] if upcoming else None, empty="今后 24 小时没有定时任务")


class HandoverItemsSection(Section):
    key, title, page, page_title, mnemonic, column = "items", "交接事项", "HandoverPage", "交接班", "G", 2
    watches = frozenset({EntityKind.HANDOVER_ITEM, EntityKind.HANDOVER})

    def build(self, services: Services, now: datetime) -> Block:
        items = services.handover.open_items()  # open ones only: closed items never come back here
        zone = _zone(services)
        lines = []
        for item in items[:SHOWN]:
            due = f"{when_text(item.due_at, now, zone)}前 · " if item.due_at else ""
            flag = "已超期 · " if item.overdue else "上一班未接 · " if item.left_behind else ""
            lines.append(Item(f"{flag}{due}{shortened(item.title, 22)}", target=item.id,
                              tone=ALARM if item.overdue or item.left_behind else "",
                              detail=f"{item.title}\n{item.detail}".strip()))
        overdue = sum(1 for item in items if item.overdue)
        summary = f"待办 {len(items)} 项" + (f"，已超期 {overdue} 项" if overdue else "") if items else ""
        return Block(self.key, self.title, summary, tuple(lines), more=more_text(len(items), len(lines)),
                     empty="没有待交接的事项")


class InstructionsSection(Section):
    key, title, page, page_title, mnemonic, column = "instructions", "领导批示", "InstructionsPage", "领导批示", "P", 0
    watches = frozenset({EntityKind.INSTRUCTION})

    def build(self, services: Services, now: datetime) -> Block:
        # Three lines: it shares the first column with the duty and the clocks, which must stay in sight.
        found = services.instructions.list(open_only=True, limit=INSTRUCTIONS_SHOWN)  # open first, newest first
        total = services.instructions.open_count()
        zone = _zone(services)
        lines = []
        for item in found:
            late = item.due_at is not None and item.due_at < now
            due = f"{when_text(item.due_at, now, zone)}前 · " if item.due_at else ""
            lines.append(Item(f"{'已超期 · ' if late else ''}{due}{item.leader}：{shortened(item.text, 18)} · "
                              f"{item.status.label}", target=item.id, tone=ALARM if late else "",
                              detail=f"{item.leader}{item.leader_title}：{item.text}\n{item.about}".strip()))
        return Block(self.key, self.title, f"未落实 {total} 条" if total else "", tuple(lines),
                     more=more_text(total, len(lines), "条"), empty="没有未落实的领导批示")


#: the page, in order (each section sits in its own `column`)
class DocumentsSection(Section):
    key, title, page, page_title, mnemonic, column = "documents", "文件", "DocumentsPage", "文件", "W", 2
    watches = frozenset({EntityKind.DOCUMENT})

    def build(self, services: Services, now: datetime) -> Block:
        # The newest few the scheduled jobs stored (每日要情, 情况通报): where a leader finds them on the first page.
        zone = _zone(services)
        docs = services.documents.page(limit=DOCUMENTS_SHOWN)
        items = tuple(Item(f"{when_text(d.created_at, now, zone)} {d.title}"
                           + (f" · 送{d.audience_label}" if d.audience != "all" else ""), target=d.id,
                           detail=f"{d.title}\n{d.kind_label}，送{d.audience_label}\n按 Enter 在“文件”页打开、打印")
                      for d in docs)
        return Block(self.key, self.title, "", items, boundary=next_midnight(now, zone),
                     empty="还没有定时生成的文件")


SECTIONS: tuple[Section, ...] = (
    OnDutySection(),
    ClocksSection(),
    CallsTodaySection(),
    FollowUpsSection(),
    IncidentsSection(),
    RollCallsTodaySection(),
    HandoverItemsSection(),
    InstructionsSection(),
    JobsSection(),
    DocumentsSection(),
)
