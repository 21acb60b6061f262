"""Storage: SQLAlchemy models, engine setup for SQLite and PostgreSQL, migrations, backups."""
