// Hermitian route: A = V diag(lambda) V^* with unitary V (syevd / heevd). The modal sweep is
// then stable: each mode's division is exact to rounding and V preserves norms, so the error is
// O(eps cond(I - sA)).
#include <fmt/format.h>

#include "modal_sweep.hpp"
#include "specsweep/error.hpp"
#include "specsweep/internal/lapack.hpp"

namespace specsweep::detail {
namespace {

template <class Mat>
class HermitianSolver final : public RouteSolver {
 public:
  explicit HermitianSolver(const Mat& A) : V_((A + A.adjoint()) * 0.5) {
    VectorXd w;
    int info = 0;
    if constexpr (std::is_same_v<Mat, MatrixXd>) info = linalg::syevd(V_, w);
    else info = linalg::heevd(V_, w);
    if (info > 0) throw Error(fmt::format("hermitian route: eigensolver failed (info {})", info),
                              ErrorKind::Runtime);
    lambda_ = w.cast<cplx>();
  }

  Route route() const override { return Route::EigHermitian; }
  Index size() const override { return V_.rows(); }
  VectorXcd eigenvalues() const override { return lambda_; }
  void fill_diagnostics(Diagnostics& d) const override {
    d.kappa_V = 1.0;
    d.departure_from_normality = 0.0;
    d.spectral_radius = lambda_.size() ? lambda_.cwiseAbs().maxCoeff() : 0.0;
  }

  std::unique_ptr<BoundProblem> bind(const MatrixXcd& B, const MatrixXcd* C) const override {
    MatrixXcd coeffs = V_.adjoint() * B;
    return std::make_unique<ModalBound>(lambda_, std::move(coeffs), modal_basis(V_, C), 1.0);
  }

 private:
  Mat V_;
  VectorXcd lambda_;
};

}  // namespace

std::unique_ptr<RouteSolver> make_eig_hermitian(const MatrixXd& A) {
  return std::make_unique<HermitianSolver<MatrixXd>>(A);
}
std::unique_ptr<RouteSolver> make_eig_hermitian(const MatrixXcd& A) {
  return std::make_unique<HermitianSolver<MatrixXcd>>(A);
}

}  // namespace specsweep::detail
