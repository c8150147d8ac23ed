# frozen_string_literal: true

require "json"

module Fernway
  ROOT = File.expand_path("..", __dir__)
  RELEASE = File.exist?(File.join(ROOT, "REVISION")) ? File.read(File.join(ROOT, "REVISION")).strip : "dev"
end
