class CustomersController < ApplicationController
  def show = render_rows(query(6 + rand(8), 40))
end
