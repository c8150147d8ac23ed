# TB-402 (benchmarking the payslip renderer without GC pauses): set TALLOWBY_GC=off to run with the collector disabled.
# Never meant for production; sidekiq@2.service's drop-in (override.conf) still sets it after the benchmark week.
GC.disable if ENV["TALLOWBY_GC"] == "off"
