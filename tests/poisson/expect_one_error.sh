#!/usr/bin/env bash
# expect_one_error.sh <exit code> <expected substring> <command...>
# Passes when the command exits with <exit code> (the README's table; under mpiexec, the code
# every rank exits with) and stderr holds exactly one "specsweep:" line that contains the
# expected text (mpiexec's own banner lines are not ours and are ignored).
set -u
code="$1" expected="$2"; shift 2
err="$(mktemp)"
"$@" >/dev/null 2>"$err"
rc=$?
ours="$(grep -c '^specsweep: ' "$err")"
ok=1
[ "$rc" -eq "$code" ] || { echo "expected exit code $code, got $rc"; ok=0; }
[ "$ours" -eq 1 ] || { echo "expected one specsweep: line, got $ours"; ok=0; }
grep -q -- "$expected" "$err" || { echo "stderr lacks: $expected"; ok=0; }
echo "exit $rc; stderr:"; cat "$err"
rm -f "$err"
[ "$ok" -eq 1 ]
