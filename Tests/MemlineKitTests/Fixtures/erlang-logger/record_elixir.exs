require Logger
sasl = System.get_env("SASL") == "true"
Application.put_env(:logger, :handle_sasl_reports, sasl)
Logger.App.stop()
Application.start(:logger)
defmodule CacheWorker do
  use GenServer
  def start_link(_), do: GenServer.start_link(__MODULE__, :ok, name: :cache_worker)
  def init(:ok), do: {:ok, %{}}
  def handle_info(:crash, _), do: raise("cache overflow")
end
{:ok, _} = Supervisor.start_link([CacheWorker], strategy: :one_for_one, name: :app_sup)
Logger.notice("deploy started: release 2.4.1 (git 9f3c2ab)")
Process.sleep(100)
Process.exit(Process.whereis(:cache_worker), :kill)
Process.sleep(100)
send(Process.whereis(:cache_worker), :crash)
Process.sleep(200)
Logger.info("config change: pool_size 10 -> 20")
Logger.warning("rollback to release 2.4.0 requested")
Process.sleep(200)
