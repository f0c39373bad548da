#!/usr/bin/env bash
# The same class of failure under mpiexec stops `specsweep poisson` and `specsweep ribbon`
# alike: the job and every one of its ranks exit with the README's code (bad input 3, runtime
# environment 5), and rank 0 alone prints one "specsweep:" line. Open MPI's --tag-output names
# the rank of each line; a wrapper records each rank's own exit status.
# usage: test_agreed_exit_codes.sh MPIEXEC SPECSWEEP
set -uo pipefail
MPIEXEC=$1 SPECSWEEP=$2
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
# Each rank runs the CLI through this wrapper, which writes the CLI's exit status to
# $tmp/status.<rank> and exits 0, so that no rank's exit makes mpiexec kill the others.
cat > "$tmp/record.sh" <<SH
#!/bin/sh
"\$@"
echo \$? > "$tmp/status.\${OMPI_COMM_WORLD_RANK:?}"
SH
chmod +x "$tmp/record.sh"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# check <name> <code> <expected text> <ranks> <mpiexec contexts, with @ for the program>...
check() {
  local name=$1 code=$2 text=$3 ranks=$4; shift 4
  local direct=() wrapped=()
  for a in "$@"; do
    if [ "$a" = @ ]; then direct+=("$SPECSWEEP"); wrapped+=("$tmp/record.sh" "$SPECSWEEP");
    else direct+=("$a"); wrapped+=("$a"); fi
  done
  timeout 60 "$MPIEXEC" --oversubscribe --tag-output "${direct[@]}" > "$tmp/out" 2> "$tmp/err"
  local rc=$?
  local lines
  lines=$(grep -c 'specsweep: ' "$tmp/err")
  [ "$rc" -ne 124 ] || fail "$name: hung (timeout)"
  [ "$rc" -eq "$code" ] || fail "$name: the job exited $rc, expected $code"
  [ "$lines" -eq 1 ] || fail "$name: $lines specsweep lines, expected 1"
  grep -q '^\[[0-9]*,0\]<stderr>:specsweep: ' "$tmp/err" || fail "$name: the line is not rank 0's"
  grep -q -- "$text" "$tmp/err" || fail "$name: stderr lacks '$text'"
  rm -f "$tmp"/status.*
  timeout 60 "$MPIEXEC" --oversubscribe "${wrapped[@]}" > /dev/null 2>&1
  local statuses=""
  for ((r = 0; r < ranks; ++r)); do
    statuses+="$(cat "$tmp/status.$r" 2> /dev/null || echo none) "
  done
  [ "$statuses" = "$(printf "$code %.0s" $(seq "$ranks"))" ] ||
    fail "$name: rank exit codes '$statuses', expected $code on each of $ranks ranks"
  echo "$name: job exit $rc, rank exits ${statuses% }: $(grep 'specsweep: ' "$tmp/err")"
}

# A rank that cannot read its input (MPMD: only rank 1 is given the missing file): bad input, 3.
check poisson_unreadable 3 "rank 1 of 2: $tmp/missing.npy: cannot open" 2 \
  -n 1 @ poisson --n 16 --backend summa : -n 1 @ poisson --n 16 --backend summa --rhs "$tmp/missing.npy"
check ribbon_unreadable 3 "rank 1 of 2: $tmp/missing.toml: cannot read the file" 2 \
  -n 1 @ ribbon emitter : -n 1 @ ribbon emitter --config "$tmp/missing.toml"
# Parameters that differ between ranks: bad input, 3.
check poisson_mismatched 3 "rank 1 of 2: parameters differ from rank 0's: 'poisson.n = 20' here" 2 \
  -n 1 @ poisson --n 16 --backend summa : -n 1 @ poisson --n 20 --backend summa
check ribbon_mismatched 3 "rank 1 of 2: parameters differ from rank 0's: 'ribbon.width_nm = 120' here" 2 \
  -n 1 @ ribbon emitter : -n 1 @ ribbon emitter --width 120
# A layout that cannot work (a single-process computation started on 2 ranks): runtime, 5.
check poisson_layout 5 "blas backend runs on one process, not 2" 2 -n 2 @ poisson --n 16
check ribbon_layout 5 "ribbon absorption runs on one process, not 2" 2 -n 2 @ ribbon absorption --hw 0.1,0.2
# The same bad value on every rank: bad input, 3, reported once.
check poisson_bad_value 3 "need at least 2 intervals" 3 -n 3 @ poisson --n 1 --backend summa
check ribbon_bad_value 3 "must be > 0" 3 -n 3 @ ribbon emitter --width -1

[ "$failures" -eq 0 ] && echo PASS
exit $((failures > 0))
