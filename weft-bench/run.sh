#!/usr/bin/env bash
# Load benchmark of the signaling node against the Node servers people run (docs/benchmarks-load.md).
# One command per workload; every system runs the same workload with the same settings in the same run,
# one after the other, ROUNDS times (alternating). Loopback only.
#
#   weft-bench/run.sh relay         # peak relay msg/s, 200 B (candidate) and 2048 B (offer) frames
#   weft-bench/run.sh latency       # per system: its 200 B peak, then p50/p99/p999 at 10/50/90 % of it
#   weft-bench/run.sh connections   # idle registered sockets: RSS (and JVM live heap) per connection
#   weft-bench/run.sh churn         # connect + register + disconnect cycles per second
#
# Env: ROUNDS (2), RATES (latency: fixed msg/s to measure besides 10/50/90 % of the peak), LATENCY_ARGS (extra
# options for the latency generator, e.g. --busy-poll), SYSTEMS (default below), DURATION (s measured, 8), WARMUP (s, 4), PAIRS (50), WINDOW (8),
# COUNT (connections, 19000: this container's hard RLIMIT_NOFILE is 20000), CONCURRENCY (churn, 32), CHURN_WARMUP (s, 15),
# SERVER_CPU / GEN_CPU (taskset cores, 1 / 0), WEFT_JVM (server JVM flags), GEN_JVM (the generator's), NO_BUILD=1, PROFILE=1 (JFR on Weft).
# Systems: echo (the generator's ceiling), weft-baseline (the node jar in BASELINE_JAR, native), weft-native, weft-classic, weft-peerjs (one Weft node, its three
# endpoints), weft-cluster (two Weft nodes and a redis-server; each pair spans both nodes), seed-ws (seed 003's
# Node ws server, anchors/seed-ws), peerserver (npm peer 1.0.2, anchors/peerserver).
# Raw output: weft-bench/target/bench/<workload>-<time>/ (results.txt = RESULT lines, table.md, logs).
# Wrap runs on the shared machine in: flock /work/wt/bench.lock weft-bench/run.sh ...
set -euo pipefail
cd "$(dirname "$0")/.."
WORKLOAD=${1:?usage: weft-bench/run.sh relay|latency|connections|churn}
ROUNDS=${ROUNDS:-2}
SYSTEMS=${SYSTEMS:-"echo weft-native weft-classic weft-peerjs weft-cluster seed-ws peerserver"}
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-4}
PAIRS=${PAIRS:-50}
WINDOW=${WINDOW:-8}
COUNT=${COUNT:-19000}
CONCURRENCY=${CONCURRENCY:-32}
SERVER_CPU=${SERVER_CPU:-1}
GEN_CPU=${GEN_CPU:-0}
WEFT_JVM=${WEFT_JVM:-"-Xms64m -Xmx1g"}
RATES=${RATES:-}
LATENCY_ARGS=${LATENCY_ARGS:-}
# The generator: a fixed heap with a young generation large enough that no collection falls in a latency window
# (it allocates ~50 B per message), touched up front so page faults do not either. Pinned to one core the JVM
# would pick SerialGC anyway; it is named so the choice does not depend on the core count.
GEN_JVM=${GEN_JVM:-"-Xms3g -Xmx3g -Xmn2g -XX:+UseSerialGC -XX:+AlwaysPreTouch"}
OUT=weft-bench/target/bench/$WORKLOAD-$(date -u +%Y%m%dT%H%M%S)
mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)"

if [[ "${NO_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -ntp -q -o -pl weft-bench -am install -DskipTests
fi
for a in seed-ws peerserver; do
  [[ -d weft-bench/anchors/$a/node_modules ]] || (cd weft-bench/anchors/$a && npm ci --no-audit --no-fund >/dev/null)
done
# Copies, so a build during the run cannot change the jars under running servers.
cp weft-bench/target/weft-bench.jar weft-node/target/weft-node.jar "$OUT/"
BENCH=$OUT/weft-bench.jar
NODE_JAR=$OUT/weft-node.jar

PIDS=()
stop_all() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  PIDS=()
}
trap stop_all EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_log() { # $1 file, $2 text
  for _ in $(seq 300); do grep -q "$2" "$1" 2>/dev/null && return; sleep 0.1; done
  echo "server did not start: $1" >&2; cat "$1" >&2; exit 1
}
server() { # $1 log name, then the command; pinned to SERVER_CPU
  : > "$OUT/$1.log"   # truncate here, not in the background child, so a READY line cannot be the last round's
  taskset -c "$SERVER_CPU" "${@:2}" >> "$OUT/$1.log" 2>&1 &
  PIDS+=($!)
}

start_weft() { # $1 log name, $2 port, then extra flags
  local jfr=""
  [[ "${PROFILE:-0}" == 1 ]] && jfr="-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:StartFlightRecording=filename=$OUT/$1.jfr,settings=profile"
  server "$1" java $WEFT_JVM $jfr -Dlogback.configurationFile=/dev/null -jar "$NODE_JAR" --host 127.0.0.1 --port "$2" \
    --turn-port 0 --rate-limit 1000000 --max-connections 200000 --peerjs-concurrent-limit 1000000 "${@:3}"
  wait_log "$OUT/$1.log" "listening on"
}

# Starts system $1; sets URL, PROTO, SPIDS (comma-separated server PIDs), JVM (1 if a Weft JVM).
start_system() {
  local port; port=$(free_port)
  JVM=0
  case $1 in
    echo) server echo java -jar "$BENCH" echo-server --port "$port"; wait_log "$OUT/echo.log" READY
          URL=ws://127.0.0.1:$port; PROTO=echo ;;
    weft-native|weft-classic|weft-peerjs)
          start_weft "$1" "$port"; URL=ws://127.0.0.1:$port; PROTO=${1#weft-}; JVM=1 ;;
    weft-baseline) # another build of the node (BASELINE_JAR), native protocol: same-run before/after comparisons
          NODE_JAR_SAVED=$NODE_JAR; NODE_JAR=${BASELINE_JAR:?set BASELINE_JAR}
          start_weft "$1" "$port"; NODE_JAR=$NODE_JAR_SAVED; URL=ws://127.0.0.1:$port; PROTO=native; JVM=1 ;;
    weft-cluster)
          local rport p2; rport=$(free_port); p2=$(free_port)
          server redis redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no
          wait_log "$OUT/redis.log" "Ready to accept"
          start_weft weft-cluster-a "$port" --cluster "redis://127.0.0.1:$rport" --node-id a
          start_weft weft-cluster-b "$p2" --cluster "redis://127.0.0.1:$rport" --node-id b
          URL=ws://127.0.0.1:$port,ws://127.0.0.1:$p2; PROTO=native ;;
    seed-ws) server seed-ws node weft-bench/anchors/seed-ws/server.js "$port" 127.0.0.1 --quiet
          wait_log "$OUT/seed-ws.log" READY; URL=ws://127.0.0.1:$port; PROTO=classic ;;
    peerserver) server peerserver weft-bench/anchors/peerserver/server.sh "$port"
          wait_log "$OUT/peerserver.log" "Started PeerServer"; URL=ws://127.0.0.1:$port; PROTO=peerjs ;;
    *) echo "unknown system $1" >&2; exit 2 ;;
  esac
  SPIDS=$(IFS=,; echo "${PIDS[*]}")
}

