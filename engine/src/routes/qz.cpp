// QZ route for the pencil (E - sA) x(s) = b. Generalised Schur form E = Q S Z^*, A = Q T Z^*
// (dgges: real quasi-triangular S, triangular T, real Q and Z; zgges: complex triangular), then
//   x(s) = Z y(s),   (S - sT) y(s) = c,   c = Q^* b,
// by the multi-shift blocked back-substitution: for row panel J and every lane (shift s_k,
// right-hand side r) of a chunk,
//   R_J = c_J - S_{J,>J} Y_{>J} + T_{J,>J} Y_{>J} diag(s)    one GEMM yields both couplings
//   (S_JJ - s_k T_JJ) y_J(s_k) = R_J(:,k)                    1x1 / 2x2 solves across lanes
// and x = Z y (or C Z y when projected), one more GEMM. The Schur route is the case S = I.
// S and T are stored once more stacked panel by panel (S rows of the panel, then its T rows),
// so the two couplings are one GEMM with twice the columns instead of two thin ones.
//
// Eigenvalues at s = 0 (S_jj = 0: E singular) and at s = inf (T_jj = 0: A singular; in state
// space a singular descriptor) need no special case: a zero T_jj only removes the shift from
// that pivot, a zero S_jj makes the pivot vanish at s = 0, where the shift is flagged.
//
// When A is exactly alpha I (alpha != 0; state space with E = I gives this pencil) the QZ form
// is the Schur form of E: E = Q U Q^T, S = U, T = alpha I, Z = Q, at the cost of gees instead
// of gges, and the T coupling vanishes.
//
// Accuracy: QZ and the substitution are backward stable in the pencil sense (perturbations of
// E and A of relative size O(n eps) separately), so the relative error of x(s) is
// O(n eps kappa(s)), kappa(s) = ||(E - sA)^-1|| (||E|| + |s| ||A||); tests hold it to
// 100 eps kappa(s).
// Flags: kappa(s) is estimated from below per shift by
//   ||(E - sA)^-1|| >= max(1 / min_j sigma_min(S_jj - s T_jj), max_r ||y_r|| / ||c_r||)
// (a diagonal block of the inverse; a solved right-hand side) times (||E|| + |s| ||A||) with
// lower estimates of both norms; a shift is flagged when that exceeds 1e-2 / eps.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

#include "modal_sweep.hpp"
#include "triangular_condition_estimate.hpp"
#include "triangular_sweep.hpp"
#include "simd_clones.hpp"
#include "specsweep/error.hpp"
#include "specsweep/internal/lapack.hpp"

