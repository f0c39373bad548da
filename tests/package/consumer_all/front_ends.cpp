// Links both installed front ends and checks one result of each against a closed form; exits
// non-zero on failure.
#include <cmath>
#include <cstdio>
#include <specsweep/poisson/spectrum.hpp>
#include <specsweep/ribbon/bessel_integral.hpp>

int main() {
  // int_0^inf K0 = pi/2, and the tail beyond 40 is below e^-40.
  const double pi = std::acos(-1.0);
  const double ribbon_error = std::abs(specsweep::ribbon::integral_k0(40.0) - pi / 2);
  // LAPACK's stevd on tridiag(-1, 2, -1) n^2 against lambda_k = (2 - 2 cos((k+1) pi / n)) n^2.
  const int n = 16;
  const auto spectrum =
      specsweep::poisson::tridiagonal_spectrum(n, specsweep::poisson::Boundary::Dirichlet);
  double poisson_error = 0;
  for (int k = 0; k < n - 1; ++k) {
    const double exact = (2 - 2 * std::cos((k + 1) * pi / n)) * n * n;
    poisson_error = std::max(poisson_error, std::abs(spectrum.lambda(k) - exact) / exact);
  }
  std::printf("ribbon: |IK0(40) - pi/2| = %.1e; poisson: stevd eigenvalue error %.1e\n",
              ribbon_error, poisson_error);
  // 1e-13 is the contract of integral_k0; stevd is backward stable, so a few eps times
  // lambda_max / lambda_k = cond of the smallest eigenvalue, about 100 here: 1e-13 again.
  return ribbon_error < 1e-13 && poisson_error < 1e-13 ? 0 : 1;
}
