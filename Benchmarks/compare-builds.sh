#!/usr/bin/env bash
# Times two simrun builds as whole processes on the same command, run by run alternately, from
# copies made at the same moment (a binary file just written runs slower for some minutes on
# some machines, and a machine drifts: figures taken one build after the other mislead).
#   Benchmarks/compare-builds.sh OLD NEW [RUNS] -- ARGS...
# e.g. Benchmarks/compare-builds.sh /tmp/old/simrun .build/release/simrun 30 -- \
#        run scenarios/emergency-department.yaml --replications 1 --threads 1 --horizon "365 day"
# Prints each build's fastest and median wall time (the shell's fork and exec included, alike
# for both) and the ratio of the medians.
set -euo pipefail
old="${1:?usage: compare-builds.sh OLD NEW [RUNS] -- ARGS...}"
new="${2:?usage: compare-builds.sh OLD NEW [RUNS] -- ARGS...}"
shift 2
runs=20
if [[ $# -gt 0 && "$1" != "--" ]]; then runs="$1"; shift; fi
if [[ $# -eq 0 || "$1" != "--" ]]; then echo "usage: compare-builds.sh OLD NEW [RUNS] -- ARGS..." >&2; exit 2; fi
shift
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp "$old" "$dir/old"
cp "$new" "$dir/new"

time_once() {
  local start end
  start=$(date +%s%N)
  "$1" "${@:2}" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo $(( (end - start) / 1000 ))
}

for _ in 1 2 3; do time_once "$dir/old" "$@" >/dev/null; time_once "$dir/new" "$@" >/dev/null; done
: > "$dir/old.times"
: > "$dir/new.times"
for _ in $(seq "$runs"); do
  time_once "$dir/old" "$@" >> "$dir/old.times"
  time_once "$dir/new" "$@" >> "$dir/new.times"
done

summary() {  # fastest and median, in ms
  sort -n "$1" | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f %.2f", v[1] / 1000, m / 1000 }'
}
read -r old_min old_median <<< "$(summary "$dir/old.times")"
read -r new_min new_median <<< "$(summary "$dir/new.times")"
printf "old: fastest %s ms, median %s ms\nnew: fastest %s ms, median %s ms (%d runs each, alternating)\n" \
  "$old_min" "$old_median" "$new_min" "$new_median" "$runs"
awk -v o="$old_median" -v n="$new_median" 'BEGIN { printf "new / old (medians): %.3f\n", n / o }'
