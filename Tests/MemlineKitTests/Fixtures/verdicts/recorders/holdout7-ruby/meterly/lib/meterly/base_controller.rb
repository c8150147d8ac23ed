module Meterly
  class BaseController
    attr_reader :request, :params

    def initialize(request, params, name, action)
      @request, @params, @name, @action = request, params, name, action
      @status = 200
      @db_ms = 0.0
    end

    def dispatch
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      allocs = GC.stat(:total_allocated_objects)
      body = send(@action)
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      Meterly.logger.info("method=#{request.request_method} path=#{request.path_info} format=json controller=#{@name} " \
                          "action=#{@action} status=#{@status} duration=#{format("%.2f", ms)} view=#{format("%.2f", [ms - @db_ms, 0].max * 0.7)} " \
                          "db=#{format("%.2f", @db_ms)} allocations=#{GC.stat(:total_allocated_objects) - allocs}")
      [@status, { "content-type" => "application/json" }, [body]]
    end

    private

    def db(ms)
      sleep(ms / 1000.0)
      @db_ms += ms
    end
  end
end
