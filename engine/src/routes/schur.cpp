// Schur route: A = Q T Q^* (dgees: real quasi-triangular T, real Q; zgees: complex triangular),
// then for each chunk of lanes (shift s_k, right-hand side c_r) the multi-shift blocked
// back-substitution (docs/design.md#schur-route):
//   R_J = c_J 1^T + (T_{J,>J} Y_{>J,S}) diag(S)      one GEMM for all lanes of the chunk
//   (I - s_k T_JJ) y_J(s_k) = R_J(:,k)               small solves, inner loops across lanes
// and x = Q y (or C Q y when projected), one more GEMM (triangular_sweep.hpp: the chunking,
// lanes, workspace, tiny pivots and condition flags it shares with the Hessenberg route).
// Accuracy: backward stable (Schur factorisation and triangular substitution both are), so the
// relative error is O(n eps cond(I - sA)); the tests hold it to 100 eps cond(I - sA).
// Real A keeps T and Q real: the GEMMs run as dgemm on the interleaved re/im view of the
// complex lane-major Y, half the flops of complex arithmetic.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

#include "modal_sweep.hpp"
#include "simd_clones.hpp"
#include "specsweep/error.hpp"
#include "specsweep/internal/lapack.hpp"
#include "triangular_sweep.hpp"

namespace specsweep::detail {
namespace {

constexpr Index kPanelRows = kTriangularPanelRows;

// P(L x rows) = Yt(:, tail) * T(rows, tail)^T for tail = [tail0, tail1): the coupling of panel
// rows to solved unknowns, for all L lanes (Yt is L x n, P is L x rows, both with leading
// dimension L).
void panel_coupling(const MatrixXd& T, const cplx* Yt, Index L, Index r0, Index rows,
                    Index tail0, Index tail1, cplx* P) {
  const Index n = T.rows();
  linalg::gemm(linalg::Op::N, linalg::Op::T, 2 * L, rows, tail1 - tail0, 1.0,
               reinterpret_cast<const double*>(Yt + tail0 * L), 2 * L,
               T.data() + r0 + tail0 * n, n, 0.0, reinterpret_cast<double*>(P), 2 * L);
}
void panel_coupling(const MatrixXcd& T, const cplx* Yt, Index L, Index r0, Index rows,
                    Index tail0, Index tail1, cplx* P) {
  const Index n = T.rows();
  linalg::gemm(linalg::Op::N, linalg::Op::T, L, rows, tail1 - tail0, cplx(1.0), Yt + tail0 * L,
               L, T.data() + r0 + tail0 * n, n, cplx(0.0), P, L);
}

// The 1x1 step of the substitution for every lane of the chunk (y holds c_i on entry), with
// M_k = alpha_k I + beta_k T (ShiftForm: alpha = 1, beta = -s for I - sT):
//   y_k = (c_ik - beta_k p_k) / (alpha_k + beta_k t),
// on the real view with a scaled division (no overflow of |d|^2, vectorises; std::complex's
// division goes through a library call per element). An exactly zero pivot becomes tiny.
SPECSWEEP_SIMD_CLONES
void divide_by_pivot(cplx t, const cplx* alpha, const cplx* beta, const cplx* p, cplx* y, Index kb,
                     double tiny, double* dmax, double* dmin, double* singular) {
  const double* __restrict av = reinterpret_cast<const double*>(alpha);
  const double* __restrict bv = reinterpret_cast<const double*>(beta);
  const double* __restrict pv = reinterpret_cast<const double*>(p);
  double* __restrict yv = reinterpret_cast<double*>(y);
  const double tr = t.real(), ti = t.imag();
#pragma omp simd
  for (Index k = 0; k < kb; ++k) {
    const double br = bv[2 * k], bi = bv[2 * k + 1], pr = pv[2 * k], pi = pv[2 * k + 1];
    const double cr = yv[2 * k], cim = yv[2 * k + 1];
    const double rr = cr - (br * pr - bi * pi), ri = cim - (br * pi + bi * pr);
    double dr = av[2 * k] + (br * tr - bi * ti), di = av[2 * k + 1] + (br * ti + bi * tr);
    const double adr = std::abs(dr), adi = std::abs(di);
    const double m0 = adr > adi ? adr : adi;
    const bool zero = !(m0 > 0.0);  // (not "== 0": that form defeats if-conversion in GCC 12)
    const double sing_k = singular[k], dmax_k = dmax[k], dmin_k = dmin[k];
    singular[k] = zero ? 1.0 : sing_k;
    dr = zero ? tiny : dr;
    const double m = zero ? tiny : m0;
    const double inv = 1.0 / m;
    const double a = dr * inv, b = di * inv, den = a * a + b * b;
    // m0 <= |d| <= sqrt(2) m0 keeps both condition bounds one-sided without a sqrt (which
    // would block vectorisation through errno).
    const double lo = 1.4142135623730951 * m0;
    dmax[k] = m0 > dmax_k ? m0 : dmax_k;
    dmin[k] = lo < dmin_k ? lo : dmin_k;
    const double scale = 1.0 / (den * m);
    yv[2 * k] = (rr * a + ri * b) * scale;
    yv[2 * k + 1] = (ri * a - rr * b) * scale;
  }
}

// 1/d on the real view, scaled by max(|Re d|, |Im d|) so |d|^2 cannot overflow or underflow;
// d != 0. Two divisions where std::complex's division is a library call; x/d is then x * (1/d)
// to a few ulps componentwise.
inline void reciprocal_scaled(double dr, double di, double& ir, double& ii) {
  const double adr = std::abs(dr), adi = std::abs(di);
  const double inv_m = 1.0 / (adr > adi ? adr : adi);
  const double a = dr * inv_m, b = di * inv_m;
  const double t = inv_m / (a * a + b * b);
  ir = a * t;
  ii = -b * t;
}

// The 2x2 step of the substitution for every lane of the chunk: a real Schur bump
// B = [a b; c d] on rows (h, i), so M_k = alpha_k I + beta_k B and (yh, yi hold c_h, c_i on
// entry)
//   M_k [y_h; y_i] = [c_h - beta_k p_h; c_i - beta_k p_i].
// Gaussian elimination with partial pivoting (backward stable for 2x2); pivots are compared
// in |Re| + |Im|, within sqrt(2) of the modulus, which keeps the multiplier below sqrt(2). An
// exactly zero pivot becomes tiny and the shift is flagged. Real arithmetic throughout: no
// library calls (complex division, hypot) in the per-shift loop.
// Condition bounds: with f = ||M_k||_F, sigma_max >= f / sqrt 2 (rank <= 2) and
// sigma_min = |det| / sigma_max <= sqrt 2 |det| / f, the pair that keeps the per-shift
// estimate a lower bound on cond(I - sA) (see schur_shift_condition.hpp); entries are scaled
// by their largest component first, so f^2 and |det|^2 cannot overflow.
SPECSWEEP_SIMD_CLONES
void solve_bump(double a, double b, double c, double d, const cplx* alpha, const cplx* beta,
                const cplx* ph, const cplx* pi, cplx* yh, cplx* yi, Index kb, double tiny,
                double* dmax, double* dmin, double* singular) {
  const double* __restrict av = reinterpret_cast<const double*>(alpha);
  const double* __restrict bv = reinterpret_cast<const double*>(beta);
  const double* __restrict phv = reinterpret_cast<const double*>(ph);
  const double* __restrict piv = reinterpret_cast<const double*>(pi);
  double* __restrict yhv = reinterpret_cast<double*>(yh);
  double* __restrict yiv = reinterpret_cast<double*>(yi);
  for (Index k = 0; k < kb; ++k) {
    const double ar = av[2 * k], ai = av[2 * k + 1], br = bv[2 * k], bi = bv[2 * k + 1];
    const double chr = yhv[2 * k], chi = yhv[2 * k + 1], cir = yiv[2 * k], cii = yiv[2 * k + 1];
    const double r1r = chr - (br * phv[2 * k] - bi * phv[2 * k + 1]);
    const double r1i = chi - (br * phv[2 * k + 1] + bi * phv[2 * k]);
    const double r2r = cir - (br * piv[2 * k] - bi * piv[2 * k + 1]);
    const double r2i = cii - (br * piv[2 * k + 1] + bi * piv[2 * k]);
    const double m11r = ar + br * a, m11i = ai + bi * a, m12r = br * b, m12i = bi * b;
    const double m21r = br * c, m21i = bi * c, m22r = ar + br * d, m22i = ai + bi * d;

    const double a11 = std::abs(m11r) + std::abs(m11i), a12 = std::abs(m12r) + std::abs(m12i);
    const double a21 = std::abs(m21r) + std::abs(m21i), a22 = std::abs(m22r) + std::abs(m22i);
    const double mx1 = a11 > a12 ? a11 : a12, mx2 = a21 > a22 ? a21 : a22;
    const double mx = mx1 > mx2 ? mx1 : mx2;  // > 0: m11 or m12 != 0
    const double inv = 1.0 / mx;
    const double e0 = m11r * inv, e1 = m11i * inv, e2 = m12r * inv, e3 = m12i * inv;
    const double e4 = m21r * inv, e5 = m21i * inv, e6 = m22r * inv, e7 = m22i * inv;
    const double f2 = e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3 + e4 * e4 + e5 * e5 + e6 * e6 + e7 * e7;
    const double detr = (e0 * e6 - e1 * e7) - (e2 * e4 - e3 * e5);
    const double deti = (e0 * e7 + e1 * e6) - (e2 * e5 + e3 * e4);
    const double smax = std::sqrt(0.5 * f2) * mx;
    const double smin = std::sqrt(2.0 * (detr * detr + deti * deti) / f2) * mx;
    const double dmax_k = dmax[k], dmin_k = dmin[k];
    dmax[k] = smax > dmax_k ? smax : dmax_k;
    dmin[k] = smin < dmin_k ? smin : dmin_k;

    // Row swap as an exact blend (one weight is 1, the other 0): selects this many defeat
    // GCC's if-conversion and with it vectorisation.
    const double w1 = a21 > a11 ? 1.0 : 0.0, w0 = 1.0 - w1;
    const double pr0 = w1 * m21r + w0 * m11r, pi0 = w1 * m21i + w0 * m11i;
    const double qr = w1 * m22r + w0 * m12r, qi = w1 * m22i + w0 * m12i;
    const double or_ = w1 * m11r + w0 * m21r, oi = w1 * m11i + w0 * m21i;
    const double wr = w1 * m12r + w0 * m22r, wi = w1 * m12i + w0 * m22i;
    const double rpr = w1 * r2r + w0 * r1r, rpi = w1 * r2i + w0 * r1i;
    const double ror = w1 * r1r + w0 * r2r, roi = w1 * r1i + w0 * r2i;
    const double p_zero = std::abs(pr0) + std::abs(pi0) > 0.0 ? 0.0 : 1.0;
    const double pr = pr0 + p_zero * tiny, pim = pi0;
    double ipr, ipi;
    reciprocal_scaled(pr, pim, ipr, ipi);
    const double lr = or_ * ipr - oi * ipi, li = or_ * ipi + oi * ipr;
    const double ur0 = wr - (lr * qr - li * qi), ui0 = wi - (lr * qi + li * qr);
    const double u_zero = std::abs(ur0) + std::abs(ui0) > 0.0 ? 0.0 : 1.0;
    const double ur = ur0 + u_zero * tiny, ui = ui0;
    const double sing_k = singular[k], zero = p_zero + u_zero;
    singular[k] = zero > 0.0 ? 1.0 : sing_k;
    double iur, iui;
    reciprocal_scaled(ur, ui, iur, iui);
    const double t2r = ror - (lr * rpr - li * rpi), t2i = roi - (lr * rpi + li * rpr);
    const double y2r = t2r * iur - t2i * iui, y2i = t2r * iui + t2i * iur;
    const double t1r = rpr - (qr * y2r - qi * y2i), t1i = rpi - (qr * y2i + qi * y2r);
    const double y1r = t1r * ipr - t1i * ipi, y1i = t1r * ipi + t1i * ipr;
    yhv[2 * k] = y1r;
    yhv[2 * k + 1] = y1i;
    yiv[2 * k] = y2r;
    yiv[2 * k + 1] = y2i;
  }
}

inline double real_part(double v) { return v; }
inline double real_part(cplx v) { return v.real(); }  // (bumps exist only in real Schur forms)

// The bound problem of a quasi-triangular factor F (Schur: T; block-diagonal route: B). Owns
// the factor jointly, so a bound problem never outlives the triangle it reads.
template <class Scalar>
class QuasiTriangularBound final : public TriangularSweepBound {
 public:
  QuasiTriangularBound(std::shared_ptr<const QuasiTriangularFactor<Scalar>> f, MatrixXcd coeffs,
                       std::variant<MatrixXd, MatrixXcd> basis, ShiftForm form)
      : TriangularSweepBound(std::move(coeffs), std::move(basis), f->norm2, 1, form),
        f_(std::move(f)) {}

