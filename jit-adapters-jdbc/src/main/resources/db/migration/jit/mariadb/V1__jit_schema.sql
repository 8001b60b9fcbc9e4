-- jit schema for MariaDB (10.6+). Apply with Flyway (location classpath:db/migration/jit/mariadb) or by hand,
-- as a user that owns the tables; the application then runs as a different user (docs/database.md).

CREATE TABLE jit_request (
  id            VARCHAR(64)  NOT NULL PRIMARY KEY,
  version       BIGINT       NOT NULL,
  status        VARCHAR(32)  NOT NULL,
  requester     VARCHAR(128) NOT NULL,
  created_at    BIGINT       NOT NULL,
  next_deadline BIGINT       NULL,
  snapshot      LONGTEXT     NOT NULL,
  INDEX jit_request_status (status, id),
  INDEX jit_request_due (next_deadline, id),
  INDEX jit_request_requester (requester, created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE jit_audit (
  sequence        BIGINT       NOT NULL PRIMARY KEY,
  request_id      VARCHAR(64)  NOT NULL,
  request_version BIGINT       NOT NULL,
  at              BIGINT       NOT NULL,
  action          VARCHAR(64)  NOT NULL,
  actor           VARCHAR(128) NOT NULL,
  previous_hash   CHAR(64)     NOT NULL,
  hash            CHAR(64)     NOT NULL,
  record          LONGTEXT     NOT NULL,
  CONSTRAINT jit_audit_one_entry_per_version UNIQUE (request_id, request_version)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE jit_audit_head (
  id       INT      NOT NULL PRIMARY KEY CHECK (id = 1),
  sequence BIGINT   NOT NULL,
  hash     CHAR(64) NOT NULL
) ENGINE = InnoDB;
INSERT INTO jit_audit_head (id, sequence, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER jit_audit_no_update BEFORE UPDATE ON jit_audit FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'jit_audit is append-only: UPDATE is not allowed';
CREATE TRIGGER jit_audit_no_delete BEFORE DELETE ON jit_audit FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'jit_audit is append-only: DELETE is not allowed';
-- MariaDB has no TRUNCATE trigger, but InnoDB will not truncate a table that another table's foreign key
-- refers to. This table stays empty; its constraint is the guard. (TRUNCATE also needs the DROP privilege,
-- which the application user must not have.)
CREATE TABLE jit_audit_truncate_guard (
  sequence BIGINT NULL,
  CONSTRAINT jit_audit_truncate_guard_fk FOREIGN KEY (sequence) REFERENCES jit_audit (sequence)
) ENGINE = InnoDB;

CREATE TABLE jit_message_ref (
  position   BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  request_id VARCHAR(64)  NOT NULL,
  purpose    VARCHAR(255) NOT NULL,
  channel    VARCHAR(255) NOT NULL,
  message_id VARCHAR(255) NOT NULL,
  CONSTRAINT jit_message_ref_key UNIQUE (request_id, purpose, channel)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE scheduled_tasks (
  task_name            VARCHAR(100) NOT NULL,
  task_instance        VARCHAR(100) NOT NULL,
  task_data            BLOB,
  execution_time       TIMESTAMP(6) NOT NULL,
  picked               BOOLEAN      NOT NULL,
  picked_by            VARCHAR(50),
  last_success         TIMESTAMP(6) NULL,
  last_failure         TIMESTAMP(6) NULL,
  consecutive_failures INT,
  last_heartbeat       TIMESTAMP(6) NULL,
  version              BIGINT       NOT NULL,
  priority             SMALLINT,
  PRIMARY KEY (task_name, task_instance),
  INDEX scheduled_tasks_execution_time (execution_time),
  INDEX scheduled_tasks_last_heartbeat (last_heartbeat),
  INDEX scheduled_tasks_priority_execution_time (priority DESC, execution_time ASC)
) ENGINE = InnoDB;
