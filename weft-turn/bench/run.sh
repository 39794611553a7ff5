#!/usr/bin/env bash
# TURN benchmark: weft-turn against coturn's turnserver, the same client (dev.weft.turn.bench.TurnLoad),
# on this machine, one server after the other, ROUNDS times. Loopback only (127.0.0.1).
#
#   weft-turn/bench/run.sh                 # 3 rounds x (relay 100 B, relay 1000 B, Binding), 5 s each
#   ROUNDS=1 SECONDS_PER=3 weft-turn/bench/run.sh
#   PROFILE=1 weft-turn/bench/run.sh       # also records JFR on weft-turn and prints its allocation profile
#
# Needs: JDK 17+, coturn (apt-get install -y coturn), python3. Raw output: weft-turn/target/bench/.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}
SECONDS_PER=${SECONDS_PER:-5}
SESSIONS=${SESSIONS:-4}
WINDOW=${WINDOW:-32}
WARMUP=${WARMUP:-4}
WEFT_PORT=${WEFT_PORT:-34780}
COTURN_PORT=${COTURN_PORT:-34790}
OUT=weft-turn/target/bench
mkdir -p "$OUT"
command -v turnserver >/dev/null || { echo "coturn is missing: apt-get install -y coturn" >&2; exit 1; }

./mvnw -q -pl weft-stun,weft-turn -am install -DskipTests
./mvnw -q -pl weft-turn dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt
CP="weft-turn/target/classes:weft-turn/target/test-classes:$(cat "$OUT/classpath.txt")"
RESULTS="$OUT/results.txt"
: > "$RESULTS"
SERVER_PID=""

stop_server() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
trap stop_server EXIT

start_weft() { # $1: extra JVM options
  : > "$OUT/weft-server.log"   # truncate here, not in the background child, so READY cannot be a stale line
  java -Xms256m -Xmx256m $1 -Dlogback.configurationFile=/dev/null -cp "$CP" dev.weft.turn.bench.RunServer \
    "$WEFT_PORT" u:p - > "$OUT/weft-server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do grep -q READY "$OUT/weft-server.log" && return; sleep 0.1; done
  echo "weft-turn did not start" >&2; cat "$OUT/weft-server.log" >&2; exit 1
}

start_coturn() { # flags from shared/reference/environment.md, on our port and range
  turnserver -n --listening-ip=127.0.0.1 --relay-ip=127.0.0.1 --listening-port="$COTURN_PORT" \
    --min-port=49152 --max-port=49300 --user=u:p --realm=test --lt-cred-mech --fingerprint \
    --no-tls --no-dtls --allow-loopback-peers --no-cli > "$OUT/coturn-server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 50); do
    timeout 2 turnutils_stunclient -p "$COTURN_PORT" 127.0.0.1 2>/dev/null | grep -q "reflexive" && return
    sleep 0.2
  done
  echo "coturn did not start" >&2; cat "$OUT/coturn-server.log" >&2; exit 1
}

warmup() { # $1 port: ${WARMUP}s of each load, not recorded. Lets the JVM's C2 compiler finish: perf showed the
            # compiler thread taking most of weft-turn's CPU in the first seconds when the machine is busy.
  for t in "relay 100" "relay 1000" "binding 0"; do
    java -cp "$CP" dev.weft.turn.bench.TurnLoad "$1" u p test $t "$WARMUP" "$SESSIONS" "$WINDOW" >/dev/null 2>>"$OUT/client.log" || true
  done
}

load() { # $1 server name, $2 round, $3 port, then test args
  local name=$1 round=$2 port=$3; shift 3
  local line
  if line=$(java -cp "$CP" dev.weft.turn.bench.TurnLoad "$port" u p test "$@" "$SESSIONS" "$WINDOW" "$SERVER_PID" \
         2>>"$OUT/client.log" | grep RESULT); then
    echo "server=$name round=$round load=$(cut -d' ' -f1 /proc/loadavg) $line" | tee -a "$RESULTS"
  else
    echo "server=$name round=$round FAILED $*: see $OUT/client.log" | tee -a "$RESULTS"
  fi
}

