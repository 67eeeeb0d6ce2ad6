#!/usr/bin/env bash
# Installs the dependencies, builds, makes sure a Redis answers, and runs the service headless.
#   bash scripts/run.sh [--replay] [market-data-monitor options...]
# --replay plays the bundled Binance spot BTCUSDT recording through market-data-replay on
# loopback instead of connecting to Binance.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh

replay=false
if [ "${1:-}" = "--replay" ]; then
    replay=true
    shift
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    echo "No Redis answers on 127.0.0.1:6379: starting a local redis-server."
    redis-server --bind 127.0.0.1 --port 6379 --save "" --appendonly no --daemonize yes
fi

monitor=build/app/monitor/market-data-monitor
if [ "$replay" = false ]; then
    exec "$monitor" --no-gui "$@"
fi

port=${REPLAY_PORT:-9443}
data=tests/data/binance/hftbacktest
build/app/replay/market-data-replay serve "$data/spot-btcusdt-20240808.gz" \
    "$data/spot-btcusdt-20240809.gz" --port "$port" --speed 1 &
replay_pid=$!
trap 'kill $replay_pid 2>/dev/null' EXIT
for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
done
# The monitor runs as a child here; pass SIGTERM and SIGINT on so it can flush and exit.
"$monitor" --no-gui --symbols BTCUSDT --ws-url "ws://127.0.0.1:$port" \
    --rest-url "http://127.0.0.1:$port" "$@" &
monitor_pid=$!
trap 'kill -TERM $monitor_pid 2>/dev/null' TERM INT
status=0
while kill -0 "$monitor_pid" 2>/dev/null; do
    status=0
    wait "$monitor_pid" || status=$?
done
exit "$status"
