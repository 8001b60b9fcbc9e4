-- Hot-path queries must be fast without planner statistics (a freshly loaded table, autovacuum off):
-- findByRequester (the overlapping-grant check on every revocation, the open-request limit on every
-- submission) filters on requester and status, so one index answers both conditions. The old
-- (requester, created_at) index left the planner to AND it with a scan of the status index, which
-- reads every row of that status (all active grants) on each call.
DROP INDEX jit_request_requester;
CREATE INDEX jit_request_requester_status ON jit_request (requester, status, created_at);
