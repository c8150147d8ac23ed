worker_processes 2
listen "127.0.0.1:18181"
pid "/tmp/folders-rec/unicorn/unicorn.pid"
stderr_path "/tmp/folders-rec/unicorn/unicorn.stderr.log"
timeout 30
