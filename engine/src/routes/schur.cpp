// Schur route: A = Q T Q^* (dgees: real quasi-triangular T, real Q; zgees: complex triangular),
// then for each block of shifts S the multi-shift blocked back-substitution of DESIGN 1:
//   R_J = c_J 1^T + (T_{J,>J} Y_{>J,S}) diag(S)      one GEMM for all shifts of the block
//   (I - s_k T_JJ) y_J(s_k) = R_J(:,k)               small solves, inner loops across shifts
// and x = Q y (or C Q y when projected), one more GEMM.
// Accuracy: backward stable (Schur factorisation and triangular substitution both are), so the
// relative error is O(n eps cond(I - sA)); the tests hold it to 100 eps cond(I - sA).
// Real A keeps T and Q real: the GEMMs run as dgemm on the interleaved re/im view of the
// complex shift-major Y, half the flops of complex arithmetic.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <type_traits>
#include <vector>

#include "modal_sweep.hpp"
#include "schur_block_output.hpp"
#include "specsweep/error.hpp"
#include "specsweep/linalg/lapack.hpp"

namespace specsweep::detail {
namespace {

// Rows of T per GEMM panel: wide enough for GEMM speed, small enough that the in-panel
// substitution (O(kb n panel) scalar work) stays a small fraction of the GEMM flops.
constexpr Index kPanelRows = 48;

constexpr double kEps = std::numeric_limits<double>::epsilon();

// P(kb x rows) = Yt(:, tail) * T(rows, tail)^T: the coupling of panel rows to solved unknowns.
void panel_coupling(const MatrixXd& T, const MatrixXcd& Yt, Index r0, Index rows, Index tail0,
                    MatrixXcd& P) {
  const Index kb = Yt.rows(), n = T.rows();
  linalg::gemm(linalg::Op::N, linalg::Op::T, 2 * kb, rows, n - tail0, 1.0,
               reinterpret_cast<const double*>(Yt.data() + tail0 * kb), 2 * kb,
               T.data() + r0 + tail0 * n, n, 0.0, reinterpret_cast<double*>(P.data()), 2 * kb);
}
void panel_coupling(const MatrixXcd& T, const MatrixXcd& Yt, Index r0, Index rows, Index tail0,
                    MatrixXcd& P) {
  const Index kb = Yt.rows(), n = T.rows();
  linalg::gemm(linalg::Op::N, linalg::Op::T, kb, rows, n - tail0, cplx(1.0),
               Yt.data() + tail0 * kb, kb, T.data() + r0 + tail0 * n, n, cplx(0.0), P.data(),
               kb);
}

// p += t y over kb complex entries. Written on the real view so it vectorises (std::complex
// products go through a NaN-checking slow path that blocks SIMD).
void axpy_shifts(double t, const cplx* y, cplx* p, Index kb) {
  const double* yr = reinterpret_cast<const double*>(y);
  double* pr = reinterpret_cast<double*>(p);
  for (Index i = 0; i < 2 * kb; ++i) pr[i] += t * yr[i];
}
void axpy_shifts(cplx t, const cplx* y, cplx* p, Index kb) {
  const double tr = t.real(), ti = t.imag();
  const double* yv = reinterpret_cast<const double*>(y);
  double* pv = reinterpret_cast<double*>(p);
  for (Index k = 0; k < kb; ++k) {
    const double a = yv[2 * k], b = yv[2 * k + 1];
    pv[2 * k] += tr * a - ti * b;
    pv[2 * k + 1] += tr * b + ti * a;
  }
}

// The 1x1 step of the substitution for every shift of the block:
//   y_k = (c_i + s_k p_k) / (1 - s_k t),
// on the real view with a scaled division (no overflow of |d|^2, vectorises; std::complex's
// division goes through a library call per element). An exactly zero pivot becomes tiny.
void divide_by_pivot(cplx ci, cplx t, const cplx* s, const cplx* p, cplx* y, Index kb,
                     double tiny, double* dmax, double* dmin, double* singular) {
  const double* __restrict sv = reinterpret_cast<const double*>(s);
  const double* __restrict pv = reinterpret_cast<const double*>(p);
  double* __restrict yv = reinterpret_cast<double*>(y);
  const double cr = ci.real(), cim = ci.imag(), tr = t.real(), ti = t.imag();
#pragma omp simd
  for (Index k = 0; k < kb; ++k) {
    const double sr = sv[2 * k], si = sv[2 * k + 1], pr = pv[2 * k], pi = pv[2 * k + 1];
    const double rr = cr + sr * pr - si * pi, ri = cim + sr * pi + si * pr;
    double dr = 1.0 - (sr * tr - si * ti), di = -(sr * ti + si * tr);
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

// Extreme singular values of a 2x2 complex matrix [a b; c d].
void singular_values_2x2(cplx a, cplx b, cplx c, cplx d, double& smax, double& smin) {
  const double f = std::norm(a) + std::norm(b) + std::norm(c) + std::norm(d);
  const double det = std::abs(a * d - b * c);
  const double disc = std::sqrt(std::max(0.0, (f - 2 * det) * (f + 2 * det)));
  smax = std::sqrt(0.5 * (f + disc));
  smin = smax > 0 ? det / smax : 0.0;
}

// Solves [a b; c d] [y1; y2] = [r1; r2] by Gaussian elimination with partial pivoting (backward
// stable for 2x2). A zero pivot is replaced by tiny so the result stays finite; it is flagged.
bool solve_2x2(cplx a, cplx b, cplx c, cplx d, cplx r1, cplx r2, double tiny, cplx& y1,
               cplx& y2) {
  bool singular = false;
  if (std::abs(c) > std::abs(a)) {
    std::swap(a, c);
    std::swap(b, d);
    std::swap(r1, r2);
  }
  if (a == 0.0) {
    a = tiny;
    singular = true;
  }
  const cplx l = c / a;
  cplx u22 = d - l * b;
  if (u22 == 0.0) {
    u22 = tiny;
    singular = true;
  }
  y2 = (r2 - l * r1) / u22;
  y1 = (r1 - b * y2) / a;
  return singular;
}

// What bind() shares with every bound problem: read-only, so solve_block may run concurrently,
// and owned jointly so a bound problem never outlives the triangle it reads.
template <class Scalar>
struct SchurFactor {
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> T, Q;
  VectorXcd lambda;
  std::vector<Index> panels;  ///< row panel starts, n appended
  double norm2 = 0;           ///< lower estimate of ||A||_2 = ||T||_2
};

template <class Scalar>
class SchurBound final : public BoundProblem {
 public:
  SchurBound(std::shared_ptr<const SchurFactor<Scalar>> f, MatrixXcd coeffs,
             std::variant<MatrixXd, MatrixXcd> basis)
      : f_(std::move(f)), T_(f_->T), panels_(f_->panels), norm2_(f_->norm2),
        coeffs_(std::move(coeffs)), basis_(std::move(basis)) {}

  Index outputs() const override {
    return std::visit([](const auto& W) { return W.rows(); }, basis_);
  }

  // The driver hands over large blocks (few synchronisations across threads); they are
  // solved in chunks of triangular_route_block(n) shifts so Y stays in L2 (see there).
  void solve_block(const cplx* s, Index kb, Index r, cplx* out,
                   ShiftStatus* status) const override {
    const Index chunk = triangular_route_block(T_.rows()), q = outputs();
    for (Index j0 = 0; j0 < kb; j0 += chunk)
      solve_chunk(s + j0, std::min(chunk, kb - j0), r, out + j0 * q, status + j0);
  }

 private:
  void solve_chunk(const cplx* s, Index kb, Index r, cplx* out, ShiftStatus* status) const {
    const Index n = T_.rows();
    const cplx* c = coeffs_.col(r).data();
    MatrixXcd Yt(kb, n);  // shift-major: column i holds y_i for every shift of the block
    MatrixXcd P(kb, kPanelRows + 1);
    // Per-shift pivot extremes, folded into the condition bounds at the end.
    std::vector<double> dmax(static_cast<size_t>(kb), 0.0), singular(static_cast<size_t>(kb), 0.0);
    std::vector<double> dmin(static_cast<size_t>(kb), std::numeric_limits<double>::infinity());
    double s_max = 0;
    for (Index k = 0; k < kb; ++k) s_max = std::max(s_max, std::abs(s[k]));
    // Stand-in for an exactly zero pivot: finite output, the shift is flagged singular.
    const double tiny = kEps * std::max(1.0, s_max * norm2_);

    for (Index b = Index(panels_.size()) - 2; b >= 0; --b) {
      const Index r0 = panels_[b], r1 = panels_[b + 1], rows = r1 - r0;
      if (r1 < n) panel_coupling(T_, Yt, r0, rows, r1, P);
      else P.leftCols(rows).setZero();
      for (Index i = r1 - 1; i >= r0;) {
        const bool bump = std::is_same_v<Scalar, double> && i > r0 && T_(i, i - 1) != 0.0;
        if (!bump) {
          divide_by_pivot(c[i], T_(i, i), s, P.col(i - r0).data(), Yt.col(i).data(), kb, tiny,
                          dmax.data(), dmin.data(), singular.data());
          for (Index l = r0; l < i; ++l) axpy_shifts(T_(l, i), Yt.col(i).data(), P.col(l - r0).data(), kb);
          --i;
        } else {
          const Index h = i - 1;  // 2x2 bump on rows/cols (h, i)
          const cplx a = T_(h, h), bb = T_(h, i), cc = T_(i, h), d = T_(i, i);
          const cplx* Ph = P.col(h - r0).data();
          const cplx* Pi = P.col(i - r0).data();
          for (Index k = 0; k < kb; ++k) {
            const cplx m11 = 1.0 - s[k] * a, m12 = -s[k] * bb, m21 = -s[k] * cc,
                       m22 = 1.0 - s[k] * d;
            double smax, smin;
            singular_values_2x2(m11, m12, m21, m22, smax, smin);
            dmax[k] = std::max(dmax[k], smax);
            dmin[k] = std::min(dmin[k], smin);
            cplx y1, y2;
            if (solve_2x2(m11, m12, m21, m22, c[h] + s[k] * Ph[k], c[i] + s[k] * Pi[k], tiny,
                          y1, y2))
              singular[k] = 1.0;
            Yt(k, h) = y1;
            Yt(k, i) = y2;
          }
          for (Index l = r0; l < h; ++l) {
            axpy_shifts(T_(l, h), Yt.col(h).data(), P.col(l - r0).data(), kb);
            axpy_shifts(T_(l, i), Yt.col(i).data(), P.col(l - r0).data(), kb);
          }
          i -= 2;
        }
      }
    }

    std::vector<ShiftConditionBound> bound(static_cast<size_t>(kb));
    for (Index k = 0; k < kb; ++k) {
      bound[k].add_diagonal(dmax[k], dmin[k]);
      bound[k].exactly_singular = singular[k] != 0.0;
    }
    finish_shift_block(basis_, Yt, c, s, norm2_, bound, out, status);
  }

  std::shared_ptr<const SchurFactor<Scalar>> f_;
  const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& T_;
  const std::vector<Index>& panels_;
  double norm2_;
  MatrixXcd coeffs_;
  std::variant<MatrixXd, MatrixXcd> basis_;
};

template <class Scalar>
class SchurSolver final : public RouteSolver {
  using Mat = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

 public:
  explicit SchurSolver(const Mat& A) : f_(std::make_shared<SchurFactor<Scalar>>()) {
    auto& f = *f_;
    f.T = A;
    const int info = linalg::gees(f.T, f.Q, f.lambda);
    if (info > 0)
      throw Error(fmt::format("schur route: {} failed to converge (info {})",
                              std::is_same_v<Scalar, double> ? "dgees" : "zgees", info),
                  ErrorKind::Runtime);
    Mat& T = f.T;
    const Index n = T.rows();
    // Below the (quasi-)triangle gees leaves rounding-level garbage only in theory; make the
    // structure exact so the substitution may rely on it.
    for (Index j = 0; j < n; ++j)
      for (Index i = j + 1; i < n; ++i)
        if (i > j + 1 || !std::is_same_v<Scalar, double>) T(i, j) = 0.0;
    // Panels of ~kPanelRows rows that never split a 2x2 bump.
    f.panels.push_back(0);
    while (f.panels.back() < n) {
      Index e = std::min(n, f.panels.back() + kPanelRows);
      if (e < n && T(e, e - 1) != Scalar(0)) ++e;
      f.panels.push_back(e);
    }
    f.norm2 = norm2_lower_estimate(T);
  }

  Route route() const override { return Route::Schur; }
  Index size() const override { return T_.rows(); }
  VectorXcd eigenvalues() const override { return lambda_; }

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
  }

  std::unique_ptr<BoundProblem> bind(const MatrixXcd& B, const MatrixXcd* C) const override {
    MatrixXcd coeffs = f_->Q.adjoint() * B;  // c = Q^* b
    return std::make_unique<SchurBound<Scalar>>(f_, std::move(coeffs), modal_basis(f_->Q, C));
  }

 private:
  bool is_bump(Index i) const {
    return std::is_same_v<Scalar, double> && T_(i + 1, i) != Scalar(0);
  }

  std::shared_ptr<SchurFactor<Scalar>> f_;
  const Mat& T_ = f_->T;
  const VectorXcd& lambda_ = f_->lambda;
};

}  // namespace

std::unique_ptr<RouteSolver> make_schur(const MatrixXd& A) {
  return std::make_unique<SchurSolver<double>>(A);
}
std::unique_ptr<RouteSolver> make_schur(const MatrixXcd& A) {
  return std::make_unique<SchurSolver<cplx>>(A);
}

}  // namespace specsweep::detail
