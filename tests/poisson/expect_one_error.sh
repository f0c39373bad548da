#!/usr/bin/env bash
# expect_one_error.sh <expected substring> <command...>
# Passes when the command exits non-zero and stderr holds exactly one "specsweep:" line that
# contains the expected text (mpirun's own banner lines are not ours and are ignored).
set -u
expected="$1"; shift
err="$(mktemp)"
"$@" >/dev/null 2>"$err"
rc=$?
ours="$(grep -c '^specsweep: ' "$err")"
ok=1
[ "$rc" -ne 0 ] || { echo "expected a non-zero exit, got 0"; ok=0; }
[ "$ours" -eq 1 ] || { echo "expected one specsweep: line, got $ours"; ok=0; }
grep -q -- "$expected" "$err" || { echo "stderr lacks: $expected"; ok=0; }
echo "exit $rc; stderr:"; cat "$err"
rm -f "$err"
[ "$ok" -eq 1 ]
