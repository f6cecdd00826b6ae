#!/usr/bin/env bash
# Documentation/ScaleOut.md's Slurm recipe, run as the document prints it, on a one-node Slurm:
#
#   Tools/slurm/test.sh [STATIC-CDX]     # default .build/release/cdx (the static build)
#
# The commands are taken from the document's fenced blocks by their <!-- slurm: NAME -->
# markers (Tools/slurm/docblock.py), never retyped; only the size block is replaced, by
# RUNS=20000 SHARDS=4. Run as root, with Debian's slurm-wlm and munge installed.
#   1. stage + size + submit: the merged all.json equals the unsharded simulation, byte for byte,
#      and each shard's log shows its progress;
#   2. the same with shard 3 made to fail (a folder where its result goes): the merge job is
#      cancelled, not left waiting, and the check block refuses, naming shard 3;
#   3. in a new shell, the re-run block: all.json appears and equals the unsharded one again.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
doc=$repo/Documentation/ScaleOut.md
binary=$(cd "$(dirname "${1:-.build/release/cdx}")" && pwd)/$(basename "${1:-.build/release/cdx}")
[ -x "$binary" ] || { echo "$0: no cdx at $binary (swift build -c release --product cdx --static-swift-stdlib)" >&2; exit 1; }
runs=20000 shards=4 failing=3

tmp=$(mktemp -d)
cluster=$tmp/cluster
cleanup() { "$repo/Tools/slurm/cluster.sh" stop "$cluster" || true; [ -n "${CDX_SLURM_KEEP:-}" ] || rm -rf "$tmp"; }
trap cleanup EXIT

fail() { echo "$0: $*" >&2; exit 1; }
block() { python3 "$repo/Tools/slurm/docblock.py" "$doc" "slurm:$1"; }
python3 "$repo/Tools/slurm/docblock.py" --files "$doc"
# The size block must be the one line this test replaces, or the test would run other commands.
block size | grep -qxE 'RUNS=[0-9]+ SHARDS=[0-9]+' || fail "the size block is not one line 'RUNS=N SHARDS=N':$(block size)"
size="RUNS=$runs SHARDS=$shards"

"$repo/Tools/slurm/cluster.sh" start "$cluster"
export SLURM_CONF=$cluster/slurm.conf
# A shard's progress lines from its first tenth on, however short it is (cdx's test setting).
export CDX_PROGRESS_SECONDS=0

# Until the queue is empty (every task ended, every dependent job run or cancelled).
drain() {
  local deadline=$((SECONDS + 120))
  while [ -n "$(squeue -h -o %i)" ]; do
    [ $SECONDS -lt $deadline ] || { squeue; fail "jobs still queued after 120 s"; }
    sleep 1
  done
}

# A folder laid out as a clone: the exercises, the scripts, the static build.
work=$tmp/clone
mkdir -p "$work/.build/release"
cp -R Exercises Deploy "$work/"
cp "$binary" "$work/.build/release/cdx"
cd "$work"
"$binary" simulate Exercises/shared-vendor.exercise --runs "$runs" --players reactive --seed 26 --json whole.json >/dev/null 2>&1

started=$SECONDS
echo "-- the recipe as printed: stage, size ($size), submit"
bash -euo pipefail -c "$(block stage)"
bash -euo pipefail -c "$size
$(block submit)
echo \"\$jobid\" > first.jobid"
drain
first=$(cat first.jobid)
[ -f "results/$first/all.json" ] || { tail -n 20 logs/* >&2; fail "the merge job wrote no results/$first/all.json"; }
cmp "results/$first/all.json" whole.json || fail "the merged summary differs from the unsharded one"
for i in $(seq "$shards"); do
  grep -q "^cdx simulate (shard $i/$shards): .* runs (100%), .* done$" "logs/cdx-simulate-${first}_$i.out" ||
    { cat "logs/cdx-simulate-${first}_$i.out" >&2; fail "shard $i's log logs/cdx-simulate-${first}_$i.out shows no progress"; }
done
grep -q "$runs of $runs runs" logs/cdx-merge-*.out || fail "the merge job's log shows no summary"
echo "$shards shards merged into results/$first/all.json, identical to the unsharded simulation ($((SECONDS - started)) s)"

echo "-- shard $failing fails: the merge is cancelled and refuses"
# The next submission's job id, so that shard 3's result path can be taken by a folder first.
next=$(scontrol show config | awk '$1 == "NEXT_JOB_ID" { print $3 }')
mkdir -p "results/$next/shard-$failing.json"
bash -euo pipefail -c "$size
$(block submit)
echo \"\$jobid\" > second.jobid"
second=$(cat second.jobid)
[ "$second" = "$next" ] || fail "the submission got job $second, not $next as scontrol said"
drain
scontrol show job "${second}_$failing" 2>/dev/null | grep -q 'JobState=FAILED' || { scontrol show job "$second" >&2 || true; fail "shard $failing did not fail"; }
[ ! -e "results/$second/all.json" ] || fail "a merge ran although shard $failing failed"
rmdir "results/$second/shard-$failing.json"   # as a failed shard leaves it: no file
set +e
refusal=$(bash -euo pipefail -c "$size
jobid=$second
$(block check)" 2>&1)
status=$?
set -e
[ "$status" -eq 1 ] || fail "the check block exited $status, not 1: $refusal"
grep -q "1 of $shards shards are missing ($failing)" <<<"$refusal" || fail "the check block did not name shard $failing: $refusal"
echo "the merge refused: $refusal"

echo "-- the re-run block, in a new shell"
bash -euo pipefail -c "$size
jobid=$second
$(block rerun)"
drain
[ -f "results/$second/all.json" ] || { tail -n 20 logs/* >&2; fail "the merge after the re-run wrote no results/$second/all.json"; }
cmp "results/$second/all.json" whole.json || fail "the merged summary after the re-run differs from the unsharded one"
echo "shard $failing re-run and merged: identical to the unsharded simulation again ($((SECONDS - started)) s in all)"
