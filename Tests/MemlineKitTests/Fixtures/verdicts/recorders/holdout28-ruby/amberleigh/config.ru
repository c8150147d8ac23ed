# Amberleigh Allotments Society: plot bookings (Rack stand-in for the Rails app; production.log is lograge's
# JSON formatter with custom time, pid, request_id).
$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "amberleigh/app"
# AL-31: GC.stat every 10 s to log/gc.log (logfmt)
Thread.new do
  keys = %i[count minor_gc_count major_gc_count heap_allocated_pages heap_live_slots heap_free_slots old_objects
            total_allocated_objects total_freed_objects malloc_increase_bytes oldmalloc_increase_bytes]
  loop do
    sleep 10
    s = GC.stat
    File.open("/srv/amberleigh/log/gc.log", "a") { |f| f.puts "at=#{Time.now.iso8601} pid=#{Process.pid} " + keys.map { |k| "#{k}=#{s[k]}" }.join(" ") }
  end
end
run Amberleigh::App.new
