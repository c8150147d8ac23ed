# A Rack app for recording Passenger's log: /grow keeps 20 MB per request, /out writes to stdout, /hog asks for
# 64 TiB (NoMemoryError), /exit exits.
$kept = []
run lambda { |env|
  case env["PATH_INFO"]
  when "/grow"
    $kept << ("x" * 20 * 1024 * 1024)
    [200, { "content-type" => "text/plain" }, ["kept #{$kept.size * 20} MB in #{Process.pid}\n"]]
  when "/out"
    $stdout.puts "serving /out in #{Process.pid}"
    $stdout.flush
    [200, { "content-type" => "text/plain" }, ["ok\n"]]
  when "/hog"
    $kept << ("x" * (1 << 46))
    [200, { "content-type" => "text/plain" }, ["unreachable\n"]]
  when "/exit"
    $stderr.puts "exiting on purpose"
    exit!(3)
  else
    [200, { "content-type" => "text/plain" }, ["ok #{Process.pid}\n"]]
  end
}
