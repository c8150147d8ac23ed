require "hyphen/hyphen"

module Hyphen
  def self.dictionary(lang = "en_GB") = (@dictionaries ||= {})[lang] ||= Dictionary.new(lang)
end
