"""Deadline alerts: which alert each open clock owes now, claimed once per clock and threshold.

The claim is an INSERT … ON CONFLICT DO NOTHING into alert_fired (like job_run), so two ticks, a
restart or two workstations never claim the same alert twice. Showing is every workstation's: on
PostgreSQL the claim's transaction also NOTIFYs the alert (the words and the key), so every open
workstation rings, and only for a claim that committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from dutyroom.domain.deadlines import DEFAULT_ALERT_MINUTES, Alert, latest_alert, parse_alert_minutes
from dutyroom.domain.localtime import zone
from dutyroom.errors import DutyRoomError
from dutyroom.services.events import EntityKind
from dutyroom.services.incidents.records import ClockRecord
from dutyroom.store import notify
from dutyroom.store.models import AlertFired
from dutyroom.store.upsert import insert_for


@dataclass(frozen=True)
class FiredAlert:
    clock: ClockRecord
    alert: Alert
    message: str


def thresholds_of(settings) -> tuple[int, ...]:
    try:
        return parse_alert_minutes(getattr(settings, "alert_minutes", ""))
    except ValueError:
        return DEFAULT_ALERT_MINUTES


CLOCK_NOTICE_PREFIX = "clock:"


def alert_message(clock: ClockRecord, alert: Alert, now: datetime, time_zone: str, addressed: str = "") -> str:
    """The alert's words; `addressed` ("当班：孙明（08:32 接班）") says whose alarm it is since the handover."""
    office = zone(time_zone)
    tail = f"。{addressed}" if addressed else ""
    due = clock.due_at.astimezone(office)
    # To the second, like the countdown beside it: "须在 15:20:46 前", never a minute that has not ended yet.
    due_text = due.strftime("%H:%M:%S") if due.date() == now.astimezone(office).date() else \
        f"{due.month}月{due.day}日 {due.strftime('%H:%M:%S')}"
    head = f"“{clock.incident_title}”{clock.rule_name}"
    if alert.minutes_before is None:
        late = int((now - clock.due_at).total_seconds() // 60)
        return f"{head}已于 {due_text} 超时（已超 {late} 分钟），须{clock.requirement or '报送'}，请立即报送并确认{tail}"
    left = max(1, -int((now - clock.due_at).total_seconds() // 60))
    return f"{head}还剩 {left} 分钟，须在 {due_text} 前报送{tail}"


def addressed_to(services, now: datetime, time_zone: str) -> str:
    """Whose alarm it is now: the officer holding the duty (the incoming one from the handover on), in words;
    "" when the handover area cannot say (no roster, no handover)."""
    holder_of = services.incidents.duty_holder
    try:
        holder = holder_of(now) if holder_of is not None else None
    except DutyRoomError:
        return ""
    return holder.words(zone(time_zone)) if holder is not None else ""


def due_alerts(services, now: datetime) -> list[FiredAlert]:
    """Claim and return the alerts owed now: at most one per open clock (the latest one)."""
    settings = services.settings.get()
    thresholds = thresholds_of(settings)
    fired = []
    clocks = services.incidents.open_clocks()
    if not clocks:
        return fired
    with services.db.session() as s:
        seen = {(c, k) for c, k in s.execute(select(AlertFired.clock_id, AlertFired.key)
                                             .where(AlertFired.clock_id.in_([c.id for c in clocks])))}
    addressed: str | None = None  # asked once a sweep, and only when something is owed
    for clock in clocks:
        alert = latest_alert(clock.due_at, now, thresholds=thresholds, acknowledged_at=clock.acknowledged_at)
        if alert is None or (clock.id, alert.key) in seen:
            continue
        if addressed is None:
            addressed = addressed_to(services, now, settings.time_zone)
        message = alert_message(clock, alert, now, settings.time_zone, addressed)
        if _claim(services, clock.id, alert, now, message):
            fired.append(FiredAlert(clock, alert, message))
    return fired


def _insert_for(on_postgresql: bool):
    return insert_for("postgresql" if on_postgresql else "sqlite")


def _claim(services, clock_id: int, alert: Alert, now: datetime, message: str) -> bool:
    with services.db.session() as s:
        on_postgresql = s.get_bind().dialect.name == "postgresql"
        insert = _insert_for(on_postgresql)
        stmt = (insert(AlertFired).values(clock_id=clock_id, key=alert.key, due_at=alert.at, fired_at=now,
                                          message=message)
                .on_conflict_do_nothing(index_elements=["clock_id", "key"]).returning(AlertFired.id))
        claimed = s.execute(stmt).first() is not None
        if claimed and on_postgresql:
            # The same pair the claiming workstation publishes on its own bus (scheduling._deadline_alerts).
            notify.send(s, services.db, EntityKind.NOTICE, f"{CLOCK_NOTICE_PREFIX}{clock_id}", "create",
                        message=message, audience="all")
            notify.send(s, services.db, EntityKind.ALERT, str(clock_id), "create", message=alert.key)
        return claimed


def outstanding_alerts(db, open_clocks: list[ClockRecord], now: datetime) -> list[tuple[ClockRecord, str, str]]:
    """(clock, key, words) of the alert each open clock last claimed that still holds at `now`: an overdue
    alarm nobody acknowledged, or a warning before a due time not reached yet. A workstation opened or
    logged into after the claim shows these, so no alarm is lost to whoever was not looking."""
    clocks = {c.id: c for c in open_clocks}
    if not clocks:
        return []
    with db.session() as s:
        rows = s.execute(select(AlertFired.clock_id, AlertFired.key, AlertFired.message)
                         .where(AlertFired.clock_id.in_(list(clocks)))
                         .order_by(AlertFired.fired_at, AlertFired.id)).all()
    latest = {clock_id: (key, message) for clock_id, key, message in rows}  # the last row of each clock wins
    found = []
    for clock_id, (key, message) in latest.items():
        clock = clocks[clock_id]
        overdue = key.startswith("overdue")
        if overdue and clock.acknowledged_at is None or not overdue and now < clock.due_at:
            found.append((clock, key, message))
    return found


def fired_alerts(services, clock_id: int) -> list[tuple[str, datetime, datetime, str]]:
    """(key, meant for, fired at, message) of one clock, oldest first — the clock's alarm history."""
    with services.db.session() as s:
        rows = s.execute(select(AlertFired.key, AlertFired.due_at, AlertFired.fired_at, AlertFired.message)
                         .where(AlertFired.clock_id == clock_id).order_by(AlertFired.fired_at, AlertFired.id))
        return [tuple(r) for r in rows]
