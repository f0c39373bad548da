// The execution policy: Options::threads bounds the engine's threads for one call, and nothing
// of it leaks into the caller's process. Two threads sweeping at once with different counts
// keep their own OpenMP settings, get the same answers as one thread alone, and leave the
// caller's settings as they were.
#include <doctest/doctest.h>
#include <omp.h>

#include <random>
#include <thread>

#include "specsweep/internal/lapack.hpp"
#include "specsweep/resolvent.hpp"

using namespace specsweep;

namespace {

MatrixXd grcar(Index n) {  // highly non-normal: Schur route
  MatrixXd A = MatrixXd::Zero(n, n);
  for (Index i = 0; i < n; ++i) {
    A(i, i) = 1;
    if (i > 0) A(i, i - 1) = -1;
    for (Index j = i + 1; j < std::min(n, i + 4); ++j) A(i, j) = 1;
  }
  return A / 4.0;
}

std::vector<cplx> circle(Index k) {
  std::vector<cplx> s;
  for (Index j = 0; j < k; ++j) s.push_back(std::polar(0.3, 6.283185307179586 * (j + 0.5) / k));
  return s;
}

double max_abs_diff(const SweepResult& a, const SweepResult& b) {
  REQUIRE(a.data.size() == b.data.size());
  double d = 0;
  for (size_t i = 0; i < a.data.size(); ++i) d = std::max(d, std::abs(a.data[i] - b.data[i]));
  return d;
}

}  // namespace

TEST_CASE("the linked BLAS is the one the build asked for") {
  // The default build links the OpenMP OpenBLAS, whose calls follow the calling thread's own
  // OpenMP setting; a generic build may link anything that is not a process-wide pool.
  MESSAGE("BLAS threading: " << std::string(linalg::to_string(linalg::blas_threading())));
#ifdef SPECSWEEP_EXPECT_PER_CALL_BLAS
  CHECK(linalg::blas_threading() == linalg::BlasThreading::PerCall);
#endif
}

TEST_CASE("a thread scope restores the caller's OpenMP setting, nested or not") {
  const int before = omp_get_max_threads();
  {
    const linalg::BlasThreadScope outer(1);
    if (linalg::blas_threading() == linalg::BlasThreading::PerCall) CHECK(omp_get_max_threads() == 1);
    {
      const linalg::BlasThreadScope inner(3);
      if (linalg::blas_threading() == linalg::BlasThreading::PerCall) CHECK(omp_get_max_threads() == 3);
    }
    if (linalg::blas_threading() == linalg::BlasThreading::PerCall) CHECK(omp_get_max_threads() == 1);
  }
  CHECK(omp_get_max_threads() == before);
}

TEST_CASE("concurrent sweeps with different thread counts: same answers, nothing leaks") {
  const Index n = 300;
  const MatrixXd A = grcar(n);
  const MatrixXcd b = MatrixXcd::Ones(n, 2);
  const std::vector<cplx> s = circle(700);  // several blocks: the across-blocks path runs too
  Options one, two;
  one.threads = 1;
  two.threads = 2;
  one.method = two.method = Method::Schur;
  const Resolvent r1(A, one), r2(A, two);
  const SweepResult alone = r1.solve(s, b);

  const int main_before = omp_get_max_threads();
  SweepResult got1, got2;
  int after1 = -1, after2 = -1, before1 = -2, before2 = -2;
  for (int round = 0; round < 3; ++round) {  // overlapping scopes, several times
    std::thread t1([&] {
      before1 = omp_get_max_threads();
      got1 = r1.solve(s, b);
      after1 = omp_get_max_threads();
    });
    std::thread t2([&] {
      before2 = omp_get_max_threads();
      got2 = r2.solve(s, b);
      after2 = omp_get_max_threads();
    });
    t1.join();
    t2.join();
    CHECK(after1 == before1);
    CHECK(after2 == before2);
    // Same shifts, same blocks, same factor: only the summation order of threaded GEMMs may
    // differ, so the answers agree to rounding (|x| ~ 1 here).
    CHECK(max_abs_diff(got1, alone) < 1e-12);
    CHECK(max_abs_diff(got2, alone) < 1e-12);
  }
  CHECK(omp_get_max_threads() == main_before);
}

TEST_CASE("a sweep inside the caller's parallel region runs and leaves its setting alone") {
  const Index n = 120;
  const MatrixXd A = grcar(n);
  const MatrixXcd b = MatrixXcd::Ones(n, 1);
  const std::vector<cplx> s = circle(300);
  const Resolvent r(A);
  const SweepResult ref = r.solve(s, b);
  double worst = 0;
  int changed = 0;
#pragma omp parallel num_threads(2) reduction(max : worst) reduction(+ : changed)
  {
    const int before = omp_get_max_threads();
    worst = max_abs_diff(r.solve(s, b), ref);
    changed += omp_get_max_threads() != before;
  }
  CHECK(worst < 1e-12);
  CHECK(changed == 0);
}

TEST_CASE("Eigen's products never start threads of their own") {
  // Every target is built with EIGEN_DONT_PARALLELIZE (cmake/SpecsweepDependencies.cmake): with
  // -fopenmp alone Eigen runs large GEMMs on omp_get_max_threads() threads that spin on shared
  // flags, which made a two-ribbon modes run 63x slower on a busy machine.
  const int saved = omp_get_max_threads();
  omp_set_num_threads(2);
  CHECK(omp_get_max_threads() == 2);
  CHECK(Eigen::nbThreads() == 1);
  omp_set_num_threads(saved);
}
