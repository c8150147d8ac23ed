# /srv/wrenfield/config/puma.rb on wf-web-2 (puma 5.6): 2 workers x 3 threads, preload_app!. WF-318: allocation tracing
# on in every worker while we hunt the growth (rbtrace-style: `echo PID > tmp/heapdump.request` dumps that worker).
workers 2
threads 3, 3
preload_app!
bind "tcp://127.0.0.1:#{ENV.fetch("PORT")}"
pidfile "/srv/wrenfield/tmp/pids/puma.pid"
stdout_redirect "/srv/wrenfield/log/puma.stdout.log", "/srv/wrenfield/log/puma.stdout.log", true
environment "production"
on_worker_boot { RackBase.heap_trace!(Wrenfield::ROOT, "heap-%<pid>d-%<n>d.json") }
