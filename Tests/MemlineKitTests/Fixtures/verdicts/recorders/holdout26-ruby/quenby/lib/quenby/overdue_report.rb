module Quenby
  # QL-58: overdue notices for a branch as one PDF for the counter staff: every open loan is loaded, the overdue ones
  # are laid out page by page, and the pages are joined into one document.
  module OverdueReport
    module_function

    def render(branch)
      loans = Array.new(120_000) { |i| { loan: i, patron: "P#{i * 13 % 10**6}", book: i * 7 % 90_000, due: "2026-11-#{i % 28 + 1}", branch: branch } }
      overdue = loans.select { |l| l[:loan] % 3 != 0 }
      pages = overdue.each_slice(40).map { |sl| sl.map { |l| "#{l[:patron]} #{l[:book]} due #{l[:due]}".ljust(96) }.join("\n") }
      sleep 1.5 # fonts, layout
      "%PDF-1.4\n" + pages.join("\n\f\n") + "\n%%EOF\n"
    end
  end
end
