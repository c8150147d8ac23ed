-- The reconciled verdict (see docs/ANALYSIS.md, "Verdict"): what the analysis ruled out, and the verdict itself.

-- Candidates the evidence ruled out, with the reason: the red herrings reviewers ask about first.
CREATE TABLE ruled_out (
    id            INTEGER PRIMARY KEY,         -- order of listing
    kind          TEXT NOT NULL,               -- the kind it would have had: endpoint, job_class, allocation_site, ...
    name          TEXT NOT NULL,               -- the endpoint, job class, site or process ruled out
    reason        TEXT NOT NULL,               -- why, with the figures
    sql           TEXT NOT NULL                -- a query that shows the figures
);

-- The verdict in one paragraph of plain words: what grows, what is retained and who holds it, who adds to it,
-- what changed just before, what was ruled out.
ALTER TABLE analysis_runs ADD COLUMN verdict TEXT NOT NULL DEFAULT ''; -- the verdict paragraph: what grows, what is retained, who adds, what changed, what was ruled out
