// V(q), D(q) and the Drude prefactor against independent references: tanh-sinh quadrature of
// K0 (Boost), the small-q expansion 2 K0(z) = -2 ln(z/2) - 2 gamma + O(z^2 ln z), the closed
// Neumann spectrum of D, Eigen's LLT, graphene's Drude conductivity in SI units from CODATA
// constants; and the engine's symmetric-definite route against Eigen's general eigensolver and
// LU on the formed product V D.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <boost/math/special_functions/bessel.hpp>
#include <cmath>

#include "specsweep/error.hpp"
#include "specsweep/ribbon/model.hpp"
#include "specsweep/ribbon/units.hpp"

using namespace specsweep;
using namespace specsweep::ribbon;

namespace {

// EE from graphene's intraband (Drude) sheet conductivity in SI units, CODATA 2018 constants:
//   sigma = (e^2 E_F / (pi hbar^2)) i / (omega + i Gamma/hbar)                [S]
// in Gaussian units sigma_G = sigma / (4 pi eps0) [m/s]; continuity i omega rho = div(sigma E)
// with rho~ = rho/eps_eff = (EE/W) D phi (D in u = x/W) gives EE = i sigma_G / (eps_eff omega W).
// Nothing here comes from the ribbon library's unit table.
cplx drude_prefactor_si(double fermi_eV, double hw_eV, double gamma_eV, double eps_eff, double width_nm) {
  const double e = 1.602176634e-19, hbar = 1.054571817e-34, eps0 = 8.8541878128e-12;
  const double pi = 3.14159265358979323846;
  const double omega = hw_eV * e / hbar, gamma = gamma_eV * e / hbar;
  const cplx sigma = (e * e * fermi_eV * e / (pi * hbar * hbar)) * cplx(0, 1) / cplx(omega, gamma);
  return cplx(0, 1) * (sigma / (4 * pi * eps0)) / (eps_eff * omega * width_nm * 1e-9);
}

// 2 int_{lo}^{hi} K0(qW t) dt by tanh-sinh (copes with the log singularity at t = 0).
double coulomb_by_quadrature(double qW, double lo, double hi) {
  boost::math::quadrature::tanh_sinh<double> ts;
  auto k0 = [qW](double t) { return boost::math::cyl_bessel_k(0, qW * t); };
  if (lo < 0) return 2.0 * (ts.integrate(k0, 0.0, -lo) + ts.integrate(k0, 0.0, hi));
  return 2.0 * ts.integrate(k0, lo, hi);
}

}  // namespace

TEST_CASE("V(q) elements match tanh-sinh quadrature of K0, including far cells at large qW") {
  const Index N = 64;
  const double h = 1.0 / N;
  for (double qW : {0.01, 0.7, 3.0, 40.0}) {
    const MatrixXd V = coulomb_operator(qW, N);
    double worst = 0;
    for (Index m : {0, 1, 2, 5, 20, 63}) {
      const double ref = coulomb_by_quadrature(qW, (m - 0.5) * h, (m + 0.5) * h);
      worst = std::max(worst, std::abs(V(m, 0) - ref) / std::abs(ref));
      CHECK(V(0, m) == V(m, 0));
      CHECK(V(N - 1 - m, N - 1) == V(m, 0));  // Toeplitz
    }
    INFO("qW = " << qW << ", worst relative error " << worst);
    CHECK(worst < 1e-12);
  }
}

TEST_CASE("V(q) - V(0) tends to the constant h (-2 ln(qW/2) - 2 gamma) as qW -> 0") {
  const Index N = 50;
  const double qW = 1e-4, h = 1.0 / N;
  const double euler_gamma = 0.57721566490153286;
  const MatrixXd diff = coulomb_operator(qW, N) - coulomb_operator(0.0, N);
  const double c = h * (-2.0 * std::log(qW / 2) - 2.0 * euler_gamma);
  // The O(z^2 ln z) remainder of K0 is below 1e-7 here.
  CHECK((diff.array() - c).abs().maxCoeff() < 1e-9);
}

TEST_CASE("V is symmetric positive definite at every qW, including the q = 0 log kernel") {
  for (double qW : {0.0, 1e-3, 0.5, 2.0, 25.0}) {
    const MatrixXd V = coulomb_operator(qW, 120);
    CHECK((V - V.transpose()).norm() == 0.0);
    Eigen::SelfAdjointEigenSolver<MatrixXd> es(V, Eigen::EigenvaluesOnly);
    INFO("qW = " << qW << ": smallest eigenvalue " << es.eigenvalues()(0));
    CHECK(es.eigenvalues()(0) > 0.0);
    CHECK(Eigen::LLT<MatrixXd>(V).info() == Eigen::Success);
  }
}

TEST_CASE("D has the Neumann spectrum -4N^2 sin^2(k pi / 2N) - (qW)^2 and conserves charge") {
  const Index N = 40;
  for (double qW : {0.0, 1.5}) {
    const MatrixXd D = difference_operator(qW, N);
    CHECK((D - D.transpose()).norm() == 0.0);
    // Zero normal current: a uniform potential drives no current; sum of rho is conserved.
    CHECK((D * VectorXd::Ones(N) + qW * qW * VectorXd::Ones(N)).norm() < 1e-9);
    VectorXd ev = Eigen::SelfAdjointEigenSolver<MatrixXd>(D, Eigen::EigenvaluesOnly).eigenvalues();
    std::sort(ev.data(), ev.data() + N, std::greater<>());
    for (Index k = 0; k < N; ++k) {
      const double s = std::sin(k * units::pi / (2.0 * N));
      CHECK(ev(k) == doctest::Approx(-4.0 * N * N * s * s - qW * qW).epsilon(1e-12).scale(1.0));
    }
  }
}