 private:
  void substitute(const TriangularChunk& ch, cplx* Yt, const LanePivots& piv,
                  std::vector<cplx>& scratch) const override {
    const auto& T = f_->F;
    const auto& panels = f_->panels.starts;
    const auto& coupling_end = f_->panels.coupling_end;
    const auto& row_begin = f_->panels.row_begin;
    const Index n = T.rows(), L = ch.lanes();
    fill_lanes_with_rhs(ch, n, Yt);                    // column i holds c_i until y_i overwrites it
    cplx* P = grow_to(scratch, L * (kPanelRows + 1));  // L x rows, leading dimension L
    auto Y = [&](Index i) { return Yt + i * L; };
    auto Pc = [&](Index l) { return P + l * L; };
    const cplx* alpha = ch.lane_alpha;
    const cplx* beta = ch.lane_beta;

    for (Index b = Index(panels.size()) - 2; b >= 0; --b) {
      const Index r0 = panels[b], r1 = panels[b + 1], rows = r1 - r0, c1 = coupling_end[b];
      // Only the panel's own cluster couples to it: beyond c1 (and below r1 when the panel
      // holds whole clusters) F is exactly zero and no GEMM runs.
      if (r1 < c1) panel_coupling(T, Yt, L, r0, rows, r1, c1, P);
      else std::fill_n(P, L * rows, cplx(0.0));
      for (Index i = r1 - 1; i >= r0;) {
        const bool bump = std::is_same_v<Scalar, double> && i > r0 && T(i, i - 1) != 0.0;
        if (!bump) {
          divide_by_pivot(T(i, i), alpha, beta, Pc(i - r0), Y(i), L, ch.tiny, piv.max, piv.min,
                          piv.zero);
          for (Index l = std::max(r0, row_begin[i]); l < i; ++l)
            axpy_lanes(T(l, i), Y(i), Pc(l - r0), L);
          --i;
        } else {
          const Index h = i - 1;  // 2x2 bump on rows/cols (h, i), real entries
          solve_bump(real_part(T(h, h)), real_part(T(h, i)), real_part(T(i, h)),
                     real_part(T(i, i)), alpha, beta, Pc(h - r0), Pc(i - r0), Y(h), Y(i), L, ch.tiny,
                     piv.max, piv.min, piv.zero);
          for (Index l = std::max(r0, row_begin[h]); l < h; ++l) {
            axpy_lanes(T(l, h), Y(h), Pc(l - r0), L);
            axpy_lanes(T(l, i), Y(i), Pc(l - r0), L);
          }
          i -= 2;
        }
      }
    }
  }

