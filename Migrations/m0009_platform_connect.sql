-- memline schema: what the Heroku router adds to a request row: its connect time, and how its router line was joined
-- to the app's Rails lines (see docs/PLATFORM_LOGS.md).
ALTER TABLE requests ADD COLUMN connect_ms REAL;   -- Heroku router `connect=`: ms to open the connection to the dyno
ALTER TABLE requests ADD COLUMN router_join TEXT;  -- how router and Rails lines were joined: request_id, time_path (untagged logs: same dyno, method, path, status and time); NULL = one source only
