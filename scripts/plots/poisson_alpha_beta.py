#!/usr/bin/python3
"""alpha-beta model of SUMMA, checked against bench/poisson/results.json and projected to the
reported run of a reference SUMMA code (a 32000^2 Poisson grid on 512 cores in 2 minutes) and to
4x that.

Model for C = A B (n x n x n) on a Pr x Pc grid of P ranks sharing `cores` cores:
  compute  2 n^3 / (min(P t, cores) * gamma)   t BLAS threads per rank; gamma: measured
                                                dgemm rate per core
  comm     per process row/column broadcast of every panel (binomial tree on this node):
           (n / w) ceil(log2 p) alpha + ceil(log2 p) beta * words,  words = n^2/Pr or n^2/Pc
  time     max(compute, comm) with overlap, compute + comm without.
For the cluster projection the Poisson solve is four such products (8 n^3 flops), SUMMA moves
about 2 n^2 / sqrt(P) words per rank per product (a pipelined broadcast costs ~2 beta per word),
against the 2.5-D/3-D lower bound 2 n^2 / P^(2/3) words. Network alpha and beta are
assumptions (FDR InfiniBand class), given on the command line.

Usage: poisson_alpha_beta.py results.json [--png out.png] [--alpha 2e-6] [--bandwidth 6e9]
Prints one JSON object (model check and projections); writes the figure.
"""
import argparse
import json
import math
from collections import defaultdict


def best(records, **match):
    rows = [r for r in records if all(r.get(k) == v for k, v in match.items())]
    return min(rows, key=lambda r: r["seconds"]) if rows else None


def summa_node_model(n, prow, pcol, threads, cores, gamma, alpha, beta, panel):
    p = prow * pcol
    compute = 2.0 * n**3 / (min(p * threads, cores) * gamma)
    comm = 0.0
    for procs, words in ((pcol, n * n / prow), (prow, n * n / pcol)):
        if procs > 1:
            hops = math.ceil(math.log2(procs))
            comm += (n / panel) * hops * alpha + hops * beta * words
    return compute, comm