namespace specsweep::detail {
namespace {

// Rows per GEMM panel, as in the Schur route: wide enough for GEMM speed, small enough that the
// in-panel substitution stays a small fraction of the flops.
constexpr Index kPanelRows = 48;
constexpr double kEps = std::numeric_limits<double>::epsilon();

// Lanes per chunk: the lane-major Yt (L x n complex) stays within about 1 MB, in L2, while the
// panels stream past it (the Schur route's measured choice).
Index qz_lanes(Index n) { return std::clamp<Index>((Index{1} << 16) / std::max<Index>(1, n), 16, 64); }

// The 1x1 step for every lane (y holds c_i on entry):
//   y_k = (c_ik - pS_k + s_k pT_k) / (S_ii - s_k T_ii),
// with a division scaled by max(|Re d|, |Im d|) (no overflow of |d|^2; vectorises). An exactly
// zero pivot becomes tiny and the lane is marked.
SPECSWEEP_SIMD_CLONES
void divide_pencil_pivot(cplx sii, cplx tii, const cplx* s, const cplx* pS, const cplx* pT,
                         cplx* y, Index L, double tiny, double* dmax, double* dmin,
                         double* zero_pivot) {
  const double* __restrict sv = reinterpret_cast<const double*>(s);
  const double* __restrict psv = reinterpret_cast<const double*>(pS);
  const double* __restrict ptv = reinterpret_cast<const double*>(pT);
  double* __restrict yv = reinterpret_cast<double*>(y);
  const double ar = sii.real(), ai = sii.imag(), br = tii.real(), bi = tii.imag();
#pragma omp simd
  for (Index k = 0; k < L; ++k) {
    const double sr = sv[2 * k], si = sv[2 * k + 1];
    const double tr_ = ptv[2 * k], ti_ = ptv[2 * k + 1];
    const double rr = yv[2 * k] - psv[2 * k] + (sr * tr_ - si * ti_);
    const double ri = yv[2 * k + 1] - psv[2 * k + 1] + (sr * ti_ + si * tr_);
    double dr = ar - (sr * br - si * bi), di = ai - (sr * bi + si * br);
    const double adr = std::abs(dr), adi = std::abs(di);
    const double m0 = adr > adi ? adr : adi;
    const bool zero = !(m0 > 0.0);
    const double z_k = zero_pivot[k], dmax_k = dmax[k], dmin_k = dmin[k];
    zero_pivot[k] = zero ? 1.0 : z_k;
    dr = zero ? tiny : dr;
    const double m = zero ? tiny : m0;
    const double inv = 1.0 / m;
    const double a = dr * inv, b = di * inv, den = a * a + b * b;
    // m0 <= |d| <= sqrt(2) m0: both bounds stay one-sided without a sqrt.
    const double lo = 1.4142135623730951 * m0;
    dmax[k] = m0 > dmax_k ? m0 : dmax_k;
    dmin[k] = lo < dmin_k ? lo : dmin_k;
    const double scale = 1.0 / (den * m);
    yv[2 * k] = (rr * a + ri * b) * scale;
    yv[2 * k + 1] = (ri * a - rr * b) * scale;
  }
}

inline void reciprocal_scaled(double dr, double di, double& ir, double& ii) {
  const double adr = std::abs(dr), adi = std::abs(di);
  const double inv_m = 1.0 / (adr > adi ? adr : adi);
  const double a = dr * inv_m, b = di * inv_m;
  const double t = inv_m / (a * a + b * b);
  ir = a * t;
  ii = -b * t;
}

// The 2x2 step for every lane: a real bump of S on rows (h, i) with the matching block of T,
//   M_k = [a b; c d] - s_k [e f; g h],  M_k [y_h; y_i] = [c_h - pS_h + s_k pT_h; ...].
// Gaussian elimination with partial pivoting (backward stable for 2x2), pivots compared in
// |Re| + |Im|; an exactly zero pivot becomes tiny and the lane is marked. The block's
// sigma_max >= ||M||_F / sqrt 2 and sigma_min <= sqrt 2 |det| / ||M||_F keep the condition
// bound one-sided, computed on entries scaled by their largest component.
struct Block2 {
  double a, b, c, d;  // S block
  double e, f, g, h;  // T block
};
SPECSWEEP_SIMD_CLONES
void solve_pencil_bump(Block2 B, const cplx* s, const cplx* pSh, const cplx* pSi,
                       const cplx* pTh, const cplx* pTi, cplx* yh, cplx* yi, Index L,
                       double tiny, double* dmax, double* dmin, double* zero_pivot) {
  const double* __restrict sv = reinterpret_cast<const double*>(s);
  const double* __restrict sh = reinterpret_cast<const double*>(pSh);
  const double* __restrict si_ = reinterpret_cast<const double*>(pSi);
  const double* __restrict th = reinterpret_cast<const double*>(pTh);
  const double* __restrict ti_ = reinterpret_cast<const double*>(pTi);
  double* __restrict yhv = reinterpret_cast<double*>(yh);
  double* __restrict yiv = reinterpret_cast<double*>(yi);
  for (Index k = 0; k < L; ++k) {
    const double sr = sv[2 * k], si = sv[2 * k + 1];
    const double r1r = yhv[2 * k] - sh[2 * k] + (sr * th[2 * k] - si * th[2 * k + 1]);
    const double r1i = yhv[2 * k + 1] - sh[2 * k + 1] + (sr * th[2 * k + 1] + si * th[2 * k]);
    const double r2r = yiv[2 * k] - si_[2 * k] + (sr * ti_[2 * k] - si * ti_[2 * k + 1]);
    const double r2i = yiv[2 * k + 1] - si_[2 * k + 1] + (sr * ti_[2 * k + 1] + si * ti_[2 * k]);
    const double m11r = B.a - sr * B.e, m11i = -si * B.e, m12r = B.b - sr * B.f, m12i = -si * B.f;
    const double m21r = B.c - sr * B.g, m21i = -si * B.g, m22r = B.d - sr * B.h, m22i = -si * B.h;

    const double a11 = std::abs(m11r) + std::abs(m11i), a12 = std::abs(m12r) + std::abs(m12i);
    const double a21 = std::abs(m21r) + std::abs(m21i), a22 = std::abs(m22r) + std::abs(m22i);
    const double mx1 = a11 > a12 ? a11 : a12, mx2 = a21 > a22 ? a21 : a22;
    const double mx0 = mx1 > mx2 ? mx1 : mx2;
    const double mx = mx0 > 0.0 ? mx0 : tiny;
    const double inv = 1.0 / mx;
    const double e0 = m11r * inv, e1 = m11i * inv, e2 = m12r * inv, e3 = m12i * inv;
    const double e4 = m21r * inv, e5 = m21i * inv, e6 = m22r * inv, e7 = m22i * inv;
    const double f2a = e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3 + e4 * e4 + e5 * e5 + e6 * e6 + e7 * e7;
    const double f2 = f2a > 0.0 ? f2a : 1.0;
    const double detr = (e0 * e6 - e1 * e7) - (e2 * e4 - e3 * e5);
    const double deti = (e0 * e7 + e1 * e6) - (e2 * e5 + e3 * e4);
    const double smax = std::sqrt(0.5 * f2a) * mx;
    const double smin = std::sqrt(2.0 * (detr * detr + deti * deti) / f2) * mx;
    const double dmax_k = dmax[k], dmin_k = dmin[k];
    dmax[k] = smax > dmax_k ? smax : dmax_k;
    dmin[k] = smin < dmin_k ? smin : dmin_k;

    // Row swap as an exact blend (one weight 1, the other 0) so the loop stays if-converted.
    const double w1 = a21 > a11 ? 1.0 : 0.0, w0 = 1.0 - w1;
    const double pr0 = w1 * m21r + w0 * m11r, pi0 = w1 * m21i + w0 * m11i;
    const double qr = w1 * m22r + w0 * m12r, qi = w1 * m22i + w0 * m12i;
    const double or_ = w1 * m11r + w0 * m21r, oi = w1 * m11i + w0 * m21i;
    const double wr = w1 * m12r + w0 * m22r, wi = w1 * m12i + w0 * m22i;
    const double rpr = w1 * r2r + w0 * r1r, rpi = w1 * r2i + w0 * r1i;
    const double ror = w1 * r1r + w0 * r2r, roi = w1 * r1i + w0 * r2i;
    const double p_zero = std::abs(pr0) + std::abs(pi0) > 0.0 ? 0.0 : 1.0;
    double ipr, ipi;
    reciprocal_scaled(pr0 + p_zero * tiny, pi0, ipr, ipi);
    const double lr = or_ * ipr - oi * ipi, li = or_ * ipi + oi * ipr;
    const double ur0 = wr - (lr * qr - li * qi), ui0 = wi - (lr * qi + li * qr);
    const double u_zero = std::abs(ur0) + std::abs(ui0) > 0.0 ? 0.0 : 1.0;
    const double z_k = zero_pivot[k], zero = p_zero + u_zero;
    zero_pivot[k] = zero > 0.0 ? 1.0 : z_k;
    double iur, iui;
    reciprocal_scaled(ur0 + u_zero * tiny, ui0, iur, iui);
    const double t2r = ror - (lr * rpr - li * rpi), t2i = roi - (lr * rpi + li * rpr);
    const double y2r = t2r * iur - t2i * iui, y2i = t2r * iui + t2i * iur;
    const double t1r = rpr - (qr * y2r - qi * y2i), t1i = rpi - (qr * y2i + qi * y2r);
    yhv[2 * k] = t1r * ipr - t1i * ipi;
    yhv[2 * k + 1] = t1r * ipi + t1i * ipr;
    yiv[2 * k] = y2r;
    yiv[2 * k + 1] = y2i;
  }
}

inline double real_part(double v) { return v; }
inline double real_part(cplx v) { return v.real(); }  // (bumps exist only in real forms)

// P (L x cols) = Yt(:, tail) U(rows0 .. rows0 + cols, tail)^T: the panel's couplings to the
// solved unknowns, every lane at once. Real U multiplies the interleaved re/im view of Yt.
void panel_couplings(const MatrixXd& U, const cplx* Yt, Index L, Index row0, Index cols,
                     Index tail0, cplx* P) {
  const Index ld = U.rows(), n = U.cols();
  linalg::gemm(linalg::Op::N, linalg::Op::T, 2 * L, cols, n - tail0, 1.0,
               reinterpret_cast<const double*>(Yt + tail0 * L), 2 * L, U.data() + row0 + tail0 * ld,
               ld, 0.0, reinterpret_cast<double*>(P), 2 * L);
}
void panel_couplings(const MatrixXcd& U, const cplx* Yt, Index L, Index row0, Index cols,
                     Index tail0, cplx* P) {
  const Index ld = U.rows(), n = U.cols();
  linalg::gemm(linalg::Op::N, linalg::Op::T, L, cols, n - tail0, cplx(1.0), Yt + tail0 * L, L,
               U.data() + row0 + tail0 * ld, ld, cplx(0.0), P, L);
}

// What bind() shares with every bound problem: read-only, owned jointly.
template <class Scalar>
struct QzFactor {
  using Mat = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  Mat S, T, Q, Z;
  Mat U;                      ///< 2n x n: panel [r0, r1) in rows [2 r0, 2 r1), S rows then T rows
  VectorXcd alpha, beta;      ///< generalised eigenvalues alpha_j / beta_j
  std::vector<Index> panels;  ///< row panel starts, n appended
  bool t_scalar = false;      ///< T = alpha I: no T coupling
  double normE = 0, normA = 0;  ///< lower estimates of ||E||_2 = ||S||_2 and ||A||_2 = ||T||_2
};

template <class Scalar>
class QzBound final : public BoundProblem {
 public:
  QzBound(std::shared_ptr<const QzFactor<Scalar>> f, MatrixXcd coeffs,
          std::variant<MatrixXd, MatrixXcd> basis)
      : f_(std::move(f)), coeffs_(std::move(coeffs)), basis_(std::move(basis)) {
    const Index m = coeffs_.cols();
    cscale_.resize(m);
    cnorm_.resize(m);
    for (Index r = 0; r < m; ++r) {
      cscale_[r] = coeffs_.rows() ? coeffs_.col(r).cwiseAbs().maxCoeff() : 0.0;
      cnorm_[r] = cscale_[r] > 0 ? (coeffs_.col(r) / cscale_[r]).norm() : 0.0;
    }
  }

