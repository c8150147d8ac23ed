-- Routes of their own found where a family's parameter sits (/v1/tickets/refund, requested hundreds of times, among
-- /v1/tickets/T104233… requested once each): they keep their endpoint in every file, though the family covers them.
CREATE TABLE endpoint_routes (
    endpoint        TEXT PRIMARY KEY,          -- the route as requested: /v1/tickets/refund
    family          TEXT NOT NULL,             -- the family it sits beside: /v1/tickets/:slug
    artifact_id     INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE -- the file whose requests showed it
) WITHOUT ROWID;
