-- Privileges of the role jit runs as, on PostgreSQL. Run as the owner of the jit tables (the role that applied
-- the migrations), connected to jit's database with jit's schema on the search_path. Replace jit_app with the
-- application role's name. The application role must NOT own the tables: an owner can disable the triggers
-- that keep jit_audit append-only, and can drop the table.
GRANT SELECT, INSERT, UPDATE ON jit_request TO jit_app;
GRANT SELECT, INSERT ON jit_audit TO jit_app;
GRANT SELECT, UPDATE ON jit_audit_head TO jit_app;
GRANT SELECT, INSERT, UPDATE ON jit_message_ref TO jit_app;
GRANT USAGE ON SEQUENCE jit_message_ref_position_seq TO jit_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON scheduled_tasks TO jit_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON jit_outbox TO jit_app;
GRANT USAGE ON SEQUENCE jit_outbox_seq_seq TO jit_app;
-- serve reads the schema version Flyway recorded and refuses to start on any other than its own.
GRANT SELECT ON flyway_schema_history TO jit_app;
