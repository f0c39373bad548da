#include "specsweep/poisson/spectrum.hpp"

#include <fmt/format.h>

#include <cmath>

#include "specsweep/error.hpp"
#include "specsweep/internal/lapack.hpp"

namespace specsweep::poisson {

Index unknowns(Index intervals, Boundary bc) {
  return bc == Boundary::Dirichlet ? intervals - 1 : intervals;
}

double coordinate(Index i, Index intervals, Boundary bc) {
  const double h = 1.0 / double(intervals);
  return bc == Boundary::Dirichlet ? double(i + 1) * h : (double(i) + 0.5) * h;
}

double dirichlet_sine_entry(Index j, Index k, Index intervals) {
  // sin((j+1)(k+1) pi / n): reduce (j+1)(k+1) mod 2n in integers so the argument stays in
  // [0, 2pi) and keeps full relative accuracy for large n.
  const Index m = ((j + 1) * (k + 1)) % (2 * intervals);
  return std::sqrt(2.0 / double(intervals)) * std::sin(M_PI * double(m) / double(intervals));
}

VectorXd dirichlet_eigenvalues(Index intervals) {
  const Index N = intervals - 1;
  const double h = 1.0 / double(intervals);
  VectorXd lambda(std::max<Index>(N, 0));
  for (Index k = 0; k < N; ++k) {
    // 2 - 2cos(t) = 4 sin^2(t/2): no cancellation for the small eigenvalues.
    const double half = std::sin(M_PI * double(k + 1) / (2.0 * double(intervals)));
    lambda[k] = 4.0 * half * half / (h * h);
  }
  return lambda;
}

Spectrum1D dirichlet_sine_spectrum(Index intervals) {
  const Index N = intervals - 1;
  Spectrum1D s;
  s.lambda = dirichlet_eigenvalues(intervals);
  s.Q.resize(N, N);
  for (Index k = 0; k < N; ++k)
    for (Index j = 0; j < N; ++j) s.Q(j, k) = dirichlet_sine_entry(j, k, intervals);
  return s;
}

Spectrum1D tridiagonal_spectrum(Index intervals, Boundary bc) {
  const Index N = unknowns(intervals, bc);
  require(N >= 1, fmt::format("poisson: {} intervals leave no unknowns", intervals));
  const double h2 = 1.0 / (double(intervals) * double(intervals));
  VectorXd d = VectorXd::Constant(N, 2.0 / h2), e = VectorXd::Constant(std::max<Index>(N - 1, 0), -1.0 / h2);
  if (bc == Boundary::Neumann) {  // zero flux through the outer faces: (u_1 - u_0)/h^2 rows
    d[0] = 1.0 / h2;
    d[N - 1] = N == 1 ? 0.0 : 1.0 / h2;
  }
  Spectrum1D s;
  const int info = linalg::stevd(d, e, s.Q);
  if (info != 0)
    throw Error(fmt::format("poisson: stevd failed to converge (info {})", info),
                ErrorKind::Runtime);
  s.lambda = d;
  if (bc == Boundary::Neumann) {
    // The null space is known exactly: the constants. Pin it so the divide step sees an
    // exact zero instead of a rounding-level eigenvalue.
    s.lambda[0] = 0.0;
    s.Q.col(0).setConstant(1.0 / std::sqrt(double(N)));
  }
  return s;
}

Spectrum1D laplacian_spectrum(Index intervals, Boundary bc) {
  return bc == Boundary::Dirichlet ? dirichlet_sine_spectrum(intervals)
                                   : tridiagonal_spectrum(intervals, bc);
}

}  // namespace specsweep::poisson
