#!/usr/bin/env bash
# Times one year of the emergency department in hospsim and in SimPy 4 (Benchmarks/peers/ed_simpy.py,
# the same arrivals, classes, rosters and pathways), in process (the simulation alone, without
# starting the program) and as whole processes, best of several runs, and prints the ratios.
# SimPy is installed into Benchmarks/peers/.venv when Python 3 is present; without Python it says
# so and exits 0.
set -euo pipefail
[ -n "${EPOCHREALTIME:-}" ] || { echo "compare-simpy.sh needs bash 5 (for \$EPOCHREALTIME)" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${RUNS:-3}
if ! command -v python3 >/dev/null 2>&1; then
  echo "python3 is not installed: skipping the SimPy comparison"
  exit 0
fi
if [ ! -x "$here/.venv/bin/python" ] || ! "$here/.venv/bin/python" -c "import simpy" 2>/dev/null; then
  echo "installing SimPy 4 into $here/.venv" >&2
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install -q "simpy>=4,<5"
fi
"$root/scripts/ensure-deps"
"$root/scripts/build" --product HospsimBench >/dev/null
"$root/scripts/build" --product simrun >/dev/null
# The ratio depends on the machine as well as on both programs: on two 2-core VMs of the same
# kind the same builds gave 47.5 and 58.9-59.4 times (SimPy took 1.80 and 2.2-2.3 s, hospsim
# about 38 ms on both). Say which machine the figures are from.
# (A VM often names its processor only by vendor: its model number, clock and cache tell more.)
info() { sed -n "s/^$1[[:space:]]*: //p" /proc/cpuinfo 2>/dev/null | head -n 1; }
echo "machine: $(info 'model name') (family $(info 'cpu family'), model $(info 'model')), $(info 'cpu MHz') MHz, cache $(info 'cache size'), $(nproc 2>/dev/null || echo '?') cores; $("$here/.venv/bin/python" --version 2>&1)"
hospsim_out=$("$root/.build/release/HospsimBench" ed)
echo "$hospsim_out"
hospsim=$(echo "$hospsim_out" | sed -n 's/.*simulated in \([0-9.]*\) s.*/\1/p')
best=""
for _ in $(seq "$runs"); do
  out=$("$here/.venv/bin/python" "$here/ed_simpy.py" --days 365)
  t=$(echo "$out" | sed -n 's/simulated in \([0-9.]*\) s/\1/p')
  if [ -z "$best" ] || awk "BEGIN {exit !($t < $best)}"; then best=$t; fi
done
echo "SimPy $("$here/.venv/bin/python" -c 'import simpy; print(simpy.__version__)'), the same year, best of $runs"
echo "  $(echo "$out" | head -n 1)"
echo "  simulated in $best s"
awk -v s="$best" -v h="$hospsim" 'BEGIN { printf "hospsim is %.1f times as fast as SimPy on one year of the emergency department\n", s / h }'

# The same year as whole processes, start-up and reading the scenario included: what a user waits for.
# The clock is bash's own ($EPOCHREALTIME, bash 5): reading it with `date` started a process
# inside the timed span: 1-2 ms added to every run (10 runs on 2026-12-07: 38.6-40.7 ms by
# `date`, 37.3-38.3 ms by $EPOCHREALTIME, with one outlier of 45 ms).
seconds() {
  local t0 t1
  t0=${EPOCHREALTIME/,/.}
  "$@" > /dev/null
  t1=${EPOCHREALTIME/,/.}
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }'
}
best_of() { local best="" t; for _ in $(seq "$runs"); do t=$(seconds "$@"); if [ -z "$best" ] || awk "BEGIN {exit !($t < $best)}"; then best=$t; fi; done; echo "$best"; }
whole_hospsim=$(cd "$root" && best_of .build/release/simrun run scenarios/emergency-department.yaml --replications 1 --threads 1 --horizon "365 day")
whole_simpy=$(best_of "$here/.venv/bin/python" "$here/ed_simpy.py" --days 365)
printf "whole processes, best of %d: simrun run %.4f s, python ed_simpy.py %.3f s\n" "$runs" "$whole_hospsim" "$whole_simpy"
awk -v s="$whole_simpy" -v h="$whole_hospsim" 'BEGIN { printf "as whole processes, hospsim is %.1f times as fast as SimPy\n", s / h }'
