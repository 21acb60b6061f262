"""The database's own INSERT (for ON CONFLICT DO NOTHING), chosen when it is used.

Imported lazily: sqlalchemy.dialects.postgresql loads the modules of all its drivers (~100 ms), which a
workstation on SQLite never needs (tests/cli/test_startup.py).
"""

from __future__ import annotations


def insert_for(dialect_name: str):
    if dialect_name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert
