// Block-diagonal route: the Schur form block-diagonalised (Bavely & Stewart 1979),
//   A = Q T Q^*,  T = W B W^-1,  x(s) = M (I - s B)^-1 M^-1 b,  M = Q W,
// B block diagonal with quasi-triangular diagonal blocks (clusters). The sweep is the Schur
// route's (triangular_sweep.hpp) with F = B: its coupling GEMMs run only inside clusters, so
// per shift it costs the basis GEMM (4 n^2 real flops for real A) plus 2 sum_k n_k^2 for the
// clusters, against the Schur route's 6 n^2.
//
// Splitting. Walking the diagonal blocks of T, the current cluster T11 is split from the rest
// T22 by X solving T11 X - X T22 = -T12 (trsyl): [I X; 0 I]^-1 [T11 T12; 0 T22] [I X; 0 I] =
// diag(T11, T22). The split is accepted while ||X||_F <= tau; otherwise the eigenvalue of T22
// nearest to the cluster's is moved next to it (trexc, an orthogonal similarity also applied to
// M) and the cluster grows by its block. M accumulates Q, the reorderings and the splits.
//
// Accuracy. With A = M B M^-1 and B the pinching of the (reordered) T onto its clusters,
// ||I - sB|| <= ||I - sA||, so the three error sources (c = M^-1 b, the substitution, x = M y)
// each give a relative error of order eps kappa(W) cond(I - sA): the contract 100 eps cond
// holds with a margin when kappa(W) is bounded (kMaxKappaW). kappa_2(W) = kappa_2(M) is
// estimated directly (power iterations on M and M^-1), never as a product of per-split bounds;
// if it exceeds the bound the splitting is redone with a smaller tau.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "modal_sweep.hpp"
#include "specsweep/internal/lapack.hpp"
#include "triangular_sweep.hpp"

