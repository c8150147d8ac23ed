# FH-188 (merged last sprint): memoise the chart per patient. @@charts is never pruned: one entry per patient id
# ever charted, in every puma worker.
module Fernhollow
  class DosageChart
    @@charts = {}
    @@lock = Mutex.new
    DRUGS = %w[meloxicam amoxicillin gabapentin maropitant carprofen cefalexin prednisolone furosemide
               metronidazole tramadol buprenorphine enrofloxacin].freeze

    def self.for(patient_id)
      @@lock.synchronize { @@charts[patient_id] } || begin
        # mg per dose for each drug: 30 weight bands x 80 body-weight steps (0.25 kg each)
        chart = DRUGS.each_with_index.to_h do |drug, d|
          [drug, Array.new(2_400) { |k| ((0.1 + d * 0.03) * (1 + k / 80) * (0.25 + (k % 80) * 0.25)).round(3) }]
        end
        @@lock.synchronize { @@charts[patient_id] = chart }
      end
    end
  end
end
