$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "copperleaf"
use Copperleaf::MemoryLogger   # config/initializers/memory_logger.rb: CONSUME MEMORY lines (log/memory.log)
use RequestAudit               # app/middleware/request_audit.rb (CL-311: audit trail of every request)
run Copperleaf::Router.new
