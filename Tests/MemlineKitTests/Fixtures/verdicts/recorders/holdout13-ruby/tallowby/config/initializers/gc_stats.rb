# TB-377: every process appends {"ts": unix seconds, "pid", "stats": GC.stat} to log/gc_stats.jsonl every 3 s
Thread.new do
  path = File.join(ROOT, "log/gc_stats.jsonl")
  loop do
    line = JSON.generate({ "ts" => Time.now.to_f.round(3), "pid" => Process.pid, "stats" => GC.stat }) + "\n"
    File.open(path, "a") { |f| f.write(line) }
    sleep 3
  end
end
