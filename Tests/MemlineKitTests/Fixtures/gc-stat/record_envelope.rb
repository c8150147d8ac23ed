require 'json'
require 'logger'
require 'time'
keep = []
bare = File.open('gc_stat_envelope.jsonl', 'w')
logger = Logger.new('gc_stat_envelope_logger.log')
6.times do |i|
  20_000.times { keep << "s#{i}" * 4 }
  bare.puts({time: Time.now.utc.iso8601(3), pid: Process.pid, gc_stat: GC.stat}.to_json)
  logger.info({time: Time.now.utc.iso8601(3), pid: Process.pid, gc: GC.stat}.to_json)
  sleep 0.2
end
bare.close