  std::shared_ptr<const QuasiTriangularFactor<Scalar>> f_;
};

template <class Scalar>
class SchurSolver final : public RouteSolver {
  using Mat = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

 public:
  // form.shifted(): A here is the pencil's E, whose A is form.c I (schur route of E - s c I).
  SchurSolver(const Mat& A, const Tuning& tuning, ShiftForm form = {})
      : f_(std::make_shared<SchurFactor<Scalar>>()), form_(form) {
    auto& f = *f_;
    f.tri.F = A;
    // gees is mostly sequential QR sweeps (dlaqr5) with small GEMMs: waking BLAS threads for
    // those gains little idle and loses much on a busy machine (tuning.hpp). Above the
    // single-thread limit, the caller's count.
    int info = 0;
    {
      std::optional<linalg::BlasThreadScope> single;
      if (A.rows() <= tuning.gees_single_thread_max_n) single.emplace(1);
      info = linalg::gees(f.tri.F, f.Q, f.lambda);
    }
    if (info > 0)
      throw Error(fmt::format("schur route: {} failed to converge (info {})",
                              std::is_same_v<Scalar, double> ? "dgees" : "zgees", info),
                  ErrorKind::Runtime);
    Mat& T = f.tri.F;
    const Index n = T.rows();
    // Below the (quasi-)triangle gees leaves rounding-level garbage only in theory; make the
    // structure exact so the substitution may rely on it.
    for (Index j = 0; j < n; ++j)
      for (Index i = j + 1; i < n; ++i)
        if (i > j + 1 || !std::is_same_v<Scalar, double>) T(i, j) = 0.0;
    // One cluster: every panel couples to all of the rows below it.
    f.tri.panels = substitution_panels(T, {0, n});
    f.tri.norm2 = norm2_lower_estimate(T);
  }

