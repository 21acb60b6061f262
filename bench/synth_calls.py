"""The synthetic telephone log: N calls over the synthetic history, with their search index.

Calls are spread over the five years up to SYNTH_NOW (fewer at night), in increasing time, with
sort keys made exactly as the service makes them (Unix seconds × SLOTS + a counter within the
second). Callers recur: a pool of residents and the duty phones of units call again and again, so
the caller history and the similar-calls panel have something to find. Rows go in by bulk inserts
in large transactions, and the search index (store/call_search.py) is filled in the same
transactions from the same fields and terms the service indexes.

On SQLite the generation connection runs with synchronous=OFF and a large page cache, and is put
back to the program's synchronous=FULL afterwards: a crash mid-generation only loses a benchmark
database, and the program itself always opens with FULL (store/engine.py).
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, insert, select, text

from bench.call_texts import (
    AREA_CODES,
    FEEDBACKS,
    INSTRUCTIONS,
    MOBILE_PREFIXES,
    NOTES,
    OUTCOME_PROFILES,
    TEMPLATE_LIST,
    TEMPLATE_WEIGHTS,
    CallTemplate,
    agency,
    company,
    fill,
)
from bench.synth import AGENCIES, PLACES, SynthContext
from bench.synth_closing import NOT_COLUMNS, follow_status, instruction_row
from dutyroom.domain.bigrams import index_terms
from dutyroom.domain.localtime import zone
from dutyroom.services.calls.checks import canonical_number
from dutyroom.store import call_counts, call_search
from dutyroom.store.models import Call, CallFollowUp, Instruction

CHUNK = 25_000  # calls per transaction
OFFICERS = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴婷", "徐鹏", "孙丽")
LEADERS = ("郑国强", "何建华", "马丽萍", "林志远")  # 带班领导 named in 处理情况
SHIFT_NAME = "全天班"
UPPER_UNITS = ("市政府总值班室", "市应急管理局", "市委办公室", "省政府总值班室", "市公安局指挥中心")
SUBORDINATE_UNITS = tuple(f"{p}{s}" for p in PLACES for s in ("街道办事处", "镇人民政府"))
KIND_SHARE_PUBLIC_REPEAT = 0.4  # of the public's calls, the share from people who have called before
NIGHT_KEEP = 0.35  # calls between 23:00 and 07:00 are about a third as frequent as by day


class _Fields(dict):
    """A row dict readable by attribute, for call_search.searchable_texts."""

    __getattr__ = dict.__getitem__


class _Callers:
    """Who calls: recurring residents and unit duty phones, each with a stable name and number."""

    def __init__(self, ctx: SynthContext, residents: int):
        self.ctx, self.rng = ctx, ctx.rng
        self.residents = [(ctx.person_name(), self.mobile()) for _ in range(residents)]
        self.units: dict[str, list[tuple[str, str, str]]] = {
            "upper": [(u, self.landline(), "") for u in UPPER_UNITS],
            "department": [(u, self.landline(), "") for u in AGENCIES],
            "subordinate": [(u, self.landline(), "") for u in SUBORDINATE_UNITS],
        }
        # A unit's duty phone is answered by a few people in turn.
        self.staff = {u: [ctx.person_name() for _ in range(3)] for kind in self.units.values() for u, _, _ in kind}

    def mobile(self) -> str:
        return f"{self.rng.choice(MOBILE_PREFIXES)}{self.rng.randint(0, 99_999_999):08d}"

    def landline(self) -> str:
        # Stored as the service stores what was typed as "0571-8xxxxxxx".
        return canonical_number(f"{self.rng.choice(AREA_CODES)}-{self.rng.choice('2568')}"
                                f"{self.rng.randint(0, 9_999_999):07d}")

    def pick(self, kind: str) -> tuple[str, str, str]:
        """(name, number, unit) of a caller of this CallerKind value."""
        rng = self.rng
        if kind in self.units:
            unit, number, _ = rng.choice(self.units[kind])
            return rng.choice(self.staff[unit]), number, unit
        if kind == "enterprise":
            return self.ctx.person_name(), self.landline() if rng.random() < 0.6 else self.mobile(), company(rng)
        if rng.random() < KIND_SHARE_PUBLIC_REPEAT:
            # Cubing skews towards the start of the pool: a few people call very often.
            name, number = self.residents[int(len(self.residents) * rng.random() ** 3)]
            return name, number, ""
        return (self.ctx.person_name() if rng.random() < 0.85 else "", self.mobile() if rng.random() < 0.8
                else self.landline(), "")


def call_times(rng: random.Random, first: datetime, last: datetime, n: int, zone_name: str) -> list[int]:
    """n sorted Unix seconds in [first, last), thinner at night (office-local hours)."""
    tz = zone(zone_name)
    offset = int(first.astimezone(tz).utcoffset().total_seconds())
    lo, hi = int(first.timestamp()), int(last.timestamp())
    times: list[int] = []
    while len(times) < n:
        t = rng.randrange(lo, hi)
        hour = (t + offset) // 3600 % 24
        if (hour >= 23 or hour < 7) and rng.random() > NIGHT_KEEP:
            continue
        times.append(t)
    times.sort()
    return times


def _weighted(rng: random.Random, pairs: tuple[tuple[str, float], ...]) -> str:
    r, total = rng.random(), 0.0
    for value, share in pairs:
        total += share
        if r < total:
            return value
    return pairs[-1][0]


class _CallMaker:
    def __init__(self, ctx: SynthContext, zone_name: str, handover: tuple[int, int], follow_days: int):
        self.ctx, self.rng = ctx, ctx.rng
        self.tz = zone(zone_name)
        self.handover = timedelta(hours=handover[0], minutes=handover[1])
        self.follow_days = follow_days
        self.callers = _Callers(ctx, residents=60_000)
        self.cum_weights = list(itertools.accumulate(TEMPLATE_WEIGHTS))

    def template(self) -> CallTemplate:
        r = self.rng.random() * self.cum_weights[-1]
        return TEMPLATE_LIST[bisect.bisect_right(self.cum_weights, r)]

    def call(self, call_id: int, sort_key: int, started: datetime, follow_ups: list[dict]) -> dict:
        rng, ctx = self.rng, self.ctx
        tpl = self.template()
        local = started.astimezone(self.tz)
        duty_date = (local - self.handover).date()
        officer = rng.choice(OFFICERS)
        name, number, unit = self.callers.pick(tpl.kind)
        summary = fill(tpl.text, rng, ctx.person_name, local.year)
        outcome = _weighted(rng, OUTCOME_PROFILES[tpl.profile])
        row = dict(
            id=call_id, sort_key=sort_key, direction=tpl.direction, started_at=started,
            ended_at=None if rng.random() < 0.1 else started + timedelta(seconds=rng.randint(40, 900)),
            caller_name=name, caller_number=number, caller_unit=unit, caller_kind=tpl.kind, category=tpl.category,
            summary=summary, outcome=outcome, outcome_note="", assigned_unit="", due_on=None, follow_status=None,
            feedback="", feedback_at=None, closed_at=None, leader_instruction="",
            early_warning=tpl.profile in ("problem", "emergency") and rng.random() < 0.015,
            widespread=tpl.profile == "problem" and rng.random() < 0.005,
            officer=officer, officer_user_id=None, duty_date=duty_date, shift_name=SHIFT_NAME, incident_id=None,
            created_at=started + timedelta(seconds=rng.randint(60, 600)), created_by=officer, version=1)
        handler = tpl.handler or agency(rng)
        if outcome == "assigned":
            self._assign(row, handler, local.date(), follow_ups)
        elif tpl.note:
            row["outcome_note"] = tpl.note
        else:
            notes = NOTES.get((tpl.profile, outcome)) or NOTES[(outcome, "")]
            row["outcome_note"] = rng.choice(notes).format(agency=handler, leader=rng.choice(LEADERS))
        if outcome in ("reported", "assigned") and rng.random() < 0.08:
            row["leader_instruction"] = rng.choice(INSTRUCTIONS).format(agency=handler)
            row["instruction_handler"] = handler
        return row

    def _assign(self, row: dict, handler: str, call_day: date, follow_ups: list[dict]) -> None:
        rng, now = self.rng, self.ctx.now
        started = row["started_at"]
        row["assigned_unit"] = handler
        row["due_on"] = call_day + timedelta(days=rng.choice((self.follow_days,) * 4 + (1, 7)))
        age_days = (now - started).days
        status = follow_status(rng, age_days)
        row["follow_status"] = status
        officer = row["officer"]

        def log(kind: str, at: datetime, note: str) -> None:
            follow_ups.append(dict(call_id=row["id"], kind=kind, at=at, note=note, by=officer))

        answered = min(now, started + timedelta(hours=rng.randint(2, 120)))
        due_passed = datetime.combine(row["due_on"], datetime.min.time(), self.tz) < answered
        if due_passed and rng.random() < 0.6:
            log("chase", answered - (answered - started) / 2, f"电话催办{handler}，要求尽快反馈办理结果")
        if status == "pending":
            return
        feedback = (rng.choice(FEEDBACKS) if status == "closed" else "{agency}反馈：正在处置中").format(agency=handler)
        row.update(feedback=feedback, feedback_at=answered)
        log("feedback", answered, feedback)
        if status == "closed":
            row["closed_at"] = answered
            log("close", answered, "承办单位反馈办结")


@contextmanager
def _bulk_connection(db) -> Iterator:
    with db.engine.connect() as conn:
        sqlite = db.kind == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
            conn.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MB: the secondary indexes stay in memory
        try:
            yield conn
        finally:
            conn.rollback()
            if sqlite:
                conn.exec_driver_sql("PRAGMA synchronous=FULL")
                conn.exec_driver_sql("PRAGMA cache_size=-2000")
                conn.commit()


def _write_index(conn, dialect: str, entries: list[tuple[int, list[str]]]) -> None:
    """The same terms call_search.index writes, many rows per statement."""
    if dialect == "postgresql":  # the term counts' deltas (triggers) folded once per chunk (store/call_counts.py)
        conn.execute(text("INSERT INTO call_search (sort_key, terms) VALUES (:k, CAST(:v AS tsvector))"),
                     [{"k": k, "v": call_search._tsvector_literal(terms)} for k, terms in entries])
        call_counts.fold(conn)
    else:
        conn.exec_driver_sql("INSERT INTO call_fts (rowid, terms) VALUES (?, ?)",
                             [(k, " ".join(terms)) for k, terms in entries])


@dataclass
class CallChunk:
    """One transaction's worth of generated rows, as the tables take them."""

    calls: list[dict]  # `call` rows (the 领导批示 is in `instructions`)
    instructions: list[dict]
    follow_ups: list[dict]
    entries: list[tuple[int, list[str]]]  # (sort_key, the index terms call_search.index would write)


