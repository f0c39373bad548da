#!/usr/bin/env bash
# `mpiexec -n P specsweep ribbon emitter --json` for P = 1, 2, 3 gives the same P(E_F) to 1e-12;
# a rank that cannot read its config, or that was given other parameters (MPMD launch), makes
# rank 0 print one message and the job exit with 3 (bad input, as in the README) within
# seconds (timeout guards hangs).
# usage: test_distributed_emitter_cli.sh MPIEXEC SPECSWEEP
set -uo pipefail
MPIEXEC=$1 SPECSWEEP=$2
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/small.toml" <<'TOML'
[ribbon]
cells = 32
[sweep]
fermi_eV = [0.2, 0.35, 0.5]
hw_eV = { from = 0.1, to = 0.3, count = 9 }
[quadrature]
q_points = 5
TOML
run="$MPIEXEC --oversubscribe"
emitter="ribbon emitter --config $tmp/small.toml"
fail() { echo "FAIL: $*"; exit 1; }

for P in 1 2 3; do
  timeout 60 $run -n $P "$SPECSWEEP" $emitter --json > "$tmp/P$P.json" 2> "$tmp/P$P.err" ||
    { cat "$tmp/P$P.err"; fail "P = $P exited non-zero"; }
done
/usr/bin/python3 - "$tmp" <<'PY' || fail "P(E_F) differs between rank counts"
import json, sys
runs = {P: json.load(open(f"{sys.argv[1]}/P{P}.json")) for P in (1, 2, 3)}
ref = runs[1]["P"]
for P, d in runs.items():
    assert d["ranks"] == P, (P, d["ranks"])
    rel = max(abs(a / b - 1) for a, b in zip(d["P"], ref))
    print(f"P = {P}: max rel. diff of P(E_F) to one rank {rel:.2e}")
    assert rel < 1e-12
PY

check_failure() {  # name, expected substring, mpiexec arguments...
  local name=$1 expect=$2; shift 2
  local start=$SECONDS
  timeout 60 "$@" > "$tmp/$name.out" 2> "$tmp/$name.err"
  local rc=$?
  [ $rc -ne 124 ] || fail "$name: hung (timeout)"
  [ $rc -eq 3 ] || { cat "$tmp/$name.err"; fail "$name: exit code $rc, expected 3 (bad input)"; }
  local count
  count=$(grep -c "^specsweep: " "$tmp/$name.err")
  [ "$count" -eq 1 ] || { cat "$tmp/$name.err"; fail "$name: $count messages from specsweep, expected 1"; }
  grep -q -- "$expect" "$tmp/$name.err" || { cat "$tmp/$name.err"; fail "$name: no '$expect'"; }
  echo "$name: exit $rc after $((SECONDS - start)) s: $(grep '^specsweep: ' "$tmp/$name.err")"
}
check_failure unreadable "rank 1 of 2: $tmp/missing.toml: cannot read the file" \
  $run -n 1 "$SPECSWEEP" $emitter : -n 1 "$SPECSWEEP" ribbon emitter --config "$tmp/missing.toml"
check_failure mismatched "rank 1 of 2: parameters differ from rank 0's: 'ribbon.width_nm = 120'" \
  $run -n 1 "$SPECSWEEP" $emitter : -n 1 "$SPECSWEEP" $emitter --width 120
echo PASS
