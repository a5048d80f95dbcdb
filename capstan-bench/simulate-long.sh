#!/bin/sh
# Measures `capstan simulate` at scale: writes a long one-minute demand trace (default 10,000,000
# rows, 19 years, about 300 MB; regenerated here, never committed) and replays it with the
# launcher's default heap (CAPSTAN_JAVA_OPTS=-Xmx... to try another), printing wall time, CPU time
# and peak memory (/usr/bin/time).
# Usage: capstan-bench/simulate-long.sh [rows] [runs]
# FILES=PercentileTraceFiles writes a one-second cpu trace read with p99(cpu, 30d) instead (run it
# with SIMULATE_ARGS="--step 1s": SIMULATE_ARGS is added to the simulate command).
set -eu
cd "$(dirname "$0")/.."
. ./.mvn/find-jdk.sh
rows=${1:-10000000}
runs=${2:-1}
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -q -B install -DskipTests
files=${FILES:-LongTraceFiles}
dir=capstan-bench/target/$files-$rows
if [ ! -f "$dir/trace.csv" ]; then
  "$JAVA_HOME/bin/java" -cp "capstan-bench/target/classes:$(cat capstan-bench/target/bench.classpath)" "io.capstan.bench.$files" "$dir" "$rows" >/dev/null
fi
./capstan --version >/dev/null
i=0
while [ "$i" -lt "$runs" ]; do
  /usr/bin/time -f "wall %e s, cpu %U s user + %S s sys, peak RSS %M KB" \
    ./capstan simulate ${SIMULATE_ARGS:-} --policy "$dir/policy.yaml" --trace "$dir/trace.csv" --out "$dir/out"
  i=$((i + 1))
done
ls -l "$dir/out"
