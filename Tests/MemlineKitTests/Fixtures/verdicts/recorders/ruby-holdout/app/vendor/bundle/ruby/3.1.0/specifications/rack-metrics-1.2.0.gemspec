# -*- encoding: utf-8 -*-
# stub: rack-metrics 1.2.0 ruby lib

Gem::Specification.new do |s|
  s.name = "rack-metrics".freeze
  s.version = "1.2.0"

  s.required_rubygems_version = Gem::Requirement.new(">= 0".freeze) if s.respond_to? :required_rubygems_version=
  s.require_paths = ["lib".freeze]
  s.authors = ["Tillpoint Platform Team".freeze]
  s.files = ["lib/rack/metrics.rb".freeze, "lib/rack/metrics/version.rb".freeze]
  s.licenses = ["MIT".freeze]
  s.required_ruby_version = Gem::Requirement.new(">= 2.7".freeze)
  s.summary = "Request metrics middleware for Rack apps".freeze

  s.add_runtime_dependency(%q<rack>.freeze, [">= 2.0"])
end
