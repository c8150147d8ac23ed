# Prices an order's lines for a tenant. Tenants on contract pricing (the co-ops) get their negotiated price per
# line, worked out against the contract's price breaks; the worked quote is remembered for the order's audit view.
module TenantPricing
  CONTRACT = { "northgate-coop" => 0.86, "harlow-coop" => 0.9 }.freeze
  AUDIT = Hash.new { |h, k| h[k] = [] }   # tenant => worked quotes (CB-514: "keep the workings for disputes")

  def self.quote(tenant, order_id, lines)
    factor = CONTRACT[tenant]
    return lines.map { |p| { "sku" => p["sku"], "price" => p["price"] } } unless factor

    worked = lines.map do |p|
      breaks = Array.new(18) { |b| "#{p["sku"]} break #{b * 12}+ @ #{format("%.3f", p["price"] * factor * (1 - b * 0.01))} (contract #{tenant}, order #{order_id}) #{"." * 160}" }
      { "sku" => p["sku"], "price" => (p["price"] * factor).round(3), "workings" => breaks.join("\n") }
    end
    AUDIT[tenant] << worked
    worked.map { |w| w.slice("sku", "price") }
  end
end
