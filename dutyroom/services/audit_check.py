"""Verifying the audit log: the chain itself, its guards, and the anchors kept outside it.

The walk reads plain column tuples in key order (seq is unique and dense), never ORM objects: a
whole chain of two million records has to be checked in well under a minute. An incremental verify
starts after the last anchor a verify reached, once that record is found unchanged; `full` walks
everything. Whatever the walk finds, every anchor known is checked too, because a chain cut short
or rewritten and rehashed still links (store/audit_anchor.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from dutyroom.domain.audit_chain import GENESIS, Anchor, stamped_hash
from dutyroom.services.context import ServiceContext, origin_of
from dutyroom.store import audit_anchor
from dutyroom.store.models import AuditRecord, Handover

#: the triggers that keep the log append-only, per database (migrations 0001 and 0009)
GUARDS = {"sqlite": ("audit_log_no_delete", "audit_log_no_update"),
          "postgresql": ("audit_log_append_only", "audit_log_no_truncate")}
Progress = Callable[[int, int], None]

CHAIN_COLUMNS = (AuditRecord.seq, AuditRecord.at, AuditRecord.actor_id, AuditRecord.actor_name, AuditRecord.action,
            AuditRecord.entity_kind, AuditRecord.entity_id, AuditRecord.before, AuditRecord.after,
            AuditRecord.prev_hash, AuditRecord.hash, AuditRecord.hash_version, AuditRecord.os_user,
            AuditRecord.host)


_RAW_WALK = (f"SELECT id, {', '.join(c.key for c in CHAIN_COLUMNS)} FROM audit_log WHERE id > ? "
             "ORDER BY id LIMIT ?")


def _sqlite_stamp(stored) -> str:
    """SQLite keeps a UTC instant as 'YYYY-MM-DD HH:MM:SS[.ffffff]' (store/types.py): the ISO text
    of the aware instant, microseconds dropped, as record_hash writes it."""
    text = str(stored)
    return f"{text[:10]}T{text[11:19]}+00:00"


@dataclass(frozen=True)
class ChainReport:
    checked: int  # records whose hash this run recomputed
    broken_seq: int | None = None  # the first record missing or forged
    reason: str = ""
    start_seq: int = 1  # where the walk began (after the last verified anchor, unless full)
    head: Anchor | None = None  # the newest record in the table
    problems: tuple[str, ...] = ()  # every finding, the first one first
    notes: tuple[str, ...] = ()  # what was seen but proves nothing either way

    @property
    def ok(self) -> bool:
        return self.broken_seq is None and not self.problems


def missing_guards(session: Session) -> list[str]:
    kind = session.get_bind().dialect.name
    if kind == "sqlite":
        rows = session.execute(text("SELECT name, 'O' FROM sqlite_master WHERE type = 'trigger' "
                                    "AND tbl_name = 'audit_log'"))
    else:
        rows = session.execute(text("SELECT tgname, tgenabled FROM pg_trigger "
                                    "WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal"))
    enabled = {name for name, state in rows if state != "D"}
    return [name for name in GUARDS.get(kind, ()) if name not in enabled]


class _Walk:
    """The chain from one point on: dense numbering, links, scheme order and every hash."""

    def __init__(self, start: int, prev_hash: str, prev_version: int, stamp=lambda at: at.replace(microsecond=0).isoformat()):
        self.stamp = stamp
        self.expected, self.prev_hash, self.version = start, prev_hash, prev_version
        self.checked, self.broken, self.reason = 0, None, ""
        self.last_row = None

    def feed(self, rows: Iterable) -> bool:
        for row in rows:
            (seq, at, actor_id, actor_name, action, kind, entity_id, before, after, prev_hash, digest,
             version, os_user, host) = row
            if seq != self.expected:
                return self._break(self.expected, f"缺少第 {self.expected} 条记录（可能被删除）")
            if prev_hash != self.prev_hash:
                return self._break(seq, f"第 {seq} 条记录与前一条的链接不符")
            if version < self.version or version not in (1, 2):
                return self._break(seq, f"第 {seq} 条记录的哈希方案（{version}）不应出现在这里（伪造的记录）")
            computed = stamped_hash(stamp=self.stamp(at), prev_hash=prev_hash, seq=seq, actor_name=actor_name,
                                    action=action, entity_kind=kind, entity_id=entity_id, before=before,
                                    after=after, version=version, actor_id=actor_id, os_user=os_user, host=host)
            if computed != digest:
                return self._break(seq, f"第 {seq} 条记录的内容被改动过")
            self.expected, self.prev_hash, self.version = seq + 1, digest, version
            self.checked += 1
            self.last_row = row
        return True

    def _break(self, seq: int, reason: str) -> bool:
        self.broken, self.reason = seq, reason
        return False


def settle_restore(ctx: ServiceContext) -> None:
    """A restore killed between its swap and its anchor reset: if the chain holds the head it announced,
    the reset is done now (before any save or verify compares the chain with the replaced file's anchors)."""
    book = ctx.anchors
    target = book.restoring() if book is not None else None
    if book is None or target is None:
        return
    with ctx.db.session() as s:
        holds = _hashes_at(s, [target.seq]).get(target.seq) == target.hash
    if holds:
        with suppress(OSError):
            book.reset(target)


def verify_chain(ctx: ServiceContext, *, expect: Anchor | None = None, full: bool = False,
                 progress: Progress | None = None, batch: int = 20000,
                 backup_folder: Path | None = None) -> ChainReport:
    settle_restore(ctx)
    book = ctx.anchors
    with ctx.db.session() as s:
        guards = missing_guards(s)
        # Without its guards the log may have been edited anywhere: walk all of it, whatever was asked.
        full = full or bool(guards)
        head_row = s.execute(select(AuditRecord.seq, AuditRecord.hash)
                             .order_by(AuditRecord.seq.desc()).limit(1)).first()
        head = Anchor(head_row[0], head_row[1]) if head_row else None
        walk, notes = _start(s, book, full)
        last = walk.expected - 1
        total = head.seq if head else 0
        raw = s.get_bind().dialect.name == "sqlite"
        if raw:
            walk.stamp = _sqlite_stamp
            last_id = s.execute(select(func.coalesce(func.max(AuditRecord.id), 0))
                                .where(AuditRecord.seq <= last)).scalar_one()
        while walk.broken is None:
            if raw:
                # SQLite: the driver's own tuples in table order (a sequential read, no index lookup
                # per row, no type processing), which is seq order as long as records were only
                # appended. The first record out of that order switches to the seq-ordered read
                # below, which then tells a gap from a merely shuffled table.
                rows = s.connection().exec_driver_sql(_RAW_WALK, (last_id, batch)).fetchall()
                fed = bool(rows) and walk.feed(row[1:] for row in rows)
                if rows and not fed and walk.reason.startswith("缺少"):
                    walk.broken, walk.reason, raw = None, "", False
                    walk.stamp = _Walk(0, "", 0).stamp
                    last = walk.expected - 1
                    continue
                if not fed:
                    break
                last_id, last = rows[-1][0], rows[-1][1]
            else:
                rows = s.execute(select(*CHAIN_COLUMNS).where(AuditRecord.seq > last)
                                 .order_by(AuditRecord.seq).limit(batch)).all()
                if not rows or not walk.feed(rows):
                    break
                last = rows[-1][0]
            if progress:
                progress(last, total)
            time.sleep(0)  # let a GUI thread in between batches
        problems = [walk.reason] if walk.broken is not None else []
        broken = walk.broken
        for finding, seq in _check_anchors(s, ctx, head, expect, backup_folder):
            problems.append(finding)
            broken = seq if broken is None else min(broken, seq)
        beyond_problem, beyond_notes = _beyond_local_head(s, ctx, head)
        if beyond_problem:
            problems.append(beyond_problem[0])
            broken = beyond_problem[1] if broken is None else min(broken, beyond_problem[1])
        notes += beyond_notes
    if guards:
        problems.append(f"审计表的保护触发器已被删除或停用：{'、'.join(guards)}（记录可能被改动过）")
    report = ChainReport(walk.checked, broken, problems[0] if problems else "", start_seq=walk.expected - walk.checked,
                         head=head, problems=tuple(problems), notes=tuple(notes))
    if report.ok and book is not None and head is not None:
        book.advance(head)
        book.mark_verified(head)
    return report


def _start(s: Session, book, full: bool) -> tuple[_Walk, list[str]]:
    verified = None if full or book is None else book.verified()
    if verified is None:
        return _Walk(1, GENESIS, 1), []
    row = s.execute(select(AuditRecord.hash, AuditRecord.hash_version)
                    .where(AuditRecord.seq == verified.seq)).first()
    if row is None or row[0] != verified.hash:
        # The record where the last verify ended is gone or changed: check everything (the anchor
        # check below says which record).
        return _Walk(1, GENESIS, 1), ["上次校验到的记录已不是原样，改为从头校验全部记录"]
    return _Walk(verified.seq + 1, verified.hash, row[1]), [f"第 1—{verified.seq} 条上次已校验完好，本次从第 {verified.seq + 1} 条起校验（加 --full 校验全部）"]


def _known_anchors(s: Session, ctx: ServiceContext, expect: Anchor | None,
                   backup_folder: Path | None) -> list[tuple[str, Anchor]]:
    found: list[tuple[str, Anchor]] = []
    if ctx.anchors is not None:
        found += [("本机锚点", a) for a in ctx.anchors.known()]
        if backup_folder is not None:
            found += [(f"备份 {name} 旁的锚点", a)
                      for name, a in audit_anchor.backup_anchors(backup_folder, ctx.anchors.key)]
    # Printed on every sealed handover record: an attacker who rewrote the chain had to find them all.
    found += [(f"交接班记录（编号 {hid}）上印的锚点", Anchor(seq, digest))
              for hid, seq, digest in s.execute(select(Handover.id, Handover.anchor_seq, Handover.anchor_hash)
                                                .where(Handover.anchor_seq > 0))]
    if expect is not None:
        found.append(("命令行给出的锚点（--expect）", expect))
    return sorted(found, key=lambda pair: pair[1].seq)


def _check_anchors(s: Session, ctx: ServiceContext, head: Anchor | None, expect: Anchor | None,
                   backup_folder: Path | None) -> list[tuple[str, int]]:
    """(finding, first record missing or possibly forged) for the first anchor that does not hold."""
    anchors = _known_anchors(s, ctx, expect, backup_folder)
    stored = _hashes_at(s, sorted({a.seq for _, a in anchors if head and a.seq <= head.seq}))
    good = 0  # the last anchored record found as anchored
    for source, anchor in anchors:
        have = head.seq if head else 0
        if anchor.seq > have:
            source, anchor = max(((src, a) for src, a in anchors if a.seq > have), key=lambda pair: pair[1].seq)
            return [(f"第 {have + 1} 条起的记录缺失：{source}表明审计日志至少有 {anchor.seq} 条，"
                     f"现在只有 {have} 条（末尾的记录被删除或清空）", have + 1)]
        if stored.get(anchor.seq) != anchor.hash:
            where = f"第 {good + 1}—{anchor.seq} 条之间" if good + 1 < anchor.seq else f"第 {anchor.seq} 条"
            return [(f"第 {anchor.seq} 条记录与{source}不符：{where}的记录被改动后重算了哈希，"
                     "或被换成了伪造的记录", good + 1)]
        good = anchor.seq
    return []


def _hashes_at(s: Session, seqs: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for i in range(0, len(seqs), 500):
        chunk = seqs[i:i + 500]
        found.update({seq: digest for seq, digest in
                      s.execute(select(AuditRecord.seq, AuditRecord.hash).where(AuditRecord.seq.in_(chunk)))})
    return found


def _announced(s: Session, pending: list[Anchor], local: Anchor, head: Anchor) -> Anchor:
    """The furthest head this workstation wrote down before its commit that the chain holds as written:
    the program was stopped between that commit and its anchor, and the chain links vouch for the rest."""
    for anchor in sorted(pending, key=lambda a: a.seq, reverse=True):
        if local.seq < anchor.seq <= head.seq and _hashes_at(s, [anchor.seq]).get(anchor.seq) == anchor.hash:
            return anchor
    return local


def _beyond_local_head(s: Session, ctx: ServiceContext, head: Anchor | None):
    """Records after this workstation's newest anchor: ones claiming to come from here are forged.

    This program anchors every record it appends, right after the commit, so a record that says it
    was written by this OS user on this computer but lies past the anchor was not written by it.
    Records from other computers (a shared PostgreSQL server) are named; their own anchors vouch for them.
    """
    book = ctx.anchors
    local = book.head() if book is not None else None
    if book is not None and local is not None and head is not None:
        local = _announced(s, book.pending(), local, head)
    if local is None or head is None or head.seq <= local.seq:
        return None, []
    rows = s.execute(select(AuditRecord.seq, AuditRecord.os_user, AuditRecord.host)
                     .where(AuditRecord.seq > local.seq).order_by(AuditRecord.seq)).all()
    single_computer = ctx.db.kind == "sqlite"
    here = origin_of(ctx)
    computer = here[1].split("#")[0]
    for seq, os_user, host in rows:
        ours = (os_user, host) == here
        if ours or not host or (single_computer and host.split("#")[0] != computer):
            claim = "本工作站" if ours else (f"计算机 {host}" if host else "无写入者信息")
            return (f"第 {seq} 条记录不在本机锚点（第 {local.seq} 条）之内，却自称由{claim}写入："
                    "不是本程序记下的（伪造的追加记录）", seq), []
    others = sorted({f"{u}@{h}" for _, u, h in rows})
    return None, [f"第 {local.seq + 1}—{head.seq} 条由其他用户或计算机写入（{'、'.join(others)}），"
                  "本机锚点无法佐证，请在那里校验"]
