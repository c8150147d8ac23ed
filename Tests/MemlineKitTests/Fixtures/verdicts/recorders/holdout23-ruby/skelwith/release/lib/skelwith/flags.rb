# FlagSet: shared/config/flags.yml ("name: true|false" lines), re-read when its mtime changes (checked at most every 2 s).
module Skelwith
  module Flags
    PATH = "/srv/skelwith/shared/config/flags.yml"
    @values, @mtime, @checked = {}, nil, 0.0
    @mutex = Mutex.new
    class << self
      attr_accessor :logger

      def on?(name)
        refresh
        @values[name.to_s] == true
      end

      def refresh
        now = Process.clock_gettime(Process::CLOCK_MONOTONIC)
        return if now - @checked < 2.0
        @mutex.synchronize do
          @checked = now
          m = File.mtime(PATH) rescue nil
          return if m == @mtime
          old, @mtime = @values, m
          @values = File.readlines(PATH).filter_map { |l| l =~ /\A\s*([a-z_]+):\s*(true|false)/ && [$1, $2 == "true"] }.to_h
          changed = @values.select { |k, v| old.key?(k) && old[k] != v }
          changed.each { |k, v| logger&.call&.info("[Flags] #{k} #{v ? "enabled" : "disabled"} (shared/config/flags.yml reloaded)") }
        end
      end
    end
  end
end
