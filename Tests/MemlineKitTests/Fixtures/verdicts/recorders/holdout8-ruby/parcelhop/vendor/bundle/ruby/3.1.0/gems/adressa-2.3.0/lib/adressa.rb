# adressa 2.3.0: postal address normalisation for DACH addresses (street, number, zip, city), with a memo so the
# same address typed again is not parsed twice.
require "adressa/version"
require "adressa/normalizer"

module Adressa
  def self.normalize(raw) = Normalizer.default.normalize(raw)
end
