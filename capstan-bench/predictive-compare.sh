#!/bin/sh
# Regenerates the predictive-vs-reactive-vs-oracle table of BENCHMARKS.md: demand replay of real traces through
# AWS-style target tracking alone (CPU 70 %, 300 s cooldowns) and through predictive + target tracking, with
# `capstan simulate --compare`. Usage: capstan-bench/predictive-compare.sh TRACES_DIR [REACTIVE [UTILIZATION [QUANTILE
# [PREDICTIVE_KEYS]]]] (e.g. ../shared/traces 80 85 50). REACTIVE is a target (with AWS's 300 s cooldowns) or the
# targetTracking keys after `metric: cpu,` (e.g. 'target: 95, tolerance: 0.02, cooldown: {scaleOut: 60s, scaleIn: 300s}');
# PREDICTIVE_KEYS are added to the predictive policy (e.g. 'fallbackUtilization: 70'). WARM_UP=2d in the environment
# scores every policy from two days after the trace's start (`simulate --warm-up`).
# Capacity per replica is each trace's median demand / 10, startup 300 s, 1 m steps.
set -eu
cd "$(dirname "$0")/.."
traces=$1
reactive=${2:-80}
utilization=${3:-85}
quantile=${4:-50}
extra=${5:+, $5}
case $reactive in
  *:*) reactive_keys=$reactive ;;
  *) reactive_keys="target: $reactive, cooldown: {scaleOut: 300s, scaleIn: 300s}" ;;
esac
warm_up=${WARM_UP:+--warm-up $WARM_UP}
dir=capstan-bench/target/predictive-compare
mkdir -p "$dir"
./capstan --version >/dev/null

# label | file | value column (1-based) | the predictive policy's step
list="e-commerce API requests/s (1 h)|$traces/ms-cloud-monitoring/ecommerce-api-incoming-rps/api-01.csv|2|1h
MongoDB queries/s (1 min)|examples/traces/mongodb-app-rps.csv|2|5m
World Cup 98 requests (5 min)|$traces/worldcup98-isp-traffic/worldcup98_5m.csv|2|5m
NYC taxi passengers (30 min)|$traces/nab/realKnownCause/nyc_taxi.csv|2|30m
ASG CPU as load (NAB, 5 min)|$traces/nab/realKnownCause/cpu_utilization_asg_misconfiguration.csv|2|5m"

printf '| trace | oracle replica-h | AWS-style TT 70 %%: replica-h (x oracle) | under-prov. min | predictive + TT (%s): replica-h (x oracle) | under-prov. min | under-prov. vs AWS-style |\n' "$reactive"
printf '|---|---:|---:|---:|---:|---:|---:|\n'
echo "$list" | while IFS='|' read -r label file column step; do
  name=$(echo "$label" | tr -cs 'A-Za-z0-9' '-')
  csv="$dir/$name.csv"
  awk -F, -v c="$column" 'NR == 1 { print "timestamp,demand"; next } { gsub(/"/, ""); print $1 "," $c }' "$file" > "$csv"
  capacity=$(awk -F, 'NR > 1 { print $2 }' "$csv" | sort -g | awk '{ v[NR] = $1 } END { m = v[int((NR + 1) / 2)]; printf "%.6g", (m > 0 ? m : 1) / 10 }')
  head="targets:
  - name: api
    replicas: {min: 1, max: 1000}
    metrics: {cpu: {}}
    service: {capacityPerReplica: $capacity, startupSeconds: 300}
    policies:"
  printf '%s\n      - {name: cpu-70, targetTracking: {metric: cpu, target: 70, cooldown: {scaleOut: 300s, scaleIn: 300s}}}\n' "$head" > "$dir/$name-aws.yaml"
  printf '%s\n      - {name: cpu, targetTracking: {metric: cpu, %s}}\n      - {name: forecast, predictive: {metric: request_rate, targetUtilization: %s, step: %s, quantile: %s%s}}\n' \
    "$head" "$reactive_keys" "$utilization" "$step" "$quantile" "$extra" > "$dir/$name-predictive.yaml"
  # shellcheck disable=SC2086
  ./capstan simulate --policy "$dir/$name-aws.yaml" --compare "$dir/$name-predictive.yaml" --trace "$csv" --dedupe last $warm_up \
    --out "$dir/$name" >/dev/null
  # summary.json: the policy's scorecard first, then the compared one's
  awk -v label="$label" -F'[:,]' '
    /"oracleReplicaHours"/ { o[++no] = $2 + 0 }
    /"replicaHours" : [0-9]/ { r[++nr] = $2 + 0 }
    /"underProvisionedMinutes" : [0-9]/ { u[++nu] = $2 + 0 }
    END {
      printf "| %s | %.0f | %.0f (%.2fx) | %.0f | %.0f (%.2fx) | %.0f | %s |\n", label, o[1], r[1], r[1] / o[1], u[1], r[2], r[2] / o[1], u[2],
        (u[1] > 0 ? sprintf("%.2f", u[2] / u[1]) : "-")
    }' "$dir/$name/summary.json"
done
