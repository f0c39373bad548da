#include "modal_sweep.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "specsweep/linalg/lapack.hpp"

namespace specsweep::detail {

ModalBound::ModalBound(VectorXcd lambda, MatrixXcd coeffs,
                       std::variant<MatrixXd, MatrixXcd> basis, double kappa)
    : lambda_(std::move(lambda)), coeffs_(std::move(coeffs)), basis_(std::move(basis)),
      kappa_(kappa), lambda_re_(lambda_.real()), lambda_im_(lambda_.imag()) {}

Index ModalBound::outputs() const {
  return std::visit([](const auto& W) { return W.rows(); }, basis_);
}

namespace {

// Squared moduli outside this range lose digits or over/underflow in |d|^2; such shifts are
// redone with std::abs (scaled), which is exact to rounding at any magnitude.
constexpr double kSquareSafeLow = 1e-280, kSquareSafeHigh = 1e280;

}  // namespace

// y_i = c_i / (1 - s lambda_i) for one shift, with split real/imaginary arrays so the loop
// vectorises: c conj(d) / |d|^2 costs a few multiplies where a complex division (__divdc3)
// and std::abs (hypot) cost tens of cycles each. Writes y with stride `step` (in complex).
void ModalBound::divide_one(cplx s, const cplx* c, cplx* y, Index step, ShiftStatus& st) const {
  const Index n = lambda_.size();
  const double sr = s.real(), si = s.imag();
  const double* lr = lambda_re_.data();
  const double* li = lambda_im_.data();
  double* yd = reinterpret_cast<double*>(y);
  const double* cd = reinterpret_cast<const double*>(c);
  double d2min = std::numeric_limits<double>::infinity(), d2max = 0;
#pragma omp simd reduction(min : d2min) reduction(max : d2max)
  for (Index i = 0; i < n; ++i) {
    const double dr = 1.0 - (sr * lr[i] - si * li[i]);
    const double di = -(sr * li[i] + si * lr[i]);
    const double d2 = dr * dr + di * di;
    d2min = std::min(d2min, d2);
    d2max = std::max(d2max, d2);
    const double inv = d2 > 0.0 ? 1.0 / d2 : 0.0;
    const double cr = cd[2 * i], ci = cd[2 * i + 1];
    yd[2 * i * step] = (cr * dr + ci * di) * inv;
    yd[2 * i * step + 1] = (ci * dr - cr * di) * inv;
  }
  if (d2min < kSquareSafeLow || d2max > kSquareSafeHigh) {
    // Rare: extreme magnitudes. Scaled moduli and complex division, exact to rounding.
    double dmin = std::numeric_limits<double>::infinity(), dmax = 0;
    for (Index i = 0; i < n; ++i) {
      const cplx d = 1.0 - s * lambda_[i];
      const double a = std::abs(d);
      dmin = std::min(dmin, a);
      dmax = std::max(dmax, a);
      y[i * step] = a == 0.0 ? cplx(0.0) : c[i] / d;
    }
    flag_if_singular(dmin, dmax, st);
    return;
  }
  flag_if_singular(std::sqrt(d2min), std::sqrt(d2max), st);
}

// max|1 - s lambda| / min|1 - s lambda| bounds cond(I - sA) from below; times kappa(V) it
// bounds it from above. Flag when even the lower bound is beyond the contract.
void ModalBound::flag_if_singular(double dmin, double dmax, ShiftStatus& st) const {
  const double cond = dmin == 0.0 ? std::numeric_limits<double>::infinity() : dmax / dmin;
  if (cond > kSingularCond) st = {true, cond * kappa_};
}

void ModalBound::solve_block(const cplx* s, Index kb, Index r, cplx* out,
                             ShiftStatus* status) const {
  const Index n = lambda_.size(), q = outputs();
  const cplx* c = coeffs_.col(r).data();

  if (const auto* Wr = std::get_if<MatrixXd>(&basis_)) {
    // Shift-major Y^T (kb x n complex) viewed as real (2kb x n): X^T = Y^T W^T is one dgemm.
    // Per-thread workspaces reused across blocks: a fresh multi-MB buffer per block would be
    // mapped and page-faulted again every time.
    thread_local std::vector<cplx> ws;
    ws.resize(static_cast<size_t>(kb * (n + q)));
    cplx* Yt = ws.data();
    cplx* Xt = ws.data() + kb * n;
    for (Index j = 0; j < kb; ++j) divide_one(s[j], c, Yt + j, kb, status[j]);
    linalg::gemm(linalg::Op::N, linalg::Op::T, 2 * kb, q, n, 1.0,
                 reinterpret_cast<const double*>(Yt), 2 * kb, Wr->data(), q, 0.0,
                 reinterpret_cast<double*>(Xt), 2 * kb);
    for (Index j = 0; j < kb; ++j)
      for (Index i = 0; i < q; ++i) out[j * q + i] = Xt[i * kb + j];
  } else {
    // Column per shift: out (row-major kb x q) is the column-major q x kb product W Y.
    const auto& W = std::get<MatrixXcd>(basis_);
    thread_local std::vector<cplx> ws;
    ws.resize(static_cast<size_t>(n * kb));
    for (Index j = 0; j < kb; ++j) divide_one(s[j], c, ws.data() + j * n, 1, status[j]);
    linalg::gemm(linalg::Op::N, linalg::Op::N, q, kb, n, cplx(1.0), W.data(), q, ws.data(), n,
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
