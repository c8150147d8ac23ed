class EventsController < ApplicationController
  def index
    render_rows(query(6 + rand * 10, 400))
  end

  def show
    render_rows(query(3 + rand * 6, 150))
  end
end
