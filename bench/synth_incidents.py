"""Synthetic incidents (突发事件) with their report chains and deadline clocks, written by the service.

Every incident is registered with services.incidents.save and every report sent with send_report,
the fake clock standing at each event's moment, so the rows, the clocks (made, completed, moved and
cancelled by sync_clocks from the office's rules) and the audit records are the service's own. The
events of all incidents are played in time order (a heap), so the clock never runs backwards.

What the chains look like: the 首报 mostly within the hours the rules allow (about one in twenty
late), level I–II incidents phoned within half an hour and written within the hour, 续报 every 6–22
hours for level I–III, and a 终报 after a few hours (level IV) to a few days (level I). Incidents
whose chain reaches past SYNTH_NOW stay open with their clocks running: the present is the same
recent month whatever the size of the history.

For speed the generation's connections run with synchronous=OFF (a crash only loses a benchmark
database; the program opens the result with its own synchronous=FULL), and this workstation's anchor
file is not rewritten after every transaction (a fifth of the time): the file is generated under a
temporary name, so no anchor of it would apply to the database the benchmarks open anyway.
"""

from __future__ import annotations

import heapq
import random
from datetime import datetime, timedelta

from sqlalchemy import event

from bench.synth import AGENCIES, PLACES, SynthContext
from dutyroom.domain.vocabulary import Channel, IncidentCategory, IncidentLevel, ReportKind, Role
from dutyroom.services.incidents.records import Casualties, IncidentRecord, ReportRecord
from dutyroom.services.records import Actor

KINDS = {
    IncidentCategory.ACCIDENT: (("道路交通事故", "{place}路段发生一起两车相撞交通事故"), ("火灾", "{place}一居民楼发生火灾"),
                                ("生产安全事故", "{place}一企业车间发生机械伤害事故"), ("燃气泄漏", "{place}小区燃气管道泄漏")),
    IncidentCategory.NATURAL: (("洪涝", "{place}强降雨致部分道路积水"), ("地质灾害", "{place}山体发生小规模滑坡"),
                               ("气象灾害", "{place}遭受大风冰雹袭击")),
    IncidentCategory.PUBLIC_HEALTH: (("食物中毒", "{place}一学校食堂发生疑似食物中毒"),
                                     ("传染病", "{place}报告一起聚集性发热病例")),
    IncidentCategory.SOCIAL_SECURITY: (("群体性事件", "{place}部分群众聚集反映诉求"), ("治安事件", "{place}发生一起治安案件")),
}
CATEGORY_WEIGHTS = ((IncidentCategory.ACCIDENT, 0.55), (IncidentCategory.NATURAL, 0.2),
                    (IncidentCategory.PUBLIC_HEALTH, 0.1), (IncidentCategory.SOCIAL_SECURITY, 0.15))
LEVEL_WEIGHTS = ((IncidentLevel.IV, 0.72), (IncidentLevel.III, 0.16), (IncidentLevel.II, 0.05),
                 (IncidentLevel.I, 0.01), (IncidentLevel.UNRATED, 0.06))
FOLLOW_UPS = {IncidentLevel.I: (3, 7), IncidentLevel.II: (2, 5), IncidentLevel.III: (1, 3)}
UPPER = "市委总值班室、市政府总值班室"
SIGNERS = ("郑国强", "何建华", "马丽萍", "林志远")
LATE_SHARE = 0.05


def _pick(rng: random.Random, pairs):
    r, total = rng.random(), 0.0
    for value, share in pairs:
        total += share
        if r < total:
            return value
    return pairs[-1][0]


def _incident(ctx: SynthContext, occurred: datetime) -> IncidentRecord:
    rng = ctx.rng
    category = _pick(rng, CATEGORY_WEIGHTS)
    sub_type, title = rng.choice(KINDS[category])
    place = rng.choice(PLACES)
    level = _pick(rng, LEVEL_WEIGHTS)
    received = occurred + timedelta(minutes=rng.randint(5, 45))
    hurt = level in (IncidentLevel.I, IncidentLevel.II, IncidentLevel.III)
    return IncidentRecord(
        title=title.format(place=place), occurred_at=occurred, received_at=received, place=f"{place}街道",
        category=category, sub_type=sub_type, level=level,
        security_development=category == IncidentCategory.SOCIAL_SECURITY and rng.random() < 0.3,
        source_unit=f"{place}{rng.choice(AGENCIES)}", source_person=ctx.person_name(), source_phone=ctx.phone(),
        casualties=Casualties(deaths=rng.randint(1, 12) if hurt and rng.random() < 0.5 else 0,
                              injured=rng.randint(0, 30) if hurt else rng.randint(0, 2), missing=0, trapped=0),
        losses="损失正在核实", scope=f"{place}及周边", cause="原因正在调查",
        measures="相关部门已赶赴现场处置", trend="现场已得到控制")


