class CartsController < ApplicationController
  def show
    render_rows(query(2 + rand * 3, 40))
  end
end
