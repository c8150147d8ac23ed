# frozen_string_literal: true

# A puma-like cluster server (stdlib only; Debian's puma gem is not used here): a master that binds one TCP
# socket, prints Puma 6's boot lines on stdout and forks WORKERS workers; each worker accepts on the shared
# socket with THREADS threads and calls a Rack-ish app (app.call(env) -> [status, headers, [body]]). Requests
# are HTTP/1.1 with `Connection: close`.
#
# Signals to the master, as Puma's: TERM/INT graceful shutdown, USR1 phased restart (one worker at a time, new
# phase; only without preload, as Puma refuses it with preload_app!). Workers: TERM stops after the requests in
# flight. The app may install its own worker signals in on_worker_boot.
require "socket"

module MiniPuma
  VERSION = "6.4.2"
  CODENAME = "The Eagle of Durango"

  class Config
    attr_accessor :workers, :threads, :port, :environment, :preload, :directory, :pidfile, :tag, :log_time
    attr_reader :worker_boot_hooks, :app_loader

    def initialize
      @workers = 2
      @threads = 2
      @environment = "production"
      @preload = true
      @worker_boot_hooks = []
      @log_time = false # Puma's default stdout has no clock; a log_formatter may add one
    end

    def on_worker_boot(&blk) = @worker_boot_hooks << blk
    def app(&blk) = @app_loader = blk
  end

  class Master
    def initialize(config)
      @c = config
      @out = $stdout
      @out.sync = true
      @workers = {} # index => pid
      @phase = 0
      @stopping = false
      @restart_wanted = false
    end

    def say(msg)
      prefix = @c.log_time ? "#{Time.now.utc.strftime("%Y-%m-%dT%H:%M:%S.%3NZ")} " : ""
      @out.puts("#{prefix}[#{Process.pid}] #{msg}")
    end

    def run
      $0 = "puma #{VERSION} (tcp://0.0.0.0:#{@c.port}) [#{@c.tag}]"
      File.write(@c.pidfile, "#{Process.pid}\n") if @c.pidfile
      say "Puma starting in cluster mode..."
      say "* Puma version: #{VERSION} (ruby #{RUBY_VERSION}-p#{RUBY_PATCHLEVEL}) (\"#{CODENAME}\")"
      say "*  Min threads: #{@c.threads}"
      say "*  Max threads: #{@c.threads}"
      say "*  Environment: #{@c.environment}"
      say "*   Master PID: #{Process.pid}"
      say "*      Workers: #{@c.workers}"
      say "*     Restarts: (\u2714) hot (#{@c.preload ? "\u2716" : "\u2714"}) phased"
      if @c.preload
        say "* Preloading application"
        @app = @c.app_loader.call
      end
      @server = TCPServer.new("127.0.0.1", @c.port)
      say "* Listening on http://0.0.0.0:#{@c.port}"
      say "Use Ctrl-C to stop"
      trap("TERM") { @stopping = true }
      trap("INT") { @stopping = true }
      trap("USR1") { @restart_wanted = true }
      @c.workers.times { |i| spawn_worker(i) }
      loop do
        if @stopping
          shutdown
          break
        end
        if @restart_wanted
          @restart_wanted = false
          phased_restart
        end
        reap(nonblock: true)
        sleep 0.1
      end
    end

    def spawn_worker(index)
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      rd, wr = IO.pipe
      pid = fork do
        rd.close
        Worker.new(@c, index, @phase, @server, @app, Process.ppid, wr).run
      end
      wr.close
      rd.read(1) # the worker says it is up
      rd.close
      @workers[index] = pid
      took = Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0
      say "- Worker #{index} (PID: #{pid}) booted in #{format("%.2f", took)}s, phase: #{@phase}"
    end

    def reap(nonblock:)
      loop do
        pid = Process.wait(-1, nonblock ? Process::WNOHANG : 0)
        return unless pid
        index = @workers.key(pid)
        next unless index
        @workers.delete(index)
        unless @stopping
          say "! Worker #{index} (PID: #{pid}) terminated unexpectedly, respawning"
          spawn_worker(index)
        end
      end
    rescue Errno::ECHILD
      nil
    end

    def phased_restart
      @phase += 1
      say "- Starting phased worker restart, phase: #{@phase}"
      say "+ Changing to #{@c.directory}"
      @workers.keys.sort.each do |index|
        pid = @workers.delete(index)
        say "- Stopping #{pid} for phased upgrade..."
        Process.kill("TERM", pid)
        say "- TERM sent to #{pid}..."
        Process.wait(pid)
        spawn_worker(index)
      end
    end

    def shutdown
      say "- Gracefully shutting down workers..."
      @workers.each_value { |pid| Process.kill("TERM", pid) rescue nil }
      @workers.each_value { |pid| Process.wait(pid) rescue nil }
      @workers.clear
      say "=== puma shutdown: #{Time.now.utc.strftime("%Y-%m-%d %H:%M:%S %z")} ==="
      say "- Goodbye!"
      File.delete(@c.pidfile) if @c.pidfile && File.exist?(@c.pidfile)
    end
  end

  class Worker
    def initialize(config, index, phase, server, app, master_pid, ready)
      @c = config
      @index = index
      @phase = phase
      @server = server
      @app = app
      @master_pid = master_pid
      @ready = ready
      @stopping = false
    end

    def run
      $0 = "puma: cluster worker #{@index}: #{@master_pid} [#{@c.tag}]"
      trap("TERM") { @stopping = true }
      trap("INT") { @stopping = true }
      trap("USR1", "IGNORE")
      @app ||= @c.app_loader.call
      @c.worker_boot_hooks.each { |h| h.call(@index) }
      @ready.write("!")
      @ready.close
      threads = Array.new(@c.threads) { Thread.new { serve } }
      until @stopping
        sleep 0.1
        MiniPuma.worker_tick&.call
      end
      threads.each(&:join)
      exit!(0)
    end

    def serve
      until @stopping
        next unless IO.select([@server], nil, nil, 0.2)
        begin
          client = @server.accept_nonblock
        rescue IO::WaitReadable, Errno::EINTR
          next
        end
        handle(client)
      end
    end

    def handle(client)
      line = client.gets("\r\n")
      return client.close unless line
      verb, target, = line.split(" ", 3)
      headers = {}
      while (h = client.gets("\r\n")) && h != "\r\n"
        k, v = h.split(":", 2)
        headers[k.strip.downcase] = v.to_s.strip
      end
      body = headers["content-length"] ? client.read(headers["content-length"].to_i) : ""
      path, query = target.split("?", 2)
      env = { "REQUEST_METHOD" => verb, "PATH_INFO" => path, "QUERY_STRING" => query.to_s,
              "REMOTE_ADDR" => headers["x-forwarded-for"] || client.peeraddr[3], "HEADERS" => headers,
              "BODY" => body, "puma.worker" => @index }
      status, rh, parts = begin
        @app.call(env)
      rescue StandardError => e
        warn "#{e.class}: #{e.message}\n#{e.backtrace.first(5).join("\n")}"
        [500, { "content-type" => "text/plain" }, ["error"]]
      end
      out = parts.join
      head = +"HTTP/1.1 #{status} #{status == 200 ? "OK" : "Error"}\r\n"
      rh.each { |k, v| head << "#{k}: #{v}\r\n" }
      head << "content-length: #{out.bytesize}\r\nconnection: close\r\n\r\n"
      client.write(head, out)
      client.close
    rescue IOError, SystemCallError
      client&.close rescue nil
    end
  end

  class << self
    attr_accessor :worker_tick # called every 0.1 s on a worker's main thread (heap dumps happen there)
  end

  def self.run
    config = Config.new
    yield config
    Master.new(config).run
  end
end
