"""Shared fixtures: a fresh database per test on SQLite and (when configured) PostgreSQL, a fake clock."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

# Set before anything imports Qt: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep the developer's real data folder out of reach of every test.
os.environ["DUTYROOM_HOME"] = tempfile.mkdtemp(prefix="dutyroom-test-home-")
os.environ.pop("DUTYROOM_DATABASE_URL", None)
# `python -m dutyroom report …` in a test runs in its own process and starts no report helper behind it
# (tests/cli/test_report_helper.py turns it on where it is the subject).
os.environ["DUTYROOM_REPORT_HELPER"] = "0"

import pytest  # noqa: E402
from argon2 import PasswordHasher  # noqa: E402
from sqlalchemy import create_engine, make_url, text  # noqa: E402

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
TEMPLATE_TIME = datetime(2026, 11, 21, 9, 0, tzinfo=SHANGHAI)  # the `clock` fixture's start
PASSWORD = "duty2026pass"


def pytest_report_header(config):
    url = os.environ.get(PG_ENV)
    return f"PostgreSQL tests: {'on ' + url if url else 'skipped (set ' + PG_ENV + ' to run them)'}"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(TEMPLATE_TIME)


def _pg_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL not configured: set {PG_ENV} (CI sets it to the local server)")
    return url


def _pg_admin(url: str):
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")


@contextmanager
def _pg_schema():
    """A fresh, empty schema on the test server, dropped afterwards (for tests of migration itself)."""
    url = _pg_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin(url)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url, schema
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


# -- template databases ---------------------------------------------------------------------------
# Migrating and seeding a new database costs ~0.2 s on SQLite and ~0.45 s on PostgreSQL; most tests
# only need "an up-to-date database". So each session migrates one template per kind and every test
# gets a copy (a file copy; CREATE DATABASE … TEMPLATE). Tests of migration itself use `db_target`,
# which stays empty. The template is built with the `clock` fixture's time, so the seeded records
# (settings, holidays) carry the same timestamps a per-test migration would give them.
@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.sqlite3"
    svc = open_services(path, clock=FakeClock(TEMPLATE_TIME), backup_folder=folder / "backups")
    svc.db.dispose()  # the last connection checkpoints the WAL into the main file
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return path


def copy_sqlite_template(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    os.chmod(target, 0o600)
    return target


@pytest.fixture(scope="session")
def pg_template():
    """Name of a migrated template database on the test server, dropped at the end of the session."""
    url = _pg_url()
    name = f"dr_tmpl_{uuid.uuid4().hex[:10]}"
    admin = _pg_admin(url)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        svc = open_services(_database_url(url, name), clock=FakeClock(TEMPLATE_TIME), backup_folder=None)
        svc.db.dispose()  # CREATE DATABASE … TEMPLATE needs the template to have no connections
        yield url, name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _database_url(url: str, database: str) -> str:
    return make_url(url).set(database=database).render_as_string(hide_password=False)


@contextmanager
def pg_database_copy(template):
    """A new database copied from the session's template, dropped afterwards (even if still in use)."""
    url, template_name = template
    name = f"dr_t_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin(url)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"'))
    try:
        yield _database_url(url, name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_target(request, tmp_path):
    """(url, schema) of an EMPTY database of each kind: for tests of migration and first start."""
    if request.param == "sqlite":
        yield str(tmp_path / "duty.sqlite3"), None
        return
    with _pg_schema() as target:
        yield target


@pytest.fixture
def pg_services(clock, tmp_path, request):
    """PostgreSQL only, for what exists only there (LISTEN/NOTIFY between workstations)."""
    template = request.getfixturevalue("pg_template")
    with pg_database_copy(template) as url:
        svc = open_services(url, clock=clock, backup_folder=tmp_path / "backups")
        yield svc
        svc.db.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def services(request, clock, tmp_path):
    """Services on an up-to-date database of each kind (a copy of the session's template)."""
    if request.param == "sqlite":
        path = copy_sqlite_template(request.getfixturevalue("sqlite_template"), tmp_path / "duty.sqlite3")
        svc = open_services(path, clock=clock, backup_folder=tmp_path / "backups")
        yield svc
        svc.db.dispose()
        return
    template = request.getfixturevalue("pg_template")
    with pg_database_copy(template) as url:
        svc = open_services(url, clock=clock, backup_folder=tmp_path / "backups")
        yield svc
        svc.db.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_services(request, clock, tmp_path):
    """For property tests: `with fresh_services() as svc:` gives every Hypothesis example a database of its
    own (a function-scoped fixture is shared by all examples, so one example's rows would shape the next)."""
    template = request.getfixturevalue("sqlite_template" if request.param == "sqlite" else "pg_template")
    made = iter(range(1 << 30))

    @contextmanager
    def fresh():
        n = next(made)
        if request.param == "sqlite":
            path = copy_sqlite_template(template, tmp_path / f"example{n}.sqlite3")
            svc = open_services(path, clock=clock, backup_folder=tmp_path / f"backups{n}")
            try:
                yield svc
            finally:
                svc.db.dispose()
            return
        with pg_database_copy(template) as url:
            svc = open_services(url, clock=clock, backup_folder=tmp_path / f"backups{n}")
            try:
                yield svc
            finally:
                svc.db.dispose()

    return fresh


@pytest.fixture
def sqlite_services(tmp_path, clock, sqlite_template):
    """For GUI and CLI tests, which exercise the default embedded database."""
    path = copy_sqlite_template(sqlite_template, tmp_path / "gui.sqlite3")
    svc = open_services(path, clock=clock, backup_folder=tmp_path / "backups")
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


@pytest.fixture
def notices(services):
    """Every notice (the yellow banner's messages) the services announce during the test."""
    heard = []
    services.bus.subscribe(lambda change: heard.append(change) if change.kind == "notice" else None)
    return heard


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread(request):
    """As the program does (gui/collector.py): a test's background reads never run the cycle collector,
    which could free a widget off its thread and crash the worker."""
    if "qapp" in request.fixturenames or "qtbot" in request.fixturenames:
        from dutyroom.gui.collector import collect_on_gui_thread  # GUI tests only: others import no Qt

        collect_on_gui_thread(request.getfixturevalue("qapp"))
    yield