namespace specsweep::detail {
namespace {

/// Clusters stop growing at this many rows: the rest of T is then kept as one cluster. Beyond a
/// panel's width the saving over the Schur route shrinks, and every rejected split costs a
/// trsyl against all of T22 (O(k n^2)), so a cap keeps the factorisation O(n^3).
constexpr Index kMaxGrownCluster = 2 * kTriangularPanelRows;

template <class Scalar>
using Mat = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

template <class Scalar>
Index block_size(const Mat<Scalar>& T, Index i) {
  return std::is_same_v<Scalar, double> && i + 1 < T.rows() && T(i + 1, i) != Scalar(0) ? 2 : 1;
}

// Eigenvalues of the 1x1 or 2x2 diagonal block of T at row i.
template <class Scalar>
void block_eigenvalues(const Mat<Scalar>& T, Index i, cplx* out, Index& count) {
  if (block_size(T, i) == 1) {
    out[0] = cplx(T(i, i));
    count = 1;
    return;
  }
  const cplx a(T(i, i)), b(T(i, i + 1)), c(T(i + 1, i)), d(T(i + 1, i + 1));
  const cplx mean = 0.5 * (a + d), root = std::sqrt(0.25 * (a - d) * (a - d) + b * c);
  out[0] = mean + root;
  out[1] = mean - root;
  count = 2;
}

// M(:, q:n) += M(:, p:q) X through BLAS (the update is a GEMM of O(n k (n - q)) flops).
void add_product(MatrixXd& M, Index p, Index q, const MatrixXd& X) {
  const Index n = M.rows(), k = q - p, r = M.cols() - q;
  linalg::gemm(linalg::Op::N, linalg::Op::N, n, r, k, 1.0, M.data() + p * n, n, X.data(), k, 1.0,
               M.data() + q * n, n);
}
void add_product(MatrixXcd& M, Index p, Index q, const MatrixXcd& X) {
  const Index n = M.rows(), k = q - p, r = M.cols() - q;
  linalg::gemm(linalg::Op::N, linalg::Op::N, n, r, k, cplx(1.0), M.data() + p * n, n, X.data(),
               k, cplx(1.0), M.data() + q * n, n);
}

// Splits T into clusters in place (T becomes B) and accumulates M <- M Z ... W. Returns the
// cluster starts with n appended. tau bounds ||X||_F of every accepted split.
template <class Scalar>
std::vector<Index> block_diagonalise(Mat<Scalar>& T, Mat<Scalar>& M, double tau) {
  const Index n = T.rows();
  std::vector<Index> starts{0};
  std::vector<cplx> cluster_lambda;
  Mat<Scalar> X;
  Index p = 0;
  while (p < n) {
    auto add_block = [&](Index i) {  // the block at row i joins the cluster; its size
      cplx mu[2];
      Index cnt = 0;
      block_eigenvalues(T, i, mu, cnt);
      cluster_lambda.insert(cluster_lambda.end(), mu, mu + cnt);
      return cnt;
    };
    cluster_lambda.clear();
    Index q = p + add_block(p);
    while (q < n) {
      if (q - p >= kMaxGrownCluster) {
        q = n;
        break;
      }
      const Index k = q - p, r = n - q;
      X = -T.block(p, q, k, r);
      double scale = 1.0;
      const int info =
          linalg::trsyl(k, r, T.data() + p + p * n, n, T.data() + q + q * n, n, X.data(), k, scale);
      // info 1 (perturbed eigenvalues) or scale < 1 (near overflow): T11 and T22 share
      // eigenvalues to working precision, no split.
      if (info == 0 && scale == 1.0 && X.allFinite() && X.norm() <= tau) break;
      // Grow: the block of T22 whose eigenvalues lie nearest to the cluster's (Bavely-Stewart).
      Index best = q;
      double best_d = std::numeric_limits<double>::infinity();
      for (Index i = q; i < n; i += block_size(T, i)) {
        cplx mu[2];
        Index cnt = 0;
        block_eigenvalues(T, i, mu, cnt);
        for (Index u = 0; u < cnt; ++u)
          for (cplx l : cluster_lambda)
            if (std::abs(mu[u] - l) < best_d) best_d = std::abs(mu[u] - l), best = i;
      }
      if (best != q) {
        Index first = best, last = q;
        // A rejected swap (info 1) leaves a valid partial reordering: the cluster then simply
        // takes whatever block arrived at q.
        linalg::trexc(T, M, first, last);
      }
      q += add_block(q);
    }
    if (q < n) {
      add_product(M, p, q, X);
      T.block(p, q, q - p, n - q).setZero();
    }
    starts.push_back(q);
    p = q;
  }
  return starts;
}

// x = M^-1 B by the LU factors of M. A real M solves the real and imaginary parts together.
MatrixXcd solve_with(const MatrixXd& lu, const std::vector<int>& ipiv, const MatrixXcd& B) {
  const Index n = B.rows(), m = B.cols();
  MatrixXd R(n, 2 * m);
  R << B.real(), B.imag();
  linalg::getrs(lu, ipiv, R);
  MatrixXcd X(n, m);
  X.real() = R.leftCols(m);
  X.imag() = R.rightCols(m);
  return X;
}
MatrixXcd solve_with(const MatrixXcd& lu, const std::vector<int>& ipiv, const MatrixXcd& B) {
  MatrixXcd X = B;
  linalg::getrs(lu, ipiv, X);
  return X;
}

// Lower estimate of ||M^-1||_2: power iteration on M^-* M^-1 through the LU factors.
template <class Scalar>
double inverse_norm2_lower_estimate(const Mat<Scalar>& lu, const std::vector<int>& ipiv) {
  using Vec = Mat<Scalar>;
  const Index n = lu.rows();
  Vec v = Vec::Ones(n, 1) / std::sqrt(double(n));
  double est = 0;
  for (int it = 0; it < 20; ++it) {
    Vec w = v;
    linalg::getrs(lu, ipiv, w, linalg::Op::N);
    const double nw = w.norm();
    if (!(nw > 0) || !std::isfinite(nw)) return std::numeric_limits<double>::infinity();
    est = std::max(est, nw);
    v = w / nw;
    linalg::getrs(lu, ipiv, v, std::is_same_v<Scalar, double> ? linalg::Op::T : linalg::Op::C);
    const double nv = v.norm();
    if (!(nv > 0)) break;
    v /= nv;
  }
  return est;
}

template <class Scalar>
struct BlockDiagonalFactor {
  QuasiTriangularFactor<Scalar> tri;  ///< B and its cluster panels
  Mat<Scalar> M;                      ///< Q W: the basis
  Mat<Scalar> lu;                     ///< LU factors of M, for the coefficients M^-1 b
  std::vector<int> ipiv;
  VectorXcd lambda;
  BlockDiagonalSplit split;
  double departure = 0, spectral_radius = 0;  ///< of A, from the Schur factor
};

template <class Scalar>
class BlockDiagonalSolver final : public RouteSolver {
 public:
  explicit BlockDiagonalSolver(std::shared_ptr<const BlockDiagonalFactor<Scalar>> f)
      : f_(std::move(f)) {}

