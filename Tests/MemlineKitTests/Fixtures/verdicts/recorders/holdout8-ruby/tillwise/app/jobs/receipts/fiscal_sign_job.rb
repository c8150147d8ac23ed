module Receipts
  # Signs one finished receipt (TW-702). Culprit: Fiscal.sign keeps the signed payload in Fiscal::JOURNAL
  class FiscalSignJob
    def perform(receipt_id, store_id)
      rng = Random.new(receipt_id)
      lines = Array.new(rng.rand(140..260)) do
        { sku: "SKU-#{rng.rand(10**6)}-#{store_id}", qty: rng.rand(1..4), net: format("%.2f", rng.rand * 12), vat: "7" }
      end
      Tillwise::Fiscal.sign(receipt_id, lines)
      sleep 0.05 + rng.rand * 0.1 # TSE gateway round trip
    end
  end
end
