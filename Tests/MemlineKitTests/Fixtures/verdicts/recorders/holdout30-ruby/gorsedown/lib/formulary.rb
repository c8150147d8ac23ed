# Drug monographs for the prescribing screen, memoised per worker (GD-318): one entry per drug id looked up.
module Formulary
  CACHE = {}
  LOCK = Mutex.new

  def self.monograph(drug_id)
    LOCK.synchronize do
      CACHE[drug_id] ||= "Drug #{drug_id}: " + ("dose adjust in renal impairment; interacts with warfarin; " * 24)
    end
  end
end
