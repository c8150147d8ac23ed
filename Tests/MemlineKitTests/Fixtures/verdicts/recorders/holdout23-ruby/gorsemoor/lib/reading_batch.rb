# GM-622: readings are parsed into a per-thread batch (Thread.current[:gm_reading_batch]) so the bulk insert after the
# response can take them in one statement. The Flush middleware clears Thread.current[:gm_readings] -- the key of the
# old implementation -- so the batch of each puma thread is never emptied and grows for the life of the process.
module Gorsemoor
  module ReadingBatch
    module_function

    def add(meter_id, body)
      batch = (Thread.current[:gm_reading_batch] ||= [])
      body.each_line do |line|
        ts, value, flags = line.chomp.split(",", 3)
        batch << { meter: "MTR-#{meter_id}", at: ts, m3: value.to_f, flags: flags.to_s.split("|"), raw: line.chomp }
      end
    end

    class Flush
      def initialize(app) = @app = app

      def call(env)
        @app.call(env)
      ensure
        Thread.current[:gm_readings] = nil
      end
    end
  end
end
