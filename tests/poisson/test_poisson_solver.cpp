// The local solvers against manufactured solutions (second order in h, and the scheme's exact
// error in closed form), the discrete equation T_x U + U T_y = F on the assembled operators,
// and blas against dst.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>

#include "specsweep/error.hpp"
#include "specsweep/poisson/solver.hpp"

using namespace specsweep;
using namespace specsweep::poisson;

namespace {

using Field = std::function<double(double, double)>;

MatrixXd sample(const PoissonProblem& p, const Field& f) {
  MatrixXd F(p.rows(), p.cols());
  for (Index j = 0; j < p.cols(); ++j)
    for (Index i = 0; i < p.rows(); ++i)
      F(i, j) = f(coordinate(i, p.nx, p.bc), coordinate(j, p.ny, p.bc));
  return F;
}

double max_error(const PoissonProblem& p, Backend b, const Field& f, const Field& u) {
  const MatrixXd U = solve_local(p, b, sample(p, f));
  return (U - sample(p, u)).cwiseAbs().maxCoeff();
}

// The 5-point scheme's exact error on u = sin/cos(kx pi x) sin/cos(ky pi y), f = c u with
// c = (kx^2 + ky^2) pi^2: u sampled on the grid is an eigenvector of the discrete operator with
// eigenvalue lambda_h = 4 nx^2 sin^2(kx pi/2nx) + 4 ny^2 sin^2(ky pi/2ny) (Dirichlet nodes and
// zero-flux cell centres alike), so U = (c/lambda_h) u and max|U - u| = |c/lambda_h - 1| max|u|.
double exact_error(const PoissonProblem& p, int kx, int ky, const Field& u) {
  auto lam = [](Index n, int k) {
    const double s = std::sin(k * M_PI / (2.0 * double(n)));
    return 4.0 * double(n * n) * s * s;
  };
  const double c = (kx * kx + ky * ky) * M_PI * M_PI;
  return std::abs(c / (lam(p.nx, kx) + lam(p.ny, ky)) - 1.0) * sample(p, u).cwiseAbs().maxCoeff();
}

// (T_x U + U T_y) applied stencil by stencil: the discrete equation itself.
MatrixXd apply_operator(const PoissonProblem& p, const MatrixXd& U) {
  const double ix2 = double(p.nx * p.nx), iy2 = double(p.ny * p.ny);
  const bool neu = p.bc == Boundary::Neumann;
  auto at = [&](Index i, Index j, Index ii, Index jj) {
    if (ii >= 0 && ii < U.rows() && jj >= 0 && jj < U.cols()) return U(ii, jj);
    return neu ? U(i, j) : 0.0;  // zero flux mirrors the cell; Dirichlet boundary is 0
  };
  MatrixXd R(U.rows(), U.cols());
  for (Index j = 0; j < U.cols(); ++j)
    for (Index i = 0; i < U.rows(); ++i)
      R(i, j) = ix2 * (2 * U(i, j) - at(i, j, i - 1, j) - at(i, j, i + 1, j)) +
                iy2 * (2 * U(i, j) - at(i, j, i, j - 1) - at(i, j, i, j + 1));
  return R;
}

const Field u_dir = [](double x, double y) { return std::sin(M_PI * x) * std::sin(M_PI * y); };
const Field f_dir = [](double x, double y) { return 2 * M_PI * M_PI * std::sin(M_PI * x) * std::sin(M_PI * y); };
const Field u_rect = [](double x, double y) { return std::sin(M_PI * x) * std::sin(2 * M_PI * y); };
const Field f_rect = [](double x, double y) { return 5 * M_PI * M_PI * std::sin(M_PI * x) * std::sin(2 * M_PI * y); };
const Field u_neu = [](double x, double y) { return std::cos(M_PI * x) * std::cos(2 * M_PI * y); };
const Field f_neu = [](double x, double y) { return 5 * M_PI * M_PI * std::cos(M_PI * x) * std::cos(2 * M_PI * y); };

}  // namespace

TEST_CASE("Dirichlet manufactured solution converges at second order") {
  for (Backend b : {Backend::Blas, Backend::Dst}) {
    const double e1 = max_error({32, 32, Boundary::Dirichlet}, b, f_dir, u_dir);
    const double e2 = max_error({64, 64, Boundary::Dirichlet}, b, f_dir, u_dir);
    INFO(to_string(b), ": error n=32 ", e1, ", n=64 ", e2, ", ratio ", e1 / e2);
    CHECK(e1 / e2 == doctest::Approx(4.0).epsilon(0.02));
    // The exact error (8.0e-4 at n = 32, close to its leading term pi^2 h^2/12); the solve's own
    // rounding (~1e-15 on u ~ 1) is 1e-12 of it.
    CHECK(e1 == doctest::Approx(exact_error({32, 32, Boundary::Dirichlet}, 1, 1, u_dir)).epsilon(1e-9));
    CHECK(e2 == doctest::Approx(exact_error({64, 64, Boundary::Dirichlet}, 1, 1, u_dir)).epsilon(1e-9));
  }
}

