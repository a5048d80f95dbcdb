#!/bin/sh
# Times the whole `capstan simulate` run, JVM start included, on 30 days of one-minute samples
# (43,200 steps) through five policies. Usage: capstan-bench/simulate-30d.sh [runs]
set -eu
cd "$(dirname "$0")/.."
. ./.mvn/find-jdk.sh
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -q -B install -DskipTests
dir=capstan-bench/target/thirty-days
"$JAVA_HOME/bin/java" -cp "capstan-bench/target/classes:$(cat capstan-bench/target/bench.classpath)" io.capstan.bench.ThirtyDayFiles "$dir" >/dev/null
./capstan --version >/dev/null
runs=${1:-5}
i=0
while [ "$i" -lt "$runs" ]; do
  start=$(date +%s%N)
  ./capstan simulate --policy "$dir/five-policies.yaml" --trace "$dir/trace.csv" --out "$dir/out" | head -n 1
  end=$(date +%s%N)
  echo "wall: $(( (end - start) / 1000000 )) ms"
  i=$((i + 1))
done
