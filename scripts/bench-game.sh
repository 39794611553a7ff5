#!/usr/bin/env bash
# Benchmark of weft.js's socket API against a bare unreliable DataChannel, in Chromium on loopback
# (dev.weft.node.game.SocketsBenchmark). Arguments: [seconds per rate run] [round trips per RTT run] [rounds].
# Results and method: docs/benchmarks-game.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp -q -pl weft-node -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="weft-node/target/test-classes:weft-node/target/classes:$(cat weft-node/target/bench.classpath)"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 exec java -cp "$cp" dev.weft.node.game.SocketsBenchmark "$@"
