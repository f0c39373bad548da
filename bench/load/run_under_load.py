#!/usr/bin/env python3
"""Idle against loaded: every route and front end, timed as whole processes, first on an idle
machine and then with one busy loop per core started by this script. Prints JSON with the
median of REPS runs each way and the ratio loaded/idle; the goal is <= 3 for every row.

    /usr/bin/python3 bench/load/run_under_load.py build/apps/specsweep [REPS]
"""
import json, os, subprocess, sys, tempfile, time
import numpy as np

exe = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/apps/specsweep")
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
work = tempfile.mkdtemp(prefix="specsweep-load-")


def grcar(n):
    A = np.eye(n) - np.eye(n, k=-1)
    for k in range(1, 4):
        A += np.eye(n, k=k)
    return A


def save(name, a):
    path = os.path.join(work, name)
    np.save(path, a)
    return path


rng = np.random.default_rng(0)
hw = np.linspace(0.05, 0.5, 2000)
drude = -0.3 / (hw * (hw + 0.01j))
inputs = {
    "grcar500": save("grcar500.npy", grcar(500) / 4),
    "s22": save("s22.npy", np.exp(2j * np.pi * (np.arange(22) + 0.5) / 22) * 0.2),
    "b500": save("b500.npy", np.ones(500)),
    "A512": save("A512.npy", rng.standard_normal((512, 512)) / np.sqrt(512)),
    "b512": save("b512.npy", rng.standard_normal(512)),
    "s2000": save("s2000.npy", drude / np.abs(drude).max() * 0.5),
    "C3": save("C3.npy", rng.standard_normal((3, 512))),
    # A pencil with a singular E (a descriptor: 30 algebraic rows) and a stable state-space model.
    "E300": save("E300.npy", np.vstack([rng.standard_normal((270, 300)), np.zeros((30, 300))]) / np.sqrt(300)),
    "A300": save("A300.npy", rng.standard_normal((300, 300)) / np.sqrt(300) - np.eye(300)),
    "b300": save("b300.npy", rng.standard_normal(300)),
    "s100": save("s100.npy", 1j * np.logspace(-2, 2, 100)),
    "s1000": save("s1000.npy", 1j * np.logspace(-2, 2, 1000)),
    "Bss": save("Bss.npy", rng.standard_normal((300, 2))),
    "Css": save("Css.npy", rng.standard_normal((2, 300))),
}
out = os.path.join(work, "X.npy")
I = inputs
cases = {
    "sweep hessenberg, Grcar n=500, 22 shifts": [exe, "sweep", "-A", I["grcar500"], "-b", I["b500"], "-s", I["s22"], "-o", out, "--method", "hessenberg", "-q"],
    "sweep schur, Grcar n=500, 22 shifts": [exe, "sweep", "-A", I["grcar500"], "-b", I["b500"], "-s", I["s22"], "-o", out, "--method", "schur", "-q"],
    "sweep direct, Grcar n=500, 22 shifts": [exe, "sweep", "-A", I["grcar500"], "-b", I["b500"], "-s", I["s22"], "-o", out, "--method", "direct", "-q"],
    "sweep auto, Grcar n=500, 22 shifts": [exe, "sweep", "-A", I["grcar500"], "-b", I["b500"], "-s", I["s22"], "-o", out, "-q"],
    "sweep schur, n=512, 2000 shifts": [exe, "sweep", "-A", I["A512"], "-b", I["b512"], "-s", I["s2000"], "-o", out, "--method", "schur", "-q"],
    "sweep eig, n=512, 2000 shifts": [exe, "sweep", "-A", I["A512"], "-b", I["b512"], "-s", I["s2000"], "-o", out, "--method", "eig", "-q"],
    "sweep hessenberg, n=512, 2000 shifts": [exe, "sweep", "-A", I["A512"], "-b", I["b512"], "-s", I["s2000"], "-o", out, "--method", "hessenberg", "-q"],
    "sweep auto projected, n=512, 2000 shifts, p=3": [exe, "sweep", "-A", I["A512"], "-b", I["b512"], "-s", I["s2000"], "-C", I["C3"], "-o", out, "-q"],
    "sweep qz, pencil n=300 (singular E), 1000 shifts": [exe, "sweep", "-A", I["E300"], "-E", I["A300"], "-b", I["b300"], "-s", I["s1000"], "-o", out, "--method", "qz", "-q"],
    "sweep hessenberg-triangular, pencil n=300, 100 shifts": [exe, "sweep", "-A", I["E300"], "-E", I["A300"], "-b", I["b300"], "-s", I["s100"], "-o", out, "--method", "hessenberg", "-q"],
    "sweep block-diagonal, n=512, 2000 shifts": [exe, "sweep", "-A", I["A512"], "-b", I["b512"], "-s", I["s2000"], "-o", out, "--method", "block-diagonal", "-q"],
    "freqresp n=300, 2x2, 100 frequencies": [exe, "freqresp", "--A", I["A300"], "--B", I["Bss"], "--C", I["Css"], "--omega-range", "0.01:100:100", "--out", out],
    "freqresp descriptor n=300, 2x2, 1000 frequencies": [exe, "freqresp", "--A", I["A300"], "--E", I["E300"], "--B", I["Bss"], "--C", I["Css"], "--omega-range", "0.01:100:1000", "--out", out],
    "ribbon modes, dimer": [exe, "ribbon", "modes", "--widths", "100,100", "--gaps", "10", "--json"],
    "ribbon emitter, default study": [exe, "ribbon", "emitter", "--config", os.path.join(root, "data", "ribbon-default.toml")],
    "ribbon modes": [exe, "ribbon", "modes", "--json"],
    "ribbon absorption": [exe, "ribbon", "absorption", "--json"],
    "poisson blas n=1024": [exe, "poisson", "--n", "1024", "--backend", "blas"],
    "poisson dst n=2048": [exe, "poisson", "--n", "2048", "--backend", "dst"],
}


def wall(cmd):
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=work)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr.decode()[:300]}")
    return time.perf_counter() - t


def medians():
    res = {}
    for name, cmd in cases.items():
        wall(cmd)  # warm-up
        res[name] = float(np.median([wall(cmd) for _ in range(reps)]))
    return res


idle = medians()
busy = [subprocess.Popen(["sh", "-c", "while :; do :; done"]) for _ in range(os.cpu_count() or 2)]
try:
    time.sleep(0.5)
    loaded = medians()
finally:
    for p in busy:
        p.kill()
rows = {k: {"idle_s": round(idle[k], 4), "loaded_s": round(loaded[k], 4),
            "ratio": round(loaded[k] / idle[k], 2)} for k in cases}
print(json.dumps({"cores": os.cpu_count(), "busy_loops": len(busy), "reps": reps,
                  "env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OMP_WAIT_POLICY")},
                  "worst_ratio": max(r["ratio"] for r in rows.values()), "cases": rows}, indent=2))
