# Fare quotes. SK-1187: with the fare_matrix_memo flag on, the fare matrix built for a quote is memoised so the
# several price lookups of one request share it. The memo is keyed by request id in a module-level hash and never
# cleared after the request, so every quote keeps its matrix (~640 KB) for the life of the worker.
module Skelwith
  module FareMatrix
    MEMO = {}
    BANDS = %w[adult child senior family bike dog]

    module_function

    def matrix(route, date)
      Array.new(80_000) { |i| (route.hash ^ date.hash ^ i) & 0xffff_ffff }
    end

    def memo_matrix(route, date, request_id)
      MEMO[[request_id, route, date]] ||= matrix(route, date)
    end

    def quote(route, date, request_id)
      m = Flags.on?(:fare_matrix_memo) ? memo_matrix(route, date, request_id) : matrix(route, date)
      prices = BANDS.each_with_index.map { |b, i| "\"#{b}\":#{(m[i * 97] % 4000) / 100.0 + 3}" }
      "{\"route\":\"#{route}\",\"date\":\"#{date}\",#{prices.join(",")}}"
    end
  end
end