  Index outputs() const override {
    return std::visit([](const auto& W) { return W.rows(); }, basis_);
  }

  void solve_block(const cplx* s, Index kb, Index r, cplx* out,
                   ShiftStatus* status) const override {
    sweep(s, kb, r, 1, out, status);
  }
  bool solve_block_all_rhs(const cplx* s, Index kb, cplx* out,
                           ShiftStatus* status) const override {
    sweep(s, kb, 0, coeffs_.cols(), out, status);
    return true;
  }

 private:
  struct Work {
    std::vector<cplx> yt, lane_s, P, xt;
    std::vector<double> dmax, dmin, zero, y2;
  };

  // Lanes l = r kc + j (right-hand side r0 + r, shift j) in chunks that keep Yt in L2.
  void sweep(const cplx* s, Index kb, Index r0, Index m, cplx* out, ShiftStatus* status) const {
    thread_local Work w;
    const Index n = coeffs_.rows();
    const Index kc_max = std::max<Index>(1, qz_lanes(n) / m);
    for (Index j0 = 0; j0 < kb; j0 += kc_max) {
      const Index kc = std::min(kc_max, kb - j0);
      chunk(s + j0, kc, r0, m, w, out + j0 * outputs() * m, status + j0);
    }
  }

  void chunk(const cplx* s, Index kc, Index r0, Index m, Work& w, cplx* out,
             ShiftStatus* status) const {
    const auto& f = *f_;
    const Index n = coeffs_.rows(), L = kc * m;
    w.yt.resize(static_cast<size_t>(L * n));
    w.lane_s.resize(static_cast<size_t>(L));
    w.P.resize(static_cast<size_t>(L * 2 * (kPanelRows + 1)));
    w.dmax.assign(static_cast<size_t>(L), 0.0);
    w.dmin.assign(static_cast<size_t>(L), std::numeric_limits<double>::infinity());
    w.zero.assign(static_cast<size_t>(L), 0.0);
    cplx* Yt = w.yt.data();
    cplx* ls = w.lane_s.data();
    double s_max = 0;
    for (Index j = 0; j < kc; ++j) s_max = std::max(s_max, std::abs(s[j]));
    for (Index r = 0; r < m; ++r) std::copy_n(s, kc, ls + r * kc);
    for (Index i = 0; i < n; ++i)
      for (Index r = 0; r < m; ++r) std::fill_n(Yt + i * L + r * kc, kc, coeffs_(i, r0 + r));
    // Stand-in for an exactly zero pivot, on the scale of the entries of S - sT.
    const double tiny = kEps * std::max(f.normE + s_max * f.normA, 1e-300);

    const auto& S = f.S;
    const auto& T = f.T;
    auto Y = [&](Index i) { return Yt + i * L; };
    for (Index b = Index(f.panels.size()) - 2; b >= 0; --b) {
      const Index p0 = f.panels[b], p1 = f.panels[b + 1], rows = p1 - p0;
      cplx* PS = w.P.data();
      cplx* PT = PS + rows * L;
      if (p1 < n) {
        panel_couplings(f.U, Yt, L, 2 * p0, f.t_scalar ? rows : 2 * rows, p1, PS);
        if (f.t_scalar) std::fill_n(PT, rows * L, cplx(0.0));
      } else {
        std::fill_n(PS, 2 * rows * L, cplx(0.0));
      }
      auto pS = [&](Index l) { return PS + (l - p0) * L; };
      auto pT = [&](Index l) { return PT + (l - p0) * L; };
      for (Index i = p1 - 1; i >= p0;) {
        const bool bump = std::is_same_v<Scalar, double> && i > p0 && S(i, i - 1) != Scalar(0);
        if (!bump) {
          divide_pencil_pivot(S(i, i), T(i, i), ls, pS(i), pT(i), Y(i), L, tiny, w.dmax.data(),
                              w.dmin.data(), w.zero.data());
          for (Index l = p0; l < i; ++l) {
            axpy_lanes(S(l, i), Y(i), pS(l), L);
            if (!f.t_scalar) axpy_lanes(T(l, i), Y(i), pT(l), L);
          }
          --i;
        } else {
          const Index h = i - 1;
          const Block2 blk{real_part(S(h, h)), real_part(S(h, i)), real_part(S(i, h)),
                           real_part(S(i, i)), real_part(T(h, h)), real_part(T(h, i)),
                           real_part(T(i, h)), real_part(T(i, i))};
          solve_pencil_bump(blk, ls, pS(h), pS(i), pT(h), pT(i), Y(h), Y(i), L, tiny,
                            w.dmax.data(), w.dmin.data(), w.zero.data());
          for (Index l = p0; l < h; ++l) {
            axpy_lanes(S(l, h), Y(h), pS(l), L);
            axpy_lanes(S(l, i), Y(i), pS(l), L);
            if (!f.t_scalar) {
              axpy_lanes(T(l, h), Y(h), pT(l), L);
              axpy_lanes(T(l, i), Y(i), pT(l), L);
            }
          }
          i -= 2;
        }
      }
    }
    finish(s, kc, r0, m, w, out, status);
  }

