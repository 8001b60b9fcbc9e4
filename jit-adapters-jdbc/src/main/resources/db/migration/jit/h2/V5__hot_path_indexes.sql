-- findByRequester filters on requester and status: one index answers both (see the PostgreSQL file).
DROP INDEX jit_request_requester;
CREATE INDEX jit_request_requester_status ON jit_request (requester, status, created_at);
