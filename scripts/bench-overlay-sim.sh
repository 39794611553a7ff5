#!/usr/bin/env bash
# The overlay simulator as a benchmark (docs/benchmarks-overlay.md): N real Overlay peers on the in-memory
# transport with a virtual clock. Usage: [SIM_HEAP=6g] scripts/bench-overlay-sim.sh [peers]   (default 10000)
# The heap goes through JAVA_TOOL_OPTIONS: the root pom sets surefire's argLine, so -DargLine is not used.
set -euo pipefail
cd "$(dirname "$0")/.."
uptime
SIM_PEERS="${1:-10000}" JAVA_TOOL_OPTIONS="-Xmx${SIM_HEAP:-6g}" ./mvnw -B -ntp -o -q -pl weft-overlay -am verify -Dtest=SimulatorBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -DskipITs -Dsurefire.timeout=0
cat weft-overlay/target/sim-report.txt
uptime
