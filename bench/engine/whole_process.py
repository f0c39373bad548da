#!/usr/bin/env python3
"""Whole-process timings as the user measures them: `specsweep sweep` against the NumPy eig +
broadcast script (numpy_blog_sweep.py) on the same .npy inputs, run alternately (A B A B ...)
so machine drift hits both, with the median of REPS pairs and the ratio NumPy / specsweep per
pair. Prints JSON.

    /usr/bin/python3 bench/engine/whole_process.py build/apps/specsweep [REPS]
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from whole_process_cases import CASES, write_case  # noqa: E402

exe = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/apps/specsweep")
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
here = os.path.dirname(os.path.abspath(__file__))
work = tempfile.mkdtemp(prefix="specsweep-whole-")
rng = np.random.default_rng(0)
results = {}
for n, k in CASES:
    paths = write_case(n, k, work, rng)
    ours = [exe, "sweep", "-A", paths["A"], "-b", paths["b"], "-s", paths["s"],
            "-o", os.path.join(work, "X.npy"), "-q", "--json"]
    peer = ["/usr/bin/python3", os.path.join(here, "numpy_blog_sweep.py"), paths["A"], paths["b"],
            paths["s"], os.path.join(work, "Y.npy")]
    pairs, route = [], None
    for i in range(reps + 1):  # the first pair warms the page cache and is not counted
        t0 = time.perf_counter()
        out = subprocess.run(ours, capture_output=True, text=True, check=True).stdout
        t1 = time.perf_counter()
        subprocess.run(peer, check=True)
        t2 = time.perf_counter()
        route = json.loads(out)["method"]
        if i:
            pairs.append((t1 - t0, t2 - t1))
    X, Y = np.load(os.path.join(work, "X.npy")), np.load(os.path.join(work, "Y.npy"))
    rel = float((np.abs(X - Y).max(axis=1) / np.abs(Y).max(axis=1)).max())
    results[f"n{n}_k{k}"] = {
        "route": route,
        "specsweep_s": statistics.median(p[0] for p in pairs),
        "numpy_s": statistics.median(p[1] for p in pairs),
        "ratio_numpy_over_specsweep": statistics.median(p[1] / p[0] for p in pairs),
        "max_rel_diff_vs_numpy": rel,
        "output_MB": X.nbytes / 1e6,
    }
print(json.dumps({"reps": reps, "cores": os.cpu_count(), "cases": results}, indent=2))
