class VenuesController < ApplicationController
  def show
    render_rows(query(2 + rand * 5, 220))
  end
end
