"""Synthetic large databases for benchmarks: `python -m bench.synth --db PATH --units N --people N --audit N`.

Rows go in by bulk inserts straight into the tables, bypassing the services (which do one audited
transaction per edit and would take hours for a million rows); the result is still a database the
program opens normally, and its audit chain verifies.

Each kind of row is one registered generator, run in registration order so later ones can refer
to earlier ones' ids: units, people, audit, calls (1M, bench/synth_calls.py), roster (days of it,
bench/synth_roster.py), incidents (20k with their reports and clocks, bench/synth_incidents.py);
`--NAME N` appears on the command line by itself. `--days N` shortens the history (default 5 years)
at the same "now", so a small database has the same recent month as a large one.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import insert, select

from dutyroom.domain.audit_chain import CURRENT_VERSION, GENESIS, Anchor, canonical_json, record_hash
from dutyroom.domain.clock import FakeClock
from dutyroom.domain.vocabulary import PositionKind, UnitKind
from dutyroom.store.models import AuditRecord, Person, Unit

# A fixed "now" keeps generated databases comparable from one run to the next.
SYNTH_NOW = datetime(2026, 11, 21, 1, 0, tzinfo=timezone.utc)
HISTORY = timedelta(days=5 * 365)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文斌宇浩凯鹏辉玲雪梅林海波宁欣然晨阳子涵雨萱思远博文俊杰天佑立新振华卫东春生秋菊冬梅"
PLACES = ["城关", "城东", "城西", "城南", "城北", "高新", "经开", "滨江", "湖滨", "山前", "河口", "新城", "老城",
          "东湖", "西山", "南岗", "北塘", "青山", "白沙", "红旗", "长安", "永安", "太平", "和平", "兴隆", "金桥",
          "石门", "桃源", "柳林", "梅园", "松林", "竹溪", "杏花", "枫桥", "清水", "黄石", "双河", "三江"]
AGENCIES = ["区应急管理局", "区公安分局", "区卫生健康局", "区消防救援大队", "区水利局", "区交通运输局", "区住建局",
            "区市场监管局", "区生态环境分局", "区教育局", "区民政局", "区人民政府办公室", "街道办事处", "镇人民政府",
            "区自然资源分局", "区城管局", "区气象局", "区供电公司", "区自来水公司", "区燃气公司"]
TITLES = ["主任", "副主任", "科长", "副科长", "科员", "值班员", "局长", "副局长", "办事员", "调度员"]
AUDIT_ACTIONS = ["update"] * 6 + ["create"] * 2 + ["login", "delete"]


def bulk_insert(engine, model, rows: Iterator[dict], *, batch: int = 10_000) -> int:
    """Insert in batches, one transaction per batch; returns how many rows went in."""
    count, chunk = 0, []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            count += _flush(engine, model.__table__, chunk)
            chunk = []
    if chunk:
        count += _flush(engine, model.__table__, chunk)
    return count


def _flush(engine, table, chunk: list[dict]) -> int:
    with engine.begin() as conn:
        conn.execute(insert(table), chunk)
    return len(chunk)


@dataclass
class SynthContext:
    services: object  # dutyroom.services.Services
    rng: random.Random
    now: datetime = SYNTH_NOW
    history: timedelta = HISTORY  # how far back the generated rows reach
    batch: int = 10_000
    ids: dict[str, list[int]] = field(default_factory=dict)  # ids each generator made, for later ones

    @property
    def start(self) -> datetime:
        return self.now - self.history

    def insert_rows(self, model, rows: Iterator[dict]) -> int:
        return bulk_insert(self.services.db.engine, model, rows, batch=self.batch)

    def existing_ids(self, model) -> list[int]:
        with self.services.db.session() as s:
            return list(s.scalars(select(model.id).order_by(model.id)))

    def person_name(self) -> str:
        given = self.rng.choice(GIVEN) + (self.rng.choice(GIVEN) if self.rng.random() < 0.7 else "")
        return self.rng.choice(SURNAMES) + given

    def phone(self) -> str:
        return f"0{self.rng.randint(10, 999)}-{self.rng.randint(2000000, 89999999)}"

    def mobile(self) -> str:
        return f"1{self.rng.choice('3578')}{self.rng.randint(0, 999999999):09d}"


@dataclass(frozen=True)
class Generator:
    name: str
    help: str
    default: int
    make: Callable[[SynthContext, int], int]


GENERATORS: dict[str, Generator] = {}


def generator(name: str, *, help: str, default: int = 0):
    def register(fn: Callable[[SynthContext, int], int]):
        GENERATORS[name] = Generator(name, help, default, fn)
        return fn

    return register


@generator("units", help="单位 rows", default=200)
def make_units(ctx: SynthContext, n: int) -> int:
    taken = len(ctx.existing_ids(Unit))

    def rows():
        for i in range(taken, taken + n):
            base = f"{PLACES[i % len(PLACES)]}{AGENCIES[(i // len(PLACES)) % len(AGENCIES)]}"
            lap = i // (len(PLACES) * len(AGENCIES))
            yield dict(name=base if lap == 0 else f"{base}第{lap + 1}分部", kind=UnitKind.SUBORDINATE.value,
                       duty_phone=ctx.phone(), fax=ctx.phone(), address=f"{base}值班室", sort_order=i,
                       active=True, version=1)

    made = ctx.insert_rows(Unit, rows())
    ctx.ids["units"] = ctx.existing_ids(Unit)
    return made


@generator("people", help="人员 rows (spread over the units)", default=2000)
def make_people(ctx: SynthContext, n: int) -> int:
    units = ctx.ids.get("units") or ctx.existing_ids(Unit)
    kinds = [PositionKind.OFFICER.value] * 6 + [PositionKind.LEADER.value] * 2 + [PositionKind.STANDBY.value] * 2

    def rows():
        for _ in range(n):
            yield dict(name=ctx.person_name(), unit_id=ctx.rng.choice(units) if units else None,
                       title=ctx.rng.choice(TITLES), position_kind=ctx.rng.choice(kinds),
                       office_phone=ctx.phone(), mobile=ctx.mobile(), active=ctx.rng.random() > 0.05, version=1)

    made = ctx.insert_rows(Person, rows())
    ctx.ids["people"] = ctx.existing_ids(Person)
    return made


@generator("audit", help="audit log records (a valid hash chain continuing the existing one)", default=100_000)
def make_audit(ctx: SynthContext, n: int) -> int:
    with ctx.services.db.session() as s:
        last = s.execute(select(AuditRecord.seq, AuditRecord.hash, AuditRecord.at)
                         .order_by(AuditRecord.seq.desc()).limit(1)).first()
    seq, prev_hash, at = (last[0], last[1], last[2]) if last else (0, GENESIS, ctx.start)
    # Spread the records evenly up to "now", each at least a second after the one before.
    step = max(timedelta(seconds=1), (ctx.now - at) / max(n, 1))
    step = timedelta(seconds=int(step.total_seconds()))
    people = ctx.ids.get("people") or ctx.existing_ids(Person) or [0]

    def rows():
        nonlocal seq, prev_hash, at
        for _ in range(n):
            seq += 1
            at = at + step
            action = ctx.rng.choice(AUDIT_ACTIONS)
            entity_id = str(ctx.rng.choice(people))
            before = None if action in ("create", "login") else canonical_json({"mobile": ctx.mobile()})
            after = None if action == "delete" else canonical_json({"mobile": ctx.mobile(), "title": "值班员"})
            actor_id, actor_name = ctx.rng.choice(((1, "王管理"), (2, "李带班"), (3, "赵值班"), (None, "系统")))
            fields = dict(seq=seq, at=at, actor_name=actor_name, action=action, entity_kind="person",
                          entity_id=entity_id, before=before, after=after, actor_id=actor_id,
                          os_user="duty", host="WS-01")
            prev_hash_here = prev_hash
            # The scheme the program writes now (every column hashed), so verify is timed on it.
            prev_hash = record_hash(prev_hash=prev_hash_here, version=CURRENT_VERSION, **fields)
            yield dict(prev_hash=prev_hash_here, hash=prev_hash, hash_version=CURRENT_VERSION, **fields)

    made = ctx.insert_rows(AuditRecord, rows())
    if ctx.services.ctx.anchors is not None:  # anchored as the program anchors what it appends
        ctx.services.ctx.anchors.advance(Anchor(seq, prev_hash))
    return made


@generator("calls", help="来电登记 calls over the five years, with their search index", default=1_000_000)
def make_calls(ctx: SynthContext, n: int) -> int:
    from bench.synth_calls import make_calls as make  # its templates import this module's word lists

    return make(ctx, n)


@generator("roster", help="days of 值班表 up to now (and a month ahead), generated by the roster service",
           default=5 * 365)
def make_roster(ctx: SynthContext, n: int) -> int:
    from bench.synth_roster import make_roster as make  # it imports this module's SynthContext

    return make(ctx, n)


@generator("incidents", help="突发事件 with their reports and clocks, written by the incident service",
           default=20_000)
def make_incidents(ctx: SynthContext, n: int) -> int:
    from bench.synth_incidents import make_incidents as make  # it imports this module's word lists

    return make(ctx, n)


def open_target(url: str | Path, history: timedelta = HISTORY):
    """Open (and migrate) the database to fill, as the program would.

    The clock stands at the start of the synthetic history, so the records a fresh database gets
    on opening (settings, holiday calendar) come first and the generated years follow them.
    """
    from dutyroom.app import open_services

    scratch = Path(tempfile.mkdtemp(prefix="dutyroom-synth-backups-"))
    return open_services(url, clock=FakeClock(SYNTH_NOW - history), backup_folder=scratch)


def generate(services, counts: dict[str, int], *, seed: int = 2026, report=None,
             history: timedelta = HISTORY) -> dict[str, tuple[int, float]]:
    """Run the registered generators with the given counts; returns {name: (rows, seconds)}."""
    ctx = SynthContext(services=services, rng=random.Random(seed), history=history)
    results = {}
    for name, gen in GENERATORS.items():
        n = counts.get(name, 0)
        if n <= 0:
            continue
        start = time.perf_counter()
        made = gen.make(ctx, n)
        elapsed = time.perf_counter() - start
        results[name] = (made, elapsed)
        if report:
            report(f"{name}: {made:,} rows in {elapsed:.2f} s ({made / elapsed if elapsed else 0:,.0f} rows/s)")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="SQLite file path or postgresql:// URL to fill")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same data)")
    parser.add_argument("--days", type=int, default=HISTORY.days, help="days of history up to the fixed now")
    for gen in GENERATORS.values():
        parser.add_argument(f"--{gen.name}", type=int, default=gen.default, metavar="N",
                            help=f"{gen.help} (default {gen.default:,})")
    args = parser.parse_args(argv)
    history = timedelta(days=args.days)
    services = open_target(args.db, history)
    try:
        print(f"filling {services.db.describe()}")
        generate(services, {name: getattr(args, name) for name in GENERATORS}, seed=args.seed, report=print,
                 history=history)
    finally:
        services.db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
