// Which OpenBLAS this binary runs at run time, after one engine solve through it: exits 0 only
// for the OpenMP build (openblas_get_parallel(): 0 sequential, 1 pthreads, 2 OpenMP). The pthreads
// and OpenMP builds share the soname libopenblas.so.0, so only the RPATH decides which one loads.
#include <cstdio>
#include <specsweep/resolvent.hpp>

extern "C" int openblas_get_parallel();

int main() {
  // (I - sA) x = b with diagonal A: x_i = b_i / (1 - s a_i), exactly.
  const int n = 40;
  specsweep::MatrixXd A = specsweep::MatrixXd::Zero(n, n);
  specsweep::MatrixXcd b(n, 1);
  for (int i = 0; i < n; ++i) {
    A(i, i) = 0.5 + 0.01 * i;
    b(i, 0) = 1.0 + i;
  }
  const std::vector<specsweep::cplx> shifts{0.3, {0.2, 0.1}};
  const specsweep::SweepResult x = specsweep::Resolvent(A).solve(shifts, b);
  double worst = 0;
  for (specsweep::Index j = 0; j < x.shifts; ++j)
    for (int i = 0; i < n; ++i) {
      const specsweep::cplx exact = b(i, 0) / (1.0 - shifts[static_cast<size_t>(j)] * A(i, i));
      worst = std::max(worst, std::abs(x(j, i) - exact) / std::abs(exact));
    }
  const int parallel = openblas_get_parallel();
  std::printf("openblas_get_parallel() = %d (2 = OpenMP build); worst relative error %.1e\n",
              parallel, worst);
  // 1e-13: a diagonal solve is a handful of roundings per entry, ~1e-16 each.
  return parallel == 2 && worst < 1e-13 ? 0 : 1;
}
