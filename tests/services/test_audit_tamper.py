"""Every way of forging the audit log that issue 12 found undetected, on both databases.

Each test writes a few real records through the services with this workstation's anchors kept in a
folder of the test, tampers with the table the way an attacker with the database alone would (the
guards dropped or disabled first, as they would have to be), and expects verify to name the record.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from dutyroom.domain.audit_chain import Anchor, parse_anchor, record_hash
from dutyroom.services.audit_check import CHAIN_COLUMNS
from dutyroom.services.context import origin_of
from dutyroom.services.records import UnitRecord
from dutyroom.store.audit_anchor import AnchorBook
from dutyroom.store.models import AuditRecord

COLUMNS = ("seq, at, actor_id, actor_name, action, entity_kind, entity_id, before, after, prev_hash, hash, "
           "hash_version, os_user, host")


@pytest.fixture
def chain(services, actors, tmp_path):
    """Services that anchor their chain in the test's folder, with 60 unit records written."""
    services.ctx.anchors = AnchorBook(tmp_path / "anchors.json", "the test database")
    admin = actors[0]
    for i in range(60):
        services.units.save(admin, UnitRecord(name=f"第{i}单位"))
    head = services.audit.head()
    assert head is not None and services.audit.verify(full=True).ok
    return services, head


def _unguard(services, conn) -> None:
    if services.db.kind == "sqlite":
        conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
        conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete"))
    else:
        conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))


def _tamper(services, *statements, params=None) -> None:
    with services.db.engine.begin() as conn:
        _unguard(services, conn)
        for sql in statements:
            conn.execute(text(sql), params or {})


def _rows(services, since: int) -> list:
    """Typed (the time as a datetime on both databases), in the order of COLUMNS."""
    with services.db.engine.connect() as conn:
        return list(conn.execute(select(*CHAIN_COLUMNS).where(AuditRecord.seq >= since).order_by(AuditRecord.seq)))


def _hash(row, prev_hash, **changes) -> str:
    values = dict(zip(COLUMNS.split(", "), row, strict=True)) | changes
    return record_hash(prev_hash=prev_hash, seq=values["seq"], at=values["at"], actor_name=values["actor_name"],
                       action=values["action"], entity_kind=values["entity_kind"], entity_id=values["entity_id"],
                       before=values["before"], after=values["after"], version=values["hash_version"],
                       actor_id=values["actor_id"], os_user=values["os_user"], host=values["host"])


@pytest.mark.parametrize("deleted", [1, 50])
def test_deleting_the_last_records_is_named(chain, deleted):
    services, head = chain
    _tamper(services, f"DELETE FROM audit_log WHERE seq > {head.seq - deleted}")
    report = services.audit.verify()
    assert not report.ok and report.broken_seq == head.seq - deleted + 1
    assert f"第 {head.seq - deleted + 1} 条起的记录缺失" in report.reason and f"至少有 {head.seq} 条" in report.reason


def test_deleting_every_record_is_named(chain):
    services, head = chain
    _tamper(services, "DELETE FROM audit_log")
    report = services.audit.verify(full=True)
    assert not report.ok and report.broken_seq == 1 and "第 1 条起的记录缺失" in report.reason


def test_truncate_is_refused_on_postgresql_and_detected_when_forced(chain):
    services, head = chain
    if services.db.kind != "postgresql":
        pytest.skip("TRUNCATE exists only on PostgreSQL")
    with pytest.raises(DBAPIError, match="append-only"), services.db.engine.begin() as conn:
        conn.execute(text("TRUNCATE audit_log"))
    _tamper(services, "TRUNCATE audit_log")
    report = services.audit.verify()
    assert report.broken_seq == 1 and "缺失" in report.reason
    assert any("触发器" in p and "audit_log_no_truncate" in p for p in report.problems)


def test_an_edit_with_the_rest_rehashed_is_placed_by_the_anchors(chain):
    services, head = chain
    target = head.seq - 10
    rows = _rows(services, target)
    prev, updates = rows[0][9], []
    for i, row in enumerate(rows):
        after = row[8].replace("第", "假") if i == 0 else row[8]
        digest = _hash(row, prev, after=after)
        updates.append({"seq": row[0], "after": after, "prev": prev, "hash": digest})
        prev = digest
    with services.db.engine.begin() as conn:
        _unguard(services, conn)
        for u in updates:
            conn.execute(text("UPDATE audit_log SET after = :after, prev_hash = :prev, hash = :hash WHERE seq = :seq"), u)
    report = services.audit.verify(full=True)
    assert not report.ok
    assert report.broken_seq is not None and report.broken_seq <= target  # the edit lies at or after the named one
    assert "重算了哈希" in report.reason


