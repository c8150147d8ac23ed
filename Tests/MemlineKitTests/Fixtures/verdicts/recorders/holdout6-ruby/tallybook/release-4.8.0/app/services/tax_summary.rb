# VAT summary per tenant (4.8.0). The tenant's context (its rules, compiled once) is memoised in a class-level Hash
# for the life of the worker; each summary is also appended to context.history "so the widget can show the delta
# to the previous call" (TAX-88). Only the last entry is ever read; nothing trims history or evicts a tenant.
class TaxSummary
  RATES = { "DE" => 0.19, "DE-reduced" => 0.07, "AT" => 0.20, "FR" => 0.20, "NL" => 0.21, "reverse-charge" => 0.0 }.freeze
  CONTEXTS = {}

  class TenantContext
    attr_reader :slug, :rules, :history

    def initialize(slug)
      @slug = slug
      @rules = RATES.map { |k, v| { "code" => k, "rate" => v, "label" => "#{k} #{(v * 100).round}% (#{slug})" } }
      @history = []
    end

    def summarize(period, invoices)
      lines = invoices.flat_map do |inv|
        RATES.keys.first(4).map do |code|
          net = inv["total_cents"] * (code.length % 3 + 1) / 7
          { "invoice" => inv["number"], "customer" => inv["customer"], "code" => code, "net_cents" => net,
            "tax_cents" => (net * RATES[code]).round, "note" => "#{period} #{inv["number"]} #{code} #{@slug} booked #{inv["due_on"]}" }
        end
      end
      totals = lines.group_by { |l| l["code"] }.transform_values { |ls| ls.sum { |l| l["tax_cents"] } }
      summary = { "period" => period, "at" => Time.now.to_f, "lines" => lines, "totals" => totals,
                  "rendered" => JSON.generate(lines) }
      @history << summary
      summary
    end
  end

  def self.for(slug) = (CONTEXTS[slug] ||= TenantContext.new(slug))
end
