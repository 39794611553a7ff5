#!/usr/bin/env bash
# Benchmark of weft.js's socket API against a bare unreliable DataChannel, in Chromium on loopback
# (dev.weft.node.game.SocketsBenchmark). Arguments: [slice ms=250] [slices=120] [round trips per RTT run=1000]
# [RTT rounds=6]. With WEFT_BENCH_PROFILE=DIR it instead records CDP CPU profiles of both pages, one face at a
# time, into DIR (summarise one with scripts/profile-summary.mjs). With WEFT_BENCH_CPU=1 it instead measures
# Chromium's CPU time per datagram for each face alone (6 alternating rounds). Results and method:
# docs/benchmarks-game.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp -q -pl weft-node -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="weft-node/target/test-classes:weft-node/target/classes:$(cat weft-node/target/bench.classpath)"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 exec java ${WEFT_BENCH_PROFILE:+-Dweft.bench.profile=$WEFT_BENCH_PROFILE} ${WEFT_BENCH_CPU:+-Dweft.bench.cpu=1} -cp "$cp" \
  dev.weft.node.game.SocketsBenchmark "$@"
