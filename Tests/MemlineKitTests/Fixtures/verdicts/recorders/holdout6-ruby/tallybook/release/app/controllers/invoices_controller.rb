class InvoicesController < ApplicationController
  def index = render_rows(query(8 + rand(18), 50))
  def show = render_rows(query(4 + rand(6), 24))
end
