"""Scheduled work that survives sleep, restarts and several workstations (DESIGN.md §4).

Timers only ring bells: a timer merely asks "is anything due?". Each job says when its most
recent occurrence was due; an occurrence runs when no `job_run` row records it yet. The row is
inserted before the work starts (INSERT … ON CONFLICT DO NOTHING), so two ticks, a tick racing
the start-up check, or two workstations on one database never run the same occurrence twice.
A program that was closed, asleep or busy at the due time catches up once, at the next check.

APScheduler only supplies the ticking: the GUI hands `attach()` its QtScheduler, a headless run
a BackgroundScheduler; tests call `tick()` / `check_due()` with a FakeClock and no scheduler.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import BytesIO
from pathlib import Path

from sqlalchemy import select

from dutyroom import paths
from dutyroom.domain.localtime import weekday_name, zone
from dutyroom.domain.months import month_range
from dutyroom.domain.vocabulary import Role
from dutyroom.services.events import Change, EntityKind
from dutyroom.services.records import OfficeSettings
from dutyroom.store.models import JobRun
from dutyroom.store.upsert import insert_for

log = logging.getLogger(__name__)

TICK_SECONDS = 30
# A tick arriving this many intervals late means the machine slept or the clock was set forward.
JUMP_INTERVALS = 4
BACKUP_JOB = "backup"
REMINDER_JOB = "shift_reminder"
ROSTER_CHECK_JOB = "roster_check"
ROSTER_CHECK_DAY = 20  # on the 20th, next month's roster should exist
ROSTER_CHECK_TIME = time(9, 0)
DEADLINE_ALERT_JOB = "deadline_alert"
DAILY_DIGEST_JOB = "daily_digest"
TIMELINESS_JOB = "timeliness_notice"
TIMELINESS_TIME = time(9, 0)  # on the 1st, last month's reporting timeliness
DAILY_DIGEST_TIME = time(18, 0)  # 每日要情 covers the 24 hours before 18:00
ROLLCALL_PLAN_JOB = "rollcall_plan"
ROLLCALL_REMINDER_JOB = "rollcall_reminder"
ROLLCALL_PLAN_DAYS = 7  # planned roll-calls exist this many days ahead
ROLLCALL_REMIND_BEFORE = timedelta(minutes=15)
# A reminder owed while the program was closed is still shown this long after the planned time, once.
ROLLCALL_CATCH_UP = timedelta(hours=6)
HANDOVER_MISSED_JOB = "handover_missed"
INSTRUCTION_CHASE_JOB = "instruction_chase"
INSTRUCTION_CHASE_EVERY = timedelta(days=1)  # an overdue instruction is chased again each day it stays open
EMPTY_POST_JOB = "empty_post"
PRESENCE_PROMPT_JOB = "presence_check"
BACKUP_LABEL = "auto"
RUNNING = "进行中"


@dataclass(frozen=True)
class Job:
    """A named piece of scheduled work.

    `latest_due(now, settings)` returns the most recent instant (aware UTC, ≤ now) at which the
    job was due, or None when it has never been due. `run(due_at, now)` does the work and returns
    a one-line outcome in Chinese for the administrator; raising marks the occurrence failed.
    """

    name: str
    latest_due: Callable[[datetime, OfficeSettings], datetime | None]
    run: Callable[[datetime, datetime], str]


@dataclass(frozen=True)
class JobOutcome:
    job: str
    due_at: datetime
    ran_at: datetime
    outcome: str
    ok: bool = True


def daily_at(local_time: Callable[[OfficeSettings], time]) -> Callable[[datetime, OfficeSettings], datetime | None]:
    """A `latest_due` for "every day at this office-local wall-clock time"."""

    def latest_due(now: datetime, settings: OfficeSettings) -> datetime:
        office = zone(settings.time_zone)
        local_now = now.astimezone(office)
        at = local_time(settings)
        candidate = datetime.combine(local_now.date(), at, tzinfo=office)
        if candidate > local_now:
            candidate = datetime.combine(local_now.date() - timedelta(days=1), at, tzinfo=office)
        return candidate.astimezone(now.tzinfo)

    return latest_due


def monthly_on(day_of_month: int, at: time) -> Callable[[datetime, OfficeSettings], datetime | None]:
    """A `latest_due` for "every month on this day at this office-local time"."""

    def latest_due(now: datetime, settings: OfficeSettings) -> datetime:
        office = zone(settings.time_zone)
        local_now = now.astimezone(office)
        candidate = datetime(local_now.year, local_now.month, day_of_month, at.hour, at.minute, tzinfo=office)
        if candidate > local_now:
            year, month = (local_now.year, local_now.month - 1) if local_now.month > 1 else (local_now.year - 1, 12)
            candidate = datetime(year, month, day_of_month, at.hour, at.minute, tzinfo=office)
        return candidate.astimezone(now.tzinfo)

    return latest_due


def hourly(now: datetime, settings: OfficeSettings) -> datetime:
    """A `latest_due` for "at the top of every hour"."""
    return now.replace(minute=0, second=0, microsecond=0)


def _insert_ignoring_duplicates(dialect_name: str):
    return insert_for(dialect_name)


class DutyScheduler:
    """The registry of jobs and the one place that decides whether an occurrence runs."""

    def __init__(self, services, *, backup_folder: Path | None = None,
                 tick_seconds: int = TICK_SECONDS, register_defaults: bool = True):
        self.services = services
        self.backup_folder = Path(backup_folder) if backup_folder is not None else None
        self.tick_seconds = tick_seconds
        self.jobs: dict[str, Job] = {}
        # Checks that run on every tick and claim their own occurrences (deadline alerts: alert_fired).
        self.sweeps: dict[str, Callable[[datetime], list[JobOutcome]]] = {}
        self.last_tick: datetime | None = None
        self.jumps: list[timedelta] = []
        self._checking = threading.Lock()
        if register_defaults:
            self.register_backup()
            self.register_roster_jobs()
            self.register_incident_alerts()
            self.register_daily_digest()
            self.register_timeliness_notice()
            self.register_rollcall_jobs()
            self.register_handover_jobs()
            self.register_instruction_jobs()
            self.register_empty_post_jobs()

    def register_backup(self) -> None:
        self.register(Job(BACKUP_JOB, daily_at(lambda s: s.backup_time), self._backup))

    def register_roster_jobs(self) -> None:
        self.register(Job(REMINDER_JOB, daily_at(lambda s: s.reminder_time), self._remind_next_shift))
        self.register(Job(ROSTER_CHECK_JOB, monthly_on(ROSTER_CHECK_DAY, ROSTER_CHECK_TIME),
                          self._check_next_month_roster))

    def register_incident_alerts(self) -> None:
        """Warnings before each open clock's due time, and the overdue alarm until acknowledged."""
        self.sweeps[DEADLINE_ALERT_JOB] = self._deadline_alerts

    def register_daily_digest(self) -> None:
        """每日要情 at 18:00 office time, stored in the database (文件) for every workstation."""
        self.register(Job(DAILY_DIGEST_JOB, daily_at(lambda s: DAILY_DIGEST_TIME), self._daily_digest))

    def register_timeliness_notice(self) -> None:
        """On the 1st at 09:00, last month's 突发事件信息报告情况通报, stored (文件) and announced to the leaders."""
        self.register(Job(TIMELINESS_JOB, monthly_on(1, TIMELINESS_TIME), self._monthly_timeliness))

    def register_rollcall_jobs(self) -> None:
        """Every hour, plans' roll-calls for the week ahead; 15 minutes before each, a reminder, once."""
        self.register(Job(ROLLCALL_PLAN_JOB, hourly, self._plan_rollcalls))
        self.sweeps[ROLLCALL_REMINDER_JOB] = self._rollcall_reminders

    def register_handover_jobs(self) -> None:
        """When a shift's handover window closes with no handover, record it as missed and tell the leader."""
        self.register(Job(HANDOVER_MISSED_JOB, lambda now, settings: self.services.handover.last_window_close(now),
                          self._record_missed_handovers))

    def register_instruction_jobs(self) -> None:
        """领导批示 past their due time are chased like overdue follow-ups: once when due, then daily."""
        self.sweeps[INSTRUCTION_CHASE_JOB] = self._chase_instructions

    def register_empty_post_jobs(self, *, logged_in: Callable[[], object | None] | None = None,
                                 handover: Callable[[date, str], object | None] | None = None) -> None:
        """空岗 checks on every tick: the night's presence checks (asked, then missed ones recorded), an
        unconfirmed handover (`handover(day, shift)` answers HandoverAnswer, or None when there is no
        handover record to ask), and no rostered officer logged in here (`logged_in()` is this workstation's
        unlocked Actor, or None). Each new record alerts the leader-on-duty."""
        self.logged_in = logged_in
        self.handover_answer = handover or self._handover_answer
        self._planned_nights: set[date] = set()
        self.sweeps[EMPTY_POST_JOB] = self._empty_post_checks

    def register(self, job: Job) -> None:
        if job.name in self.jobs:
            raise ValueError(f"job {job.name!r} is already registered")
        self.jobs[job.name] = job

    # -- the ticking --------------------------------------------------------------------------

    def attach(self, scheduler, *, check_now: bool = True) -> None:
        """Add the ticking job to an APScheduler 3 scheduler (QtScheduler in the GUI).

        The tick runs in the scheduler's executor, so a backup never freezes the window. A late
        tick after sleep is run once (coalesced), never skipped as "misfired".
        """
        # Trigger instances, not the "interval"/"date" aliases: the aliases are entry points, which a
        # frozen (PyInstaller) program may not carry.
        from apscheduler.triggers.date import DateTrigger
        from apscheduler.triggers.interval import IntervalTrigger

        scheduler.add_job(self.tick, IntervalTrigger(seconds=self.tick_seconds), id="dutyroom-tick",
                          name="DutyRoom: check due jobs", replace_existing=True, coalesce=True,
                          max_instances=1, misfire_grace_time=None)
        if check_now:
            # The start-up catch-up, off the GUI thread: a one-shot job that runs as soon as it can.
            scheduler.add_job(self.tick, DateTrigger(), id="dutyroom-startup-check",
                              name="DutyRoom: start-up catch-up", replace_existing=True, misfire_grace_time=None)

    def tick(self) -> list[JobOutcome]:
        now = self.services.clock.now()
        previous, self.last_tick = self.last_tick, now
        if previous is not None:
            gap = now - previous
            if gap > timedelta(seconds=self.tick_seconds * JUMP_INTERVALS):
                self.jumps.append(gap)
                log.warning("wall clock jumped forward by %s since the last tick (sleep or clock change); "
                            "catching up now", gap)
            elif gap < -timedelta(seconds=self.tick_seconds):
                log.warning("wall clock went back by %s; due jobs are still keyed by instant", -gap)
        try:
            return self.check_due()
        except Exception as exc:  # e.g. the PostgreSQL server is briefly away: the next tick retries
            log.warning("could not check scheduled jobs: %s", getattr(exc, "message", None) or exc)
            return []

    # -- deciding and running -----------------------------------------------------------------

    def check_due(self) -> list[JobOutcome]:
        """Run every job whose latest occurrence nobody has run yet. Safe to call any time."""
        if not self._checking.acquire(blocking=False):
            return []  # a check is already running in another thread; it covers this one
        try:
            now = self.services.clock.now()
            settings = self.services.settings.get()
            outcomes = []
            for job in list(self.jobs.values()):
                due_at = job.latest_due(now, settings)
                if due_at is None or due_at > now or self._already_run(job.name, due_at):
                    continue
                if self._claim(job.name, due_at, now):
                    outcomes.append(self._run(job, due_at, now))
            for name, sweep in list(self.sweeps.items()):
                try:
                    outcomes.extend(sweep(now))
                except Exception:  # e.g. a database hiccup: the next tick catches up
                    log.exception("scheduled check %s failed", name)
            return outcomes
        finally:
            self._checking.release()

    def _already_run(self, name: str, due_at: datetime) -> bool:
        # A cheap read first, so the common "nothing due" tick never attempts a write.
        with self.services.db.session() as s:
            return s.scalar(select(JobRun.id).where(JobRun.job == name, JobRun.due_at == due_at)) is not None

    def _claim(self, name: str, due_at: datetime, now: datetime) -> bool:
        with self.services.db.session() as s:
            insert = _insert_ignoring_duplicates(s.get_bind().dialect.name)
            stmt = insert(JobRun).values(job=name, due_at=due_at, ran_at=now, outcome=RUNNING)
            stmt = stmt.on_conflict_do_nothing(index_elements=["job", "due_at"]).returning(JobRun.id)
            # An id comes back only if this call inserted the row (psycopg reports no rowcount here).
            return s.execute(stmt).first() is not None

    def _run(self, job: Job, due_at: datetime, now: datetime) -> JobOutcome:
        ok = True
        try:
            text = job.run(due_at, now)
        except Exception as exc:  # a failed job is recorded and shown, never crashes the ticking
            log.exception("scheduled job %s (due %s) failed", job.name, due_at)
            ok, text = False, f"失败：{getattr(exc, 'message', None) or exc}"
        with self.services.db.session() as s:
            row = s.scalar(select(JobRun).where(JobRun.job == job.name, JobRun.due_at == due_at))
            row.outcome = text
        log.info("scheduled job %s (due %s): %s", job.name, due_at.isoformat(), text)
        self.services.bus.publish(Change(kind=EntityKind.JOB_RUN, id=job.name, op="create", origin="scheduler"))
        return JobOutcome(job.name, due_at, now, text, ok)

    def last_run(self, name: str) -> JobOutcome | None:
        """The most recent recorded occurrence of a job, for the administration page."""
        with self.services.db.session() as s:
            row = s.scalar(select(JobRun).where(JobRun.job == name).order_by(JobRun.due_at.desc()).limit(1))
            if row is None:
                return None
            return JobOutcome(row.job, row.due_at, row.ran_at, row.outcome, not row.outcome.startswith("失败"))

    # -- the jobs of this release -------------------------------------------------------------

    def _backup(self, due_at: datetime, now: datetime) -> str:
        db = self.services.db
        if db.kind != "sqlite":
            return "PostgreSQL 数据库由服务器负责备份（请在服务器上用 pg_dump 定时备份），本机不做自动备份"
        from dutyroom.store.backup import backup_sqlite, rotate

        folder = self.backup_folder or paths.backup_dir()
        keep = self.services.settings.get().backups_kept
        path = backup_sqlite(db, folder, when=now, label=BACKUP_LABEL)
        removed = rotate(folder, label=BACKUP_LABEL, keep=keep)
        extra = f"，删除了 {len(removed)} 份旧备份" if removed else ""
        return f"已自动备份到 {path}（保留最近 {keep} 份{extra}）"

    def _notice(self, job: str, message: str, audience: str = "all", *, everywhere: bool = True) -> None:
        """Words for a person: the occurrence is claimed here, but everyone it is for may sit at another
        workstation, so it goes to all of them (`everywhere=False`: the record's own change already does)."""
        change = Change(kind=EntityKind.NOTICE, id=job, op="create", origin="scheduler", message=message,
                        audience=audience)
        if everywhere:
            self.services.ctx.announce(change)
        else:
            self.services.bus.publish(change)

    def _addressed(self, text: str, now: datetime) -> str:
        """`text` naming who holds the duty now ("。当班：孙明（08:32 接班）"), as the deadline alarms do
        (incidents/alerts.py, handover/holder.py): a reminder says whose it is."""
        from dutyroom.services.incidents.alerts import addressed_to  # the alerts' own wording, one place

        holder = addressed_to(self.services, now, self.services.settings.get().time_zone)
        return f"{text.rstrip('。')}。{holder}" if holder else text

    def _remind_next_shift(self, due_at: datetime, now: datetime) -> str:
        """The evening before: who is on duty tomorrow. A reminder caught up after the shift began is dropped."""
        settings = self.services.settings.get()
        tomorrow = due_at.astimezone(zone(settings.time_zone)).date() + timedelta(days=1)
        shifts = [s for s in self.services.roster.shifts_between(tomorrow, tomorrow)
                  if s.leaders or s.officers or s.standby]
        when = f"{tomorrow.month}月{tomorrow.day}日（{weekday_name(tomorrow)}）"
        if not shifts:
            text = f"{when}还没有排班，请管理员尽快安排。"
            self._notice(REMINDER_JOB, text, audience=Role.ADMIN.value)
            return text
        if now >= shifts[0].starts_at:
            return f"{when}的班次已经开始，提醒已过时，未发出"
        lines = []
        for shift in shifts:
            start = shift.starts_at.astimezone(zone(settings.time_zone)).strftime("%H:%M")
            parts = [f"{label} {'、'.join(p.name for p in people)}" for label, people in
                     (("带班", shift.leaders), ("值班", shift.officers), ("备班", shift.standby)) if people]
            lines.append(f"{shift.shift_name} {start} 起：{'；'.join(parts)}")
        text = f"明日值班提醒 — {when}\n" + "\n".join(lines)
        self._notice(REMINDER_JOB, text)
        return text

    def _check_next_month_roster(self, due_at: datetime, now: datetime) -> str:
        local = due_at.astimezone(zone(self.services.settings.get().time_zone))
        year, month = (local.year, local.month + 1) if local.month < 12 else (local.year + 1, 1)
        first = date(year, month, 1)
        last = month_range(year, month)[1]
        missing = self.services.roster.days_without_roster(first, last)
        if not missing:
            return f"{year}年{month}月排班已生成"
        text = (f"{year}年{month}月还有 {len(missing)} 天没有排班，请在“排班 → 生成排班”中生成"
                f"（缺：{missing[0].month}月{missing[0].day}日起）。")
        self._notice(ROSTER_CHECK_JOB, text, audience=Role.ADMIN.value)
        return text

    def _deadline_alerts(self, now: datetime) -> list[JobOutcome]:
        """One alert per open clock at most: the latest owed, so a wake from sleep shows one, not a backlog.
        The claim's own transaction tells the other workstations (incidents/alerts.py); this one hears it here."""
        from dutyroom.services.incidents.alerts import due_alerts

        outcomes = []
        for fired in due_alerts(self.services, now):
            clock_id = str(fired.clock.id)
            self.services.bus.publish(Change(kind=EntityKind.NOTICE, id=f"clock:{clock_id}", op="create", origin="scheduler",
                                             message=fired.message, audience="all"))
            self.services.bus.publish(Change(kind=EntityKind.ALERT, id=clock_id, op="create", origin="scheduler",
                                             message=fired.alert.key))
            outcomes.append(JobOutcome(DEADLINE_ALERT_JOB, fired.alert.at, now, fired.message))
        return outcomes

    def _monthly_timeliness(self, due_at: datetime, now: datetime) -> str:
        """The timeliness notice of the month before the one it was due in, for the leaders to circulate."""
        from dutyroom.services.documents import TIMELINESS_NOTICE
        from dutyroom.services.incidents.bulletins import write_timeliness_notice

        local = due_at.astimezone(zone(self.services.settings.get().time_zone))
        year, month = (local.year, local.month - 1) if local.month > 1 else (local.year - 1, 12)
        out = BytesIO()
        late = write_timeliness_notice(self.services, year, month, out)
        title = f"{year}年{month}月突发事件信息报告情况通报"
        self.services.documents.store(kind=TIMELINESS_NOTICE, title=title, period=f"{year}-{month:02d}",
                                      job=TIMELINESS_JOB, due_at=due_at, pdf=out.getvalue(),
                                      audience=Role.LEADER.value)
        text = f"{title}已生成（迟报、漏报 {late} 次），请在「文件」页打开或打印"
        self._notice(TIMELINESS_JOB, text, audience=Role.LEADER.value)
        return text

    def _daily_digest(self, due_at: datetime, now: datetime) -> str:
        """The digest of the day it was due, even when caught up the next morning."""
        from dutyroom.services.documents import DAILY_DIGEST
        from dutyroom.services.incidents.bulletins import write_daily_digest

        day = due_at.astimezone(zone(self.services.settings.get().time_zone)).date()
        out = BytesIO()
        count = write_daily_digest(self.services, day, out, printed_on=day)
        self.services.documents.store(kind=DAILY_DIGEST, title=f"{day.month}月{day.day}日每日要情",
                                      period=day.isoformat(), job=DAILY_DIGEST_JOB, due_at=due_at,
                                      pdf=out.getvalue())
        self._notice(DAILY_DIGEST_JOB, f"{day.month}月{day.day}日每日要情已生成，请在「文件」页打开或打印")
        return f"已生成{day.month}月{day.day}日每日要情（突发事件 {count} 起），存入「文件」"

    def _plan_rollcalls(self, due_at: datetime, now: datetime) -> str:
        rollcall = self.services.rollcall
        today = rollcall.today()
        made = rollcall.ensure_planned(today, today + timedelta(days=ROLLCALL_PLAN_DAYS))
        return f"已按点名计划生成 {len(made)} 次视频点名" if made else "点名计划无需新增"

    def _rollcall_reminders(self, now: datetime) -> list[JobOutcome]:
        """One notice per planned roll-call, 15 minutes before; after downtime shown late, once, never twice."""
        from dutyroom.services.rollcall.records import UPPER_CHECKLIST

        rollcall = self.services.rollcall
        office = zone(self.services.settings.get().time_zone)
        outcomes = []
        for rc in rollcall.due_for_reminder(now - ROLLCALL_CATCH_UP, now + ROLLCALL_REMIND_BEFORE):
            due_at = rc.planned_at - ROLLCALL_REMIND_BEFORE
            name = f"{ROLLCALL_REMINDER_JOB}:{rc.id}"
            if self._already_run(name, due_at) or not self._claim(name, due_at, now):
                continue
            at = rc.planned_at.astimezone(office).strftime("%H:%M")
            late = "（已过计划时间，请尽快处理）" if now >= rc.planned_at else ""
            if rc.kind.value == "upper":
                text = (f"{at} 参加上级视频点名{late}。请提前确认：" + "、".join(UPPER_CHECKLIST)
                        + "，并在“视频点名”页逐项勾选。")
            else:
                text = f"{at} {rc.kind.label}即将开始{late}：共 {len(rc.entries)} 个单位，请在“视频点名”页开始点名。"
            text = self._addressed(text, now)
            self._notice(ROLLCALL_REMINDER_JOB, text)
            with self.services.db.session() as s:
                row = s.scalar(select(JobRun).where(JobRun.job == name, JobRun.due_at == due_at))
                row.outcome = text
            outcomes.append(JobOutcome(ROLLCALL_REMINDER_JOB, due_at, now, text))
        return outcomes

    def _record_missed_handovers(self, due_at: datetime, now: datetime) -> str:
        missed = self.services.handover.record_missed(now)
        if not missed:
            return "各班次均已交接"
        names = "、".join(m.shift.label for m in missed)
        self._notice(HANDOVER_MISSED_JOB, self._addressed(f"{names}交接窗口已结束，未办理交接班，已记录为未交接", now),
                     audience="leader")
        return f"已记录 {len(missed)} 个未交接的班次：{names}"

    def _chase_instructions(self, now: datetime) -> list[JobOutcome]:
        """One notice per overdue instruction per day overdue, claimed, so sleep or two workstations never repeat it."""
        from dutyroom.domain.instruction_text import chase_message

        office = zone(self.services.settings.get().time_zone)
        outcomes = []
        for item in self.services.instructions.overdue(now):
            assert item.due_at is not None  # overdue() returns only instructions with a due time
            due_at = item.due_at + INSTRUCTION_CHASE_EVERY * ((now - item.due_at) // INSTRUCTION_CHASE_EVERY)
            name = f"{INSTRUCTION_CHASE_JOB}:{item.id}"
            if self._already_run(name, due_at) or not self._claim(name, due_at, now):
                continue
            text = self._addressed(chase_message(item, now, office), now)
            self._notice(INSTRUCTION_CHASE_JOB, text)
            with self.services.db.session() as s:
                row = s.scalar(select(JobRun).where(JobRun.job == name, JobRun.due_at == due_at))
                row.outcome = text
            outcomes.append(JobOutcome(INSTRUCTION_CHASE_JOB, due_at, now, text))
        return outcomes

    def _handover_answer(self, day: date, shift_name: str):
        """Was the handover into shift (day, name) confirmed by its incoming officer, and when? The record
        is the outgoing (previous) shift's; None when the handover area cannot say (no such shift)."""
        from dutyroom.domain.vocabulary import HandoverStatus
        from dutyroom.errors import DutyRoomError
        from dutyroom.services.empty_posts.records import HandoverAnswer
        from dutyroom.services.handover.records import ShiftKey

        handover = self.services.handover
        try:
            incoming = handover.span(ShiftKey(day, shift_name))
            outgoing = handover.shift_at(incoming.starts_at - timedelta(seconds=1))
            record = handover.handover(outgoing.key)
        except DutyRoomError:
            return None
        if record is None or record.status != HandoverStatus.SEALED:
            return HandoverAnswer(False)
        return HandoverAnswer(True, record.handed_at)

    def _empty_post_checks(self, now: datetime) -> list[JobOutcome]:
        from dutyroom.domain.empty_post import handover_unconfirmed, night_of
        from dutyroom.domain.vocabulary import EmptyPostKind

        settings = self.services.settings.get()
        if not settings.empty_post_checks:
            return []
        posts = self.services.empty_posts
        office = zone(settings.time_zone)
        night = night_of(now, settings.presence_night_start, settings.presence_night_end, office)
        for planned in (night, night + timedelta(days=1)):  # the night under way (if any) and the next one
            if planned not in self._planned_nights:
                posts.plan_presence_checks(planned, now)
                self._planned_nights.add(planned)
        outcomes = []
        for check in posts.pending_presence(now):
            name = f"{PRESENCE_PROMPT_JOB}:{check.id}"
            if self._already_run(name, check.due_at) or not self._claim(name, check.due_at, now):
                continue
            until = check.answer_by.astimezone(office).strftime("%H:%M")
            text = self._addressed(f"在岗确认：请在 {until} 前确认在岗。", now)
            self.services.bus.publish(Change(kind=EntityKind.PRESENCE_CHECK, id=str(check.id), op="create",
                                             origin="scheduler", message=text))
            outcomes.append(JobOutcome(PRESENCE_PROMPT_JOB, check.due_at, now, text))
        found = posts.record_missed_presence(now)
        if self.handover_answer is not None:
            shift = posts.shift_started(now)
            if shift is not None:
                day, shift_name, starts = shift
                answer = self.handover_answer(day, shift_name)
                late = answer is not None and handover_unconfirmed(
                    starts, getattr(answer, "confirmed_at", None) if getattr(answer, "confirmed", False) else None,
                    now, settings.handover_confirm_minutes)
                if late:
                    post = posts.record(EmptyPostKind.HANDOVER_UNCONFIRMED,
                                        starts + timedelta(minutes=settings.handover_confirm_minutes),
                                        f"交接班时间 {starts.astimezone(office):%H:%M} 后 "
                                        f"{settings.handover_confirm_minutes} 分钟，接班人仍未确认接班")
                    found += [post] if post is not None else []
        if self.logged_in is not None:
            found += self._no_officer_check(now, settings)
        for post in found:
            text = self._addressed(f"空岗提醒：{post.kind.label}（{post.at.astimezone(office):%m-%d %H:%M}，"
                                   f"{post.shift_name or '本班'}，在班：{post.rostered or '未排班'}）。{post.detail}", now)
            # Other workstations hear the 空岗 record itself and word it for their leader (MainWindow).
            self._notice(EMPTY_POST_JOB, text, audience=Role.LEADER.value, everywhere=False)
            outcomes.append(JobOutcome(EMPTY_POST_JOB, post.at, now, text))
        return outcomes

    def _no_officer_check(self, now: datetime, settings: OfficeSettings) -> list:
        """Rule 3 through the database, so every workstation and a restart count the same absence."""
        assert self.logged_in is not None
        actor = self.logged_in()
        post = self.services.empty_posts.watch_desk(now, getattr(actor, "person_id", None), settings.no_officer_minutes)
        return [post] if post is not None else []

    # -- what comes next (值班首页) --------------------------------------------------------------

    def upcoming(self, now: datetime, within: timedelta = timedelta(hours=24),
                 names: Iterable[str] | None = None) -> list[tuple[str, datetime]]:
        """(job name, due instant) of the registered jobs (those named, or all) due after `now` and within
        `within`, soonest first."""
        settings = self.services.settings.get()
        wanted = self.jobs if names is None else {n: self.jobs[n] for n in names if n in self.jobs}
        found = [(name, due) for name, job in wanted.items()
                 if (due := next_due(job, now, settings, within)) is not None]
        return sorted(found, key=lambda pair: (pair[1], pair[0]))


def next_due(job: Job, now: datetime, settings: OfficeSettings, within: timedelta) -> datetime | None:
    """The first occurrence of `job` after `now`, if one falls within `within`; None otherwise.

    A job only knows its latest occurrence at or before an instant, so walk back from the end of the
    horizon, one occurrence at a time, to the first one after `now` (a daily job: one step or two).
    """
    found = None
    probe = now + within
    while (due := job.latest_due(probe, settings)) is not None and due > now:
        found = due
        probe = due - timedelta(microseconds=1)
    return found
