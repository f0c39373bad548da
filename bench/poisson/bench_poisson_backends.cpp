// The Poisson backends on the manufactured problem, against peers measured in the same run:
// the dgemm rate at the same size (yardstick for blas/summa transforms) and a plain FFTW
// sine-transform solve written out here (yardstick for dst). One JSON object per line on
// rank 0. Usage: [mpirun -np P] bench_poisson_backends [n ...] [--reps r]
// With one rank it runs dgemm, blas, dst, plain FFTW and summa; with more, summa only.
#include <fftw3.h>
#include <mpi.h>
#include <omp.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "specsweep/internal/lapack.hpp"
#include "specsweep/poisson/solver.hpp"

using namespace specsweep;
using namespace specsweep::poisson;
using json = nlohmann::json;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The textbook FFTW solve: plan, DST-I, divide by the closed-form eigenvalue sums, DST-I,
// scale by 1/(4 n^2). Deliberately independent of the library.
double plain_fftw_solve(Index n, const MatrixXd& F, MatrixXd& U) {
  const Index N = n - 1;
  const auto t0 = std::chrono::steady_clock::now();
  double* a = fftw_alloc_real(size_t(N * N));
  fftw_plan p = fftw_plan_r2r_2d(int(N), int(N), a, a, FFTW_RODFT00, FFTW_RODFT00, FFTW_ESTIMATE);
  std::copy(F.data(), F.data() + N * N, a);
  fftw_execute(p);
  std::vector<double> lam(static_cast<size_t>(N));
  for (Index k = 0; k < N; ++k)
    lam[size_t(k)] = (2 - 2 * std::cos(M_PI * double(k + 1) / double(n))) * double(n * n);
  for (Index j = 0; j < N; ++j)
    for (Index i = 0; i < N; ++i) a[j * N + i] /= lam[size_t(i)] + lam[size_t(j)];
  fftw_execute(p);
  const double scale = 1.0 / (4.0 * double(n) * double(n));
  U = MatrixXd(N, N);  // a fresh result array, as the library's solve returns
  for (Index k = 0; k < N * N; ++k) U.data()[k] = a[k] * scale;
  fftw_destroy_plan(p);
  fftw_free(a);
  return seconds_since(t0);
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int size = 0, rank = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  std::vector<Index> ns;
  int reps = 2;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--reps" && i + 1 < argc) reps = std::atoi(argv[++i]);
    else ns.push_back(std::stol(a));
  }
  if (ns.empty()) ns = {1024};
  auto emit = [&](json j) {
    if (rank == 0) std::printf("%s\n", j.dump().c_str());
    std::fflush(stdout);
  };
  const int threads = omp_get_max_threads();

  for (const Index n : ns) {
    const PoissonProblem p{n, n, Boundary::Dirichlet};
    const Index N = p.rows();
    auto f = [&](Index i, Index j) {
      return manufactured_f(coordinate(i, n, p.bc), coordinate(j, n, p.bc), p.bc);
    };
    auto max_error = [&](const MatrixXd& U) {
      double e = 0;
      for (Index j = 0; j < N; ++j)
        for (Index i = 0; i < N; ++i)
          e = std::max(e, std::abs(U(i, j) - manufactured_u(coordinate(i, n, p.bc),
                                                            coordinate(j, n, p.bc), p.bc)));
      return e;
    };

    if (size == 1) {
      MatrixXd F(N, N);
      for (Index j = 0; j < N; ++j)
        for (Index i = 0; i < N; ++i) F(i, j) = f(i, j);

      // Yardstick 1: one N x N x N dgemm, best of reps.
      MatrixXd C(N, N);
      double t_gemm = 1e300;
      for (int r = 0; r < reps; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        linalg::gemm(linalg::Op::N, linalg::Op::N, N, N, N, 1.0, F.data(), N, F.data(), N, 0.0,
                     C.data(), N);
        t_gemm = std::min(t_gemm, seconds_since(t0));
      }
      const double gemm_rate = 2.0 * double(N) * double(N) * double(N) / t_gemm * 1e-9;
      emit({{"bench", "dgemm"}, {"n", n}, {"threads", threads}, {"seconds", t_gemm},
            {"gflops", gemm_rate}});

      for (Backend b : {Backend::Blas, Backend::Dst}) {
        PoissonTimings best;
        best.total = 1e300;
        MatrixXd U;
        for (int r = 0; r < reps; ++r) {
          PoissonTimings t;
          U = solve_local(p, b, F, &t);
          if (t.total < best.total) best = t;
        }
        const double rate = best.transform_flops / best.transform * 1e-9;
        json j = {{"bench", "poisson"}, {"backend", to_string(b)}, {"n", n}, {"ranks", 1},
                  {"threads", threads}, {"max_error", max_error(U)},
                  {"seconds", {{"transform", best.transform}, {"divide", best.divide}, {"total", best.total}}},
                  {"gflops", rate}};
        if (b == Backend::Blas) j["transform_rate_vs_dgemm"] = rate / gemm_rate;
        if (b == Backend::Dst) {
          // Yardstick 2: the plain FFTW solve, best of reps, timed end to end like ours.
          MatrixXd Up;
          double t_plain = 1e300;
          for (int r = 0; r < reps; ++r) t_plain = std::min(t_plain, plain_fftw_solve(n, F, Up));
          j["plain_fftw_seconds"] = t_plain;
          j["total_vs_plain_fftw"] = best.total / t_plain;
          j["max_rel_diff_vs_plain_fftw"] = (U - Up).cwiseAbs().maxCoeff() / Up.cwiseAbs().maxCoeff();
        }
        emit(j);
      }
    }

    const DistributionPlan plan = plan_for(p, size);
    const ProcessGrid grid(MPI_COMM_WORLD, plan);  // freed at the end of this n
    const DistributedMatrix F = distributed_from(N, N, plan, grid, f);
    PoissonTimings best;
    best.total = 1e300;
    double err = 0;
    for (int r = 0; r < reps; ++r) {
      PoissonTimings t;
      MPI_Barrier(MPI_COMM_WORLD);
      const DistributedMatrix U = solve_summa(p, plan, grid, F, &t);
      for (double* v : {&t.transform, &t.divide, &t.total})
        MPI_Allreduce(MPI_IN_PLACE, v, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
      if (t.total < best.total) best = t;
      double local = 0;
      for (Index lj = 0; lj < U.local.cols(); ++lj)
        for (Index li = 0; li < U.local.rows(); ++li) {
          const Index i = global_index(li, plan.block, grid.myrow(), plan.prow);
          const Index j = global_index(lj, plan.block, grid.mycol(), plan.pcol);
          local = std::max(local, std::abs(U.local(li, lj) - manufactured_u(coordinate(i, n, p.bc),
                                                                            coordinate(j, n, p.bc), p.bc)));
        }
      MPI_Allreduce(&local, &err, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    }
    emit({{"bench", "poisson"}, {"backend", "summa"}, {"n", n}, {"ranks", size},
          {"grid", {plan.prow, plan.pcol}}, {"block", plan.block}, {"panel", plan.panel},
          {"threads", threads}, {"max_error", err},
          {"seconds", {{"transform", best.transform}, {"divide", best.divide}, {"total", best.total}}},
          {"gflops", best.transform_flops / best.transform * 1e-9}});
  }
  MPI_Finalize();
  return 0;
}
