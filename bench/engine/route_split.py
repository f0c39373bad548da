#!/usr/bin/env python3
"""Where a whole `specsweep sweep` goes, per route: load (start-up and the .npy reads, i.e. the
rest of the process), factor, sweep (which writes into the mapped output) and the final commit,
for the Schur route and the block-diagonal one on the whole-process cases of
bench/engine/whole_process.py (real random A, Drude shifts), and on a nearly normal A with a
well-separated spectrum, which the block-diagonal route splits (a random A does not). Median of REPS runs per route, run
alternately. Prints JSON and, with a PNG path, draws the split and the cost per shift.

    /usr/bin/python3 bench/engine/route_split.py build/apps/specsweep [REPS] [plot.png]
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
plot = sys.argv[3] if len(sys.argv) > 3 else None
work = tempfile.mkdtemp(prefix="specsweep-split-")
rng = np.random.default_rng(0)
routes = ("schur", "block-diagonal")
cases = []
for n, k, kind in [(n, k, "random") for n, k in CASES] + [(256, 50000, "nearly-normal")]:
    paths = write_case(n, k, work, rng, kind)
    runs = {r: [] for r in routes}
    for i in range(reps + 1):  # the first round warms the page cache and is not counted
        for route in routes:
            cmd = [exe, "sweep", "-A", paths["A"], "-b", paths["b"], "-s", paths["s"], "-o",
                   os.path.join(work, "X.npy"), "-q", "--json", "--method", route]
            t0 = time.perf_counter()
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            wall = time.perf_counter() - t0
            sec = json.loads(out)["seconds"]
            if i:
                runs[route].append({"wall": wall, "factor": sec["factor"], "sweep": sec["sweep"],
                                    "commit": sec["total"] - sec["factor"] - sec["sweep"]})
    case = {"n": n, "shifts": k, "A": kind, "out_MB": round(16 * n * k / 1e6, 1), "routes": {}}
    for route in routes:
        med = {key: statistics.median(r[key] for r in runs[route]) for key in runs[route][0]}
        # load and start-up: what the process spent outside the timed phases
        med["load"] = max(0.0, med["wall"] - med["factor"] - med["sweep"] - med["commit"])
        med["sweep_us_per_shift"] = 1e6 * med["sweep"] / k
        case["routes"][route] = {key: round(v, 4) for key, v in med.items()}
    cases.append(case)

print(json.dumps({"reps": reps, "cases": cases}, indent=2))

if plot:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5))
    phases = ("load", "factor", "sweep", "commit")
    colours = ("#999999", "#1f77b4", "#ff7f0e", "#2ca02c")
    labels, bottoms, x = [], [], 0
    for case in cases:
        for route in routes:
            r = case["routes"][route]
            bottom = 0.0
            for phase, colour in zip(phases, colours):
                ax1.bar(x, r[phase], bottom=bottom, color=colour,
                        label=phase if x == 0 else None)
                bottom += r[phase]
            labels.append(f"{case['A']}\n{case['n']}x{case['shifts']}\n"
                          + route.replace("block-diagonal", "block-diag"))
            x += 1
    ax1.set_xticks(range(len(labels)), labels, fontsize=7)
    ax1.set_ylabel("seconds (median of %d runs)" % reps)
    ax1.set_title("whole process: where the time goes")
    ax1.legend(fontsize=8)
    width = 0.35
    for i, route in enumerate(routes):
        ax2.bar([j + (i - 0.5) * width for j in range(len(cases))],
                [c["routes"][route]["sweep_us_per_shift"] for c in cases], width, label=route)
    ax2.set_xticks(range(len(cases)), [f"{c['A']}\nn={c['n']}, {c['shifts']}" for c in cases],
                   fontsize=8)
    ax2.set_ylabel("sweep time per shift [µs]")
    ax2.set_title("cost per shift")
    ax2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(plot, dpi=110)
