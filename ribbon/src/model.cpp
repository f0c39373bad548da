#include "specsweep/ribbon/model.hpp"

#include <fmt/format.h>

#include <cmath>

#include "specsweep/error.hpp"
#include "specsweep/ribbon/bessel_integral.hpp"
#include "specsweep/ribbon/units.hpp"

namespace specsweep::ribbon {
namespace {

void check_grid(double qW, Index cells) {
  require(cells >= 2, fmt::format("ribbon: need at least 2 cells, got {}", cells));
  require(std::isfinite(qW) && qW >= 0,
          fmt::format("ribbon: qW must be finite and >= 0, got {}", qW));
}

// Antiderivative of the q = 0 kernel: F'(t) = -2 ln|t|, F(t) = -2 (t ln|t| - t), F(0) = 0.
double log_kernel_antiderivative(double t) {
  return t == 0.0 ? 0.0 : -2.0 * (t * std::log(std::abs(t)) - t);
}

// v_m = V_ij for |i - j| = m: 2 int_{(m-1/2)h}^{(m+1/2)h} K0(qW |t|) dt.
double coulomb_element(double qW, double h, Index m) {
  const double lo = (double(m) - 0.5) * h, hi = (double(m) + 0.5) * h;
  if (qW == 0.0) return log_kernel_antiderivative(hi) - log_kernel_antiderivative(lo);
  const double a = qW * lo, b = qW * hi;
  // Far cells: both ends where IK0 is close to pi/2, so subtract the tails instead.
  if (a >= 2.0) return (2.0 / qW) * (integral_k0_tail(a) - integral_k0_tail(b));
  return (2.0 / qW) * (integral_k0(b) - integral_k0(a));  // IK0 odd covers m = 0
}

}  // namespace

VectorXd cell_centres(Index cells) {
  require(cells >= 1, fmt::format("ribbon: need at least 1 cell, got {}", cells));
  return (VectorXd::LinSpaced(cells, 0.0, double(cells - 1)).array() + 0.5) / double(cells);
}

MatrixXd coulomb_operator(double qW, Index cells) {
  check_grid(qW, cells);
  const double h = 1.0 / double(cells);
  VectorXd v(cells);
  for (Index m = 0; m < cells; ++m) v(m) = coulomb_element(qW, h, m);
  MatrixXd V(cells, cells);
  for (Index j = 0; j < cells; ++j)
    for (Index i = 0; i < cells; ++i) V(i, j) = v(std::abs(i - j));
  return V;
}

MatrixXd difference_operator(double qW, Index cells) {
  check_grid(qW, cells);
  const double inv_h2 = double(cells) * double(cells);
  MatrixXd D = MatrixXd::Zero(cells, cells);
  // Finite volume: flux (phi_{i+1} - phi_i)/h through each interior face, none through the
  // edges (zero normal current), so the edge rows have -1 instead of -2 on the diagonal.
  for (Index i = 0; i + 1 < cells; ++i) {
    D(i, i) -= inv_h2;
    D(i + 1, i + 1) -= inv_h2;
    D(i, i + 1) += inv_h2;
    D(i + 1, i) += inv_h2;
  }
  D.diagonal().array() -= qW * qW;
  return D;
}

cplx drude_prefactor(double fermi_eV, double hw_eV, double gamma_eV, double eps_eff,
                     double width_nm) {
  require(std::isfinite(fermi_eV) && fermi_eV > 0,
          fmt::format("Fermi energy must be > 0 eV, got {}", fermi_eV));
  require(std::isfinite(hw_eV) && hw_eV > 0, fmt::format("photon energy must be > 0 eV, got {}", hw_eV));
  require(std::isfinite(gamma_eV) && gamma_eV >= 0,
          fmt::format("damping Gamma must be >= 0 eV, got {}", gamma_eV));
  require(std::isfinite(eps_eff) && eps_eff > 0, fmt::format("eps_eff must be > 0, got {}", eps_eff));
  require(std::isfinite(width_nm) && width_nm > 0,
          fmt::format("ribbon width must be > 0 nm, got {}", width_nm));
  const double scale = units::alpha_hbar_c * fermi_eV / (units::pi * eps_eff * width_nm);  // eV^2
  return -scale / (hw_eV * cplx(hw_eV, gamma_eV));
}

Resolvent ribbon_resolvent(double qW, Index cells, const Options& opts) {
  return Resolvent::symmetric_definite_product(coulomb_operator(qW, cells),
                                               difference_operator(qW, cells), opts);
}

RibbonOperator::RibbonOperator(double qW, Index cells)
    : qW_(qW), V_(coulomb_operator(qW, cells)), D_(difference_operator(qW, cells)) {}

Resolvent RibbonOperator::resolvent(const Options& opts) const {
  return Resolvent::symmetric_definite_product(V_, D_, opts);
}

VectorXcd RibbonOperator::induced_charge(cplx EE, double width_nm, const VectorXcd& phi_tot) const {
  require(phi_tot.size() == cells(),
          fmt::format("phi_tot has {} entries but the ribbon has {} cells", phi_tot.size(), cells()));
  require(std::isfinite(width_nm) && width_nm > 0,
          fmt::format("ribbon width must be > 0 nm, got {}", width_nm));
  return (EE / width_nm) * (D_ * phi_tot);
}

MatrixXcd RibbonOperator::charge_observer(const MatrixXcd& M) const {
  require(M.cols() == cells(),
          fmt::format("observer has {} columns but the ribbon has {} cells", M.cols(), cells()));
  return M * D_;
}

}  // namespace specsweep::ribbon
