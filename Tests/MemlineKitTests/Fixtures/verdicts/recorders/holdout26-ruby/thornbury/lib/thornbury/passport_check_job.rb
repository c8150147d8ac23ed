module Thornbury
  # Checks one animal's passport and movement history before it is entered into a sale ring.
  class PassportCheckJob
    def self.sample_args
      ["UK#{rand(100_000..999_999)}#{rand(10_000..99_999)}"]
    end

    def perform(ear_tag)
      res = BcmsClient.check(ear_tag)
      sleep 0.02
      res[:status]
    end
  end
end
