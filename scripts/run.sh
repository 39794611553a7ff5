#!/usr/bin/env bash
# Builds the node and runs it with its apps on http://localhost:8080 (pass flags through, e.g. --port 9000;
# see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v java >/dev/null 2>&1 || { echo "run.sh: Java 17+ is needed (apt-get install openjdk-17-jdk-headless)"; exit 1; }
./mvnw -B -q -ntp -DskipTests -pl weft-node -am package
# The node's overlay identity is kept in .weft/node.key (gitignored) unless --key-file is given.
case " $* " in
  *" --key-file"*) exec java -jar weft-node/target/weft-node.jar "$@" ;;
  *) exec java -jar weft-node/target/weft-node.jar --key-file .weft/node.key "$@" ;;
esac