  // Condition estimates and flags per shift, x = W y laid out as (kc, q, m), non-finite lanes
  // zeroed and flagged.
  void finish(const cplx* s, Index kc, Index r0, Index m, Work& w, cplx* out,
              ShiftStatus* status) const {
    const auto& f = *f_;
    const Index n = coeffs_.rows(), L = kc * m, q = outputs();
    const cplx* Yt = w.yt.data();
    w.y2.assign(static_cast<size_t>(L), 0.0);
    for (Index i = 0; i < n; ++i)
      for (Index r = 0; r < m; ++r) {
        if (!(cnorm_[r0 + r] > 0)) continue;
        const double inv = 1.0 / cscale_[r0 + r];
        const cplx* y = Yt + i * L + r * kc;
        double* acc = w.y2.data() + r * kc;
        for (Index j = 0; j < kc; ++j) acc[j] += std::norm(y[j] * inv);
      }
    for (Index j = 0; j < kc; ++j) {
      double dmin = std::numeric_limits<double>::infinity(), growth = 0;
      bool zero = false;
      for (Index r = 0; r < m; ++r) {
        const Index l = r * kc + j;
        dmin = std::min(dmin, w.dmin[l]);
        zero = zero || w.zero[l] != 0.0;
        const double cn = cnorm_[r0 + r];
        growth = std::max(growth, cn > 0 ? std::sqrt(w.y2[l]) / cn : 0.0);
      }
      const double inv_norm = std::max(dmin > 0 ? 1.0 / dmin : std::numeric_limits<double>::infinity(), growth);
      double kappa = inv_norm * (f.normE + std::abs(s[j]) * f.normA);
      if (zero || !std::isfinite(kappa)) kappa = std::numeric_limits<double>::infinity();
      if (kappa > kSingularCond) status[j] = {true, kappa};
    }

    multiply_basis(basis_, Yt, L, kc, m, out, w.xt);
    for (Index j = 0; j < kc; ++j) {
      cplx* row = out + j * q * m;
      const bool finite = std::all_of(row, row + q * m, [](cplx v) {
        return std::isfinite(v.real()) && std::isfinite(v.imag());
      });
      if (finite) continue;
      std::fill(row, row + q * m, cplx(0.0));
      status[j] = {true, std::numeric_limits<double>::infinity()};
    }
  }

