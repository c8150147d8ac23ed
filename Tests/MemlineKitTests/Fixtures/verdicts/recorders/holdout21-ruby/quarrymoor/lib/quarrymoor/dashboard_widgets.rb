# The tenant dashboard's widgets. QM-301 ("legacy widget layout" for tenants still on the 2019 layout, only
# harrowgate-foods now): the legacy path keeps each rendered layout in LAYOUT_HISTORY[tenant] so the "undo layout
# change" button can go back to it. Nothing trims the history; every other tenant takes the plain path.
module Quarrymoor
  module DashboardWidgets
    LEGACY_TENANTS = %w[harrowgate-foods].freeze
    LAYOUT_HISTORY = Hash.new { |h, k| h[k] = [] }

    def self.render(tenant)
      widgets = Array.new(24) { |i| "<section class='w#{i}'>#{tenant} #{"tile " * 40}</section>" }
      return widgets.join unless LEGACY_TENANTS.include?(tenant)

      layout = Array.new(6_500) { |i| "<div data-col='#{i % 12}' data-row='#{i / 12}'>#{widgets[i % 24][0, 90]}</div>" }
      LAYOUT_HISTORY[tenant] << layout
      layout.first(24).join
    end
  end
end