TEST_CASE("The default problem matches the library's manufactured pair") {
  const PoissonProblem p{16, 16, Boundary::Dirichlet};
  const MatrixXd F = sample(p, [](double x, double y) { return manufactured_f(x, y, Boundary::Dirichlet); });
  CHECK((F - sample(p, f_dir)).cwiseAbs().maxCoeff() < 1e-13);
}

TEST_CASE("Rectangular Dirichlet grid: second order and the discrete equation") {
  const PoissonProblem p1{24, 40, Boundary::Dirichlet}, p2{48, 80, Boundary::Dirichlet};
  const double e1 = max_error(p1, Backend::Blas, f_rect, u_rect);
  const double e2 = max_error(p2, Backend::Blas, f_rect, u_rect);
  INFO("rect errors ", e1, " ", e2, " ratio ", e1 / e2);
  CHECK(e1 / e2 == doctest::Approx(4.0).epsilon(0.03));
  CHECK(e1 == doctest::Approx(exact_error(p1, 1, 2, u_rect)).epsilon(1e-9));
  CHECK(e2 == doctest::Approx(exact_error(p2, 1, 2, u_rect)).epsilon(1e-9));
  const MatrixXd F = sample(p1, f_rect);
  for (Backend b : {Backend::Blas, Backend::Dst}) {
    const MatrixXd U = solve_local(p1, b, F);
    const double res = (apply_operator(p1, U) - F).norm() / F.norm();
    INFO(to_string(b), " relative residual ", res);
    CHECK(res < 1e-12);
  }
}

TEST_CASE("Neumann: zero-mean solution, second order, rectangular") {
  const PoissonProblem p1{20, 36, Boundary::Neumann}, p2{40, 72, Boundary::Neumann};
  const double e1 = max_error(p1, Backend::Blas, f_neu, u_neu);
  const double e2 = max_error(p2, Backend::Blas, f_neu, u_neu);
  INFO("neumann errors ", e1, " ", e2, " ratio ", e1 / e2);
  CHECK(e1 / e2 == doctest::Approx(4.0).epsilon(0.03));
  CHECK(e1 == doctest::Approx(exact_error(p1, 1, 2, u_neu)).epsilon(1e-9));
  CHECK(e2 == doctest::Approx(exact_error(p2, 1, 2, u_neu)).epsilon(1e-9));

  // A right-hand side with a non-zero mean: the solver removes the mean (compatibility) and
  // returns the zero-mean solution of the projected problem.
  MatrixXd F = sample(p1, f_neu).array() + 3.0;
  const MatrixXd U = solve_local(p1, Backend::Blas, F);
  CHECK(std::abs(U.mean()) < 1e-12);
  const MatrixXd Fproj = F.array() - F.mean();
  CHECK((apply_operator(p1, U) - Fproj).norm() / Fproj.norm() < 1e-12);
}

TEST_CASE("blas and dst agree to 1e-12") {
  for (auto [nx, ny] : {std::pair<Index, Index>{64, 64}, {33, 50}, {2, 7}}) {
    const PoissonProblem p{nx, ny, Boundary::Dirichlet};
    const MatrixXd F = MatrixXd::Random(p.rows(), p.cols());
    const MatrixXd a = solve_local(p, Backend::Blas, F), b = solve_local(p, Backend::Dst, F);
    const double diff = (a - b).cwiseAbs().maxCoeff() / a.cwiseAbs().maxCoeff();
    INFO(nx, "x", ny, ": max relative difference ", diff);
    CHECK(diff < 1e-12);
  }
}

TEST_CASE("Bad input is an Error naming the problem") {
  CHECK_THROWS_AS(solve_local({1, 8, Boundary::Dirichlet}, Backend::Blas, MatrixXd(0, 7)), Error);
  CHECK_THROWS_AS(solve_local({8, 8, Boundary::Dirichlet}, Backend::Blas, MatrixXd(7, 6)), Error);
  CHECK_THROWS_WITH_AS(solve_local({8, 8, Boundary::Neumann}, Backend::Dst, MatrixXd(8, 8)),
                       doctest::Contains("dst backend needs the uniform Dirichlet"), Error);
  CHECK_THROWS_AS(parse_backend("cuda"), Error);
  CHECK_THROWS_AS(parse_boundary("robin"), Error);
}
