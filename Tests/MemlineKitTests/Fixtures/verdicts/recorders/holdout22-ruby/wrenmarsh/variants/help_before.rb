module Wrenmarsh
  module Help
    def self.page = "<h1>Help</h1><p>Missed a delivery? Rebook online or call 0345 600 0000.</p>"
  end
end
