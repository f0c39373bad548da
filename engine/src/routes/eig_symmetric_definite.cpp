// Symmetric-definite product route, A = V D with V SPD and D symmetric (the ribbon operator).
// With V = L L^T, L^-1 A L = L^T D L =: S is symmetric, S = W diag(lambda) W^T (syevd), so
//   A = X diag(lambda) X^-1,  X = L W,  X^-1 = W^T L^-1.
// The spectrum is real and kappa(X) <= kappa(L) = sqrt(kappa_2(V)): stable when V is well
// conditioned, and the basis stays real, so the sweep runs real GEMMs.
#include <fmt/format.h>

#include "modal_sweep.hpp"
#include "specsweep/error.hpp"
#include "specsweep/internal/lapack.hpp"

namespace specsweep::detail {
namespace {

class SymmetricDefiniteSolver final : public RouteSolver {
 public:
  SymmetricDefiniteSolver(MatrixXd L, const MatrixXd& D) : L_(std::move(L)) {
    MatrixXd S = L_.transpose() * (0.5 * (D + D.transpose())) * L_;
    S = 0.5 * (S + S.transpose());
    VectorXd w;
    const int info = linalg::syevd(S, w);
    if (info > 0) throw Error(fmt::format("symmetric-definite route: syevd failed (info {})", info),
                              ErrorKind::Runtime);
    lambda_ = w.cast<cplx>();
    W_ = std::move(S);
    X_ = L_.triangularView<Eigen::Lower>() * W_;
    const double rcond = linalg::trcon_lower(L_);
    kappa_L_ = rcond > 0 ? 1.0 / rcond : std::numeric_limits<double>::infinity();
  }

  Route route() const override { return Route::EigSymmetricDefinite; }
  Index size() const override { return L_.rows(); }
  VectorXcd eigenvalues() const override { return lambda_; }
  void fill_diagnostics(Diagnostics& d) const override {
    d.kappa_V = kappa_L_;  // 1-norm estimate of kappa(L), which bounds kappa(X)
    d.spectral_radius = lambda_.size() ? lambda_.cwiseAbs().maxCoeff() : 0.0;
  }

  std::unique_ptr<BoundProblem> bind(const MatrixXcd& B, const MatrixXcd* C) const override {
    // coeffs = W^T L^-1 B, on real and imaginary parts to stay in real arithmetic.
    MatrixXd re = B.real(), im = B.imag();
    linalg::trsm_lower(L_, re, linalg::Op::N);
    linalg::trsm_lower(L_, im, linalg::Op::N);
    MatrixXcd coeffs(B.rows(), B.cols());
    coeffs.real() = W_.transpose() * re;
    coeffs.imag() = W_.transpose() * im;
    return std::make_unique<ModalBound>(lambda_, std::move(coeffs), modal_basis(X_, C), kappa_L_);
  }

 private:
  MatrixXd L_, W_, X_;
  VectorXcd lambda_;
  double kappa_L_ = 1;
};

}  // namespace

std::unique_ptr<RouteSolver> make_eig_symmetric_definite(const MatrixXd& V, const MatrixXd& D) {
  MatrixXd L = 0.5 * (V + V.transpose());
  if (linalg::potrf(L) > 0) return nullptr;  // V not positive definite
  return std::make_unique<SymmetricDefiniteSolver>(std::move(L), D);
}

}  // namespace specsweep::detail