TEST_CASE("Drude prefactor: graphene's SI Drude conductivity, and unphysical parameters rejected") {
  // The library keeps e^2 = 1.439965 eV nm (7 digits); CODATA gives 1.43996454784: a relative
  // difference of 3.1e-7, so 1e-6 is the agreement the unit table supports. A missing factor of
  // 2 or pi, a sign, or i Gamma on the wrong side fails by far more.
  for (double hw : {0.01, 0.2, 1.5})
    for (double gamma : {0.0, 0.01, 0.3}) {
      const cplx EE = drude_prefactor(0.4, hw, gamma, 2.45, 100.0), ref = drude_prefactor_si(0.4, hw, gamma, 2.45, 100.0);
      INFO("hw = " << hw << " eV, Gamma = " << gamma << " eV: EE = " << EE << ", SI Drude " << ref);
      CHECK(std::abs(EE - ref) < 1e-6 * std::abs(ref));
    }
  CHECK_THROWS_AS(drude_prefactor(0.4, 0.2, 0.01, 2.45, -100.0), Error);
  CHECK_THROWS_AS(drude_prefactor(-0.4, 0.2, 0.01, 2.45, 100.0), Error);
  CHECK_THROWS_AS(drude_prefactor(0.4, 0.0, 0.01, 2.45, 100.0), Error);
  CHECK_THROWS_AS(drude_prefactor(0.4, 0.2, 0.01, 0.0, 100.0), Error);
  CHECK_THROWS_AS(coulomb_operator(-1.0, 10), Error);
  CHECK_THROWS_AS(difference_operator(0.0, 1), Error);
}

TEST_CASE("the symmetric-definite route reproduces eig and LU of the formed A = V D") {
  const Index N = 150;
  for (double qW : {0.0, 0.8}) {
    const RibbonOperator op(qW, N);
    Options eig;
    eig.method = Method::Eig;
    const Resolvent r = op.resolvent(eig);
    CHECK(r.route() == Route::EigSymmetricDefinite);
    const MatrixXd A = op.product();

    // Eigenvalues: Eigen's general (Hessenberg-QR) solver on the formed product.
    VectorXd mine = r.eigenvalues().real(), ref = Eigen::EigenSolver<MatrixXd>(A, false).eigenvalues().real();
    std::sort(mine.data(), mine.data() + N);
    std::sort(ref.data(), ref.data() + N);
    const double scale = ref.cwiseAbs().maxCoeff();
    CHECK((mine - ref).cwiseAbs().maxCoeff() < 1e-10 * scale);
    // The real spectrum the route relies on, seen by a solver that does not assume it (the
    // route's own imaginary parts are zero by construction, so they prove nothing).
    const VectorXd ref_imag = Eigen::EigenSolver<MatrixXd>(A, false).eigenvalues().imag();
    CHECK(ref_imag.cwiseAbs().maxCoeff() < 1e-10 * scale);

    // Solves at Drude-like shifts against Eigen's LU of I - sA.
    const VectorXcd b = (-cell_centres(N)).cast<cplx>();
    std::vector<cplx> shifts;
    for (double hw : {0.05, 0.11, 0.2, 0.4}) shifts.push_back(drude_prefactor(0.4, hw, 0.01, 2.45, 100.0));
    const SweepResult x = r.solve(shifts, b);
    for (size_t k = 0; k < shifts.size(); ++k) {
      const MatrixXcd M = MatrixXcd::Identity(N, N) - shifts[k] * A.cast<cplx>();
      const VectorXcd xr = M.partialPivLu().solve(b);
      VectorXcd xs(N);
      for (Index i = 0; i < N; ++i) xs(i) = x(static_cast<Index>(k), i);
      INFO("qW = " << qW << ", shift " << k);
      CHECK((xs - xr).norm() / xr.norm() < 1e-10);
    }
  }
}

TEST_CASE("induced charge and the charge observer against closed forms of D") {
  // rho~ = (EE/W) D phi. References that do not apply D: (1) phi_i = cos(pi u_i) is an exact
  // eigenvector of the zero-flux second difference, eigenvalue -4 N^2 sin^2(pi/2N), so
  // rho~ = (EE/W)(-4 N^2 sin^2(pi/2N) - (qW)^2) phi; (2) zero flux makes the second difference
  // telescope to zero in a sum, so for phi = 1 + u the total charge is
  // (EE/W)(-(qW)^2) sum(1 + u_i) = -(3/2) N (qW)^2 EE/W.
  const Index N = 20;
  const double qW = 0.3, W = 50.0;
  const RibbonOperator op(qW, N);
  const cplx EE(-0.02, -0.001);
  const VectorXd u = cell_centres(N);
  const VectorXcd mode = (units::pi * u.array()).cos().matrix().cast<cplx>();
  const double s = std::sin(units::pi / (2.0 * N));
  const VectorXcd rho = op.induced_charge(EE, W, mode);
  const VectorXcd rho_ref = (EE / W) * (-4.0 * N * N * s * s - qW * qW) * mode;
  CHECK((rho - rho_ref).norm() < 1e-12 * rho_ref.norm());

  const VectorXcd ramp = (1.0 + u.array()).matrix().cast<cplx>();
  const MatrixXcd M = MatrixXcd::Ones(1, N);
  const cplx total = (op.charge_observer(M) * ramp)(0) * (EE / W);
  const cplx total_ref = -1.5 * double(N) * qW * qW * EE / W;
  CHECK(std::abs(total - total_ref) < 1e-12 * std::abs(total_ref));
  CHECK(std::abs(op.induced_charge(EE, W, ramp).sum() - total_ref) < 1e-12 * std::abs(total_ref));
  CHECK_THROWS_AS(op.induced_charge(EE, W, VectorXcd::Zero(3)), Error);
}
