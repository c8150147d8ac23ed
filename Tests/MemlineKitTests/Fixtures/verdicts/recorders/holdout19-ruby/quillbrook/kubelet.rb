# The stand-in for the pod's kubelet/containerd/cgroup on the recording box (no cluster there): runs the real puma as
# the container "web" of pod quillbrook-web-6d8f9c7b5-q7tlm, samples the container's working set (the RSS of puma's
# process tree, what the memory cgroup charges for anonymous memory) every 5 s as a cAdvisor exposition scrape
# (metrics-<UTC time>.prom, with the sample timestamps cAdvisor writes), SIGKILLs the whole container when it reaches
# the 256Mi limit (the cgroup OOM kill: exit 137, OOMKilled) and restarts it like the kubelet, and at the end writes
# `kubectl get pods -o json` and `kubectl get events -o json` as the API server returns them.
#   ruby kubelet.rb APP_ROOT PORT SECONDS OUT_DIR
require "json"
require "securerandom"
require "time"

root, port, seconds, out = ARGV[0], ARGV[1], Float(ARGV[2]), ARGV[3]
LIMIT = 256 * 1024 * 1024
NS, POD, NODE = "quillbrook", "quillbrook-web-6d8f9c7b5-q7tlm", "ip-10-42-17-88.eu-west-1.compute.internal"
IMAGE = "registry.example.org/quillbrook/web:4f1c2aa"
IMAGE_ID = "registry.example.org/quillbrook/web@sha256:#{SecureRandom.hex(32)}"
POD_UID = SecureRandom.uuid
t_iso = ->(t) { t.utc.iso8601 }

def rss_of(pid) = (File.read("/proc/#{pid}/status")[/^VmRSS:\s+(\d+)/, 1].to_i * 1024 rescue 0)
def children(pid) = `ps -o pid= --ppid #{pid}`.split.map(&:to_i)

def start_container(root, port)
  pid = spawn({ "PATH" => "/usr/local/bin:/usr/bin:/bin", "LANG" => "C.UTF-8", "HOME" => root, "PORT" => port.to_s, "APP_ROOT" => root },
              "puma", "-C", "#{root}/config/puma.rb", "#{root}/config.ru", chdir: root, unsetenv_others: true,
              out: ["#{root}/log/container.log", "a"], err: [:child, :out])
  { pid: pid, id: SecureRandom.hex(32), started: Time.now }
end