  Route route() const override { return Route::BlockDiagonal; }
  Index size() const override { return f_->M.rows(); }
  VectorXcd eigenvalues() const override { return f_->lambda; }
  void fill_diagnostics(Diagnostics& d) const override {
    d.departure_from_normality = f_->departure;
    d.spectral_radius = f_->spectral_radius;
  }
  std::unique_ptr<BoundProblem> bind(const MatrixXcd& B, const MatrixXcd* C) const override {
    return bind_quasi_triangular<Scalar>(
        std::shared_ptr<const QuasiTriangularFactor<Scalar>>(f_, &f_->tri),
        solve_with(f_->lu, f_->ipiv, B), modal_basis(f_->M, C));
  }
  const BlockDiagonalSplit& split() const { return f_->split; }

 private:
  std::shared_ptr<const BlockDiagonalFactor<Scalar>> f_;
};

template <class Scalar>
BlockDiagonalChoice block_diagonal_from(const SchurFactor<Scalar>& schur, const RouteSolver& s) {
  auto f = std::make_shared<BlockDiagonalFactor<Scalar>>();
  const Index n = schur.Q.rows();
  Diagnostics d;
  s.fill_diagnostics(d);
  f->departure = d.departure_from_normality;
  f->spectral_radius = d.spectral_radius;
  f->lambda = schur.lambda;
  f->tri.norm2 = schur.tri.norm2;  // ||A||_2: B is only a similarity of T

  // tau = sqrt(K) first: one split with ||X||_2 = x has kappa_2 = (x/2 + sqrt(1 + x^2/4))^2
  // ~ x^2. Many splits compound, so the measured kappa decides; a failure retries with a
  // smaller tau (fewer, larger clusters), and tau = 0 leaves T whole (W = I).
  std::vector<Index> starts;
  double kappa = 1.0;
  for (double tau = std::sqrt(kMaxKappaW);; tau *= 0.25) {
    f->tri.F = schur.tri.F;
    f->M = schur.Q;
    if (tau < 1e-2 * std::sqrt(kMaxKappaW)) {
      starts = {0, n};
      kappa = 1.0;
      f->lu = f->M;
      linalg::getrf(f->lu, f->ipiv);
      break;
    }
    starts = block_diagonalise(f->tri.F, f->M, tau);
    f->lu = f->M;
    const int info = linalg::getrf(f->lu, f->ipiv);
    kappa = info == 0 ? norm2_lower_estimate(f->M) * inverse_norm2_lower_estimate(f->lu, f->ipiv)
                      : std::numeric_limits<double>::infinity();
    if (kappa <= kMaxKappaW) break;
  }
  // reorderings moved the eigenvalues along: read them off B's diagonal blocks
  for (Index i = 0; i < n; i += block_size(f->tri.F, i)) {
    Index cnt = 0;
    block_eigenvalues(f->tri.F, i, f->lambda.data() + i, cnt);
  }
  f->tri.panels = substitution_panels(f->tri.F, starts);

  BlockDiagonalSplit& sp = f->split;
  sp.kappa_W = kappa;
  sp.clusters = Index(starts.size()) - 1;
  double sum2 = 0;
  for (size_t k = 0; k + 1 < starts.size(); ++k) {
    const Index nk = starts[k + 1] - starts[k];
    sp.largest = std::max(sp.largest, nk);
    sum2 += double(nk) * double(nk);
  }
  sp.coupling_fraction = n > 0 ? sum2 / (double(n) * double(n)) : 0.0;
  return {std::make_unique<BlockDiagonalSolver<Scalar>>(std::move(f)), sp};
}

}  // namespace

BlockDiagonalChoice make_block_diagonal(const RouteSolver& schur) {
  if (auto f = shared_schur_factor<double>(schur)) return block_diagonal_from(*f, schur);
  if (auto f = shared_schur_factor<cplx>(schur)) return block_diagonal_from(*f, schur);
  throw std::logic_error("make_block_diagonal: the solver is not a Schur route");
}

std::unique_ptr<RouteSolver> make_block_diagonal(const MatrixXd& A, const Tuning& tuning) {
  return make_block_diagonal(*make_schur(A, tuning)).solver;
}
std::unique_ptr<RouteSolver> make_block_diagonal(const MatrixXcd& A, const Tuning& tuning) {
  return make_block_diagonal(*make_schur(A, tuning)).solver;
}

}  // namespace specsweep::detail
