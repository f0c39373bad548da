// Symmetric-definite pencil route (structural dynamics: K - s M with K symmetric, M SPD).
// One of the pair is definite, P = +-L L^T (P = A or E), the other H symmetric; with
// G = L^-1 H L^-T = W diag(lambda) W^T (syevd, W orthogonal):
//   P = sigma A:  E - sA = L W (diag(lambda) - s sigma I) W^T L^T
//   P = sigma E:  E - sA = L W (sigma I - s diag(lambda)) W^T L^T
// so x(s) = X (alpha - s beta)^-1 X^T b with X = L^-T W: the modal sweep with real modes
// (alpha_i, beta_i) and a real basis (real GEMMs). The spectrum is real and kappa(X) = kappa(L)
// = sqrt(kappa_2(P)): Auto takes this route only while kappa(L) is small, because the
// reduction's error grows like eps kappa(L)^2 kappa(s) in the worst case.
#include <fmt/format.h>

#include "modal_sweep.hpp"
#include "specsweep/error.hpp"
#include "specsweep/internal/lapack.hpp"

namespace specsweep::detail {
namespace {

class SymmetricDefinitePencilSolver final : public RouteSolver {
 public:
  // L: Cholesky factor of sigma P; H the other matrix; definite_is_A says which P is.
  SymmetricDefinitePencilSolver(MatrixXd L, const MatrixXd& H, double sigma, bool definite_is_A)
      : L_(std::move(L)) {
    MatrixXd G = 0.5 * (H + H.transpose());
    linalg::trsm_lower(L_, G, linalg::Op::N);  // L^-1 H
    MatrixXd Gt = G.transpose();
    linalg::trsm_lower(L_, Gt, linalg::Op::N);  // L^-1 H L^-T
    G = 0.5 * (Gt + Gt.transpose());
    VectorXd w;
    const int info = linalg::syevd(G, w);
    if (info > 0)
      throw Error(fmt::format("symmetric-definite pencil route: syevd failed (info {})", info),
                  ErrorKind::Runtime);
    const Index n = w.size();
    if (definite_is_A) {
      alpha_ = w;
      beta_ = VectorXd::Constant(n, sigma);
    } else {
      alpha_ = VectorXd::Constant(n, sigma);
      beta_ = w;
    }
    W_ = std::move(G);
    X_ = W_;
    linalg::trsm_lower(L_, X_, linalg::Op::T);  // X = L^-T W
    const double rcond = linalg::trcon_lower(L_);
    kappa_L_ = rcond > 0 ? 1.0 / rcond : std::numeric_limits<double>::infinity();
  }

  Route route() const override { return Route::EigSymmetricDefinite; }
  Index size() const override { return L_.rows(); }
  double kappa_L() const { return kappa_L_; }
  VectorXcd eigenvalues() const override {
    VectorXcd ev(alpha_.size());
    for (Index i = 0; i < ev.size(); ++i)
      ev[i] = beta_[i] == 0 ? cplx(std::numeric_limits<double>::infinity(), 0.0)
                            : cplx(alpha_[i] / beta_[i]);
    return ev;
  }
  void fill_diagnostics(Diagnostics& d) const override {
    d.kappa_V = kappa_L_;
    d.departure_from_normality = 0.0;
    double rho = 0;
    for (Index i = 0; i < alpha_.size(); ++i)
      if (beta_[i] != 0) rho = std::max(rho, std::abs(alpha_[i] / beta_[i]));
    d.spectral_radius = rho;
  }

  std::unique_ptr<BoundProblem> bind(const MatrixXcd& B, const MatrixXcd* C) const override {
    // coeffs = W^T L^-1 B on real and imaginary parts: real arithmetic throughout.
    MatrixXd re = B.real(), im = B.imag();
    linalg::trsm_lower(L_, re, linalg::Op::N);
    linalg::trsm_lower(L_, im, linalg::Op::N);
    MatrixXcd coeffs(B.rows(), B.cols());
    coeffs.real() = W_.transpose() * re;
    coeffs.imag() = W_.transpose() * im;
    return std::make_unique<ModalBound>(beta_.cast<cplx>(), std::move(coeffs),
                                        modal_basis(X_, C), kappa_L_, alpha_);
  }

 private:
  MatrixXd L_, W_, X_;
  VectorXd alpha_, beta_;
  double kappa_L_ = 1;
};

// Cholesky of sigma P for sigma = +1, then -1; returns sigma (0 when P is indefinite).
double definite_factor(const MatrixXd& P, MatrixXd& L) {
  for (double sigma : {1.0, -1.0}) {
    L = 0.5 * sigma * (P + P.transpose());
    if (linalg::potrf(L) == 0) return sigma;
  }
  return 0.0;
}

}  // namespace

std::unique_ptr<RouteSolver> make_eig_symmetric_definite_pencil(const MatrixXd& E,
                                                                const MatrixXd& A,
                                                                DefinitePencilInfo& info) {
  MatrixXd L;
  for (const bool definite_is_A : {true, false}) {
    const double sigma = definite_factor(definite_is_A ? A : E, L);
    if (sigma == 0.0) continue;
    auto solver = std::make_unique<SymmetricDefinitePencilSolver>(std::move(L), definite_is_A ? E : A,
                                                                  sigma, definite_is_A);
    info.definite = std::string(sigma < 0 ? "-" : "") + (definite_is_A ? "A" : "E");
    info.kappa_L = solver->kappa_L();
    return solver;
  }
  return nullptr;
}

}  // namespace specsweep::detail
