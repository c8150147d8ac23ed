class DashboardController < ApplicationController
  def show = render(employee_formats(rand(600)), query(15 + rand(10), 40))
end
