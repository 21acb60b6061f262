"""Alembic environment: always run from dutyroom.store.migrate with a live connection."""

from alembic import context

from dutyroom.store.models import Base, add_postgresql_partial_conditions

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - guard for someone running `alembic` by hand
    raise RuntimeError("Run migrations with `dutyroom migrate`, not the alembic command.")

if connection.dialect.name == "postgresql":
    add_postgresql_partial_conditions(Base.metadata)
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
