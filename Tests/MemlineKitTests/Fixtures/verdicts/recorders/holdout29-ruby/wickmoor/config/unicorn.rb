# /srv/wickmoor/current/config/unicorn.rb on wm-app-2 (unicorn 6.0, 3 workers, no preload_app so a HUP picks up a
# new release). Deploys switch the `current` symlink and send HUP.
worker_processes 3
working_directory "/srv/wickmoor/current"
listen "127.0.0.1:#{ENV.fetch("PORT")}", backlog: 128
timeout 45
pid "/srv/wickmoor/shared/tmp/pids/unicorn.pid"
stderr_path "/srv/wickmoor/shared/log/unicorn.stderr.log"
stdout_path "/srv/wickmoor/shared/log/unicorn.stdout.log"
preload_app false

before_fork do |server, worker|
  sleep 0.2
end

after_fork do |server, worker|
  # WM-233 (ops, 2026-11-30): out-of-band GC canary. The canary worker runs with GC disabled and collects between
  # requests every OOB_GC_EVERY requests (Wickmoor::OobGcCanary); the others keep the normal GC.
  if ENV["OOB_GC_CANARY_WORKER"] && worker.nr == Integer(ENV["OOB_GC_CANARY_WORKER"])
    ENV["WICKMOOR_OOB_GC"] = ENV.fetch("OOB_GC_EVERY", "2000")
    GC.disable
  end
  ENV["WICKMOOR_WORKER_NR"] = worker.nr.to_s
end
