require "quernmoor/hopper_ping_job"
require "quernmoor/grain_ledger_rollup_job"
require "quernmoor/mill_rate_sync_job"
require "quernmoor/manifest_archive_job"
