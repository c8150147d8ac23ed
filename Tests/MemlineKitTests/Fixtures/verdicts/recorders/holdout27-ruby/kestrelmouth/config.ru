$LOAD_PATH.unshift File.expand_path("lib", __dir__)
$LOAD_PATH.unshift File.expand_path("vendor/gems/hyphen-0.4.2/lib", __dir__)
require "kestrelmouth"
run Kestrelmouth::App.new