def cluster_projection(n, p, gamma, alpha, beta, panel=256, products=4):
    flops = products * 2.0 * n**3
    compute = flops / (p * gamma)
    q = math.sqrt(p)
    summa_words = products * 2.0 * n * n / q
    steps = products * 2 * (n / panel) * math.ceil(math.log2(q))
    summa_comm = steps * alpha + 2.0 * beta * summa_words
    lb_words = products * 2.0 * n * n / p ** (2.0 / 3.0)
    lb_comm = beta * lb_words
    return {
        "n": n, "cores": p, "flops": flops,
        "compute_s": compute,
        "summa_words_per_rank": summa_words, "summa_comm_s": summa_comm,
        "lower_bound_2p5d_words_per_rank": lb_words, "lower_bound_comm_s": lb_comm,
        "summa_overlapped_s": max(compute, summa_comm),
        "summa_not_overlapped_s": compute + summa_comm,
        "summa_words_over_lower_bound": summa_words / lb_words,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--png")
    ap.add_argument("--alpha", type=float, default=2e-6, help="network latency, s")
    ap.add_argument("--bandwidth", type=float, default=6e9, help="network bytes/s per rank")
    args = ap.parse_args()
    data = json.load(open(args.results))
    recs = data["records"]
    cores = data["machine"]["cores"]

    gemm = [r for r in recs if r["bench"] == "dgemm" and "ranks" in r]
    top = max(gemm, key=lambda r: r["n"])
    gamma = top["gflops"] * 1e9 / top["threads"]  # flop/s per core
    bc = {r["ranks"]: r for r in recs if r["bench"] == "bcast"}

    check = []
    for r in recs:
        if r["bench"] != "summa":
            continue
        b = best(recs, bench="summa", n=r["n"], ranks=r["ranks"])
        if b is not r:
            continue
        prow, pcol = r["grid"]
        p = prow * pcol
        alpha = bc[p]["alpha_s"] if p in bc else 0.0
        beta = bc[p]["beta_s_per_word"] if p in bc else 0.0
        comp, comm = summa_node_model(r["n"], prow, pcol, r["threads"], cores, gamma, alpha, beta,
                                      r["panel"])
        pd = best(recs, bench="pdgemm", n=r["n"], ranks=r["ranks"])
        check.append({
            "n": r["n"], "grid": r["grid"], "panel": r["panel"],
            "measured_s": r["seconds"], "model_overlapped_s": max(comp, comm),
            "model_not_overlapped_s": comp + comm,
            "measured_over_model": r["seconds"] / max(comp, comm),
            "summa_gflops": r["gflops"], "pdgemm_gflops": pd["gflops"] if pd else None,
            "summa_over_pdgemm": r["gflops"] / pd["gflops"] if pd else None,
        })
    check.sort(key=lambda c: (c["n"], c["grid"][0] * c["grid"][1]))

    beta_net = 8.0 / args.bandwidth
    seed = cluster_projection(32000, 512, gamma, args.alpha, beta_net)
    strong = cluster_projection(32000, 2048, gamma, args.alpha, beta_net)
    weak = cluster_projection(64000, 2048, gamma, args.alpha, beta_net)
    out = {
        "gamma_gflops_per_core": gamma * 1e-9,
        "node_alpha_beta": {str(k): [v["alpha_s"], v["beta_s_per_word"]] for k, v in bc.items()},
        "network_assumed": {"alpha_s": args.alpha, "bytes_per_s": args.bandwidth},
        "model_check": check,
        "projection": {"seed_32000_on_512": seed, "seed_reported_s": 120.0,
                       "strong_4x_cores_32000_on_2048": strong,
                       "weak_4x_64000_on_2048": weak},
    }
    print(json.dumps(out, indent=1))

    if args.png:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.2))
        for n in sorted({c["n"] for c in check}):
            cs = [c for c in check if c["n"] == n]
            ps = [c["grid"][0] * c["grid"][1] for c in cs]
            a1.plot(ps, [2 * n**3 / c["measured_s"] * 1e-9 for c in cs], "o-", label=f"SUMMA n={n}")
            a1.plot(ps, [c["pdgemm_gflops"] for c in cs], "s--", label=f"PDGEMM n={n}")
            a1.plot(ps, [2 * n**3 / c["model_overlapped_s"] * 1e-9 for c in cs], "k:", lw=1)
        a1.set_xlabel("MPI ranks (grids 1x1, 2x1, 2x2)")
        a1.set_ylabel("GFLOP/s")
        a1.set_xticks([1, 2, 4])
        a1.set_title(f"this machine ({cores} cores); dotted: alpha-beta model")
        a1.legend(fontsize=7)
        ps = [2 ** k for k in range(6, 14)]
        proj = [cluster_projection(32000, p, gamma, args.alpha, beta_net) for p in ps]
        a2.loglog(ps, [x["compute_s"] for x in proj], "-", label="compute (measured gamma)")
        a2.loglog(ps, [x["summa_comm_s"] for x in proj], "--", label="SUMMA comm, 2n^2/sqrt(P)")
        a2.loglog(ps, [x["lower_bound_comm_s"] for x in proj], ":", label="2.5-D bound, 2n^2/P^(2/3)")
        a2.loglog(ps, [x["summa_not_overlapped_s"] for x in proj], "k-", lw=2, label="SUMMA total, no overlap")
        a2.loglog([512], [120], "r*", ms=12, label="reported: 120 s on 512 cores")
        a2.set_xlabel("cores (one rank each)")
        a2.set_ylabel("seconds, Poisson 32000^2 (4 products)")
        a2.set_title("projection, network alpha=%.0e s, %.0f GB/s" % (args.alpha, args.bandwidth / 1e9))
        a2.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(args.png, dpi=110)


if __name__ == "__main__":
    main()