def call_chunks(ctx: SynthContext, n: int) -> Iterator[CallChunk]:
    """The n generated calls in chunks of CHUNK, continuing the ids and sort keys already in the database.

    Every writer of the synthetic log (the bulk INSERTs below, bench/pg_copy.py's COPY) takes its rows
    from here, so the two hold the same calls for the same seed. The database is read here, before the
    first chunk is asked for (a writer may lock the tables it fills from then on).
    """
    services = ctx.services
    settings = services.settings.get()
    with services.db.session() as s:
        next_id = (s.scalar(select(func.max(Call.id))) or 0) + 1
        taken = set(s.scalars(select(Call.sort_key)))
    handover = (settings.handover_time.hour, settings.handover_time.minute)
    maker = _CallMaker(ctx, settings.time_zone, handover, settings.follow_up_days)
    # Leave the first hour to what a fresh database records on opening, and the last minute free.
    times = call_times(ctx.rng, ctx.start + timedelta(hours=1), ctx.now - timedelta(minutes=1), n, settings.time_zone)
    return _chunks(maker, times, next_id, taken)


def _chunks(maker: _CallMaker, times: list[int], next_id: int, taken: set[int]) -> Iterator[CallChunk]:
    last_second, counter, n = None, 0, len(times)
    for first in range(0, n, CHUNK):
        calls, follow_ups, entries = [], [], []
        for t in times[first:first + CHUNK]:
            counter = counter + 1 if t == last_second else 0
            last_second = t
            key = call_search.sort_key_base(t) + counter
            while key in taken:
                key += 1
                counter += 1
            row = maker.call(next_id, key, datetime.fromtimestamp(t, timezone.utc), follow_ups)
            next_id += 1
            calls.append(row)
            entries.append((key, index_terms(call_search.searchable_texts(_Fields(row)))))
        # Since 0007 a call's 领导批示 is an instruction row of its own, given at the call's time.
        instructions = [instruction_row(maker.rng, maker.ctx.now, row) for row in calls if row["leader_instruction"]]
        yield CallChunk([{k: v for k, v in row.items() if k not in NOT_COLUMNS} for row in calls],
                        instructions, follow_ups, entries)


def make_calls(ctx: SynthContext, n: int) -> int:
    db = ctx.services.db
    made = 0
    with _bulk_connection(db) as conn:
        for chunk in call_chunks(ctx, n):
            conn.execute(insert(Call.__table__), chunk.calls)
            if chunk.instructions:
                conn.execute(insert(Instruction.__table__), chunk.instructions)
            if chunk.follow_ups:
                conn.execute(insert(CallFollowUp.__table__), chunk.follow_ups)
            _write_index(conn, db.kind, chunk.entries)
            conn.commit()
            made += len(chunk.calls)
        if db.kind == "postgresql":
            reset_sequences(conn)
            conn.commit()
    return made


def reset_sequences(conn) -> None:
    """Explicit ids do not move PostgreSQL's sequences: without this the program's next call would collide."""
    for name in ('"call"', "call_follow_up"):
        conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                             f"(SELECT coalesce(max(id), 0) + 1 FROM {name}), false)")
