// Sweeps a 3x3 system through the installed library and checks each residual
// ||(I - sA) x - b|| / ||b|| directly; exits non-zero on failure.
#include <cstdio>
#include <specsweep/resolvent.hpp>
#include <specsweep/version.hpp>

int main() {
  specsweep::MatrixXd A(3, 3);
  A << 0.5, 0.2, 0.0,  //
      -0.1, 0.3, 0.4,  //
      0.0, 0.7, -0.2;
  specsweep::MatrixXcd b(3, 1);
  b << 1.0, -2.0, 0.5;
  const std::vector<specsweep::cplx> shifts{0.1, -0.7, {0.4, 0.3}, 1.2};
  const specsweep::Resolvent r(A);
  const specsweep::SweepResult x = r.solve(shifts, b);
  double worst = 0;
  for (specsweep::Index j = 0; j < x.shifts; ++j) {
    specsweep::VectorXcd xj(3);
    for (int i = 0; i < 3; ++i) xj(i) = x(j, i);
    const specsweep::MatrixXcd M = specsweep::MatrixXcd::Identity(3, 3) -
                                   shifts[static_cast<size_t>(j)] * A.cast<specsweep::cplx>();
    worst = std::max(worst, (M * xj - b.col(0)).norm() / b.norm());
  }
  std::printf("specsweep %s, route %s: worst relative residual %.2e over %zu shifts\n",
              SPECSWEEP_VERSION, specsweep::to_string(r.route()).c_str(), worst, shifts.size());
  return worst < 1e-13 && x.flagged.empty() ? 0 : 1;
}
