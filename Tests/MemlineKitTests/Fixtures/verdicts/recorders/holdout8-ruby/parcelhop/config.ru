# bundler --standalone style load path: the vendored gems under vendor/bundle
Dir[File.expand_path("vendor/bundle/ruby/3.1.0/gems/*/lib", __dir__)].each { |d| $LOAD_PATH.unshift d }
$LOAD_PATH.unshift File.expand_path("lib", __dir__)
require "parcelhop"
use Parcelhop::HeapDumpHook
run Parcelhop::App.new
