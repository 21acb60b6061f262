"""Migration 0009 on a database that already has an audit chain: the old records keep their scheme-1
hashes (and every anchor printed from them), the chain verifies, and new records are scheme 2."""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa

from dutyroom.app import open_services
from dutyroom.domain.audit_chain import GENESIS, record_hash
from dutyroom.services.records import SYSTEM_ACTOR, UnitRecord
from dutyroom.store.engine import Database
from dutyroom.store.schema import alembic_config

AT = datetime(2026, 11, 20, 1, 30, tzinfo=timezone.utc)


def _old_chain(url, schema, records: int) -> None:
    from alembic import command

    db = Database(url, schema=schema)
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0007")
    meta = sa.MetaData()
    meta.reflect(db.engine, only=["audit_log"])
    prev, rows = GENESIS, []
    for seq in range(1, records + 1):
        fields = dict(seq=seq, at=AT, actor_name="王管理", action="create", entity_kind="unit",
                      entity_id=str(seq), before=None, after=f'{{"name":"单位{seq}"}}')
        digest = record_hash(prev_hash=prev, **fields)  # as the program before 0009 wrote it
        rows.append(dict(actor_id=1, prev_hash=prev, hash=digest, **fields))
        prev = digest
    with db.engine.begin() as conn:
        conn.execute(meta.tables["audit_log"].insert(), rows)
    db.dispose()


def test_an_old_chain_upgrades_verifies_and_continues_with_every_column_hashed(db_target, clock, tmp_path):
    url, schema = db_target
    _old_chain(url, schema, 25)
    services = open_services(url, clock=clock, schema=schema, backup_folder=tmp_path / "b")
    try:
        report = services.audit.verify(full=True)
        assert report.ok and report.head is not None and report.head.seq >= 25
        services.units.save(SYSTEM_ACTOR, UnitRecord(name="升级后的单位"))
        with services.db.engine.connect() as conn:
            versions = dict(conn.execute(sa.text("SELECT hash_version, count(*) FROM audit_log GROUP BY hash_version")).all())
        assert versions[1] == 25 and versions[2] >= 1
        assert services.audit.verify(full=True).ok
    finally:
        services.db.dispose()
