#!/usr/bin/env bash
# The overlay simulator as a benchmark (docs/benchmarks-overlay.md): N real Overlay peers on the in-memory
# transport with a virtual clock. Usage: scripts/bench-overlay-sim.sh [peers]   (default 10000; heap: SIM_HEAP, default 6g)
set -euo pipefail
cd "$(dirname "$0")/.."
uptime
SIM_PEERS="${1:-10000}" ./mvnw -B -ntp -o -q -pl weft-overlay -am verify -Dtest=SimulatorBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -DskipITs -Dsurefire.timeout=0 -DargLine="-Xmx${SIM_HEAP:-6g}"
cat weft-overlay/target/sim-report.txt
uptime
