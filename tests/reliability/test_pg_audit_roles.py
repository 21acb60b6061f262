"""The PostgreSQL role setup of README "PostgreSQL：审计表权限", on the real server: the program works
as the login role, and that role cannot UPDATE, DELETE or TRUNCATE the audit log or drop its triggers."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

import dutyroom
from dutyroom.app import open_services
from dutyroom.services.calls.records import CallFilter
from dutyroom.services.records import UnitRecord
from dutyroom.store import call_counts
from tests.conftest import PASSWORD, make_accounts
from tests.services.calls.helpers import call

SETUP = Path(dutyroom.__file__).resolve().parent.parent / "docs" / "postgresql-audit-roles.sql"
ATTACKS = ["UPDATE audit_log SET actor_name = 'x' WHERE seq = 1", "DELETE FROM audit_log", "TRUNCATE audit_log",
           "DROP TRIGGER audit_log_append_only ON audit_log", "DROP TRIGGER audit_log_no_truncate ON audit_log",
           "ALTER TABLE audit_log DISABLE TRIGGER USER", "DROP TABLE audit_log",
           "CREATE TABLE audit_log_copy (seq integer)"]


@pytest.fixture
def app_role_url(pg_services):
    """The program's database with the documented roles set up; the URL of the login role."""
    owner_url = pg_services.db.url.render_as_string(hide_password=False)
    role = f"dr_app_{uuid.uuid4().hex[:10]}"
    owner = create_engine(owner_url, isolation_level="AUTOCOMMIT")
    with owner.connect() as conn:
        script = SETUP.read_text(encoding="utf-8").replace("dutyroom_app", role)
        code = "\n".join(ln for ln in script.splitlines() if not ln.strip().startswith("--"))
        for statement in filter(str.strip, code.split(";")):
            conn.execute(text(statement))
    yield make_url(owner_url).set(username=role, password=None).render_as_string(hide_password=False), pg_services
    with owner.connect() as conn:
        conn.execute(text(f'DROP OWNED BY "{role}"'))
        conn.execute(text(f'DROP ROLE "{role}"'))
    owner.dispose()


def test_the_login_role_works_but_cannot_rewrite_the_audit_log(app_role_url, clock, tmp_path):
    url, owner_services = app_role_url
    admin = make_accounts(owner_services)[0]
    app = open_services(url, clock=clock, backup_folder=tmp_path)
    try:
        saved = app.units.save(admin, UnitRecord(name="区水务局"))  # writes a unit and appends to the chain
        assert saved.id and app.audit.verify(full=True).ok
        # Calls as the login role: the search-term counts' deltas are written and folded (store/call_counts.py).
        officer = app.users.login("officer", PASSWORD)
        for n in range(call_counts.FOLD_AT + 1):
            app.calls.create(officer, call(clock, minutes_ago=n + 1, summary=f"小区停水第{n}次"))
        with app.db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM call_term_delta")).scalar() < call_counts.FOLD_AT
        assert app.calls.count(CallFilter(text="停水")) == call_counts.FOLD_AT + 1
        engine = app.db.engine
        for attack in ATTACKS:
            with pytest.raises(DBAPIError) as refused, engine.begin() as conn:
                conn.execute(text(attack))
            message = str(refused.value.orig)
            assert "permission denied" in message or "must be owner" in message, (attack, message)
        assert app.audit.verify(full=True).ok
    finally:
        app.db.dispose()
