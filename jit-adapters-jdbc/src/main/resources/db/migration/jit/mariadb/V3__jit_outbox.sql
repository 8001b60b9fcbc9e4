-- Notifications on their way out (the outbox): written before the state change they announce commits,
-- deleted once delivered. `seq` is the order they were added in; only the oldest of a request is claimed.
-- Times are epoch milliseconds; claimed_until 0 means unclaimed.
CREATE TABLE jit_outbox (
  seq           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  msg_key       VARCHAR(200) NOT NULL,
  request_id    VARCHAR(64)  NOT NULL,
  kind          VARCHAR(32)  NOT NULL,
  recipients    TEXT         NOT NULL,
  detail        TEXT         NOT NULL,
  snapshot      MEDIUMTEXT   NOT NULL,
  created_at    BIGINT       NOT NULL,
  attempts      INT          NOT NULL,
  not_before    BIGINT       NOT NULL,
  claimed_by    VARCHAR(128),
  claimed_until BIGINT       NOT NULL,
  CONSTRAINT jit_outbox_key UNIQUE (msg_key),
  INDEX jit_outbox_request (request_id, seq),
  INDEX jit_outbox_due (not_before)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
