module Api
  module V2
    # GET /api/v2/tenants/:slug/tax_summary?period=2026-Q4 (new in 4.8.0: the VAT widget on the new dashboard)
    class TaxSummariesController < ApplicationController
      def show
        invoices = query(10 + rand(12), 450)
        summary = TaxSummary.for(params["slug"]).summarize(params["period"] || "2026-Q4", invoices)
        JSON.generate(summary.slice("period", "totals"))
      end
    end
  end
end
