# Shared by conf/local-cluster/start and add-worker (sourced, not run): JVM options, fake GPUs,
# starting a daemon JVM, waiting for workers. Expects root, dir and home to be set.

add_opens="@$root/conf/java-add-opens.args" # the --add-opens options Spark needs on Java 17: their one list
# Fake GPUs: each worker offers WORKER_GPUS "gpu" addresses (0..N-1) found by a discovery script, so
# Spark's GPU scheduling assigns them to tasks as on a GPU cluster (nothing runs on them: CPU backend).
worker_gpus="${WORKER_GPUS:-0}"
gpu_opts=""
if [ "$worker_gpus" -gt 0 ]; then
  gpu_opts="-Dspark.worker.resource.gpu.amount=$worker_gpus \
-Dspark.worker.resource.gpu.discoveryScript=$root/conf/local-cluster/fake-gpu-discovery"
fi
export FAKE_GPUS="$worker_gpus"

start_jvm() { # name, class, args...
  local name="$1" class="$2"; shift 2
  local opts=""
  [ "$class" = org.apache.spark.deploy.worker.Worker ] && opts="$gpu_opts"
  # shellcheck disable=SC2086
  # SPARK_LOCAL_IP: the web UIs bind to it (else every interface); --host binds the RPC ports.
  SPARK_LOCAL_IP=127.0.0.1 nohup java -Xmx512m $add_opens $opts -cp "$home/jars/*" "$class" "$@" > "$dir/logs/$name.log" 2>&1 &
  echo $! >> "$dir/pids"
}

# Starts worker number $1 for the master at $2.
start_worker() {
  start_jvm "worker-$1" org.apache.spark.deploy.worker.Worker "$2" --host 127.0.0.1 --webui-port 0 \
    --cores "${WORKER_CORES:-1}" --memory "${WORKER_MEMORY:-3g}" --work-dir "$dir/work/worker-$1"
}

# Waits until the master has registered $1 workers in all; exits 1 (stopping the cluster) if not within 60 s.
wait_for_workers() {
  local expected="$1" registered=0
  for _ in $(seq 1 120); do
    registered="$(grep -c 'Registering worker' "$dir/logs/master.log" || true)"
    [ "$registered" -ge "$expected" ] && return 0
    sleep 0.5
  done
  echo "local-cluster: only $registered of $expected workers registered within 60 s; see $dir/logs" >&2
  "$root/conf/local-cluster/stop" >/dev/null 2>&1 || true
  exit 1
}