  std::shared_ptr<const QzFactor<Scalar>> f_;
  MatrixXcd coeffs_;
  std::variant<MatrixXd, MatrixXcd> basis_;
  VectorXd cscale_, cnorm_;  ///< per column of c: max |c_i| and ||c / max |c_i|||
};

template <class Scalar>
class QzSolver final : public RouteSolver {
  using Mat = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

 public:
  QzSolver(const Mat& E, const Mat& A, const Tuning& tuning)
      : f_(std::make_shared<QzFactor<Scalar>>()) {
    auto& f = *f_;
    const Index n = E.rows();
    constexpr bool kReal = std::is_same_v<Scalar, double>;
    // gges and gees are sequential sweeps with small GEMMs: single-threaded below the Schur
    // route's measured switch point.
    std::optional<linalg::BlasThreadScope> single;
    if (n <= tuning.gees_single_thread_max_n) single.emplace(1);
    int info = 0;
    if (const auto a = scalar_identity(A)) {
      f.S = E;
      VectorXcd lambda;
      info = linalg::gees(f.S, f.Q, lambda);
      f.Z = f.Q;
      f.T = Mat::Identity(n, n) * *a;
      f.alpha = lambda;
      f.beta = VectorXcd::Constant(n, cplx(*a));
      f.t_scalar = true;
    } else {
      f.S = E;
      f.T = A;
      if constexpr (kReal) {
        VectorXd beta;
        info = linalg::gges(f.S, f.T, f.Q, f.Z, f.alpha, beta);
        f.beta = beta.cast<cplx>();
      } else {
        info = linalg::gges(f.S, f.T, f.Q, f.Z, f.alpha, f.beta);
      }
    }
    single.reset();
    if (info > 0)
      throw Error(fmt::format("qz route: {} failed to converge (info {})",
                              f.t_scalar ? (kReal ? "dgees" : "zgees") : (kReal ? "dgges" : "zgges"),
                              info),
                  ErrorKind::Runtime);
    // Make the structure exact: the substitution relies on it.
    for (Index j = 0; j < n; ++j)
      for (Index i = j + 1; i < n; ++i) {
        if (i > j + 1 || !kReal) f.S(i, j) = 0.0;
        f.T(i, j) = 0.0;
      }
    f.panels.push_back(0);
    while (f.panels.back() < n) {
      Index e = std::min(n, f.panels.back() + kPanelRows);
      if (e < n && f.S(e, e - 1) != Scalar(0)) ++e;
      f.panels.push_back(e);
    }
    f.U.resize(2 * n, n);
    for (size_t b = 0; b + 1 < f.panels.size(); ++b) {
      const Index p0 = f.panels[b], rows = f.panels[b + 1] - p0;
      f.U.middleRows(2 * p0, rows) = f.S.middleRows(p0, rows);
      f.U.middleRows(2 * p0 + rows, rows) = f.T.middleRows(p0, rows);
    }
    f.normE = norm2_lower_estimate(f.S);
    f.normA = norm2_lower_estimate(f.T);
  }