if [[ "${PROFILE:-0}" == 1 ]]; then
  # A separate, unmeasured round with Java Flight Recorder on, for the allocation profile.
  start_weft "-XX:StartFlightRecording=filename=$OUT/weft.jfr,settings=profile -XX:FlightRecorderOptions=stackdepth=96"
  for t in "relay 100" "relay 1000" "binding 0"; do load weft-jfr 0 "$WEFT_PORT" $t "$SECONDS_PER"; done
  stop_server
fi

for round in $(seq "$ROUNDS"); do
  start_weft ""
  warmup "$WEFT_PORT"
  for t in "relay 100" "relay 1000" "binding 0"; do load weft "$round" "$WEFT_PORT" $t "$SECONDS_PER"; done
  stop_server
  start_coturn
  warmup "$COTURN_PORT"
  for t in "relay 100" "relay 1000" "binding 0"; do load coturn "$round" "$COTURN_PORT" $t "$SECONDS_PER"; done
  stop_server
done

python3 - "$RESULTS" <<'PY'
import re, statistics, sys
rows = [dict(kv.split("=", 1) for kv in line.split() if "=" in kv) for line in open(sys.argv[1]) if "RESULT" in line]
def med(server, test, size, key):
    v = [float(r[key]) for r in rows if r["server"] == server and r["test"] == test and r.get("size", "0") == size and key in r]
    return statistics.median(v) if v else float("nan")
print("\n| test | server | median of rounds | server CPU per packet |")
print("|---|---|---|---|")
for test, size, key, unit in [("relay", "100", "relayed_pps", "relayed pkt/s"), ("relay", "1000", "relayed_pps", "relayed pkt/s"),
                              ("binding", "0", "binding_per_s", "Binding/s")]:
    for server in ("weft", "coturn"):
        extra = f", {med(server, test, size, 'relayed_mbit_s'):.0f} Mbit/s" if test == "relay" else ""
        label = f"{test} {size} B" if test == "relay" else "binding"
        print(f"| {label} | {server} | {med(server, test, size, key):,.0f} {unit}{extra} | {med(server, test, size, 'server_us_per_pkt'):.2f} us |")
PY

if [[ "${PROFILE:-0}" == 1 && -f "$OUT/weft.jfr" ]]; then
  jfr print --stack-depth 40 --events jdk.ObjectAllocationSample "$OUT/weft.jfr" > "$OUT/weft-alloc.txt"
  python3 - "$OUT/weft-alloc.txt" <<'PY'
import re, sys, collections
events = open(sys.argv[1]).read().split("jdk.ObjectAllocationSample {")[1:]
by_site = collections.Counter()
for e in events:
    thread = re.search(r"eventThread = \"([^\"]*)\"", e)
    if not thread or "EventLoop" not in thread.group(1):
        continue  # only the event loops, where packets are handled (not JFR's or the JVM's start-up)
    cls = re.search(r"objectClass = (\S+)", e).group(1)
    w = re.search(r"weight = ([\d.]+) (\w+)", e)
    weight = float(w.group(1)) * {"bytes": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}.get(w.group(2), 1)
    st = re.search(r"stackTrace = \[(.*?)\n\s*\]", e, re.S)
    frames = [l.strip().split(" line:")[0] for l in st.group(1).split("\n") if l.strip()] if st else []
    ours = next((f for f in frames if f.startswith("dev.weft")), "(no weft frame)")
    by_site[(cls, frames[0] if frames else "?", ours)] += weight
total = sum(by_site.values())
print(f"\nJFR allocation samples on weft-turn event loops (profile round, all three tests): {total/1e6:.0f} MB sampled weight")
for (cls, top, ours), w in by_site.most_common(20):
    print(f"{100*w/total:5.1f}%  {cls:45s} {top[:70]:70s} via {ours[:80]}")
PY
fi
