-- Privileges of the user jit runs as, on MariaDB. Run as the owner of the jit tables, connected to jit's
-- database. Replace 'jit_app'@'%' with the application account. The account must have no other privileges
-- on these tables: no UPDATE or DELETE on jit_audit; no DROP (TRUNCATE needs DROP, and a session that
-- switches off foreign key checks gets past the truncate guard); no ALTER or TRIGGER (which could remove
-- the append-only triggers).
GRANT SELECT, INSERT, UPDATE ON jit_request TO 'jit_app'@'%';
GRANT SELECT, INSERT ON jit_audit TO 'jit_app'@'%';
GRANT SELECT, UPDATE ON jit_audit_head TO 'jit_app'@'%';
GRANT SELECT, INSERT, UPDATE ON jit_message_ref TO 'jit_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON scheduled_tasks TO 'jit_app'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON jit_outbox TO 'jit_app'@'%';
-- serve reads the schema version Flyway recorded and refuses to start on any other than its own.
GRANT SELECT ON flyway_schema_history TO 'jit_app'@'%';
