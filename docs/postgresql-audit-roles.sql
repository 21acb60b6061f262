-- DutyRoom on PostgreSQL: a login role for the workstations that cannot rewrite the audit log.
-- Run as the owner of the database's tables (the role that ran `dutyroom migrate`), in the
-- office's database. tests/reliability/test_pg_audit_roles.py runs exactly this file.
--
-- The workstations log in as dutyroom_app. It may read and write every table, but on audit_log
-- only SELECT and INSERT: no UPDATE, DELETE or TRUNCATE. Dropping or disabling a trigger, or the
-- table, needs ownership, which dutyroom_app does not have; it cannot create objects either, so it
-- cannot put a look-alike table in front of the real one.
CREATE ROLE dutyroom_app LOGIN;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO dutyroom_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO dutyroom_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO dutyroom_app;
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM dutyroom_app;
GRANT SELECT, INSERT ON audit_log TO dutyroom_app;
-- Tables added by later migrations (run by the owner) are granted the same way:
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO dutyroom_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO dutyroom_app;
