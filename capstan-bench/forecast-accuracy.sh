#!/bin/sh
# Regenerates the forecast accuracy table of BENCHMARKS.md from the team's trace collection.
# Usage: capstan-bench/forecast-accuracy.sh TRACES_DIR [LABEL_SUBSTRING]   (e.g. ../shared/traces)
set -eu
cd "$(dirname "$0")/.."
. ./.mvn/find-jdk.sh
[ "${SKIP_BUILD:-}" = 1 ] || ./mvnw -q -B install -DskipTests
exec "$JAVA_HOME/bin/java" -cp "capstan-bench/target/classes:$(cat capstan-bench/target/bench.classpath)" \
  io.capstan.bench.ForecastAccuracy "$@"
