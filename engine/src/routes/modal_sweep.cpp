#include "modal_sweep.hpp"

#include <algorithm>
#include <cmath>

#include "specsweep/linalg/lapack.hpp"

namespace specsweep::detail {

ModalBound::ModalBound(VectorXcd lambda, MatrixXcd coeffs,
                       std::variant<MatrixXd, MatrixXcd> basis, double kappa)
    : lambda_(std::move(lambda)), coeffs_(std::move(coeffs)), basis_(std::move(basis)),
      kappa_(kappa) {}

Index ModalBound::outputs() const {
  return std::visit([](const auto& W) { return W.rows(); }, basis_);
}

void ModalBound::solve_block(const cplx* s, Index kb, Index r, cplx* out,
                             ShiftStatus* status) const {
  const Index n = lambda_.size(), q = outputs();
  const cplx* c = coeffs_.col(r).data();

  // max|1 - s lambda| / min|1 - s lambda| bounds cond(I - sA) from below; times kappa(V) it
  // bounds it from above. Flag when even the lower bound is beyond the contract.
  auto divide_and_check = [&](Index j, auto&& store) {
    double dmin = std::numeric_limits<double>::infinity(), dmax = 0;
    for (Index i = 0; i < n; ++i) {
      const cplx d = 1.0 - s[j] * lambda_[i];
      const double a = std::abs(d);
      dmin = std::min(dmin, a);
      dmax = std::max(dmax, a);
      store(i, a == 0.0 ? cplx(0.0) : c[i] / d);
    }
    const double cond = dmin == 0.0 ? std::numeric_limits<double>::infinity() : dmax / dmin;
    if (cond > kSingularCond) status[j] = {true, cond * kappa_};
  };

  if (const auto* Wr = std::get_if<MatrixXd>(&basis_)) {
    // Shift-major Y^T (kb x n complex) viewed as real (2kb x n): X^T = Y^T W^T is one dgemm.
    MatrixXcd Yt(kb, n);
    for (Index j = 0; j < kb; ++j) divide_and_check(j, [&](Index i, cplx v) { Yt(j, i) = v; });
    MatrixXcd Xt(kb, q);
    linalg::gemm(linalg::Op::N, linalg::Op::T, 2 * kb, q, n, 1.0,
                 reinterpret_cast<const double*>(Yt.data()), 2 * kb, Wr->data(), q, 0.0,
                 reinterpret_cast<double*>(Xt.data()), 2 * kb);
    for (Index j = 0; j < kb; ++j)
      for (Index i = 0; i < q; ++i) out[j * q + i] = Xt(j, i);
  } else {
    // Column per shift: out (row-major kb x q) is the column-major q x kb product W Y.
    const auto& W = std::get<MatrixXcd>(basis_);
    MatrixXcd Y(n, kb);
    for (Index j = 0; j < kb; ++j) divide_and_check(j, [&](Index i, cplx v) { Y(i, j) = v; });
    linalg::gemm(linalg::Op::N, linalg::Op::N, q, kb, n, cplx(1.0), W.data(), q, Y.data(), n,
                 cplx(0.0), out, q);
  }
}

std::variant<MatrixXd, MatrixXcd> modal_basis(const MatrixXd& V, const MatrixXcd* C) {
  if (!C) return V;
  if (C->imag().isZero(0.0)) return MatrixXd(C->real() * V);
  return MatrixXcd(*C * V);
}

std::variant<MatrixXd, MatrixXcd> modal_basis(const MatrixXcd& V, const MatrixXcd* C) {
  if (!C) return V;
  return MatrixXcd(*C * V);
}

}  // namespace specsweep::detail
