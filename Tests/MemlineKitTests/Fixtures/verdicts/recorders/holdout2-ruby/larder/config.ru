$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "larder/web"
run Larder::Web.new
