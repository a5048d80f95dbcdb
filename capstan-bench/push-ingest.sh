#!/bin/sh
# Issue 6, section 9: push ingest: samples per second through POST /api/v1/metrics, batches of 1,000 from several
# client threads, into a running controller (10,000 targets) on the embedded H2 store. Prints samples/s and the load average.
# Usage: capstan-bench/push-ingest.sh [SECONDS [THREADS [BATCH [TARGETS]]]]   (defaults 20 4 1000 10000; ~1 min)
exec "$(dirname "$0")/main.sh" io.capstan.app.run.PushIngest "$@"
