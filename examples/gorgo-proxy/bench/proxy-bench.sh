#!/usr/bin/env bash
# Proxy overhead and stream-capacity benchmark (results go to docs/benchmarks.md).
#
#   examples/gorgo-proxy/bench/proxy-bench.sh            # both parts
#   PART=overhead examples/gorgo-proxy/bench/proxy-bench.sh
#   PART=streams STREAMS=5000 examples/gorgo-proxy/bench/proxy-bench.sh
#
# Part 1 (overhead): one emulated SGLang replica with zero model time and zero network delay.
# wrk (closed loop, non-streaming chat requests of 1 output token) runs against the replica
# directly, then against the proxy in front of the same replica, with 1 connection (pure overhead)
# and with CONC connections (throughput). Added latency = proxy percentile - direct percentile;
# throughput = the proxy's requests/s. The CPU time the emulator and the proxy spent per request
# is printed too (from /proc/<pid>/stat), which says where the two cores went.
#
# Part 2 (streams): two emulated replicas running slowly (time scale 0.05, so each stream lasts
# seconds), the proxy in front, and STREAMS concurrent streaming chat requests opened by
# SseStreamLoad (virtual threads, one socket each). Reports failures, the peak number of streams
# open at once, and the proxy process's resident memory (sampled every second, plus VmHWM).
#
# Everything runs on this machine (load generator included) over loopback. Needs wrk and curl.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
OUT=${OUT:-$ROOT/examples/gorgo-proxy/target/bench}
PART=${PART:-all}
CONC=${CONC:-64}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-10s}
STREAMS=${STREAMS:-5000}
STREAM_TOKENS=${STREAM_TOKENS:-20}
RAMP=${RAMP:-500}
EMU_PORT=${EMU_PORT:-31000}
PROXY_PORT=${PROXY_PORT:-18000}
PROXY_HEAP=${PROXY_HEAP:-512m}
MODEL=gorgo-emulated-7b

# shellcheck source=/dev/null
. "$ROOT/scripts/find-jdk.sh"
gorgo_find_jdk
JAVA="$JAVA_HOME/bin/java"
command -v wrk >/dev/null || { echo "error: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
mkdir -p "$OUT"

echo "building test classpath ..."
(cd "$ROOT" && mvn -B -q -o -pl examples/gorgo-proxy -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=test -Dspotless.check.skip)
CP="$ROOT/examples/gorgo-proxy/target/classes:$ROOT/examples/gorgo-proxy/target/test-classes:$(cat "$OUT/cp.txt")"

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

wait_http() { # url
  for _ in $(seq 1 100); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "error: $1 did not come up" >&2; exit 1
}

start_emulator() { # time-scale, replica args...
  local scale=$1; shift
  "$JAVA" -Xmx1g -cp "$CP" dev.gorgo.emulator.Emulator --time-scale "$scale" \
    --max-running 8192 --kv-capacity 100000000 "$@" >"$OUT/emulator.log" 2>&1 &
  EMU_PID=$!; PIDS+=("$EMU_PID")
}

start_proxy() { # config file
  "$JAVA" -Xmx"$PROXY_HEAP" -cp "$CP" dev.gorgo.proxy.ProxyMain --config "$1" >"$OUT/proxy.log" 2>&1 &
  PROXY_PID=$!; PIDS+=("$PROXY_PID")
  wait_http "http://127.0.0.1:$PROXY_PORT/health"
}

stop_all() { cleanup; PIDS=(); }

proxy_config() { # file, backends yaml lines
  local file=$1; shift
  {
    echo "listen: {host: 127.0.0.1, port: $PROXY_PORT}"
    echo "policy: gorgo"
    echo "queue: {maxQueued: 20000, timeout: 120s}"
    echo "timeouts: {idle: 300s}"
    echo "backends:"
    for b in "$@"; do echo "  - $b"; done
  } >"$file"
}

cat >"$OUT/chat.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"$MODEL","max_tokens":1,"messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"What is the capital of France? Answer in one word."}]}'
EOF

cpu_ticks() { # pid -> utime+stime in clock ticks
  awk '{print $14 + $15}' "/proc/$1/stat"
}