  Route route() const override { return Route::Qz; }
  Index size() const override { return f_->S.rows(); }
  VectorXcd eigenvalues() const override {
    const auto& f = *f_;
    VectorXcd ev(f.alpha.size());
    for (Index j = 0; j < ev.size(); ++j)
      ev[j] = f.beta[j] == cplx(0) ? cplx(std::numeric_limits<double>::infinity(), 0.0)
                                   : f.alpha[j] / f.beta[j];
    return ev;
  }

  void fill_diagnostics(Diagnostics& d) const override {
    const auto& f = *f_;
    const Index n = f.S.rows();
    // |alpha_j| and |beta_j| against n eps of the pencil's scale: an eigenvalue at s = 0
    // (E singular to working precision) or at s = inf (A singular).
    const double tolE = double(n) * kEps * f.S.norm(), tolA = double(n) * kEps * f.T.norm();
    d.zero_eigenvalues = 0;
    d.infinite_eigenvalues = 0;
    double rho = 0;
    for (Index j = 0; j < n; ++j) {
      const double a = std::abs(f.alpha[j]), b = std::abs(f.beta[j]);
      if (b <= tolA) ++d.infinite_eigenvalues;
      else if (a <= tolE) ++d.zero_eigenvalues;
      if (b > tolA) rho = std::max(rho, a / b);
    }
    d.spectral_radius = rho;
  }

  std::unique_ptr<BoundProblem> bind(const MatrixXcd& B, const MatrixXcd* C) const override {
    MatrixXcd coeffs = f_->Q.adjoint() * B;  // c = Q^* b
    return std::make_unique<QzBound<Scalar>>(f_, std::move(coeffs), modal_basis(f_->Z, C));
  }

 private:
  std::shared_ptr<QzFactor<Scalar>> f_;
};

}  // namespace

std::unique_ptr<RouteSolver> make_qz(const MatrixXd& E, const MatrixXd& A, const Tuning& tuning) {
  return std::make_unique<QzSolver<double>>(E, A, tuning);
}
std::unique_ptr<RouteSolver> make_qz(const MatrixXcd& E, const MatrixXcd& A, const Tuning& tuning) {
  return std::make_unique<QzSolver<cplx>>(E, A, tuning);
}

}  // namespace specsweep::detail
