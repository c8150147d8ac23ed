module Wrenmarsh
  # WM-2219: new contact copy for the Christmas peak (text only)
  module Help
    def self.page = "<h1>Help</h1><p>Missed a delivery? Rebook online, choose a Wrenmarsh Point, or call 0345 600 0000 (8am-8pm, 7 days).</p>"
  end
end