def _chain(ctx: SynthContext, rec: IncidentRecord) -> list[tuple[datetime, ReportKind, Channel]]:
    """When each report of the incident goes out, and how."""
    rng = ctx.rng
    top = rec.level in (IncidentLevel.I, IncidentLevel.II)
    if top:
        first = rec.received_at + timedelta(minutes=rng.randint(8, 28) if rng.random() > LATE_SHARE else 40)
        chain = [(first, ReportKind.FIRST, Channel.PHONE),
                 (max(first + timedelta(minutes=5), rec.received_at + timedelta(minutes=rng.randint(35, 58))),
                  ReportKind.FOLLOW_UP, Channel.FAX)]
    else:
        limit = 120 if rec.security_development else 180
        spent = (rec.received_at - rec.occurred_at).total_seconds() / 60
        minutes = rng.randint(10, max(11, int(limit - spent) - 5)) if rng.random() > LATE_SHARE else limit + 20
        chain = [(rec.received_at + timedelta(minutes=minutes), ReportKind.FIRST, rng.choice((Channel.PHONE,
                                                                                                Channel.FAX)))]
    at = chain[-1][0]
    low, high = FOLLOW_UPS.get(rec.level, (0, 0))
    for _ in range(rng.randint(low, high) - (1 if top else 0)):
        at += timedelta(hours=rng.uniform(6, 22))
        chain.append((at, ReportKind.FOLLOW_UP, Channel.FAX))
    at += timedelta(hours=rng.uniform(2, 20) if rec.level in (IncidentLevel.IV, IncidentLevel.UNRATED)
                    else rng.uniform(6, 22))
    chain.append((at, ReportKind.FINAL, Channel.FAX))
    return chain


def _fast_writes(db) -> None:
    if db.kind != "sqlite":
        return

    @event.listens_for(db.engine, "connect")
    def _no_fsync(dbapi_connection, _record):  # after the program's own listener, which sets FULL
        dbapi_connection.execute("PRAGMA synchronous=OFF")

    db.engine.dispose()  # pooled connections were opened with FULL


def make_incidents(ctx: SynthContext, n: int) -> int:
    services = ctx.services
    actor = Actor(None, "synth", "赵值班", Role.OFFICER)
    _fast_writes(services.db)
    anchors, services.ctx.anchors = services.ctx.anchors, None
    try:
        return _play(ctx, n, actor)
    finally:
        services.ctx.anchors = anchors


def _play(ctx: SynthContext, n: int, actor: Actor) -> int:
    incidents, clock, rng = ctx.services.incidents, ctx.services.clock, ctx.rng
    lo, hi = ctx.start + timedelta(hours=2), ctx.now - timedelta(minutes=30)
    span = (hi - lo).total_seconds()
    # (moment, order, what, incident key, payload): registrations and reports of every incident, by time.
    events: list[tuple] = []
    for key, offset in enumerate(sorted(rng.random() * span for _ in range(n))):
        rec = _incident(ctx, lo + timedelta(seconds=offset))
        heapq.heappush(events, (rec.received_at + timedelta(minutes=rng.randint(1, 8)), key, 0, rec))
        for step, (sent_at, kind, channel) in enumerate(_chain(ctx, rec), start=1):
            heapq.heappush(events, (sent_at, key, step, (kind, channel)))
    ids: dict[int, int] = {}
    made = 0
    while events:
        at, key, step, payload = heapq.heappop(events)
        if at > ctx.now:
            continue  # not yet happened: the incident stays open with its clocks owed
        clock.set(at)
        if step == 0:
            ids[key] = incidents.save(actor, payload).id
            made += 1
            continue
        kind, channel = payload
        incidents.send_report(actor, ReportRecord(
            ids[key], kind, 0, f"{kind.label}：现场情况已核实，处置工作正在有序进行。", recipients=UPPER, channel=channel,
            signer=rng.choice(SIGNERS), sent_at=at))
    clock.set(ctx.now)
    return made
