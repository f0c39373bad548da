#include "triangular_sweep.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "simd_clones.hpp"
#include "specsweep/internal/lapack.hpp"

namespace specsweep::detail {

void multiply_basis(const std::variant<MatrixXd, MatrixXcd>& basis, const cplx* Yt, Index L,
                    Index kc, Index m, cplx* out, std::vector<cplx>& scratch) {
  const Index q = std::visit([](const auto& W) { return W.rows(); }, basis);
  const Index n = std::visit([](const auto& W) { return W.cols(); }, basis);
  if (const auto* Wr = std::get_if<MatrixXd>(&basis)) {
    cplx* Xt = grow_to(scratch, L * q);  // L x q
    linalg::gemm(linalg::Op::N, linalg::Op::T, 2 * L, q, n, 1.0,
                 reinterpret_cast<const double*>(Yt), 2 * L, Wr->data(), q, 0.0,
                 reinterpret_cast<double*>(Xt), 2 * L);
    for (Index j = 0; j < kc; ++j)
      for (Index i = 0; i < q; ++i)
        for (Index r = 0; r < m; ++r) out[(j * q + i) * m + r] = Xt[i * L + r * kc + j];
  } else {
    const auto& Wc = std::get<MatrixXcd>(basis);
    if (m == 1) {  // out read column-major is the q x kc matrix W Yt^T
      linalg::gemm(linalg::Op::N, linalg::Op::T, q, kc, n, cplx(1.0), Wc.data(), q, Yt, L,
                   cplx(0.0), out, q);
    } else {
      cplx* X = grow_to(scratch, q * L);  // q x L
      linalg::gemm(linalg::Op::N, linalg::Op::T, q, L, n, cplx(1.0), Wc.data(), q, Yt, L, cplx(0.0),
                   X, q);
      for (Index j = 0; j < kc; ++j)
        for (Index i = 0; i < q; ++i)
          for (Index r = 0; r < m; ++r) out[(j * q + i) * m + r] = X[(r * kc + j) * q + i];
    }
  }
}


void fill_lanes_with_rhs(const TriangularChunk& chunk, Index n, cplx* Yt) {
  const Index kc = chunk.shifts, m = chunk.rhs, L = chunk.lanes();
  for (Index i = 0; i < n; ++i)
    for (Index r = 0; r < m; ++r) std::fill_n(Yt + i * L + r * kc, kc, chunk.c[r * n + i]);
}

TriangularSweepBound::TriangularSweepBound(MatrixXcd coeffs,
                                           std::variant<MatrixXd, MatrixXcd> basis, double norm2,
                                           Index shift_granule, ShiftForm form)
    : coeffs_(std::move(coeffs)),
      basis_(std::move(basis)),
      norm2_(norm2),
      granule_(std::max<Index>(1, shift_granule)),
      form_(form) {
  const Index m = coeffs_.cols();
  coeff_scale_.resize(m);
  coeff_norm_.resize(m);
  for (Index r = 0; r < m; ++r) {
    const double scale = coeffs_.rows() > 0 ? coeffs_.col(r).cwiseAbs().maxCoeff() : 0.0;
    coeff_scale_[r] = scale;
    coeff_norm_[r] = scale > 0 ? (coeffs_.col(r) / scale).norm() : 0.0;
  }
}

Index TriangularSweepBound::outputs() const {
  return std::visit([](const auto& W) { return W.rows(); }, basis_);
}

void TriangularSweepBound::solve_block(const cplx* s, Index kb, Index r, cplx* out,
                                       ShiftStatus* status) const {
  sweep(s, kb, r, 1, out, status);
}

bool TriangularSweepBound::solve_block_all_rhs(const cplx* s, Index kb, cplx* out,
                                               ShiftStatus* status) const {
  sweep(s, kb, 0, coeffs_.cols(), out, status);
  return true;
}

void TriangularSweepBound::sweep(const cplx* s, Index kb, Index r0, Index m, cplx* out,
                                 ShiftStatus* status) const {
  if (kb <= 0) return;
  const auto lease = pool_.acquire();
  TriangularWorkspace& w = *lease;
  const Index n = coeffs_.rows(), q = outputs();
  // About triangular_route_lanes(n) lanes per chunk, whatever m: Yt stays in L2.
  const Index wanted = std::max<Index>(1, triangular_route_lanes(n) / m);
  const Index chunk = (wanted + granule_ - 1) / granule_ * granule_;
  for (Index j0 = 0; j0 < kb; j0 += chunk) {
    TriangularChunk ch;
    ch.shifts = std::min(chunk, kb - j0);
    ch.rhs = m;
    ch.s = s + j0;
    ch.c = coeffs_.col(r0).data();
    const Index L = ch.lanes();
    cplx* lane_alpha = grow_to(w.lane_ab, 2 * L);
    cplx* lane_beta = lane_alpha + L;
    // Stand-in for an exactly zero pivot: eps on the scale of the entries of M(s) = alpha P +
    // beta F (max(1, |s| ||A||) for I - sA; max(|s| ||A||, ||E||) for a pencil), so the best
    // effort stays finite; the shift is flagged.
    double scale = 1e-300;
    for (Index j = 0; j < ch.shifts; ++j) {
      const cplx a = form_.alpha(ch.s[j]), b = form_.beta(ch.s[j]);
      scale = std::max({scale, std::abs(a) * form_.p_norm, std::abs(b) * norm2_});
      for (Index r = 0; r < m; ++r) {
        lane_alpha[r * ch.shifts + j] = a;
        lane_beta[r * ch.shifts + j] = b;
      }
    }
    ch.lane_alpha = lane_alpha;
    ch.lane_beta = lane_beta;
    ch.tiny = std::numeric_limits<double>::epsilon() * scale;
    double* p = grow_to(w.pivots, 3 * L);
    const LanePivots pivots{p, p + L, p + 2 * L};
    std::fill_n(pivots.max, L, 0.0);
    std::fill_n(pivots.min, L, std::numeric_limits<double>::infinity());
    std::fill_n(pivots.zero, L, 0.0);
    substitute(ch, grow_to(w.yt, L * n), pivots, w.scratch);
    finish_chunk(ch, r0, w, out + j0 * q * m, status + j0);
  }
}

void TriangularSweepBound::finish_chunk(const TriangularChunk& ch, Index r0, TriangularWorkspace& w,
                                        cplx* out, ShiftStatus* status) const {
  const Index kc = ch.shifts, m = ch.rhs, L = ch.lanes(), n = coeffs_.rows(), q = outputs();
  const cplx* Yt = w.yt.data();
  const double* pmax = w.pivots.data();
  const double* pmin = pmax + L;
  const double* pzero = pmax + 2 * L;

  // ||y_l||^2 per lane, scaled by max |c_r| so the squares cannot overflow.
  double* y2 = grow_to(w.growth, L);
  std::fill_n(y2, L, 0.0);
  for (Index i = 0; i < n; ++i)
    for (Index r = 0; r < m; ++r) {
      if (!(coeff_norm_[r0 + r] > 0)) continue;
      const double inv = 1.0 / coeff_scale_[r0 + r];
      const cplx* y = Yt + i * L + r * kc;
      double* acc = y2 + r * kc;
      for (Index j = 0; j < kc; ++j) acc[j] += std::norm(y[j] * inv);
    }
  // One condition estimate per shift from all its lanes.
  for (Index j = 0; j < kc; ++j) {
    ShiftConditionBound b;
    for (Index r = 0; r < m; ++r) {
      const Index l = r * kc + j;
      b.add_diagonal(pmax[l], pmin[l]);
      b.exactly_singular = b.exactly_singular || pzero[l] != 0.0;
      const double cn = coeff_norm_[r0 + r];
      b.growth = std::max(b.growth, cn > 0 ? std::sqrt(y2[l]) / cn : 0.0);
    }
    // The standard form keeps its stricter cond(I - sA); the shifted forms are pencils and
    // flag by their contract, kappa(s) = ||(E - sA)^-1|| (||E|| + |s| ||A||).
    const double s_abs = std::abs(ch.s[j]);
    ShiftConditionBound::flag(form_.shifted() ? b.pencil_estimate(norm2_, s_abs, form_.a_norm())
                                              : b.estimate(s_abs, norm2_),
                              status[j]);
  }

  multiply_basis(basis_, Yt, L, kc, m, out, w.xt);

  // A flagged lane whose best effort overflowed is zeroed: never Inf/NaN in the output.
  for (Index j = 0; j < kc; ++j)
    for (Index r = 0; r < m; ++r) {
      cplx* x = out + j * q * m + r;
      bool finite = true;
      for (Index i = 0; i < q; ++i)
        finite = finite && std::isfinite(x[i * m].real()) && std::isfinite(x[i * m].imag());
      if (finite) continue;
      for (Index i = 0; i < q; ++i) x[i * m] = cplx(0.0);
      status[j] = {true, std::numeric_limits<double>::infinity()};
    }
}

}  // namespace specsweep::detail
