#!/bin/sh
# Alternate two builds' bench_train on one case, round after round, so that
# both see the same machine load; prints one line per build, thread count
# and round: "old T=1 median 25.6 ratio 1.10" (ms/epoch median, ratio to
# the same-run roofline).  Compare the per-round ratios new/old, not
# numbers from different minutes.
#   sh bench/ab-train.sh OLD_BUILD_DIR NEW_BUILD_DIR CASE [ROUNDS]
# e.g. sh bench/ab-train.sh /tmp/old/build build wide 10
set -u
[ $# -ge 3 ] || { echo "usage: $0 OLD_BUILD_DIR NEW_BUILD_DIR CASE [ROUNDS]" >&2; exit 2; }
old=$1 new=$2 case=$3 rounds=${4:-3}
for i in $(seq 1 "$rounds"); do
  for v in old new; do
    if [ $v = old ]; then dir=$old; else dir=$new; fi
    "$dir/bench/bench_train" --quick --case "$case" 2>&1 | grep -E "^$case " |
      sed -E "s/.*T=([0-9]+) .* ms\/epoch \(median ([0-9.]+)\).*ratio [0-9.]+ \(median ([0-9.]+)\).*/$v T=\1 median \2 ratio \3/"
  done
done
