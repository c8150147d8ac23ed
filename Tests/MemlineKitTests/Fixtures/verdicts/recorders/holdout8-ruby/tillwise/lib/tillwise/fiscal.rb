# Fiscal signing (KassenSichV-style): every receipt is signed by the TSE gateway and the signed payload is kept in
# the export journal until Fiscal::JournalFlushJob writes it out. TW-702 moved signing to Sidekiq; the flush job
# was left in the old cron file and never runs on the new host.
module Tillwise
  module Fiscal
    JOURNAL = []        # [[receipt_id, signed_xml, meta], …] waiting for the flush
    LOCK = Mutex.new

    def self.sign(receipt_id, lines)
      body = lines.map { |l| "<line sku=\"#{l[:sku]}\" qty=\"#{l[:qty]}\" net=\"#{l[:net]}\" vat=\"#{l[:vat]}\"/>" }.join
      xml = "<receipt id=\"#{receipt_id}\" tse=\"TSE-4471\">#{body}</receipt>"
      sig = Digest::SHA256.hexdigest(xml)
      signed = xml + "<signature alg=\"ecdsa-plain-SHA256\">#{sig * 8}</signature>"
      # the printed receipt as the till renders it (PNG, base64) travels with the journal entry
      png = [Random.bytes(rand(60_000..100_000))].pack("m0")
      meta = { receipt_id: receipt_id, signed_at: Time.now.utc.iso8601(3), counter: rand(10**9), qr: (sig * 24), png: png }
      LOCK.synchronize { JOURNAL << [receipt_id, signed, meta] }
      sig
    end
  end
end
