# Records seed 000's performance.log with Ruby's own Logger, the way its Rails around_filter writes it:
# several forked workers (unicorn-style, GC.disable in after_fork as in the seed), each logging
#   CONSUME MEMORY: <after - before>KB\tNow: <after> KB\t<request.url>
# after every "request", with VmRSS read from /proc/<pid>/status before and after.
#
#   ruby record.rb OUTDIR
#
# Writes, in OUTDIR (then see Fixtures/README.md):
#   performance.log-20170727     a rotated day written by the filter's first version (`Now: 758640KB`, no space),
#                                with a line appended by hand in the middle (garbage)
#   performance.log-20170727.gz  the same bytes, `gzip -n`
#   performance.log              today's file, the seed's code (`Now: 211704 KB`), cut inside its last line
#   performance_crlf.log         performance.log-20170727 with CRLF line ends
require 'logger'
require 'fileutils'

OUT = ARGV[0] or abort('usage: ruby record.rb OUTDIR')
FileUtils.mkdir_p(OUT)
ENV['TZ'] = 'Asia/Shanghai'

# Logger stamps Time.now: move the clock to the seed's dates and speed it up (1 real ms = 2 s) so a
# few dozen requests spread over the night. Every worker shares the machine's monotonic clock.
class << Time
  alias_method :real_now, :now
  attr_accessor :sim_start, :real_start
  def now
    sim_start + (Process.clock_gettime(Process::CLOCK_MONOTONIC) - real_start) * 2000
  end
end

def vm_rss
  # The seed skips 16 lines of /proc/PID/status to reach VmRSS; this kernel puts it elsewhere: look it up.
  File.foreach("/proc/#{Process.pid}/status") { |l| return l.split[1].to_i if l.start_with?('VmRSS:') }
end

def record_memory(path, url, new_format)
  rss_before_action = vm_rss
  yield
  rss_after_action = vm_rss
  logger = Logger.new(path)
  if new_format
    logger.info("CONSUME MEMORY: #{rss_after_action - rss_before_action}KB\tNow: #{rss_after_action} KB\t#{url}")
  else
    logger.info("CONSUME MEMORY: #{rss_after_action - rss_before_action}KB\tNow: #{rss_after_action}KB\t#{url}")
  end
end

HOST = 'https://my_target_api'
ENDPOINTS = [
  # url, work done by the action
  [->(r) { "#{HOST}/reports/#{3300 + r.rand(200)}?x=1" }, ->(keep) { keep << Array.new(120_000) { |i| "row #{i}" } }],
  [->(r) { "#{HOST}/users/#{r.rand(50)}/edit" }, ->(keep) { keep << Array.new(2_000) { |i| "u#{i}" } }],
  [->(r) { "#{HOST}/api/v1/items?page=#{r.rand(9)}" }, ->(keep) { keep << ('j' * 200_000) }],
  [->(_) { HOST }, ->(keep) { keep << Array.new(40_000) { |i| { id: i } } }],
  [->(r) { format("#{HOST}/exports/%08x-%04x-4%03x-a%03x-%012x", r.rand(2**32), r.rand(2**16), r.rand(4096), r.rand(4096), r.rand(2**48)) },
   ->(keep) { keep << ('e' * 3_000_000) }],
  [->(_) { "#{HOST}/admin/cache/clear" }, ->(_) { $warm_cache.clear }],
]

def run(day_start, path, new_format, workers:, requests:, seed:)
  Time.sim_start = day_start
  Time.real_start = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  pids = workers.times.map do |w|
    fork do
      GC.disable # the seed's after_fork
      $warm_cache = 'c' * 30_000_000 # a cache the admin endpoint drops: RSS goes down
      r = Random.new(seed + w)
      keep = []
      requests.times do
        sleep(0.002 + r.rand * 0.01)
        url_of, work = ENDPOINTS[r.rand(ENDPOINTS.size)]
        record_memory(path, url_of.call(r), new_format) { work.call(keep) }
      end
      exit!(0)
    end
  end
  pids.each { |pid| Process.wait(pid) }
end

rotated = File.join(OUT, 'performance.log-20170727')
File.delete(rotated) if File.exist?(rotated)
run(Time.local(2017, 7, 27, 5, 58, 10), rotated, false, workers: 3, requests: 10, seed: 7551)
lines = File.readlines(rotated)
lines.insert(lines.size / 2, "=== unicorn restarted by deploy 2017-07-27 06:10, check workers ===\n")
File.write(rotated, lines.join)
system('gzip', '-n', '-k', '-f', rotated) or abort('gzip failed')
File.write(File.join(OUT, 'performance_crlf.log'), lines.join.gsub("\n", "\r\n"))

current = File.join(OUT, 'performance.log')
File.delete(current) if File.exist?(current)
run(Time.local(2017, 7, 27, 10, 0, 1), current, true, workers: 3, requests: 6, seed: 8000)
bytes = File.binread(current)
last_start = bytes.rindex("\n", -2) + 1
cut = bytes.index('Now: ', last_start) + 'Now: '.size + 2 # inside the RSS figure of the last line
File.binwrite(current, bytes[0, cut])
