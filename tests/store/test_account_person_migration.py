"""Migration 0017 on a database whose accounts were never linked to people: an account whose display name is
the name of exactly one person is linked to that person; an ambiguous name, or a link already made, is kept."""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from dutyroom.app import open_services
from dutyroom.store.engine import Database
from dutyroom.store.schema import alembic_config

BEFORE = "0012"


def _old_database(url, schema):
    from alembic import command

    db = Database(url, schema=schema)
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, BEFORE)
    meta = sa.MetaData()
    meta.reflect(db.engine, only=["person", "user_account"])
    person, account = meta.tables["person"], meta.tables["user_account"]
    with Session(db.engine) as s:
        s.execute(person.insert(), [dict(id=n, name=name, title="", position_kind="officer", office_phone="",
                                         mobile="", active=True, version=1)
                                    for n, name in ((1, "孙明"), (2, "王芳"), (3, "王芳"), (4, "周晓梅"))])
        s.execute(account.insert(), [dict(id=n, username=user, display_name=shown, person_id=linked, role="officer",
                                          password_hash="x", failed_attempts=0, active=True, version=1)
                                     for n, user, shown, linked in ((1, "sunming", "孙明", None), (2, "wangfang", "王芳", None),
                                                                    (3, "zhou", "孙明", 4), (4, "admin", "管理员", None))])
        s.commit()
    db.dispose()


def test_accounts_are_linked_to_the_one_person_of_their_name(db_target, clock, tmp_path):
    url, schema = db_target
    _old_database(url, schema)
    services = open_services(url, schema=schema, clock=clock, backup_folder=tmp_path / "backups")
    try:
        linked = {u.username: u.person_id for u in services.users.list()}
    finally:
        services.db.dispose()
    assert linked == {"sunming": 1, "wangfang": None, "zhou": 4, "admin": None}
