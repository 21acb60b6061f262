"""Moving an open test database to a schema revision in place, as `dutyroom migrate` would (the migration tests)."""

from alembic import command

from dutyroom.store.schema import alembic_config


def migrate_to(services, revision: str) -> None:
    """Upgrade to "head" or downgrade to an older revision, in one transaction on the services' own engine."""
    config = alembic_config()
    with services.db.engine.begin() as conn:
        config.attributes["connection"] = conn
        if revision == "head":
            command.upgrade(config, revision)
        else:
            command.downgrade(config, revision)