  Route route() const override { return Route::Schur; }
  Index size() const override { return T_.rows(); }
  /// The shifted form's pencil (E, c I) has the eigenvalues of E over c.
  VectorXcd eigenvalues() const override {
    return form_.shifted() ? VectorXcd(lambda_ / form_.c) : lambda_;
  }

  void fill_diagnostics(Diagnostics& d) const override {
    // Henrici departure from normality ||N||_F / ||A||_F, T = D + N: everything above the
    // (block) diagonal, plus for a 2x2 bump its own non-normal part ||B||_F^2 - 2|lambda|^2.
    const Index n = T_.rows();
    double scale = T_.cwiseAbs().maxCoeff();
    if (scale == 0) {
      d.departure_from_normality = 0;
      d.spectral_radius = 0;
      return;
    }
    double off2 = 0, all2 = 0;
    for (Index j = 0; j < n; ++j)
      for (Index i = 0; i <= std::min(j + 1, n - 1); ++i) {
        const double a = std::abs(T_(i, j)) / scale;
        all2 += a * a;
        if (i < j && !(i + 1 == j && is_bump(i))) off2 += a * a;
      }
    for (Index i = 0; i + 1 < n; ++i)
      if (is_bump(i)) {
        double b2 = 0;
        for (Index u = i; u <= i + 1; ++u)
          for (Index v = i; v <= i + 1; ++v) b2 += std::norm(T_(u, v) / scale);
        off2 += std::max(0.0, b2 - 2 * std::norm(lambda_[i] / scale));
      }
    d.departure_from_normality = std::sqrt(off2 / all2);
    d.spectral_radius = lambda_.cwiseAbs().maxCoeff();
    if (form_.shifted()) {
      // As the qz route counts them: |lambda_j(E)| <= n eps ||E||_F is an eigenvalue of the
      // pencil at s = 0 (E singular); A = c I has none at s = inf.
      d.spectral_radius /= std::abs(form_.c);
      const double tol = double(n) * std::numeric_limits<double>::epsilon() * T_.norm();
      d.zero_eigenvalues = (lambda_.array().abs() <= tol).count();
      d.infinite_eigenvalues = 0;
    }
  }

