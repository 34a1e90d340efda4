#!/usr/bin/env bash
# Runs a study as a SLURM job array: N tasks each run one shard of the replications
# (`simrun run --shard K/N`), and a job that depends on them all merges the shards into the
# document the unsharded run would print.
#
#   scripts/slurm-array.sh SCENARIO N OUTDIR [extra simrun run flags...]
#
# Writes OUTDIR/part-K.json for each task and OUTDIR/result.json (or the format the flags ask
# for) when the merge job ends; prints "ARRAY_JOB_ID MERGE_JOB_ID". Uses $SIMRUN if set, else
# .build/release/simrun beside this script. Task K runs replications K*R/N ..< (K+1)*R/N on
# their own random streams, so the merged result is identical whatever N is.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 SCENARIO N OUTDIR [simrun run flags...]" >&2; exit 2; }
scenario=$(realpath "$1"); n=$2; out=$3; shift 3
[ "$n" -ge 1 ] 2>/dev/null || { echo "error: N must be a whole number >= 1" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
simrun=$(realpath "${SIMRUN:-$here/.build/release/simrun}")
[ -x "$simrun" ] || { echo "error: $simrun not found; build it with: scripts/build --product simrun" >&2; exit 2; }
"$simrun" validate "$scenario" >/dev/null
mkdir -p "$out"
out=$(realpath "$out")
extra=$(printf ' %q' "$@")

cat > "$out/shard.sbatch" <<SBATCH
#!/usr/bin/env bash
#SBATCH --job-name=hospsim-shard
#SBATCH --output=$out/shard-%a.log
set -euo pipefail
k=\$((SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN))
"$simrun" run "$scenario" --shard "\$k/\$SLURM_ARRAY_TASK_COUNT" --threads "\${SLURM_CPUS_PER_TASK:-1}" \\
  --out "$out/part-\$k.json"$extra
SBATCH

cat > "$out/merge.sbatch" <<SBATCH
#!/usr/bin/env bash
#SBATCH --job-name=hospsim-merge
#SBATCH --output=$out/merge.log
set -euo pipefail
"$simrun" merge "$out"/part-*.json -o "$out/result.json"
SBATCH

array=$(sbatch --parsable --array=0-$((n - 1)) "$out/shard.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --dependency=afterok:"$array" "$out/merge.sbatch")
merge=${merge%%;*}
echo "$array $merge"
