#pragma once
// Internal interface every route implements. A RouteSolver holds the factorisation of A; bind()
// turns right-hand sides (and an optional observer C) into the route's own coordinates once;
// BoundProblem::solve_all_rhs() then answers a block of shifts for every right-hand side.
#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <string>

#include "specsweep/method.hpp"
#include "specsweep/resolvent.hpp"
#include "specsweep/types.hpp"

namespace specsweep::detail {

/// Outcome for one shift of a block.
struct ShiftStatus {
  bool singular = false;      ///< I - sA numerically singular (or cond beyond 1/eps)
  double cond_estimate = 0;   ///< estimate of cond(I - sA) when singular (inf: exact)
};

/// Shifts whose condition estimate exceeds this are flagged: beyond it the accuracy contract
/// (cond * eps < 1e-2) no longer promises a meaningful answer.
inline constexpr double kSingularCond = 1e-2 / std::numeric_limits<double>::epsilon();

/// A = c I exactly, c != 0 (O(n^2): every off-diagonal entry zero, one diagonal value).
template <class Mat>
std::optional<typename Mat::Scalar> scalar_identity(const Mat& A) {
  using Scalar = typename Mat::Scalar;
  if (A.rows() == 0 || A.rows() != A.cols()) return std::nullopt;
  const Scalar a = A(0, 0);
  if (a == Scalar(0)) return std::nullopt;
  for (Index j = 0; j < A.cols(); ++j)
    for (Index i = 0; i < A.rows(); ++i)
      if (A(i, j) != (i == j ? a : Scalar(0))) return std::nullopt;
  return a;
}

class BoundProblem {
 public:
  virtual ~BoundProblem() = default;
  /// Outputs per shift: n, or p when an observer C (p x n) was bound.
  virtual Index outputs() const = 0;
  /// Shifts s[0..kb), right-hand side column r: writes a row-major kb x outputs() block to
  /// out (row j = answer for s[j]) and status[j]. Must be safe to call concurrently.
  virtual void solve_block(const cplx* s, Index kb, Index r, cplx* out,
                           ShiftStatus* status) const = 0;
  /// Every right-hand side at once when the route can share work across them: writes the
  /// row-major (kb, outputs(), m) block and returns true; false means the route has no shared
  /// path (solve_all_rhs then solves column by column). Must be safe to call concurrently.
  virtual bool solve_block_all_rhs(const cplx* /*s*/, Index /*kb*/, cplx* /*out*/,
                                   ShiftStatus* /*status*/) const {
    return false;
  }
  /// What the driver calls: the row-major (kb, outputs(), m) block for all m right-hand sides
  /// and status[j] for the worst of them. Through solve_block_all_rhs; only a route without a
  /// shared path falls back to solve_block per column and interleaves the columns. status
  /// must be reset by the caller.
  void solve_all_rhs(const cplx* s, Index kb, Index m, cplx* out, ShiftStatus* status) const {
    if (solve_block_all_rhs(s, kb, out, status)) return;
    if (m == 1) return solve_block(s, kb, 0, out, status);
    const Index q = outputs();
    std::vector<cplx> col(static_cast<size_t>(kb * q));
    std::vector<ShiftStatus> st(static_cast<size_t>(kb));
    for (Index r = 0; r < m; ++r) {
      std::fill(st.begin(), st.end(), ShiftStatus{});
      solve_block(s, kb, r, col.data(), st.data());
      for (Index j = 0; j < kb; ++j) {
        for (Index i = 0; i < q; ++i)
          out[(j * q + i) * m + r] = col[static_cast<size_t>(j * q + i)];
        if (st[j].singular) {
          status[j].singular = true;
          status[j].cond_estimate = std::max(status[j].cond_estimate, st[j].cond_estimate);
        }
      }
    }
  }
};

class RouteSolver {
 public:
  virtual ~RouteSolver() = default;
  virtual Route route() const = 0;
  virtual Index size() const = 0;
  /// Eigenvalues when the route has them (modal and Schur routes).
  virtual VectorXcd eigenvalues() const { return {}; }
  /// Adds what the factorisation revealed (departure from normality, kappa(V), ...).
  virtual void fill_diagnostics(Diagnostics&) const {}
  /// Shifts per block this route sweeps best with, for n and the number of outputs.
  virtual Index preferred_block(Index outputs, const Tuning& tuning) const;
  /// The fewest shifts a block may hold when the driver cuts a small sweep into blocks for its
  /// threads: tuning.block_min for the routes whose GEMMs run across a block's shifts; a route
  /// that works shift by shift needs only its SIMD group.
  virtual Index min_block(const Tuning& tuning) const { return tuning.block_min; }
  /// B is n x m; C (p x n) is optional.
  virtual std::unique_ptr<BoundProblem> bind(const MatrixXcd& B, const MatrixXcd* C) const = 0;
};

// ---- factories: one per route, real and complex where the route has both ----------------
std::unique_ptr<RouteSolver> make_direct(const MatrixXd& A);
std::unique_ptr<RouteSolver> make_direct(const MatrixXcd& A);
std::unique_ptr<RouteSolver> make_eig(const MatrixXd& A);
std::unique_ptr<RouteSolver> make_eig(const MatrixXcd& A);
/// A = A^T (real) or A = A^* (complex): syevd / heevd.
std::unique_ptr<RouteSolver> make_eig_hermitian(const MatrixXd& A);
std::unique_ptr<RouteSolver> make_eig_hermitian(const MatrixXcd& A);
/// A = V D, V SPD, D symmetric. Returns nullptr if the Cholesky factorisation of V fails.
std::unique_ptr<RouteSolver> make_eig_symmetric_definite(const MatrixXd& V, const MatrixXd& D);
/// The factorisation runs single-threaded up to tuning.gees_single_thread_max_n.
std::unique_ptr<RouteSolver> make_schur(const MatrixXd& A, const Tuning& tuning);
std::unique_ptr<RouteSolver> make_schur(const MatrixXcd& A, const Tuning& tuning);
std::unique_ptr<RouteSolver> make_hessenberg(const MatrixXd& A);
std::unique_ptr<RouteSolver> make_hessenberg(const MatrixXcd& A);
/// The shifted standard form of a pencil (E, c I), c != 0 (the caller has verified A == c I):
/// E = Q F Q^* by gees (schur) or gehrd (hessenberg), then per shift (F - s c I) y = Q^* b with
/// the standard form's kernels (triangular_sweep.hpp: ShiftForm). Flags by the pencil contract;
/// eigenvalues (schur) are those of E over c.
std::unique_ptr<RouteSolver> make_schur_shifted(const MatrixXd& E, double c, const Tuning& tuning);
std::unique_ptr<RouteSolver> make_schur_shifted(const MatrixXcd& E, cplx c, const Tuning& tuning);
std::unique_ptr<RouteSolver> make_hessenberg_shifted(const MatrixXd& E, double c);
std::unique_ptr<RouteSolver> make_hessenberg_shifted(const MatrixXcd& E, cplx c);

// ---- pencils (E - sA) x = b ------------------------------------------------------------------
/// LU of E - sA per shift.
std::unique_ptr<RouteSolver> make_direct(const MatrixXd& E, const MatrixXd& A);
std::unique_ptr<RouteSolver> make_direct(const MatrixXcd& E, const MatrixXcd& A);
/// Hessenberg-triangular form E = Q H Z^*, A = Q T Z^* (QR of A, gghd3), then per shift
/// (H - sT) y = Q^* b by Henry's method with T in place of I, x = Z y: the cheapest pencil
/// factorisation (about 17 n^3 flops), O(n^2) per shift, backward stable. Flags by the pencil
/// contract kappa(s).
std::unique_ptr<RouteSolver> make_hessenberg(const MatrixXd& E, const MatrixXd& A);
std::unique_ptr<RouteSolver> make_hessenberg(const MatrixXcd& E, const MatrixXcd& A);
/// Generalised Schur form (gges3); when A is exactly alpha I, the Schur form of E (gees).
/// Factorisation single-threaded up to tuning.gees_single_thread_max_n.
std::unique_ptr<RouteSolver> make_qz(const MatrixXd& E, const MatrixXd& A, const Tuning& tuning);
std::unique_ptr<RouteSolver> make_qz(const MatrixXcd& E, const MatrixXcd& A, const Tuning& tuning);
/// What the symmetric-definite pencil route found: which matrix was definite and how well
/// conditioned its Cholesky factor is.
struct DefinitePencilInfo {
  std::string definite;  ///< "A", "-A", "E" or "-E": the matrix P with P = L L^T
  double kappa_L = std::numeric_limits<double>::infinity();  ///< 1-norm estimate of kappa(L)
};
/// E and A symmetric (the caller has verified it). Tries A = +-L L^T, then E = +-L L^T;
/// nullptr when neither is definite (Cholesky fails).
std::unique_ptr<RouteSolver> make_eig_symmetric_definite_pencil(const MatrixXd& E,
                                                                const MatrixXd& A,
                                                                DefinitePencilInfo& info);
/// Largest kappa_2(W) (lower estimate, power iterations) the block-diagonal route accepts for
/// A = (Q W) B (Q W)^-1. Its error is of order eps kappa(W) cond(I - sA) (block_diagonal.cpp),
/// so the bound keeps the 100 eps cond contract with a margin: see test_accuracy_contract.
inline constexpr double kMaxKappaW = 10.0;

/// What block diagonalisation of a Schur form found.
struct BlockDiagonalSplit {
  double kappa_W = 1;            ///< lower estimate of kappa_2(W) = ||W||_2 ||W^-1||_2 (<= kMaxKappaW)
  Index clusters = 1;            ///< diagonal blocks of B
  Index largest = 0;             ///< rows of the largest
  double coupling_fraction = 1;  ///< sum_k n_k^2 / n^2: in-cluster coupling work against Schur's
};
struct BlockDiagonalChoice {
  std::unique_ptr<RouteSolver> solver;
  BlockDiagonalSplit split;
};
/// A = Q T Q^*, T = W B W^-1 (trsyl splits, trexc reordering, kappa(W) <= kMaxKappaW), from the
/// Schur factor a make_schur solver holds (its gees is reused). Extra cost O(n^3) at most; per
/// shift 4 n^2 + 2 sum_k n_k^2 real flops (real A). Throws std::logic_error if `schur` is not a
/// Schur route.
BlockDiagonalChoice make_block_diagonal(const RouteSolver& schur);
/// The same from A (gees, then the block diagonalisation).
std::unique_ptr<RouteSolver> make_block_diagonal(const MatrixXd& A, const Tuning& tuning);
std::unique_ptr<RouteSolver> make_block_diagonal(const MatrixXcd& A, const Tuning& tuning);

/// The route Auto picks, with the sentence that explains it. Fills diag.
struct AutoChoice {
  std::unique_ptr<RouteSolver> solver;
  std::string reason;
};
AutoChoice choose_route(const MatrixXd& A, const Options& opts, Diagnostics& diag);
AutoChoice choose_route(const MatrixXcd& A, const Options& opts, Diagnostics& diag);
/// Auto's Hessenberg-or-Schur rule for a triangular-factor route at order n: Hessenberg when
/// fewer shifts are announced than the measured crossover (tuning.hessenberg_beats_schur_below),
/// Schur otherwise, with the words that say so. Shared by the standard form and the shifted
/// standard form of a pencil (E, c I): their kernels are the same.
struct TriangularCrossover {
  Index crossover = 0;
  bool hessenberg = false;
  std::string shifts_text;  ///< "k shifts < crossover c at n=..." or the like
};
TriangularCrossover triangular_crossover(const Options& opts, Index n);
/// Auto for the product form V D (falls back to forming A when V is not SPD).
AutoChoice choose_route_product(const MatrixXd& V, const MatrixXd& D, const Options& opts,
                                Diagnostics& diag);
/// Auto for a pencil (E - sA); diag.hermitian says whether E and A both are (verified).
AutoChoice choose_route_pencil(const MatrixXd& E, const MatrixXd& A, const Options& opts,
                               Diagnostics& diag);
AutoChoice choose_route_pencil(const MatrixXcd& E, const MatrixXcd& A, const Options& opts,
                               Diagnostics& diag);
/// The route a method names for a pencil, and the sentence saying so (a method without a
/// pencil form runs qz and says why).
AutoChoice requested_route_pencil(const MatrixXd& E, const MatrixXd& A, const Options& opts,
                                  const Diagnostics& diag);
AutoChoice requested_route_pencil(const MatrixXcd& E, const MatrixXcd& A, const Options& opts,
                                  const Diagnostics& diag);

}  // namespace specsweep::detail
