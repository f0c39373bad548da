// Direct route: LU with partial pivoting of I - sA for every shift, O(n^3) per shift.
// Backward stable; the baseline every other route is measured against.
#include <cmath>
#include <optional>

#include "route_solver.hpp"
#include "specsweep/internal/lapack.hpp"

namespace specsweep::detail {
namespace {

class DirectBound final : public BoundProblem {
 public:
  DirectBound(const MatrixXcd& A, const MatrixXcd& B, const MatrixXcd* C)
      : A_(A), B_(B), C_(C ? std::optional<MatrixXcd>(*C) : std::nullopt) {}

  Index outputs() const override { return C_ ? C_->rows() : A_.rows(); }

  void solve_block(const cplx* s, Index kb, Index r, cplx* out,
                   ShiftStatus* status) const override {
    const Index n = A_.rows(), q = outputs();
    std::vector<int> ipiv;
    for (Index j = 0; j < kb; ++j) {
      MatrixXcd M = -s[j] * A_;
      M.diagonal().array() += 1.0;
      const double anorm = M.cwiseAbs().colwise().sum().maxCoeff();
      MatrixXcd x = B_.col(r);
      if (linalg::getrf(M, ipiv) > 0) {
        status[j] = {true, std::numeric_limits<double>::infinity()};
        std::fill(out + j * q, out + (j + 1) * q, cplx(0.0));
        continue;
      }
      const double rcond = linalg::gecon(M, anorm);
      if (rcond * kSingularCond < 1.0)
        status[j] = {true, rcond > 0 ? 1.0 / rcond : std::numeric_limits<double>::infinity()};
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
  MatrixXcd A_, B_;
  std::optional<MatrixXcd> C_;
};

class DirectSolver final : public RouteSolver {
 public:
  explicit DirectSolver(MatrixXcd A) : A_(std::move(A)) {}
  Route route() const override { return Route::Direct; }
  Index size() const override { return A_.rows(); }
  // Each shift is a full LU: small blocks keep OpenMP busy across shifts.
  Index preferred_block(Index, const Tuning&) const override { return 16; }
  std::unique_ptr<BoundProblem> bind(const MatrixXcd& B, const MatrixXcd* C) const override {
    return std::make_unique<DirectBound>(A_, B, C);
  }

 private:
  MatrixXcd A_;
};

}  // namespace

std::unique_ptr<RouteSolver> make_direct(const MatrixXd& A) {
  return std::make_unique<DirectSolver>(A.cast<cplx>());
}
std::unique_ptr<RouteSolver> make_direct(const MatrixXcd& A) {
  return std::make_unique<DirectSolver>(A);
}

}  // namespace specsweep::detail