gen() { # $1 system, $2 round, then generator args; appends the RESULT line (with round) to results.txt
  local sys=$1 round=$2; shift 2
  local line
  if line=$(taskset -c "$GEN_CPU" java $GEN_JVM -jar "$BENCH" "$@" --url "$URL" --protocol "$PROTO" \
              --server-pid "$SPIDS" --label "$sys" 2>>"$OUT/generator.log" | tee -a "$OUT/generator.log" | grep RESULT); then
    echo "round=$round $line" | tee -a "$OUT/results.txt"
  else
    echo "round=$round FAILED $sys $*" | tee -a "$OUT/results.txt"
  fi
}

peak() { # the msg_per_s of the last relay line of $1 in this run
  grep "system=$1 " "$OUT/results.txt" | grep "workload=relay" | tail -1 | sed -E 's/.*msg_per_s=([0-9]+).*/\1/'
}

{ echo "# $WORKLOAD $(date -u +%FT%TZ)"; echo "nproc=$(nproc)"; lscpu | grep -E 'Model name|^CPU\(s\)|MHz'; free -m | head -2
  echo "uptime: $(uptime)"; echo "java: $(java -version 2>&1 | head -1)"; echo "node: $(node --version)"
  echo "redis: $(redis-server --version)"; echo "ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP PAIRS=$PAIRS WINDOW=$WINDOW COUNT=$COUNT WEFT_JVM=$WEFT_JVM GEN_JVM=$GEN_JVM"; } > "$OUT/machine.txt"

for round in $(seq "$ROUNDS"); do
  for sys in $SYSTEMS; do
    start_system "$sys"
    case $WORKLOAD in
      relay)
        for size in 200 2048; do
          gen "$sys" "$round" relay --size "$size" --pairs "$PAIRS" --window "$WINDOW" --warmup "$WARMUP" --duration "$DURATION"
        done ;;
      latency)
        gen "$sys" "$round" relay --size 200 --pairs "$PAIRS" --window "$WINDOW" --warmup "$WARMUP" --duration "$DURATION"
        p=$(peak "$sys")
        for pct in 10 50 90; do
          gen "$sys" "$round" latency --size 200 --pairs "$PAIRS" --rate $((p * pct / 100)) --percent-of-peak "$pct" \
            --warmup "$WARMUP" --duration "$DURATION" $LATENCY_ARGS  # a fresh JVM: its JIT needs the warm-up too
        done
        for r in $RATES; do   # the same absolute rates for every system (e.g. the generator's floor on echo)
          gen "$sys" "$round" latency --size 200 --pairs "$PAIRS" --rate "$r" --percent-of-peak "at$r" \
            --warmup "$WARMUP" --duration "$DURATION" $LATENCY_ARGS
        done ;;
      connections)
        extra=(); [[ $JVM == 1 ]] && extra=(--jvm)
        [[ $sys == weft-cluster ]] && extra=()
        gen "$sys" "$round" connections --count "$COUNT" --sources 4 --threads 1 "${extra[@]}" ;;
      churn)
        # A fresh JVM needs ~15 s of churn before C2 is done with the connection path (2026-12-04: with 4 s the
        # node's cost per cycle jumped between 58 and 218 µs from round to round).
        gen "$sys" "$round" churn --concurrency "$CONCURRENCY" --sources 4 --warmup "${CHURN_WARMUP:-15}" --duration "$DURATION" ;;
      *) echo "unknown workload $WORKLOAD" >&2; exit 2 ;;
    esac
    stop_all
  done
done

python3 weft-bench/table.py "$OUT/results.txt" | tee "$OUT/table.md"
echo "raw output: $OUT"
