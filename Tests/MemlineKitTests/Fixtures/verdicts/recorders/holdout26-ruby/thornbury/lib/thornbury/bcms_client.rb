module Thornbury
  # Cattle movement checks against the national tracing service. TB-118: the signed movement certificate of every
  # checked passport is kept for the sale-day paperwork, keyed by ear tag and check time.
  module BcmsClient
    CERTIFICATES = {}
    LOCK = Mutex.new

    module_function

    def check(ear_tag)
      cert = Random.bytes(36_000 + ear_tag.hash.abs % 8_000)   # the signed PDF the service returns (stand-in)
      status = ear_tag.end_with?("7") ? "movement_pending" : "clear"
      LOCK.synchronize { CERTIFICATES["#{ear_tag}@#{Time.now.to_f}"] = cert }
      { ear_tag: ear_tag, status: status, bytes: cert.bytesize }
    end
  end
end
