"""A shared server that drops the connection: one clear error, then the next operation reconnects."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from dutyroom.errors import DatabaseUnavailable
from dutyroom.store.engine import Database


def _terminate(url: str, pid: int) -> None:
    admin = Database(url)
    try:
        with admin.engine.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            conn.commit()
    finally:
        admin.dispose()


def test_a_connection_killed_mid_transaction_is_a_clear_error_and_the_next_session_works(pg_services):
    db = pg_services.db
    url = db.url.render_as_string(hide_password=False)
    with pytest.raises(DatabaseUnavailable) as err, db.session() as s:
        pid = s.execute(text("SELECT pg_backend_pid()")).scalar()
        _terminate(url, pid)
        s.execute(text("SELECT 1"))
    assert err.value.message.startswith("与数据库服务器的连接已断开（PostgreSQL · ")
    assert "已输入的内容已保留" in err.value.message
    with db.session() as s:  # the pool's pre-ping replaces the dead connection
        assert s.execute(text("SELECT 1")).scalar() == 1


def test_sqlite_errors_are_not_relabelled_as_a_lost_server(sqlite_services):
    from sqlalchemy.exc import OperationalError

    with pytest.raises(OperationalError), sqlite_services.db.session() as s:
        s.execute(text("SELECT * FROM no_such_table"))
