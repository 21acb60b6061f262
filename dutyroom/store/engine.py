"""Engine and session setup for SQLite (default, embedded) and PostgreSQL (shared server)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from dutyroom import outputs
from dutyroom.errors import DatabaseUnavailable
from dutyroom.store.network_fs import refuse_network_folder

SQLITE_BUSY_TIMEOUT_MS = 5000
#: PostgreSQL: a statement that runs longer, or waits longer for a lock, ends with a clear message instead
#: of freezing the workstation (a table another session holds locked, a runaway query)
STATEMENT_TIMEOUT_MS = 20000
LOCK_TIMEOUT_MS = 8000
#: how long the connection check waits for a server that accepts the connection but does not answer
CHECK_TIMEOUT_S = 5


def parse_url(url: str | Path) -> URL:
    """Accept a SQLAlchemy URL, a `postgresql://` URL, or a plain path to a SQLite file."""
    raw = str(url).strip()
    if not raw:
        raise DatabaseUnavailable("数据库地址为空")
    if "://" not in raw:
        return URL.create("sqlite", database=str(Path(raw).expanduser().resolve()))
    try:
        parsed = make_url(raw)
    except (ArgumentError, ValueError):
        raise DatabaseUnavailable(f"数据库地址格式不对：{raw}") from None
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise DatabaseUnavailable(f"不支持的数据库类型：{parsed.drivername}（支持 SQLite 和 PostgreSQL）")
    return parsed


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


class Database:
    """One database: its engine, a session factory, and a description for the status bar."""

    def __init__(self, url: str | Path | URL, *, schema: str | None = None, echo: bool = False,
                 statement_timeout_ms: int = STATEMENT_TIMEOUT_MS, lock_timeout_ms: int = LOCK_TIMEOUT_MS):
        self.url = url if isinstance(url, URL) else parse_url(url)
        self.schema = schema
        # SQLSTATE of the two ends → the limit that was reached: query_canceled, lock_not_available
        self._timed_out = {"57014": statement_timeout_ms, "55P03": lock_timeout_ms}
        # An error's text (shown, and written to logs/cli.log) must not carry the values of a row.
        kwargs: dict = {"echo": echo, "future": True, "hide_parameters": True}
        if self.kind == "sqlite":
            self._prepare_sqlite_file()
            kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        else:
            connect_args = {"connect_timeout": 5, "application_name": "dutyroom",
                            # a server gone without closing the socket is noticed in seconds, not hours
                            "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 2}
            options = [f"-cstatement_timeout={statement_timeout_ms}", f"-clock_timeout={lock_timeout_ms}"]
            if schema:
                options.append(f"-csearch_path={schema}")
            connect_args["options"] = " ".join(options)
            kwargs.update(connect_args=connect_args, pool_pre_ping=True)
        try:
            self.engine: Engine = create_engine(self.url, **kwargs)
        except (ArgumentError, NoSuchModuleError, ImportError) as exc:
            raise DatabaseUnavailable(f"无法使用数据库地址 {self.describe()}：{exc}") from None
        if self.kind == "sqlite":
            event.listen(self.engine, "connect", _set_sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def kind(self) -> str:
        return "sqlite" if self.url.get_backend_name() == "sqlite" else "postgresql"

    @property
    def sqlite_path(self) -> Path | None:
        if self.kind != "sqlite" or not self.url.database or self.url.database == ":memory:":
            return None
        return Path(self.url.database)

    def describe(self) -> str:
        if self.kind == "sqlite":
            return f"SQLite · {self.sqlite_path or '内存'}"
        host = self.url.host or "localhost"
        port = f":{self.url.port}" if self.url.port else ""
        schema = f" ({self.schema})" if self.schema else ""
        return f"PostgreSQL · {host}{port}/{self.url.database or ''}{schema}"

    def _prepare_sqlite_file(self) -> None:
        path = self.sqlite_path
        if path is None:
            return
        outputs.protect(path)  # no report or export of this process may be written over it
        if path.exists() and path.is_dir():
            raise DatabaseUnavailable(f"数据库路径是一个文件夹：{path}")
        if path.is_file() and path.stat().st_size > 0:
            with open(path, "rb") as fh:
                if fh.read(16) != b"SQLite format 3\x00":  # never migrate "into" someone's spreadsheet
                    raise DatabaseUnavailable(f"这不是 SQLite 数据库文件：{path}（请检查 --db）")
        refuse_network_folder(path)  # before anything is created there
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            # Create it owner-only before SQLite writes anything into it (DESIGN.md §9).
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, stat.S_IRUSR | stat.S_IWUSR)
            os.close(fd)

    def check_connection(self) -> None:
        """Fail early with one clear sentence when the server is unreachable or the file unusable."""
        if self.kind == "postgresql":
            self._check_server()
            return
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except OperationalError as exc:
            detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise DatabaseUnavailable(f"无法连接数据库（{self.describe()}）：{detail}") from None

    def _check_server(self) -> None:
        """A new connection each time, not a pooled one: a pooled connection to a server that stopped
        answering waits forever, while a new one gives up after CHECK_TIMEOUT_S, handshake included."""
        import psycopg  # the PostgreSQL driver: only a PostgreSQL database loads it

        conninfo = self.url.set(drivername="postgresql").render_as_string(hide_password=False)
        try:
            with psycopg.connect(conninfo, connect_timeout=CHECK_TIMEOUT_S, application_name="dutyroom-check",
                                 options=f"-cstatement_timeout={CHECK_TIMEOUT_S * 1000}") as conn:
                conn.execute("SELECT 1")
        except psycopg.Error as exc:
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else "服务器没有响应"
            if "timeout" in detail.lower():
                detail = f"服务器在 {CHECK_TIMEOUT_S} 秒内没有响应"
            raise DatabaseUnavailable(f"无法连接数据库（{self.describe()}）：{detail}") from None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One short transaction: commit on success, roll back on any error.

        A shared server that went away surfaces as DatabaseUnavailable, which every form shows as a
        message while keeping what was typed (the pool's pre-ping reconnects on the next attempt).
        """
        session = self._sessions()
        try:
            with session.begin():
                yield session
        except (OperationalError, InterfaceError) as exc:
            if self.kind != "postgresql":
                raise
            code = getattr(exc.orig, "sqlstate", None)
            if code in self._timed_out:
                raise DatabaseUnavailable(
                    "数据库服务器没有及时完成这次操作（" + ("等待其他工作站释放数据超过" if code == "55P03" else "超过")
                    + f" {self._timed_out[code] / 1000:g} 秒，已取消）。已输入的内容已保留，请稍后再试；"
                    "如一直如此，请管理员检查数据库服务器。") from exc
            detail = str(exc.orig).strip().splitlines()[0] if exc.orig and str(exc.orig).strip() else "连接中断"
            raise DatabaseUnavailable(f"与数据库服务器的连接已断开（{self.describe()}）：{detail}。"
                                      "已输入的内容已保留，请稍后再试。") from exc
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
