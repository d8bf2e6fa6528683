#!/usr/bin/env bash
# Builds otpnet and starts the echo sample; flags go to the server, e.g.
#   bash scripts/echo_server.sh --port 5555 --packet 2
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
exec ./build/samples/echo_server "$@"