run_wrk() { # label url connections
  local conns=${3:-$CONC} e0 p0 e1 p1 n tck threads=2
  [ "$conns" -ge 2 ] || threads=1
  wrk -t"$threads" -c"$conns" -d"$WARMUP" -s "$OUT/chat.lua" "$2/v1/chat/completions" >/dev/null
  e0=$(cpu_ticks "$EMU_PID"); p0=$(cpu_ticks "$PROXY_PID")
  wrk -t"$threads" -c"$conns" -d"$DURATION" --latency -s "$OUT/chat.lua" "$2/v1/chat/completions" | tee "$OUT/wrk-$1.txt"
  e1=$(cpu_ticks "$EMU_PID"); p1=$(cpu_ticks "$PROXY_PID")
  n=$(awk '/requests in/{print $1}' "$OUT/wrk-$1.txt")
  tck=$(getconf CLK_TCK)
  # CPU cost per request (us): where the machine's two cores go.
  echo "cpu per request: emulator $(( (e1 - e0) * 1000000 / tck / n )) us, proxy $(( (p1 - p0) * 1000000 / tck / n )) us" | tee -a "$OUT/wrk-$1.txt"
}

if [ "$PART" = all ] || [ "$PART" = overhead ]; then
  echo "== overhead: concurrency $CONC, $DURATION, zero model time"
  start_emulator inf --replica "r0@local:0ms:$EMU_PORT"
  wait_http "http://127.0.0.1:$EMU_PORT/v1/models"
  proxy_config "$OUT/proxy-overhead.yaml" "{id: r0, url: \"http://127.0.0.1:$EMU_PORT\", region: local, maxRunning: 8192}"
  start_proxy "$OUT/proxy-overhead.yaml"
  run_wrk direct-c1 "http://127.0.0.1:$EMU_PORT" 1
  run_wrk proxy-c1 "http://127.0.0.1:$PROXY_PORT" 1
  run_wrk direct "http://127.0.0.1:$EMU_PORT"
  run_wrk proxy "http://127.0.0.1:$PROXY_PORT"
  grep -E "Non-2xx|Socket errors" "$OUT"/wrk-*.txt || true
  stop_all
fi

if [ "$PART" = all ] || [ "$PART" = streams ]; then
  echo "== streams: $STREAMS concurrent SSE streams, $STREAM_TOKENS tokens each"
  start_emulator 0.05 --replica "s0@local:0ms:$EMU_PORT" --replica "s1@local:0ms:$((EMU_PORT + 1))"
  wait_http "http://127.0.0.1:$EMU_PORT/v1/models"
  wait_http "http://127.0.0.1:$((EMU_PORT + 1))/v1/models"
  proxy_config "$OUT/proxy-streams.yaml" \
    "{id: s0, url: \"http://127.0.0.1:$EMU_PORT\", region: local, maxRunning: 8192}" \
    "{id: s1, url: \"http://127.0.0.1:$((EMU_PORT + 1))\", region: local, maxRunning: 8192}"
  start_proxy "$OUT/proxy-streams.yaml"
  : >"$OUT/rss.txt"
  ( while kill -0 "$PROXY_PID" 2>/dev/null; do
      awk '/VmRSS/{print $2}' "/proc/$PROXY_PID/status" >>"$OUT/rss.txt" 2>/dev/null || true; sleep 1
    done ) &
  SAMPLER=$!; PIDS+=("$SAMPLER")
  set +e
  "$JAVA" -Xmx1g -cp "$CP" dev.gorgo.proxy.bench.SseStreamLoad 127.0.0.1 "$PROXY_PORT" "$STREAMS" \
    "$STREAM_TOKENS" "$RAMP" "$MODEL" | tee "$OUT/streams.txt"
  LOAD_RC=${PIPESTATUS[0]}
  set -e
  echo "proxy peak RSS (sampled): $(sort -n "$OUT/rss.txt" | tail -1) kB;" \
    "VmHWM: $(awk '/VmHWM/{print $2}' "/proc/$PROXY_PID/status") kB;" \
    "threads now: $(awk '/Threads/{print $2}' "/proc/$PROXY_PID/status")" | tee -a "$OUT/streams.txt"
  curl -s "http://127.0.0.1:$PROXY_PORT/proxy/metrics/summary" >"$OUT/streams-summary.json"
  stop_all
  exit "$LOAD_RC"
fi