  std::unique_ptr<BoundProblem> bind(const MatrixXcd& B, const MatrixXcd* C) const override {
    MatrixXcd coeffs = f_->Q.adjoint() * B;  // c = Q^* b
    return bind_quasi_triangular<Scalar>(
        std::shared_ptr<const QuasiTriangularFactor<Scalar>>(f_, &f_->tri), std::move(coeffs),
        modal_basis(f_->Q, C), form_);
  }

  std::shared_ptr<const SchurFactor<Scalar>> factor() const { return f_; }
  bool shifted() const { return form_.shifted(); }

 private:
  bool is_bump(Index i) const {
    return std::is_same_v<Scalar, double> && T_(i + 1, i) != Scalar(0);
  }

  std::shared_ptr<SchurFactor<Scalar>> f_;
  ShiftForm form_;
  const Mat& T_ = f_->tri.F;
  const VectorXcd& lambda_ = f_->lambda;
};

}  // namespace

template <class Scalar>
SubstitutionPanels substitution_panels(
    const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& F,
    const std::vector<Index>& cluster_starts) {
  const Index n = F.rows();
  SubstitutionPanels p;
  p.row_begin.resize(static_cast<size_t>(n));
  for (size_t k = 0; k + 1 < cluster_starts.size(); ++k)
    std::fill(p.row_begin.begin() + cluster_starts[k], p.row_begin.begin() + cluster_starts[k + 1],
              cluster_starts[k]);
  auto cluster_end = [&](Index row) {
    return *std::upper_bound(cluster_starts.begin(), cluster_starts.end(), row);
  };
  p.starts.push_back(0);
  while (p.starts.back() < n) {
    const Index r0 = p.starts.back(), c1 = cluster_end(r0);
    Index e;
    if (c1 - r0 > kPanelRows) {  // a piece of a wide cluster, never splitting a 2x2 bump
      e = r0 + kPanelRows;
      if (F(e, e - 1) != Scalar(0)) ++e;
    } else {  // whole narrow clusters, as many as fit
      e = c1;
      while (e < n && cluster_end(e) - r0 <= kPanelRows) e = cluster_end(e);
    }
    p.starts.push_back(e);
    p.coupling_end.push_back(cluster_end(e - 1));
  }
  return p;
}
template SubstitutionPanels substitution_panels(const MatrixXd&, const std::vector<Index>&);
template SubstitutionPanels substitution_panels(const MatrixXcd&, const std::vector<Index>&);

template <class Scalar>
std::unique_ptr<BoundProblem> bind_quasi_triangular(
    std::shared_ptr<const QuasiTriangularFactor<Scalar>> factor, MatrixXcd coeffs,
    std::variant<MatrixXd, MatrixXcd> basis, ShiftForm form) {
  return std::make_unique<QuasiTriangularBound<Scalar>>(std::move(factor), std::move(coeffs),
                                                        std::move(basis), form);
}
template std::unique_ptr<BoundProblem> bind_quasi_triangular(
    std::shared_ptr<const QuasiTriangularFactor<double>>, MatrixXcd,
    std::variant<MatrixXd, MatrixXcd>, ShiftForm);
template std::unique_ptr<BoundProblem> bind_quasi_triangular(
    std::shared_ptr<const QuasiTriangularFactor<cplx>>, MatrixXcd,
    std::variant<MatrixXd, MatrixXcd>, ShiftForm);

template <class Scalar>
std::shared_ptr<const SchurFactor<Scalar>> shared_schur_factor(const RouteSolver& solver) {
  const auto* schur = dynamic_cast<const SchurSolver<Scalar>*>(&solver);
  // A shifted form's factor is of E, not of a standard-form A: not reusable as one.
  return schur && !schur->shifted() ? schur->factor() : nullptr;
}
template std::shared_ptr<const SchurFactor<double>> shared_schur_factor(const RouteSolver&);
template std::shared_ptr<const SchurFactor<cplx>> shared_schur_factor(const RouteSolver&);

std::unique_ptr<RouteSolver> make_schur(const MatrixXd& A, const Tuning& tuning) {
  return std::make_unique<SchurSolver<double>>(A, tuning);
}
std::unique_ptr<RouteSolver> make_schur(const MatrixXcd& A, const Tuning& tuning) {
  return std::make_unique<SchurSolver<cplx>>(A, tuning);
}
std::unique_ptr<RouteSolver> make_schur_shifted(const MatrixXd& E, double c, const Tuning& tuning) {
  return std::make_unique<SchurSolver<double>>(E, tuning, ShiftForm{c});
}
std::unique_ptr<RouteSolver> make_schur_shifted(const MatrixXcd& E, cplx c, const Tuning& tuning) {
  return std::make_unique<SchurSolver<cplx>>(E, tuning, ShiftForm{c});
}

}  // namespace specsweep::detail
