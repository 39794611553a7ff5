#!/usr/bin/env bash
# PeerServer 1.0.2 (npm `peer`, pinned in package.json / package-lock.json) on 127.0.0.1:$1, with the
# concurrent-user limit raised so the connections workload is not refused at PeerServer's default 5000.
# exec, so the PID the caller holds is node's.
cd "$(dirname "$0")"
exec node node_modules/peer/dist/bin/peerjs.js --port "$1" --host 127.0.0.1 --concurrent_limit 1000000
