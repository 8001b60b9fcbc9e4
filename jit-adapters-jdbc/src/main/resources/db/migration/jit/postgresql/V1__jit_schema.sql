-- jit schema for PostgreSQL. Apply with Flyway (location classpath:db/migration/jit/postgresql) or by hand,
-- as a role that owns the tables; the application then runs as a different role (docs/database.md).

-- Latest snapshot of every request. Times in query columns are epoch milliseconds.
CREATE TABLE jit_request (
  id            VARCHAR(64)  PRIMARY KEY,
  version       BIGINT       NOT NULL,
  status        VARCHAR(32)  NOT NULL,
  requester     VARCHAR(128) NOT NULL,
  created_at    BIGINT       NOT NULL,
  next_deadline BIGINT,
  snapshot      TEXT         NOT NULL
);
CREATE INDEX jit_request_status ON jit_request (status, id);
CREATE INDEX jit_request_due ON jit_request (next_deadline, id) WHERE next_deadline IS NOT NULL;
CREATE INDEX jit_request_requester ON jit_request (requester, created_at);

-- The audit log: append-only, hash-chained. `record` is the canonical form the hash covers.
CREATE TABLE jit_audit (
  sequence        BIGINT       PRIMARY KEY,
  request_id      VARCHAR(64)  NOT NULL,
  request_version BIGINT       NOT NULL,
  at              BIGINT       NOT NULL,
  action          VARCHAR(64)  NOT NULL,
  actor           VARCHAR(128) NOT NULL,
  previous_hash   CHAR(64)     NOT NULL,
  hash            CHAR(64)     NOT NULL,
  record          TEXT         NOT NULL,
  CONSTRAINT jit_audit_one_entry_per_version UNIQUE (request_id, request_version)
);

-- The end of the chain. Appends lock this row, so concurrent appenders form one straight chain.
CREATE TABLE jit_audit_head (
  id       INT      PRIMARY KEY CHECK (id = 1),
  sequence BIGINT   NOT NULL,
  hash     CHAR(64) NOT NULL
);
INSERT INTO jit_audit_head (id, sequence, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE FUNCTION jit_audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'jit_audit is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER jit_audit_no_update_or_delete BEFORE UPDATE OR DELETE ON jit_audit
  FOR EACH ROW EXECUTE FUNCTION jit_audit_is_append_only();
CREATE TRIGGER jit_audit_no_truncate BEFORE TRUNCATE ON jit_audit
  FOR EACH STATEMENT EXECUTE FUNCTION jit_audit_is_append_only();

-- Where notifications about a request were posted (Slack channel and message ts).
CREATE TABLE jit_message_ref (
  request_id VARCHAR(64)  NOT NULL,
  purpose    VARCHAR(255) NOT NULL,
  channel    VARCHAR(255) NOT NULL,
  message_id VARCHAR(255) NOT NULL,
  position   BIGSERIAL,
  PRIMARY KEY (request_id, purpose, channel)
);

-- db-scheduler's table (durable, cluster-safe timers).
CREATE TABLE scheduled_tasks (
  task_name            TEXT                     NOT NULL,
  task_instance        TEXT                     NOT NULL,
  task_data            BYTEA,
  execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
  picked               BOOLEAN                  NOT NULL,
  picked_by            TEXT,
  last_success         TIMESTAMP WITH TIME ZONE,
  last_failure         TIMESTAMP WITH TIME ZONE,
  consecutive_failures INT,
  last_heartbeat       TIMESTAMP WITH TIME ZONE,
  version              BIGINT                   NOT NULL,
  priority             SMALLINT,
  PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time ON scheduled_tasks (priority DESC, execution_time ASC);
