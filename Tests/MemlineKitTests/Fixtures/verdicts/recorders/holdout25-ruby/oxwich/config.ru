# Oxwich harbour ferries (sailings, bookings, harbour manifest) on ox-web-1: a Rack stand-in for the app. Access log
# through Rack::CommonLogger to log/access.log; a GC probe writes GC.stat every 8 s to log/gc.log; `touch
# tmp/heapdump` writes tmp/heap-N.json (OX-57).
$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "logger"
require "objspace"
require "oxwich"

access = File.open("/srv/oxwich/log/access.log", "a")
access.sync = true
gclog = File.open("/srv/oxwich/log/gc.log", "a")
gclog.sync = true
Thread.new { loop { gclog.puts("#{Time.now.strftime("%FT%T%:z")} pid=#{Process.pid} GC.stat #{GC.stat}"); sleep 8 } }
Thread.new do
  n = 0
  loop do
    if File.exist?("/srv/oxwich/tmp/heapdump")
      File.delete("/srv/oxwich/tmp/heapdump")
      n += 1
      GC.start
      File.open("/srv/oxwich/tmp/heap-#{n}.json", "w") { |io| ObjectSpace.dump_all(output: io) }
    end
    sleep 0.5
  end
end

use Rack::CommonLogger, access
run Oxwich::App.new