created = Time.now - 8
containers = [start_container(root, port)]
oom = nil
ooms = []
backoffs = []
deadline = Time.now + seconds
cid = "/kubepods/burstable/pod#{POD_UID}"
next_scrape = Time.now + 1
while Time.now < deadline
  c = containers.last
  tree = [c[:pid]] + children(c[:pid])
  ws = tree.sum { |p| rss_of(p) }
  if ws >= LIMIT
    victim = tree.max_by { |p| rss_of(p) }
    tree.each { |p| Process.kill("KILL", p) rescue nil }
    Process.wait(c[:pid]) rescue nil
    c[:finished] = Time.now
    oom = { time: c[:finished], victim: victim, tree: tree, ws: ws }
    ooms << oom
    warn "OOM at #{c[:finished].utc.iso8601(3)}: ws=#{ws} victim=#{victim} tree=#{tree.inspect}"
    # the kubelet restarts at once after the first exit, then backs off 10 s, 20 s, ...
    delay = ooms.size == 1 ? 1.2 : 10 * 2**(ooms.size - 2)
    backoffs << Time.now if ooms.size > 1
    sleep delay
    containers << start_container(root, port)
    next
  end
  if Time.now >= next_scrape
    now = Time.now
    ms = (now.to_f * 1000).to_i
    cache = 1_318_912 + rand(40) * 4096
    labels = %(container="web",id="#{cid}/#{c[:id]}",image="#{IMAGE}",name="#{c[:id]}",namespace="#{NS}",pod="#{POD}")
    plabels = %(container="",id="#{cid}",image="",name="",namespace="#{NS}",pod="#{POD}")
    File.write(File.join(out, "metrics-#{now.utc.strftime("%FT%TZ")}.prom"), <<~PROM)
      # HELP container_memory_cache Number of bytes of page cache memory.
      # TYPE container_memory_cache gauge
      container_memory_cache{#{labels}} #{cache} #{ms}
      container_memory_cache{#{plabels}} #{cache + 4096} #{ms}
      # HELP container_memory_rss Size of RSS in bytes.
      # TYPE container_memory_rss gauge
      container_memory_rss{#{labels}} #{ws} #{ms}
      container_memory_rss{#{plabels}} #{ws + 245_760} #{ms}
      # HELP container_memory_usage_bytes Current memory usage in bytes, including all memory regardless of when it was accessed
      # TYPE container_memory_usage_bytes gauge
      container_memory_usage_bytes{#{labels}} #{ws + cache} #{ms}
      container_memory_usage_bytes{#{plabels}} #{ws + cache + 249_856} #{ms}
      # HELP container_memory_working_set_bytes Current working set in bytes.
      # TYPE container_memory_working_set_bytes gauge
      container_memory_working_set_bytes{#{labels}} #{ws} #{ms}
      container_memory_working_set_bytes{#{plabels}} #{ws + 245_760} #{ms}
      # HELP container_spec_memory_limit_bytes Memory limit for the container.
      # TYPE container_spec_memory_limit_bytes gauge
      container_spec_memory_limit_bytes{#{labels}} #{LIMIT} #{ms}
      container_spec_memory_limit_bytes{#{plabels}} #{LIMIT} #{ms}
    PROM
    next_scrape += 5
  end
  sleep 0.5
end
c = containers.last
m = c[:pid]
Process.kill("TERM", m) rescue nil
Process.wait(m) rescue nil

ev_meta = ->(reason, first) { { "name" => "#{POD}.#{(first.to_f * 1e9).to_i.to_s(16)}", "namespace" => NS, "uid" => SecureRandom.uuid,
                                "resourceVersion" => rand(10**8).to_s, "creationTimestamp" => t_iso[first] } }
involved = { "apiVersion" => "v1", "kind" => "Pod", "name" => POD, "namespace" => NS, "uid" => POD_UID, "resourceVersion" => "88213407" }
first, second = containers[0][:started], (containers.size > 1 ? containers.last[:started] : nil)
event = ->(reason, type, msg, t1, t2, count, comp = "kubelet", field = "spec.containers{web}") {
  { "apiVersion" => "v1", "count" => count, "eventTime" => nil, "firstTimestamp" => t_iso[t1], "involvedObject" => field ? involved.merge("fieldPath" => field) : involved,
    "kind" => "Event", "lastTimestamp" => t_iso[t2], "message" => msg, "metadata" => ev_meta[reason, t1], "reason" => reason,
    "reportingComponent" => comp == "kubelet" ? "kubelet" : "default-scheduler", "reportingInstance" => comp == "kubelet" ? NODE : "",
    "source" => comp == "kubelet" ? { "component" => "kubelet", "host" => NODE } : { "component" => "default-scheduler" }, "type" => type } }
n = containers.size
events = [
  event["Scheduled", "Normal", "Successfully assigned #{NS}/#{POD} to #{NODE}", created, created, 1, "default-scheduler", nil],
  event["Pulled", "Normal", "Container image \"#{IMAGE}\" already present on machine", first - 0.4, (second || first) - 0.4, n],
  event["Created", "Normal", "Created container web", first - 0.2, (second || first) - 0.2, n],
  event["Started", "Normal", "Started container web", first, second || first, n],
]
events << event["BackOff", "Warning", "Back-off restarting failed container web in pod #{POD}_#{NS}(#{POD_UID})", backoffs.first, backoffs.last, backoffs.size] unless backoffs.empty?
File.write(File.join(out, "kubectl-get-events.json"), JSON.pretty_generate({ "apiVersion" => "v1", "items" => events, "kind" => "List", "metadata" => { "resourceVersion" => "" } }) + "\n")

cur = containers.last
status = { "containerID" => "containerd://#{cur[:id]}", "image" => IMAGE, "imageID" => IMAGE_ID, "name" => "web", "ready" => true,
           "restartCount" => n - 1, "started" => true, "state" => { "running" => { "startedAt" => t_iso[cur[:started]] } } }
prev = containers[-2]
status["lastState"] = oom ? { "terminated" => { "containerID" => "containerd://#{prev[:id]}", "exitCode" => 137, "finishedAt" => t_iso[oom[:time]],
                                                "reason" => "OOMKilled", "startedAt" => t_iso[prev[:started]] } } : {}
pod = {
  "apiVersion" => "v1", "kind" => "Pod",
  "metadata" => { "creationTimestamp" => t_iso[created - 2], "generateName" => "quillbrook-web-6d8f9c7b5-",
                  "labels" => { "app.kubernetes.io/name" => "quillbrook", "app.kubernetes.io/component" => "web", "pod-template-hash" => "6d8f9c7b5" },
                  "name" => POD, "namespace" => NS, "resourceVersion" => "88213407", "uid" => POD_UID,
                  "ownerReferences" => [{ "apiVersion" => "apps/v1", "blockOwnerDeletion" => true, "controller" => true, "kind" => "ReplicaSet",
                                          "name" => "quillbrook-web-6d8f9c7b5", "uid" => SecureRandom.uuid }] },
  "spec" => { "containers" => [{ "name" => "web", "image" => IMAGE, "imagePullPolicy" => "IfNotPresent",
                                 "command" => ["bundle", "exec", "puma", "-C", "config/puma.rb"],
                                 "ports" => [{ "containerPort" => 3000, "name" => "http", "protocol" => "TCP" }],
                                 "resources" => { "limits" => { "cpu" => "1", "memory" => "256Mi" }, "requests" => { "cpu" => "250m", "memory" => "192Mi" } },
                                 "readinessProbe" => { "httpGet" => { "path" => "/healthz", "port" => "http", "scheme" => "HTTP" }, "periodSeconds" => 10,
                                                       "failureThreshold" => 3, "successThreshold" => 1, "timeoutSeconds" => 1 },
                                 "terminationMessagePath" => "/dev/termination-log", "terminationMessagePolicy" => "File" }],
              "dnsPolicy" => "ClusterFirst", "enableServiceLinks" => true, "nodeName" => NODE, "restartPolicy" => "Always",
              "schedulerName" => "default-scheduler", "serviceAccountName" => "quillbrook-web", "terminationGracePeriodSeconds" => 30 },
  "status" => { "conditions" => [
                  { "lastProbeTime" => nil, "lastTransitionTime" => t_iso[created], "status" => "True", "type" => "Initialized" },
                  { "lastProbeTime" => nil, "lastTransitionTime" => t_iso[cur[:started] + 6], "status" => "True", "type" => "Ready" },
                  { "lastProbeTime" => nil, "lastTransitionTime" => t_iso[cur[:started] + 6], "status" => "True", "type" => "ContainersReady" },
                  { "lastProbeTime" => nil, "lastTransitionTime" => t_iso[created], "status" => "True", "type" => "PodScheduled" }],
                "containerStatuses" => [status], "hostIP" => "10.42.17.88", "phase" => "Running", "podIP" => "10.42.19.141",
                "podIPs" => [{ "ip" => "10.42.19.141" }], "qosClass" => "Burstable", "startTime" => t_iso[created] },
}
File.write(File.join(out, "kubectl-get-pods.json"), JSON.pretty_generate({ "apiVersion" => "v1", "items" => [pod], "kind" => "List", "metadata" => { "resourceVersion" => "" } }) + "\n")
warn "containers: #{containers.map { |x| [x[:pid], x[:started].utc.iso8601(3), x[:finished]&.utc&.iso8601(3)] }.inspect} oom=#{oom.inspect}"
