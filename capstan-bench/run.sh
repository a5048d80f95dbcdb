#!/bin/sh
# Builds the modules and runs Capstan's JMH benchmarks with the JDK the Maven wrapper finds.
# Usage: capstan-bench/run.sh [JMH options and benchmark regexps]
#   capstan-bench/run.sh                                   # the short run recorded in BENCHMARKS.md
#   capstan-bench/run.sh -f 3 -wi 5 -i 10 WindowIngest     # a longer, steadier run of one class
#   capstan-bench/run.sh -h                                # JMH's own help
set -eu
cd "$(dirname "$0")/.."
. ./.mvn/find-jdk.sh
./mvnw -q -B install -DskipTests
if [ $# -eq 0 ]; then
  set -- -f 1 -wi 3 -w 1s -i 5 -r 1s 'io.capstan.bench.Window.*'
fi
exec "$JAVA_HOME/bin/java" -cp "capstan-bench/target/classes:$(cat capstan-bench/target/bench.classpath)" \
  org.openjdk.jmh.Main "$@"
