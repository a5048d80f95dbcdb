#!/bin/sh
# Builds the modules and runs one main class of capstan-bench with the JDK the Maven wrapper finds.
# Usage: capstan-bench/main.sh CLASS [ARGS]; extra JVM options (a profiler) through JAVA_OPTS, e.g.
#   JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/push.jfr,settings=profile capstan-bench/push-ingest.sh
set -eu
cd "$(dirname "$0")/.."
. ./.mvn/find-jdk.sh
./mvnw -q -B install -DskipTests
main=$1
shift
exec "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -cp "capstan-bench/target/classes:$(cat capstan-bench/target/bench.classpath)" "$main" "$@"
