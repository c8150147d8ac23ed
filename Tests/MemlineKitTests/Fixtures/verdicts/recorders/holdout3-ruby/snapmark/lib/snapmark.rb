# frozen_string_literal: true

require "json"
require "snapmark/overlay"
require "snapmark/geo_cache"

module Snapmark
  ROOT = File.expand_path("..", __dir__)
end
