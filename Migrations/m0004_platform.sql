-- memline platform views (Heroku, Papertrail, kernel OOM, Kubernetes): memory with swap, and what each dyno or
-- host served before a memory event.

-- Memory per process over time with swap added: Heroku's memory_total (RSS + swap) is what R14 compares with the quota.
CREATE VIEW v_memory_total AS
SELECT s.ts, s.host, s.pid, s.process, s.rss_kb, s.swap_kb, s.rss_kb + coalesce(s.swap_kb, 0) AS total_kb,
       s.limit_kb, round(100.0 * (s.rss_kb + coalesce(s.swap_kb, 0)) / s.limit_kb, 1) AS pct_of_limit,
       a.name AS file, s.line
FROM rss_samples s JOIN artifacts a ON a.id = s.artifact_id;

-- Memory events (r14, r15, oom, worker-killed, enomem) with the endpoints their host served in the 10 minutes before.
CREATE VIEW v_memory_event_endpoints AS
SELECT e.id AS event_id, e.ts AS event_ts, e.kind, e.host, r.endpoint, count(r.id) AS requests,
       round(sum(r.duration_ms), 1) AS total_ms, max(r.duration_ms) AS max_ms
FROM events e
LEFT JOIN requests r ON r.host = e.host
    AND r.ts_end >= strftime('%Y-%m-%dT%H:%M:%fZ', e.ts, '-10 minutes') AND r.ts_end <= e.ts
WHERE e.kind IN ('r14', 'r15', 'oom', 'worker-killed', 'enomem')
GROUP BY e.id, r.endpoint;
