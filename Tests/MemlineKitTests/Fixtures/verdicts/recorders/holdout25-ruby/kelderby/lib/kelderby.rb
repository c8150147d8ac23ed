# Kelderby harbour operations: recurring jobs run by the job process (bin/jobs).
require "kelderby/quay_telemetry_ingest_job"
require "kelderby/pilot_roster_sync_job"
require "kelderby/tide_table_refresh_job"
