class EmployeesController < ApplicationController
  def show = render(employee_formats(params["id"]), query(5 + rand(6), 20))
end
