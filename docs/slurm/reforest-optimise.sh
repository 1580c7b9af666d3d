#!/bin/bash
# Drives a Reforest plan search on a SLURM cluster: each generation's new plans run as a job array of
# sweep shards (docs/slurm/reforest-sweep.sbatch), and the search goes on when the array is done.
# Run it on a login node (it only waits between generations).
# Usage: docs/slurm/reforest-optimise.sh SPEC.json OUT_DIR [sbatch options for the arrays...]
#   e.g. ... /scratch/$USER/glen --partition=long --array=1-16
set -uo pipefail

SPEC="${1:?give the optimisation file}"
OUT_DIR="${2:?give the output folder (on a shared file system)}"
shift 2
HERE="$(cd "$(dirname "$0")" && pwd)"

while true; do
  npx reforest optimise "$SPEC" --out-dir "$OUT_DIR" --cluster
  code=$?
  if [ "$code" -eq 0 ]; then exit 0; fi
  # 3: a generation waits for its runs; anything else is a failure to look at.
  if [ "$code" -ne 3 ]; then exit "$code"; fi
  SWEEP="$(node -p "require('$OUT_DIR/pending.json').sweep")"
  RUNS="$(node -p "require('$OUT_DIR/pending.json').runsDir")"
  # --wait returns when every task of the array has ended; the last shard writes RUNS/results.csv.
  sbatch --wait "$@" "$HERE/reforest-sweep.sbatch" "$SWEEP" "$RUNS" || exit 1
done
