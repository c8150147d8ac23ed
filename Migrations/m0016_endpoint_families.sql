-- Routes with a word-like parameter (a tenant, a username) found in the requests of an ingested file: their endpoint
-- has :slug where the parameter was (/t/:slug/rates). A later file's requests of the same route take the same
-- endpoint, and an earlier file's are renamed when a later one finds the family, so rotated logs agree.
CREATE TABLE endpoint_families (
    family          TEXT PRIMARY KEY,          -- the endpoint with :slug at the parameter's position: /t/:slug/rates
    artifact_id     INTEGER NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE -- the file whose requests showed it
) WITHOUT ROWID;
