#pragma once
// Test helper: the modal decomposition of a system's A = V D by Eigen alone (LLT and the
// symmetric eigensolver, independent of the engine), and the normal-incidence oscillator
// strengths f_j of alpha(hw) = sum_j f_j / (hw_j^2 - hw (hw + i Gamma)) under Drude at T = 0:
//   A = X diag(lambda) X^-1, V = L L^T, L^T D L = Q diag(lambda) Q^T, X = L Q, X^-1 = Q^T L^-1,
//   f_j = eps W0 a (c^T x_j)(y_j^T b), c = (u o h)^T K, b = -W0 u, a = e^2 E_F / (pi eps W0).
#include <Eigen/Dense>

#include "specsweep/ribbon/system.hpp"
#include "specsweep/ribbon/units.hpp"

namespace ribbon_test {

struct Modal {
  Eigen::VectorXd lambda, f;  ///< eigenvalues of A (ascending) and their oscillator strengths [eV^2 nm^2]
};

inline Modal modal_strengths(const specsweep::ribbon::SystemOperator& op, double width0_nm,
                             double fermi_eV, double eps) {
  using Eigen::MatrixXd;
  using Eigen::VectorXd;
  const Eigen::LLT<MatrixXd> llt(op.coulomb());
  const MatrixXd L = llt.matrixL();
  const Eigen::SelfAdjointEigenSolver<MatrixXd> es(L.transpose() * op.difference() * L);
  const MatrixXd X = L * es.eigenvectors();
  const MatrixXd Xinv = es.eigenvectors().transpose() * L.inverse();
  const VectorXd b = -width0_nm * op.centres();
  const VectorXd c = (op.centres().cwiseProduct(op.sizes()).transpose() * op.charge()).transpose();
  const double a = specsweep::ribbon::units::alpha_hbar_c * fermi_eV / (specsweep::ribbon::units::pi * eps * width0_nm);
  Modal m;
  m.lambda = es.eigenvalues();
  m.f = eps * width0_nm * a * (X.transpose() * c).cwiseProduct(Xinv * b);
  return m;
}

}  // namespace ribbon_test
