#!/usr/bin/env bash
# Runs every test of the project: Java unit and integration tests, the JS tests (Node), browser tests in
# Chromium, STUN/TURN interop with coturn's clients, cluster tests on a private redis-server, the real PeerJS
# client (fetched with npm into weft-node/target/npm). Installs from Debian packages what the tests need and
# the machine lacks. Extra arguments go to Maven (e.g. -Dtest=SignalingTest -Dsurefire.failIfNoSpecifiedTests=false).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v turnutils_uclient >/dev/null 2>&1 || need+=(coturn)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
if [ ${#need[@]} -gt 0 ]; then
  echo "scripts/test.sh: installing ${need[*]} from Debian packages"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

exec ./mvnw -B -ntp verify "$@"
