-- Notifications on their way out (the outbox): written before the state change they announce commits,
-- deleted once delivered. `seq` is the order they were added in; only the oldest of a request is claimed.
-- Times are epoch milliseconds; claimed_until 0 means unclaimed.
CREATE TABLE jit_outbox (
  seq           BIGSERIAL    PRIMARY KEY,
  msg_key       VARCHAR(200) NOT NULL,
  request_id    VARCHAR(64)  NOT NULL,
  kind          VARCHAR(32)  NOT NULL,
  recipients    TEXT         NOT NULL,
  detail        TEXT         NOT NULL,
  snapshot      TEXT         NOT NULL,
  created_at    BIGINT       NOT NULL,
  attempts      INT          NOT NULL,
  not_before    BIGINT       NOT NULL,
  claimed_by    VARCHAR(128),
  claimed_until BIGINT       NOT NULL,
  CONSTRAINT jit_outbox_key UNIQUE (msg_key)
);
CREATE INDEX jit_outbox_request ON jit_outbox (request_id, seq);
CREATE INDEX jit_outbox_due ON jit_outbox (not_before);
