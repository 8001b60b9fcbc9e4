-- findByRequester filters on requester and status: one index answers both (see the PostgreSQL file).
ALTER TABLE jit_request
  DROP INDEX jit_request_requester,
  ADD INDEX jit_request_requester_status (requester, status, created_at);
