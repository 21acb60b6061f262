"""Shared fixtures: a fresh database per test on SQLite and (when configured) PostgreSQL, a fake clock."""

from __future__ import annotations

import os
import tempfile
import uuid
from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

# Set before anything imports Qt: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep the developer's real data folder out of reach of every test.
os.environ["DUTYROOM_HOME"] = tempfile.mkdtemp(prefix="dutyroom-test-home-")
os.environ.pop("DUTYROOM_DATABASE_URL", None)

import pytest  # noqa: E402
from argon2 import PasswordHasher  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

import dutyroom.services.users as _users  # noqa: E402
from dutyroom.app import open_services  # noqa: E402
from dutyroom.domain.clock import FakeClock  # noqa: E402
from dutyroom.domain.vocabulary import Role  # noqa: E402
from dutyroom.services.records import UserRecord  # noqa: E402

# Production hashing costs ~0.1–0.4 s per password by design; tests hash hundreds of them. The
# algorithm and code path stay the same, only the cost parameters shrink (subprocess tests keep
# the real ones).
_users._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

PG_ENV = "DUTYROOM_TEST_DATABASE_URL"
SHANGHAI = ZoneInfo("Asia/Shanghai")
PASSWORD = "duty2026pass"


def pytest_report_header(config):
    url = os.environ.get(PG_ENV)
    return f"PostgreSQL tests: {'on ' + url if url else 'skipped (set ' + PG_ENV + ' to run them)'}"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 21, 9, 0, tzinfo=SHANGHAI))


def _pg_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL not configured: set {PG_ENV} (CI sets it to the local server)")
    return url


@contextmanager
def _pg_schema():
    """A fresh schema on the test server, dropped afterwards: each test gets a clean database."""
    url = _pg_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url, schema
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_target(request, tmp_path):
    """(url, schema) of an empty database of each kind."""
    if request.param == "sqlite":
        yield str(tmp_path / "duty.sqlite3"), None
        return
    with _pg_schema() as target:
        yield target


@pytest.fixture
def pg_services(clock, tmp_path):
    """PostgreSQL only, for what exists only there (LISTEN/NOTIFY between workstations)."""
    with _pg_schema() as (url, schema):
        svc = open_services(url, clock=clock, schema=schema, backup_folder=tmp_path / "backups")
        yield svc
        svc.db.dispose()


@pytest.fixture
def services(db_target, clock, tmp_path):
    url, schema = db_target
    svc = open_services(url, clock=clock, schema=schema, backup_folder=tmp_path / "backups")
    yield svc
    svc.db.dispose()


@pytest.fixture
def sqlite_services(tmp_path, clock):
    """For GUI and CLI tests, which exercise the default embedded database."""
    svc = open_services(tmp_path / "gui.sqlite3", clock=clock, backup_folder=tmp_path / "backups")
    yield svc
    svc.db.dispose()


def make_accounts(svc):
    admin = svc.users.create_first_admin("admin", PASSWORD, "王管理")
    for username, role, name in (("leader", Role.LEADER, "李带班"), ("officer", Role.OFFICER, "赵值班")):
        svc.users.save(admin, UserRecord(username=username, role=role, display_name=name), PASSWORD)
    return admin, svc.users.login("leader", PASSWORD), svc.users.login("officer", PASSWORD)


@pytest.fixture
def actors(services):
    """(admin, leader, officer) actors on the parametrised database."""
    return make_accounts(services)
