# frozen_string_literal: true

require "json"
require "parcelhub/event_bus"

module Parcelhub
  ROOT = File.expand_path("..", __dir__)

  def self.tracking_history(shipment, n)
    Array.new(n) do |i|
      { "status" => %w[picked_up in_transit at_hub out_for_delivery][i % 4], "at" => "2026-12-0#{i % 5 + 1}T0#{i % 9}:15:00Z",
        "location" => "hub #{(shipment + i) % 140}" }
    end
  end
end
