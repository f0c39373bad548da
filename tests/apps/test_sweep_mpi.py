"""`mpirun -np P specsweep sweep` splits the shifts over the ranks and writes one .npy in shift
order. With --block pinned every rank solves exactly the blocks one process would, so the file
is the single-process file byte for byte; without it the split differs and the result must
agree to 1e-13 relative at every shift. Checked for P = 1..4 on a non-normal A (Schur route),
a projected case (several right-hand sides, an observer), and `auto` (the route must be the
one chosen for the global shift count, on every rank)."""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

cli, mpiexec = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp(prefix="specsweep-mpi-sweep-")
rng = np.random.default_rng(5)
n, k = 60, 203  # k not a multiple of the block or of any rank count
A = np.triu(rng.standard_normal((n, n))) / np.sqrt(n) + 0.1 * np.diag(np.ones(n - 1), -1)
hw = np.linspace(0.05, 0.5, k)
s = -0.3 / (hw * (hw + 0.01j))
s *= 0.5 / (np.abs(s).max() * np.abs(np.linalg.eigvals(A)).max())
B = rng.standard_normal((n, 2))
C = rng.standard_normal((3, n))
for name, arr in {"A": A, "s": s, "B": B, "C": C, "b": B[:, 0].copy()}.items():
    np.save(os.path.join(work, name + ".npy"), arr)
p = lambda name: os.path.join(work, name)


def sweep(ranks, out, *extra):
    cmd = [cli, "sweep", "-A", p("A.npy"), "-s", p("s.npy"), "-o", p(out), "--json", *extra]
    if ranks:
        cmd = [mpiexec, "-n", str(ranks), "--oversubscribe", *cmd]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, (cmd, r.returncode, r.stderr)
    assert not [f for f in os.listdir(work) if ".tmp." in f], "temporary left behind"
    info = json.loads(r.stdout)  # one JSON document, from rank 0 only
    return np.load(p(out)), info


cases = {
    "full x, schur": ["-b", p("b.npy"), "--method", "schur"],
    "projected, 2 rhs, auto": ["-b", p("B.npy"), "-C", p("C.npy")],
}
for label, args in cases.items():
    ref, info1 = sweep(0, "ref.npy", *args, "--block", "16")
    ref_bytes = open(p("ref.npy"), "rb").read()
    free, _ = sweep(0, "free.npy", *args)
    for P in (1, 2, 3, 4):
        got, info = sweep(P, f"pinned{P}.npy", *args, "--block", "16")
        assert info["method"] == info1["method"], (label, P, info["method"], info1["method"])
        assert info["ranks"] == P, info
        assert open(p(f"pinned{P}.npy"), "rb").read() == ref_bytes, f"{label}: P={P} not bit-identical"
        got, _ = sweep(P, f"free{P}.npy", *args)
        rel = np.abs(got - free).reshape(k, -1).max(axis=1) / np.abs(free).reshape(k, -1).max(axis=1)
        assert rel.max() < 1e-13, (label, P, rel.max())
        print(f"{label}: P={P} bit-identical with --block 16; max rel diff {rel.max():.1e} without")
print("ok")

# `check` splits the shifts the same way: the same routes, the same worst backward errors.
def check(ranks):
    cmd = [cli, "check", "-A", p("A.npy"), "-b", p("b.npy"), "-s", p("s.npy"), "--json", "--block", "16"]
    if ranks:
        cmd = [mpiexec, "-n", str(ranks), "--oversubscribe", *cmd]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, (cmd, r.stderr)
    return json.loads(r.stdout)


one = check(0)
for P in (2, 3):
    got = check(P)
    assert got["auto"] == one["auto"], (got["auto"], one["auto"])
    for a, b in zip(got["routes"], one["routes"]):
        assert a["route"] == b["route"]
        # Same shifts, same blocks, same factorisation: the statistics are the same numbers.
        for stat in ("rel_diff_to_direct", "backward_error"):
            assert a[stat]["max"] == b[stat]["max"], (P, a["method"], stat, a[stat], b[stat])
    print(f"check: P={P} same routes and the same worst differences as one process")
print("ok")
