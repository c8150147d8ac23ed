require "yaml"

module Pennock
  # Runtime settings (PN-19): ops change them from the settings admin, which rewrites shared/runtime_settings.yml; each
  # worker re-reads the file when its mtime changes (checked at most every 2 s) and logs what changed.
  module RuntimeSettings
    PATH = "/srv/pennock/shared/runtime_settings.yml"
    @values = {}
    @mtime = nil
    @checked = 0.0

    def self.[](key) = @values[key]

    def self.refresh
      now = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      return if now - @checked < 2
      @checked = now
      mtime = File.mtime(PATH)
      return if mtime == @mtime
      fresh = YAML.safe_load(File.read(PATH))
      if @mtime
        fresh.each do |k, v|
          next if @values[k] == v
          LOGGER.warn("RuntimeSettings reloaded from #{PATH}: #{k} changed #{@values[k].inspect} -> #{v.inspect}")
        end
      else
        LOGGER.info("RuntimeSettings loaded from #{PATH}: #{fresh.map { |k, v| "#{k}=#{v}" }.join(" ")}")
      end
      @values, @mtime = fresh, mtime
    end
  end
end
