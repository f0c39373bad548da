#include "modal_sweep.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <vector>

#include "simd_clones.hpp"
#include "specsweep/internal/lapack.hpp"

namespace specsweep::detail {

ModalBound::ModalBound(VectorXcd lambda, MatrixXcd coeffs,
                       std::variant<MatrixXd, MatrixXcd> basis, double kappa, VectorXd alpha)
    : lambda_(std::move(lambda)), coeffs_(std::move(coeffs)), basis_(std::move(basis)),
      kappa_(kappa), lambda_re_(lambda_.real()), lambda_im_(lambda_.imag()),
      alpha_(alpha.size() ? std::move(alpha) : VectorXd::Ones(lambda_.size())) {
  const Index q = outputs(), m = coeffs_.cols(), n = lambda_.size();
  if (q * m > kMaxPoleSums) return;
  MatrixXcd G(q * m, n);
  std::visit(
      [&](const auto& W) {
        for (Index p = 0; p < q; ++p)
          for (Index r = 0; r < m; ++r)
            G.row(p * m + r) = W.row(p).cwiseProduct(coeffs_.col(r).transpose());
      },
      basis_);
  // Pole-major (n x T): the pole-sum kernel runs its vector lanes along the poles.
  residue_re_ = G.real().transpose();
  residue_im_ = G.imag().transpose();
  residues_real_ = residue_im_.isZero(0.0);
  poles_real_ = lambda_im_.isZero(0.0);
}

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
  const double* al = alpha_.data();
  double* yd = reinterpret_cast<double*>(y);
  const double* cd = reinterpret_cast<const double*>(c);
  double d2min = std::numeric_limits<double>::infinity(), d2max = 0;
#pragma omp simd reduction(min : d2min) reduction(max : d2max)
  for (Index i = 0; i < n; ++i) {
    const double dr = al[i] - (sr * lr[i] - si * li[i]);
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
      const cplx d = alpha_[i] - s * lambda_[i];
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

namespace {

// e = 1 / (al - s lambda) = conj(d) / |d|^2 for one shift s = sr + i si and one mode (al,
// lambda = a + i b) (0 when d = 0: the shift is flagged), and the |d|^2 range [lo, hi] of the
// shift; real poles (b = 0) drop the terms of b at compile time. The 0/1 arithmetic instead of
// selects keeps the callers' loops vectorised. Without kGuardZero, d = 0 gives inf/NaN in e:
// for callers that redo every shift with |d|^2 < kSquareSafeLow from scratch, where the guard
// only costs instructions and registers.
template <bool kRealPoles, bool kGuardZero = true>
inline void inverse_denominator(double sr, double si, double al, double a, double b,
                                double& lo, double& hi, double& er, double& ei) {
  double dr, di;
  if constexpr (kRealPoles) {
    dr = al - sr * a;
    di = -(si * a);
  } else {
    dr = al - (sr * a - si * b);
    di = -(sr * b + si * a);
  }
  const double d2 = dr * dr + di * di;
  lo = d2 < lo ? d2 : lo;
  hi = d2 > hi ? d2 : hi;
  double inv;
  if constexpr (kGuardZero) {
    const double nz = double(d2 > 0.0);
    inv = nz / (d2 + (1.0 - nz));
  } else {
    inv = 1.0 / d2;
  }
  er = dr * inv;
  ei = -di * inv;
}

}  // namespace

// Yt(j, i) = c_i / (1 - s_j lambda_i) for a block of shifts, shift-major (kb x n, column i
// contiguous). Eigenvalue outer, shift inner: stores run along a column and the inner loop
// vectorises across shifts; a shift-by-shift loop would store with stride kb and miss the
// cache on every element. Shifts whose |d|^2 range leaves the safe window are redone by
// divide_one's scaled path.
void ModalBound::divide_shift_major(const cplx* s, Index kb, const cplx* c, cplx* Yt,
                                    ShiftStatus* status) const {
  const Index n = lambda_.size();
  thread_local std::vector<double> sre, sim, lo, hi;
  sre.resize(static_cast<size_t>(kb));
  sim.resize(static_cast<size_t>(kb));
  lo.assign(static_cast<size_t>(kb), std::numeric_limits<double>::infinity());
  hi.assign(static_cast<size_t>(kb), 0.0);
  for (Index j = 0; j < kb; ++j) {
    sre[j] = s[j].real();
    sim[j] = s[j].imag();
  }
  const double* __restrict sr = sre.data();
  const double* __restrict si = sim.data();
  double* __restrict d2lo = lo.data();
  double* __restrict d2hi = hi.data();
  for (Index i = 0; i < n; ++i) {
    const double lr = lambda_re_[i], li = lambda_im_[i], al = alpha_[i];
    const double cr = c[i].real(), ci = c[i].imag();
    double* __restrict y = reinterpret_cast<double*>(Yt + i * kb);
#pragma omp simd
    for (Index j = 0; j < kb; ++j) {
      double er, ei;
      inverse_denominator<false>(sr[j], si[j], al, lr, li, d2lo[j], d2hi[j], er, ei);
      y[2 * j] = cr * er - ci * ei;
      y[2 * j + 1] = cr * ei + ci * er;
    }
  }
  for (Index j = 0; j < kb; ++j) {
    if (lo[j] < kSquareSafeLow || hi[j] > kSquareSafeHigh) divide_one(s[j], c, Yt + j, kb, status[j]);
    else flag_if_singular(std::sqrt(lo[j]), std::sqrt(hi[j]), status[j]);
  }
}

namespace {

// Poles per vector lane group in the pole-sum kernel: one AVX2 register of doubles (two SSE2
// ones). 8 lanes measured no faster and need twice the accumulator registers.
constexpr int kPoleLanes = 4;

// out(j, t) = sum_i G_ti / (al_i - s_j lambda_i) for T pole sums (out: kb x T complex, row
// per shift), and the |d|^2 range [lo_j, hi_j] of every shift for the flags. Shift outer, poles
// inner in kPoleLanes vector lanes: the 2T accumulators and the range live in registers, and
// the pole data (3 + 2T doubles per pole, 20 KB at n = 256, T = 4) stays in L1 across shifts.
// One real division per (shift, pole), shared by the T sums, vectorised across the lanes. A
// pole with d = 0 leaves inf/NaN in its shift's sums and lo_j = 0: the caller redoes that
// shift on the scaled path, which rewrites its row.
// The previous order (poles outer, shifts inner, 2T + 4 arrays of kb doubles updated per
// pole) streamed ~180 bytes per pair through L1/L2 and, at kb = 2048, put all of its arrays
// 16 KB apart on the same L1 sets: 10-20x slower than this order (notes: issue 12).
// G: pole-major, column t of Gr (n x T) holds G_t.
template <int T, bool kRealPoles, bool kRealResidues>
SPECSWEEP_SIMD_CLONES void pole_sums(Index n, const double* __restrict al,
                                     const double* __restrict lr, const double* __restrict li,
                                     const double* __restrict Gr, const double* __restrict Gi,
                                     const double* __restrict sr, const double* __restrict si,
                                     Index kb, double* __restrict out, double* __restrict lo,
                                     double* __restrict hi) {
  constexpr int L = kPoleLanes;
  const Index n_lanes = n / L * L;
  for (Index j = 0; j < kb; ++j) {
    const double s_r = sr[j], s_i = si[j];
    double acc_r[T][L] = {}, acc_i[T][L] = {}, lo_l[L], hi_l[L];
    for (int l = 0; l < L; ++l) {
      lo_l[l] = std::numeric_limits<double>::infinity();
      hi_l[l] = 0.0;
    }
    for (Index i0 = 0; i0 < n_lanes; i0 += L) {
      // The sums written out in the lane loop: GCC then keeps the accumulators in vector
      // registers (a helper updating per-lane copies of them was compiled scalar, 4x slower).
#pragma omp simd
      for (int l = 0; l < L; ++l) {
        const Index i = i0 + l;
        double er, ei;
        inverse_denominator<kRealPoles, false>(s_r, s_i, al[i], lr[i], kRealPoles ? 0.0 : li[i],
                                               lo_l[l], hi_l[l], er, ei);
        for (int t = 0; t < T; ++t) {
          const double gr = Gr[t * n + i];
          if constexpr (kRealResidues) {
            acc_r[t][l] += gr * er;
            acc_i[t][l] += gr * ei;
          } else {
            const double gi = Gi[t * n + i];
            acc_r[t][l] += gr * er - gi * ei;
            acc_i[t][l] += gr * ei + gi * er;
          }
        }
      }
    }
    double sum_r[T], sum_i[T], d2lo = lo_l[0], d2hi = hi_l[0];
    for (int t = 0; t < T; ++t) {
      sum_r[t] = acc_r[t][0];
      sum_i[t] = acc_i[t][0];
      for (int l = 1; l < L; ++l) {
        sum_r[t] += acc_r[t][l];
        sum_i[t] += acc_i[t][l];
      }
    }
    for (int l = 1; l < L; ++l) {
      d2lo = std::min(d2lo, lo_l[l]);
      d2hi = std::max(d2hi, hi_l[l]);
    }
    for (Index i = n_lanes; i < n; ++i) {  // the last n mod L poles
      double er, ei;
      inverse_denominator<kRealPoles, false>(s_r, s_i, al[i], lr[i], kRealPoles ? 0.0 : li[i],
                                             d2lo, d2hi, er, ei);
      for (int t = 0; t < T; ++t) {
        const double gr = Gr[t * n + i], gi = kRealResidues ? 0.0 : Gi[t * n + i];
        sum_r[t] += gr * er - gi * ei;
        sum_i[t] += gr * ei + gi * er;
      }
    }
    for (int t = 0; t < T; ++t) {
      out[j * 2 * T + 2 * t] = sum_r[t];
      out[j * 2 * T + 2 * t + 1] = sum_i[t];
    }
    lo[j] = d2lo;
    hi[j] = d2hi;
  }
}

}  // namespace

bool ModalBound::solve_block_all_rhs(const cplx* s, Index kb, cplx* out,
                                     ShiftStatus* status) const {
  const Index T = residue_re_.cols();
  if (T == 0) return false;
  thread_local std::vector<double> sre, sim, lo, hi;
  sre.resize(static_cast<size_t>(kb));
  sim.resize(static_cast<size_t>(kb));
  lo.resize(static_cast<size_t>(kb));
  hi.resize(static_cast<size_t>(kb));
  for (Index j = 0; j < kb; ++j) {
    sre[j] = s[j].real();
    sim[j] = s[j].imag();
  }
  const Index n = lambda_.size();
  auto run = [&](auto tag, auto real_poles, auto real_residues) {
    pole_sums<decltype(tag)::value, decltype(real_poles)::value, decltype(real_residues)::value>(
        n, alpha_.data(), lambda_re_.data(), lambda_im_.data(), residue_re_.data(),
        residue_im_.data(), sre.data(), sim.data(), kb, reinterpret_cast<double*>(out), lo.data(),
        hi.data());
  };
  // Real poles (symmetric and symmetric-definite routes) and real residues (real B and C, the
  // ribbon studies) take kernels without the imaginary parts' multiplies.
  auto by_kind = [&](auto tag) {
    using Yes = std::true_type;
    using No = std::false_type;
    if (poles_real_ && residues_real_) run(tag, Yes{}, Yes{});
    else if (poles_real_) run(tag, Yes{}, No{});
    else if (residues_real_) run(tag, No{}, Yes{});
    else run(tag, No{}, No{});
  };
  switch (T) {
    case 1: by_kind(std::integral_constant<int, 1>{}); break;
    case 2: by_kind(std::integral_constant<int, 2>{}); break;
    case 3: by_kind(std::integral_constant<int, 3>{}); break;
    case 4: by_kind(std::integral_constant<int, 4>{}); break;
    case 5: by_kind(std::integral_constant<int, 5>{}); break;
    case 6: by_kind(std::integral_constant<int, 6>{}); break;
    case 7: by_kind(std::integral_constant<int, 7>{}); break;
    default: by_kind(std::integral_constant<int, 8>{}); break;
  }
  static_assert(kMaxPoleSums == 8, "one case per pole-sum count");
  // Range argument: in the window [kSquareSafeLow, kSquareSafeHigh] of |d|^2 every quotient
  // above is exact to rounding: |d|^2 itself neither overflowed nor lost digits to underflow,
  // and |conj(d)| / |d|^2 = 1 / |d| <= 1e140. A shift with any |d|^2 outside it (an overflowed
  // square is inf, an underflowed or exact zero d gives 0) is redone here with scaled moduli.
  for (Index j = 0; j < kb; ++j) {
    cplx* row = out + j * T;  // (q, m) row-major = t order
    if (lo[j] < kSquareSafeLow || hi[j] > kSquareSafeHigh) {
      // Extreme magnitudes: scaled moduli and complex division, exact to rounding.
      double dmin = std::numeric_limits<double>::infinity(), dmax = 0;
      std::fill(row, row + T, cplx(0.0));
      for (Index i = 0; i < n; ++i) {
        const cplx d = alpha_[i] - s[j] * lambda_[i];
        const double a = std::abs(d);
        dmin = std::min(dmin, a);
        dmax = std::max(dmax, a);
        if (a == 0.0) continue;
        const cplx e = 1.0 / d;
        for (Index t = 0; t < T; ++t) row[t] += cplx(residue_re_(i, t), residue_im_(i, t)) * e;
      }
      flag_if_singular(dmin, dmax, status[j]);
      continue;
    }
    flag_if_singular(std::sqrt(lo[j]), std::sqrt(hi[j]), status[j]);
  }
  return true;
}

// max|1 - s lambda| / min|1 - s lambda| bounds cond(I - sA) from below; times kappa(V) it
// bounds it from above (I - sA = V (I - s Lambda) V^-1). The flag is raised from that upper
// bound: a modal answer is only as good as eps kappa(V) times the ratio, so a shift the
// contract cannot vouch for is never left unflagged, at the price of false alarms by up to
// kappa(V) on a non-normal A (kappa = 1 on the Hermitian route: exact there).
void ModalBound::flag_if_singular(double dmin, double dmax, ShiftStatus& st) const {
  const double cond = dmin == 0.0 ? std::numeric_limits<double>::infinity() : dmax / dmin;
  if (cond * kappa_ > kSingularCond) st = {true, cond * kappa_};
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
    divide_shift_major(s, kb, c, Yt, status);
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
