// Eig route: A = V diag(lambda) V^-1 by geev, then the modal sweep. Cheapest per shift, but its
// error grows with kappa(V): on defective or strongly non-normal A it may lose every digit,
// which is why Auto only takes it with a small measured kappa(V).
#include <fmt/format.h>

#include "modal_sweep.hpp"
#include "specsweep/error.hpp"
#include "specsweep/internal/lapack.hpp"

namespace specsweep::detail {
namespace {

class EigSolver final : public RouteSolver {
 public:
  template <class Mat>
  explicit EigSolver(const Mat& A) : n_(A.rows()) {
    Mat work = A;
    const int info = linalg::geev(work, lambda_, V_);
    if (info > 0) throw Error(fmt::format("eig route: geev failed to converge (info {})", info),
                              ErrorKind::Runtime);
    lu_ = V_;
    const double vnorm = V_.cwiseAbs().colwise().sum().maxCoeff();
    singular_ = linalg::getrf(lu_, ipiv_) > 0;
    const double rcond = singular_ ? 0.0 : linalg::gecon(lu_, vnorm);
    kappa_ = rcond > 0 ? 1.0 / rcond : std::numeric_limits<double>::infinity();
  }

  Route route() const override { return Route::Eig; }
  Index size() const override { return n_; }
  VectorXcd eigenvalues() const override { return lambda_; }
  void fill_diagnostics(Diagnostics& d) const override {
    d.kappa_V = kappa_;
    d.spectral_radius = lambda_.size() ? lambda_.cwiseAbs().maxCoeff() : 0.0;
  }

  std::unique_ptr<BoundProblem> bind(const MatrixXcd& B, const MatrixXcd* C) const override {
    MatrixXcd coeffs = B;
    if (!singular_) linalg::getrs(lu_, ipiv_, coeffs);
    else coeffs.setConstant(cplx(std::numeric_limits<double>::quiet_NaN()));  // flagged per shift
    return std::make_unique<ModalBound>(lambda_, std::move(coeffs), modal_basis(V_, C), kappa_);
  }

 private:
  Index n_;
  VectorXcd lambda_;
  MatrixXcd V_, lu_;
  std::vector<int> ipiv_;
  bool singular_ = false;
  double kappa_ = 1;
};

}  // namespace

std::unique_ptr<RouteSolver> make_eig(const MatrixXd& A) { return std::make_unique<EigSolver>(A); }
std::unique_ptr<RouteSolver> make_eig(const MatrixXcd& A) { return std::make_unique<EigSolver>(A); }

}  // namespace specsweep::detail