def test_an_appended_forged_record_claiming_this_computer_is_refused(chain):
    services, head = chain
    row = _rows(services, head.seq)[0]
    user, host = origin_of(services.ctx)
    forged = {"seq": head.seq + 1, "prev": head.hash, "after": '{"name":"伪造"}', "user": user, "host": host}
    digest = _hash(row, head.hash, seq=head.seq + 1, after=forged["after"], os_user=user, host=host)
    with services.db.engine.begin() as conn:  # INSERT is allowed: no guard needs to go
        conn.execute(text("INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity_kind, entity_id, "
                          "after, prev_hash, hash, hash_version, os_user, host) SELECT :seq, at, actor_id, actor_name, "
                          "action, entity_kind, entity_id, :after, :prev, :hash, 2, :user, :host FROM audit_log "
                          "WHERE seq = :last"), {**forged, "hash": digest, "last": head.seq})
    report = services.audit.verify()
    assert not report.ok and report.broken_seq == head.seq + 1
    assert "伪造的追加记录" in report.reason


def test_a_changed_actor_id_is_named(chain):
    services, head = chain
    target = head.seq - 5
    _tamper(services, f"UPDATE audit_log SET actor_id = 999 WHERE seq = {target}")
    report = services.audit.verify(full=True)
    assert report.broken_seq == target and "被改动过" in report.reason


def test_dropped_guards_are_reported_and_force_a_full_walk(chain):
    services, head = chain
    assert services.audit.verify().ok  # the next verify would start after the head
    _tamper(services, "UPDATE audit_log SET actor_name = '别人' WHERE seq = 3")
    report = services.audit.verify()
    assert report.broken_seq == 3 and report.start_seq == 1
    assert any("保护触发器" in p for p in report.problems)


def test_expect_anchor_ahead_of_the_chain_or_different_is_named(chain):
    services, head = chain
    ahead = services.audit.verify(expect=Anchor(head.seq + 7, "a" * 64))
    assert ahead.broken_seq == head.seq + 1 and "--expect" in ahead.reason
    wrong = services.audit.verify(expect=parse_anchor(f"{head.seq - 3}:{'b' * 64}"))
    assert not wrong.ok and f"第 {head.seq - 3} 条记录与命令行给出的锚点" in wrong.reason
    assert services.audit.verify(expect=head).ok


def test_incremental_verify_starts_after_the_last_verified_record(chain, actors):
    services, head = chain
    services.units.save(actors[0], UnitRecord(name="新单位"))
    report = services.audit.verify()
    assert report.ok and report.start_seq == head.seq + 1 and report.checked == 1
    seen = []
    full = services.audit.verify(full=True, progress=lambda done, total: seen.append((done, total)))
    assert full.ok and full.start_seq == 1 and full.checked == head.seq + 1
    assert seen[-1] == (head.seq + 1, head.seq + 1)


def test_a_chain_written_before_version_2_still_verifies_but_cannot_go_back(services, actors, tmp_path):
    services.ctx.anchors = AnchorBook(tmp_path / "anchors.json", "the test database")
    admin = actors[0]
    services.units.save(admin, UnitRecord(name="甲单位"))
    rows = _rows(services, 1)
    prev, updates = rows[0][9], []
    for row in rows:  # rewrite the whole chain as the program before schema 0009 wrote it
        digest = _hash(row, prev, hash_version=1)
        updates.append({"seq": row[0], "prev": prev, "hash": digest})
        prev = digest
    with services.db.engine.begin() as conn:
        _unguard(services, conn)
        for u in updates:
            conn.execute(text("UPDATE audit_log SET hash_version = 1, os_user = '', host = '', prev_hash = :prev, "
                              "hash = :hash WHERE seq = :seq"), u)
    services.ctx.anchors.reset(None)
    services.units.save(admin, UnitRecord(name="乙单位"))  # version 2 follows
    report = services.audit.verify(full=True)
    assert [p for p in report.problems if "触发器" not in p] == [] and report.broken_seq is None
    head = services.audit.head()
    assert head is not None
    _tamper(services, f"UPDATE audit_log SET hash_version = 1 WHERE seq = {head.seq}")
    back = services.audit.verify(full=True)
    assert back.broken_seq == head.seq


