# frozen_string_literal: true

module Rack
  class Metrics
    VERSION = "1.2.0"
  end
end
