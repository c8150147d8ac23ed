# Feature flags (Flipper's YAML-file stand-in, HM-301): config/flags.yml, reread when its mtime changes.
require "yaml"
module Hollowmere
  module Flags
    PATH = "/srv/hollowmere/shared/config/flags.yml"
    @mtime = nil
    @flags = {}
    LOCK = Mutex.new
    def self.enabled?(name)
      LOCK.synchronize do
        m = File.mtime(PATH) rescue nil
        if m != @mtime
          @mtime = m
          @flags = m ? (YAML.safe_load(File.read(PATH)) || {}) : {}
          Log.emit("info", "Flipper", "Loaded feature flags from config/flags.yml", payload: @flags)
        end
        @flags[name.to_s] == true
      end
    end
  end
end
