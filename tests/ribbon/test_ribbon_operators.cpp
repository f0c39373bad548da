// V(q), D(q) and the Drude prefactor against independent references: tanh-sinh quadrature of
// K0 (Boost), the small-q expansion 2 K0(z) = -2 ln(z/2) - 2 gamma + O(z^2 ln z), the closed
// Neumann spectrum of D, Eigen's LLT; and the engine's symmetric-definite route against
// Eigen's general eigensolver and LU on the formed product V D.
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

TEST_CASE("Drude prefactor: closed form and rejection of unphysical parameters") {
  const cplx EE = drude_prefactor(0.4, 0.2, 0.01, 2.45, 100.0);
  const double scale = 1.439965 * 0.4 / (units::pi * 2.45 * 100.0);
  CHECK(std::abs(EE - (-scale / (0.2 * cplx(0.2, 0.01)))) < 1e-15 * std::abs(EE));
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
    CHECK(r.eigenvalues().imag().cwiseAbs().maxCoeff() == 0.0);

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

TEST_CASE("induced charge and the charge observer agree with rho = (EE/W) D phi") {
  const RibbonOperator op(0.3, 20);
  const VectorXcd phi = VectorXd::LinSpaced(20, -1.0, 1.0).cast<cplx>();
  const cplx EE(-0.02, -0.001);
  const VectorXcd rho = op.induced_charge(EE, 50.0, phi);
  CHECK((rho - (EE / 50.0) * (op.difference() * phi)).norm() < 1e-14 * rho.norm());
  const MatrixXcd M = MatrixXcd::Ones(1, 20);
  const cplx total = (op.charge_observer(M) * phi)(0) * (EE / 50.0);
  CHECK(std::abs(total - rho.sum()) < 1e-12 * std::abs(rho.sum()) + 1e-15);
  CHECK_THROWS_AS(op.induced_charge(EE, 50.0, VectorXcd::Zero(3)), Error);
}