def test_dropped_triggers_on_postgresql_are_named(chain):
    """DROP as well as DISABLE: either way verify names each missing guard and walks the whole chain."""
    services, head = chain
    if services.db.kind != "postgresql":
        pytest.skip("SQLite's guards are dropped in every tamper test above")
    _tamper(services, "DROP TRIGGER audit_log_append_only ON audit_log",
            "DROP TRIGGER audit_log_no_truncate ON audit_log",
            f"UPDATE audit_log SET actor_name = '别人' WHERE seq = {head.seq - 2}")
    report = services.audit.verify()
    assert report.broken_seq == head.seq - 2 and report.start_seq == 1
    named = " ".join(report.problems)
    assert "audit_log_append_only" in named and "audit_log_no_truncate" in named


def test_a_cut_chain_is_named_by_the_anchor_beside_a_backup_on_another_workstation(chain, tmp_path):
    """A workstation whose own anchor file never saw the chain still knows its head from a backup."""
    services, head = chain
    if services.db.kind != "sqlite":
        pytest.skip("backups beside which an anchor is written are SQLite's (PostgreSQL: pg_dump)")
    from dutyroom.store.audit_anchor import database_key
    from dutyroom.store.backup import backup_sqlite

    folder = tmp_path / "backups-seen"
    backup_sqlite(services.db, folder, when=services.clock.now(), label="manual")
    services.ctx.anchors = AnchorBook(tmp_path / "elsewhere.json", database_key(services.db))
    _tamper(services, f"DELETE FROM audit_log WHERE seq > {head.seq - 5}")
    assert services.audit.verify(full=True, backup_folder=folder).broken_seq == head.seq - 4


def test_a_save_whose_anchor_was_never_written_is_no_forgery_but_a_record_past_it_is(chain, actors, monkeypatch):
    """kill -9 between a commit and its anchor (tests/reliability found it): the head written down just
    before the commit vouches for that save; a record appended after it still claims this computer falsely."""
    services, head = chain
    monkeypatch.setattr(services.ctx.anchors, "advance", lambda _anchor: None)  # the process died here
    services.units.save(actors[0], UnitRecord(name="崩溃前保存的单位"))
    assert services.audit.verify().ok
    saved = _rows(services, head.seq + 1)[0]
    user, host = origin_of(services.ctx)
    digest = _hash(saved, saved[10], seq=head.seq + 2, os_user=user, host=host)
    with services.db.engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity_kind, entity_id, "
                          "after, prev_hash, hash, hash_version, os_user, host) SELECT :seq, at, actor_id, actor_name, "
                          "action, entity_kind, entity_id, after, :prev, :hash, 2, :user, :host FROM audit_log "
                          "WHERE seq = :last"), {"seq": head.seq + 2, "prev": saved[10], "hash": digest,
                                                 "user": user, "host": host, "last": head.seq + 1})
    report = services.audit.verify(full=True)
    assert report.broken_seq == head.seq + 2 and "伪造的追加记录" in report.reason


def test_a_restore_killed_after_its_swap_is_no_forgery(chain, actors, tmp_path, clock):
    """kill -9 between a restore's swap and its anchor reset (tests/reliability found it): the head the
    restore announced before the swap is taken as the reset, at the next start or verify."""
    services, head = chain
    if services.db.kind != "sqlite":
        pytest.skip("restore replaces a SQLite file (PostgreSQL: pg_restore)")
    from dutyroom.services import Services
    from dutyroom.services.audit_check import settle_restore
    from dutyroom.services.context import ServiceContext
    from dutyroom.services.events import EntityKind
    from dutyroom.services.records import SYSTEM_ACTOR
    from dutyroom.store.backup import backup_sqlite, chain_head
    from dutyroom.store.restore import restore_sqlite

    backup = backup_sqlite(services.db, tmp_path / "made", when=clock.now(), out=tmp_path / "made" / "b.sqlite3")
    for i in range(3):  # the chain and the anchors move past the backup
        services.units.save(actors[0], UnitRecord(name=f"备份后{i}"))
    book = services.ctx.anchors

    def audited(copy, _replaced) -> None:
        Services(ServiceContext(db=copy, clock=clock)).audit.record(SYSTEM_ACTOR, "restore", EntityKind.DATABASE)
        book.intend_reset(chain_head(copy.sqlite_path))

    restore_sqlite(services.db, backup, safety_folder=tmp_path / "safe", when=clock.now(), before_swap=audited)
    assert book.head().seq == head.seq + 3  # killed here: the anchors still describe the replaced file
    settle_restore(services.ctx)
    assert services.audit.verify(full=True).ok and book.head() == chain_head(services.db.sqlite_path)
