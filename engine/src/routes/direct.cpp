// Direct route: LU with partial pivoting of I - sA (or of the pencil E - sA) for every shift,
// O(n^3) per shift. Backward stable; the baseline every other route is measured against.
// Flags: cond_1(I - sA) from gecon; for a pencil the estimate of
// kappa_1(s) = ||(E - sA)^-1||_1 (||E||_1 + |s| ||A||_1), the condition number of the pencil
// contract, which is never below cond_1(E - sA).
#include <cmath>
#include <optional>

#include "route_solver.hpp"
#include "specsweep/internal/lapack.hpp"

namespace specsweep::detail {
namespace {

class DirectBound final : public BoundProblem {
 public:
  DirectBound(const MatrixXcd& A, const std::optional<MatrixXcd>& E, const MatrixXcd& B,
              const MatrixXcd* C)
      : A_(A), E_(E), B_(B), C_(C ? std::optional<MatrixXcd>(*C) : std::nullopt) {
    const auto norm1 = [](const MatrixXcd& M) { return M.cwiseAbs().colwise().sum().maxCoeff(); };
    if (E_) {
      normA1_ = norm1(A_);
      normE1_ = norm1(*E_);
    }
  }

  Index outputs() const override { return C_ ? C_->rows() : A_.rows(); }

  void solve_block(const cplx* s, Index kb, Index r, cplx* out,
                   ShiftStatus* status) const override {
    const Index n = A_.rows(), q = outputs();
    std::vector<int> ipiv;
    for (Index j = 0; j < kb; ++j) {
      MatrixXcd M = -s[j] * A_;
      if (E_) M += *E_;
      else M.diagonal().array() += 1.0;
      const double anorm = M.cwiseAbs().colwise().sum().maxCoeff();
      MatrixXcd x = B_.col(r);
      if (linalg::getrf(M, ipiv) > 0) {
        status[j] = {true, std::numeric_limits<double>::infinity()};
        std::fill(out + j * q, out + (j + 1) * q, cplx(0.0));
        continue;
      }
      const double rcond = linalg::gecon(M, anorm);
      // ||M^-1||_1 ~ 1 / (rcond ||M||_1); the pencil's kappa scales it by ||E|| + |s| ||A||.
      const double scale = E_ && anorm > 0 ? (normE1_ + std::abs(s[j]) * normA1_) / anorm : 1.0;
      if (rcond * kSingularCond < scale)
        status[j] = {true, rcond > 0 ? scale / rcond : std::numeric_limits<double>::infinity()};
      linalg::getrs(M, ipiv, x);
      if (C_) {
        VectorXcd y = *C_ * x.col(0);
        std::copy(y.data(), y.data() + q, out + j * q);
      } else {
        std::copy(x.data(), x.data() + n, out + j * q);
      }
    }
  }

 private:
  MatrixXcd A_;
  std::optional<MatrixXcd> E_;  ///< the pencil's E; absent: the identity
  MatrixXcd B_;
  std::optional<MatrixXcd> C_;
  double normA1_ = 0, normE1_ = 0;
};

class DirectSolver final : public RouteSolver {
 public:
  explicit DirectSolver(MatrixXcd A, std::optional<MatrixXcd> E = std::nullopt)
      : A_(std::move(A)), E_(std::move(E)) {}
  Route route() const override { return Route::Direct; }
  Index size() const override { return A_.rows(); }
  // Each shift is a full LU: small blocks keep OpenMP busy across shifts.
  // One shift per block: with several shifts the threads then factor different shifts, each LU
  // on its own thread, instead of handing every small panel GEMM of one LU to a second thread
  // (on a busy machine each hand-off waits for a time slice: 17x slower under load).
  Index preferred_block(Index, const Tuning&) const override { return 1; }
  std::unique_ptr<BoundProblem> bind(const MatrixXcd& B, const MatrixXcd* C) const override {
    return std::make_unique<DirectBound>(A_, E_, B, C);
  }

 private:
  MatrixXcd A_;
  std::optional<MatrixXcd> E_;
};

}  // namespace

std::unique_ptr<RouteSolver> make_direct(const MatrixXd& A) {
  return std::make_unique<DirectSolver>(A.cast<cplx>());
}
std::unique_ptr<RouteSolver> make_direct(const MatrixXcd& A) {
  return std::make_unique<DirectSolver>(A);
}
std::unique_ptr<RouteSolver> make_direct(const MatrixXd& E, const MatrixXd& A) {
  return std::make_unique<DirectSolver>(A.cast<cplx>(), E.cast<cplx>());
}
std::unique_ptr<RouteSolver> make_direct(const MatrixXcd& E, const MatrixXcd& A) {
  return std::make_unique<DirectSolver>(A, E);
}

}  // namespace specsweep::detail
