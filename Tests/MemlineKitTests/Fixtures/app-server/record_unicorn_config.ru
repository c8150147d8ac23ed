require 'unicorn/worker_killer'
use Unicorn::WorkerKiller::Oom, 60 * 1024 * 1024, 70 * 1024 * 1024, 1, true
$hog = []
run lambda { |env|
  case env['PATH_INFO']
  when '/hog' then 20.times { $hog << ('x' * 1024 * 1024) }
  when '/segv' then Process.kill(:SEGV, Process.pid)
  end
  [200, {'content-type' => 'text/plain'}, ["ok #{Process.pid}\n"]]
}
