#!/bin/sh
# Issue 6, section 9: pushed sample crossing a threshold -> actuator apply call, end to end over HTTP into a running
# controller on the embedded H2 store. Prints p50/p90/p99/p99.9/max and the load average.
# Usage: capstan-bench/push-latency.sh [MEASURED [WARMUP [TARGETS]]]   (defaults 5000 2000 100; ~1 min)
exec "$(dirname "$0")/main.sh" io.capstan.app.run.PushLatency "$@"
