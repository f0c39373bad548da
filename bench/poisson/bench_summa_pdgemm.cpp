// SUMMA against ScaLAPACK PDGEMM on the same grid, block size and local arrays (both use the
// ScaLAPACK block-cyclic layout), plus the single-process dgemm rate and the MPI_Bcast
// latency/bandwidth (alpha, beta) of this machine for the alpha-beta model. One JSON object per
// line on rank 0. Usage: bench_summa_pdgemm [n ...] [--block nb] [--panels p,q,..] [--reps r]
#include <mpi.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scalapack.hpp"
#include "specsweep/internal/lapack.hpp"
#include "specsweep/poisson/summa.hpp"

using namespace specsweep;
using namespace specsweep::poisson;
using json = nlohmann::json;

namespace {

std::vector<Index> split_list(const std::string& s) {
  std::vector<Index> v;
  size_t pos = 0;
  while (pos < s.size()) {
    const size_t next = s.find(',', pos);
    v.push_back(std::stol(s.substr(pos, next - pos)));
    pos = next == std::string::npos ? s.size() : next + 1;
  }
  return v;
}

// Best wall time of `reps` runs, each started together and timed by the slowest rank.
template <class F>
double best_seconds(int reps, F&& run) {
  double best = 1e300;
  for (int r = 0; r < reps; ++r) {
    MPI_Barrier(MPI_COMM_WORLD);
    const double t0 = MPI_Wtime();
    run();
    double t = MPI_Wtime() - t0;
    MPI_Allreduce(MPI_IN_PLACE, &t, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    best = std::min(best, t);
  }
  return best;
}

// alpha (s) and beta (s per 8-byte word) of MPI_Bcast among all ranks: a 1-word and a 2^20-word
// broadcast, best of 20 and 5.
std::pair<double, double> bcast_alpha_beta() {
  std::vector<double> buf(1 << 20, 1.0);
  const double t1 = best_seconds(20, [&] { MPI_Bcast(buf.data(), 1, MPI_DOUBLE, 0, MPI_COMM_WORLD); });
  const double tn = best_seconds(5, [&] {
    MPI_Bcast(buf.data(), int(buf.size()), MPI_DOUBLE, 0, MPI_COMM_WORLD);
  });
  return {t1, (tn - t1) / double(buf.size())};
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int size = 0, rank = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  std::vector<Index> ns, panels{32, 64, 128, 256};
  Index block = 256;
  int reps = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--block" && i + 1 < argc) block = std::stol(argv[++i]);
    else if (a == "--panels" && i + 1 < argc) panels = split_list(argv[++i]);
    else if (a == "--reps" && i + 1 < argc) reps = std::atoi(argv[++i]);
    else ns.push_back(std::stol(a));
  }
  if (ns.empty()) ns = {2048};
  auto emit = [&](json j) {
    if (rank == 0) std::printf("%s\n", j.dump().c_str());
    std::fflush(stdout);
  };

  DistributionPlan plan = make_plan(size);
  plan.block = block;
  {  // the grid's communicators are freed before MPI_Finalize
  ProcessGrid grid(MPI_COMM_WORLD, plan);
  const json grid_json = {plan.prow, plan.pcol};
  const int threads = omp_get_max_threads();
  if (size > 1) {
    const auto [alpha, beta] = bcast_alpha_beta();
    emit({{"bench", "bcast"}, {"ranks", size}, {"alpha_s", alpha}, {"beta_s_per_word", beta}});
  }

  int context = 0, nprow = 0, npcol = 0, myrow = 0, mycol = 0;
  Cblacs_get(-1, 0, &context);
  Cblacs_gridinit(&context, "Row", plan.prow, plan.pcol);
  Cblacs_gridinfo(context, &nprow, &npcol, &myrow, &mycol);

  for (const Index n : ns) {
    const double flops = 2.0 * double(n) * double(n) * double(n);
    auto entry = [](Index i, Index j) { return double((i * 7 + j * 13) % 17) / 17.0 - 0.5; };
    const DistributedMatrix A = distributed_from(n, n, plan, grid, entry);
    const DistributedMatrix B = distributed_from(n, n, plan, grid, [&](Index i, Index j) { return entry(j, i); });
    DistributedMatrix C;

    if (size == 1) {  // the single-process dgemm rate, the 1x1 yardstick
      MatrixXd Cl(n, n);
      const double t = best_seconds(reps, [&] {
        linalg::gemm(linalg::Op::N, linalg::Op::N, n, n, n, 1.0, A.local.data(), n, B.local.data(),
                     n, 0.0, Cl.data(), n);
      });
      emit({{"bench", "dgemm"}, {"n", n}, {"ranks", 1}, {"threads", threads}, {"seconds", t},
            {"gflops", flops / t * 1e-9}});
    }
    for (const Index panel : panels) {
      if (panel > block) continue;
      plan.panel = panel;
      const double t = best_seconds(reps, [&] { summa_gemm(plan, grid, A, B, C); });
      emit({{"bench", "summa"}, {"n", n}, {"ranks", size}, {"grid", grid_json}, {"block", block},
            {"panel", panel}, {"threads", threads}, {"seconds", t}, {"gflops", flops / t * 1e-9}});
      if (size == 1) break;  // 1x1 is one dgemm; the panel does not enter
    }

    // PDGEMM on the same local arrays.
    const int ni = int(n), nbi = int(block), zero = 0, one = 1;
    const int lld = int(std::max<Index>(1, A.local.rows()));
    int desc[9], info = 0;
    descinit_(desc, &ni, &ni, &nbi, &nbi, &zero, &zero, &context, &lld, &info);
    MatrixXd Cp = MatrixXd::Zero(A.local.rows(), B.local.cols());
    const double alpha = 1.0, beta = 0.0;
    const double t = best_seconds(reps, [&] {
      pdgemm_("N", "N", &ni, &ni, &ni, &alpha, A.local.data(), &one, &one, desc, B.local.data(),
              &one, &one, desc, &beta, Cp.data(), &one, &one, desc);
    });
    // Both products must agree before their times mean anything.
    double diff = (Cp - C.local).cwiseAbs().maxCoeff(), scale = C.local.cwiseAbs().maxCoeff();
    MPI_Allreduce(MPI_IN_PLACE, &diff, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    MPI_Allreduce(MPI_IN_PLACE, &scale, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    emit({{"bench", "pdgemm"}, {"n", n}, {"ranks", size}, {"grid", grid_json}, {"block", block},
          {"threads", threads}, {"seconds", t}, {"gflops", flops / t * 1e-9},
          {"max_rel_diff_vs_summa", diff / scale}});
  }
  Cblacs_gridexit(context);
  }
  MPI_Finalize();
  return 0;
}
