#pragma once
// The multi-shift sweep shared by the triangular-factor routes. With F = Q^* X Q (Schur: F = T,
// quasi-triangular or triangular; Hessenberg: F = H), c = Q^* B (n x m) and W = Q, or C Q when an
// observer C is bound:
//   x_r(s) = W y_r(s),   (alpha(s) I + beta(s) F) y_r(s) = c_r,   r = 0 .. m-1,
// where the per-shift pair (alpha, beta) is the ShiftForm's: the standard form (I - sA), X = A,
// has alpha = 1, beta = -s; the shifted standard form of a pencil whose A is exactly c I,
// (E - s c I), X = E, has alpha = -s c, beta = 1.
// TriangularSweepBound does everything but the substitution, which each route supplies.
//
// Lanes. A driver block of shifts is cut into chunks of kc shifts; with m right-hand sides a
// chunk is L = kc m lanes, lane l = r kc + j holding y_r(s_j). The substitution solves all lanes
// at once, so right-hand sides are extra columns of the same GEMMs (L columns, where solving
// column by column would run the substitution m times), and x = W y is one GEMM over all lanes.
//
// Tiny pivots. An exactly zero pivot is replaced by chunk.tiny, so the output stays finite, and
// its lane's zero-pivot flag is set, so the shift is flagged with cond = inf.
//
// Cost per chunk beyond the substitution: O(L n) for the condition estimates and the x = W y
// GEMM, (L x n)(n x q). Workspace is pooled per bound problem: one set per concurrent caller,
// allocated by its first block and reused by every later block and chunk.
#include <algorithm>
#include <memory>
#include <mutex>
#include <variant>
#include <vector>

#include "route_solver.hpp"
#include "simd_clones.hpp"
#include "triangular_condition_estimate.hpp"

namespace specsweep::detail {

/// Lanes (shift-right-hand-side pairs) per chunk for the triangular routes: the lane-major Yt
/// (L x n complex) stays within about 1 MB so it lives in L2 while every panel of T (or column
/// of H) streams past it. Measured at n = 128..512 (single thread, one right-hand side): 32-64
/// lanes beat 128-1024 by up to 2x, because larger chunks spill Yt to memory. The driver's
/// blocks stay large; the sweep splits them.
inline Index triangular_route_lanes(Index n) {
  return std::clamp<Index>((Index{1} << 16) / std::max<Index>(1, n), 16, 64);
}

/// Which matrix a triangular route solves per shift: M(s) = alpha(s) P + beta(s) F.
///   standard form (I - sA), A = Q F Q^*:                    P = I,  alpha = 1,     beta = -s
///   shifted standard form (E - s c I), E = Q F Q^*:         P = I,  alpha = -s c,  beta = 1
///   Hessenberg-triangular pencil (E - sA), E = Q F Z^*,
///     A = Q P Z^* with P upper triangular (c = 1):           P = T,  alpha = -s,    beta = 1
/// The shifted forms are pencils (the shifted standard form is (E, A) with A = c I exactly;
/// state space with E = I maps to it), so they keep the pencil's flag contract
/// kappa(s) = ||M^-1|| (||E|| + |s| ||A||), ||A|| = |c| ||P||, and are defined at s = 0, where
/// the standard form of A = E/c would need E^-1.
struct ShiftForm {
  cplx c = 0;          ///< 0: the standard form; otherwise the pencil's A = c P
  double p_norm = 1;   ///< a lower estimate of ||P||_2 (1 for P = I)
  bool shifted() const { return c != cplx(0); }
  cplx alpha(cplx s) const { return shifted() ? -s * c : cplx(1.0); }
  cplx beta(cplx s) const { return shifted() ? cplx(1.0) : -s; }
  /// ||A||_2 of the pencil (lower estimate); 0 for the standard form.
  double a_norm() const { return std::abs(c) * p_norm; }
};

/// One chunk as the substitution sees it.
struct TriangularChunk {
  Index shifts = 0;                  ///< kc
  Index rhs = 0;                     ///< m
  const cplx* s = nullptr;           ///< the chunk's kc shifts
  const cplx* lane_alpha = nullptr;  ///< L values alpha(s_j) at lane r kc + j (ShiftForm)
  const cplx* lane_beta = nullptr;   ///< L values beta(s_j) at lane r kc + j
  const cplx* c = nullptr;           ///< n x m column-major right-hand sides c_r (leading dim n)
  double tiny = 0;                   ///< stand-in for an exactly zero pivot
  Index lanes() const { return shifts * rhs; }
};

/// Per-lane pivot extremes, L entries each, set to (0, inf, 0) before the substitution. A route
/// whose pivots do not depend on the right-hand side may fill only the lanes of r = 0: the
/// initial values are neutral where the lanes of a shift are folded together.
struct LanePivots {
  double* max;   ///< largest |pivot| (or 2x2 block sigma_max)
  double* min;   ///< smallest |pivot| (or 2x2 block sigma_min)
  double* zero;  ///< 1 when a pivot was exactly zero (replaced by tiny)
};

/// Yt(l, i) = c_r(i) for every lane l = r kc + j: the start of a substitution that overwrites
/// each c_i by y_i in place.
void fill_lanes_with_rhs(const TriangularChunk& chunk, Index n, cplx* Yt);

/// Grows v to at least `size` elements and never shrinks it, so a reused workspace stops
/// allocating (and zero-filling) after its first use.
template <class T>
T* grow_to(std::vector<T>& v, Index size) {
  if (v.size() < static_cast<size_t>(size)) v.resize(static_cast<size_t>(size));
  return v.data();
}

/// p += t y over L lanes, on the real view so it vectorises (std::complex products go through a
/// NaN-checking slow path that blocks SIMD). The coupling update of the Schur and qz sweeps;
/// internal linkage, so each sweep's own clones call it directly in its inner loop.
SPECSWEEP_SIMD_CLONES
[[maybe_unused]] static void axpy_lanes(double t, const cplx* y, cplx* p, Index L) {
  const double* yr = reinterpret_cast<const double*>(y);
  double* pr = reinterpret_cast<double*>(p);
  for (Index i = 0; i < 2 * L; ++i) pr[i] += t * yr[i];
}
SPECSWEEP_SIMD_CLONES
[[maybe_unused]] static void axpy_lanes(cplx t, const cplx* y, cplx* p, Index L) {
  const double tr = t.real(), ti = t.imag();
  const double* yv = reinterpret_cast<const double*>(y);
  double* pv = reinterpret_cast<double*>(p);
  for (Index k = 0; k < L; ++k) {
    const double a = yv[2 * k], b = yv[2 * k + 1];
    pv[2 * k] += tr * a - ti * b;
    pv[2 * k + 1] += tr * b + ti * a;
  }
}

/// x = W y for every lane, laid out as out[(j q + i) m + r] for lane l = r kc + j of the
/// lane-major Yt (L x n, L = kc m), W = basis (q x n). A real W multiplies the interleaved
/// re/im view of Yt as a real (2L x n) matrix: one dgemm, half the flops of zgemm. scratch
/// holds the product when it cannot go straight to out.
void multiply_basis(const std::variant<MatrixXd, MatrixXcd>& basis, const cplx* Yt, Index L,
                    Index kc, Index m, cplx* out, std::vector<cplx>& scratch);

/// Workspaces for the concurrent callers of one bound problem. acquire() hands out an idle one,
/// or a new one when more callers overlap than ever before; the lease gives it back.
template <class T>
class WorkspacePool {
 public:
  class Lease {
   public:
    Lease(WorkspacePool& pool, std::unique_ptr<T> w) : pool_(pool), w_(std::move(w)) {}
    ~Lease() { pool_.give_back(std::move(w_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    T& operator*() const { return *w_; }

   private:
    WorkspacePool& pool_;
    std::unique_ptr<T> w_;
  };

  Lease acquire() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (idle_.empty()) return Lease(*this, std::make_unique<T>());
    std::unique_ptr<T> w = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(w));
  }

 private:
  void give_back(std::unique_ptr<T> w) {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(w));
  }
  std::mutex mutex_;
  std::vector<std::unique_ptr<T>> idle_;
};

/// What one caller of a triangular sweep works in; every buffer only grows.
struct TriangularWorkspace {
  std::vector<cplx> yt;        ///< L x n lane-major solution (column i: unknown i, all lanes)
  std::vector<cplx> lane_ab;   ///< 2 L: lane alpha, then lane beta
  std::vector<double> pivots;  ///< 3 L: LanePivots max, min, zero
  std::vector<double> growth;  ///< L: ||y_l||^2 scaled
  std::vector<cplx> xt;        ///< L x q output before it is laid out as (shift, output, rhs)
  std::vector<cplx> scratch;   ///< the route's own substitution workspace
};

class TriangularSweepBound : public BoundProblem {
 public:
  Index outputs() const final;
  /// Right-hand side r alone: the one-column case of the sweep below.
  void solve_block(const cplx* s, Index kb, Index r, cplx* out, ShiftStatus* status) const final;
  /// Every right-hand side as lanes of the same substitution; always true.
  bool solve_block_all_rhs(const cplx* s, Index kb, cplx* out, ShiftStatus* status) const final;

 protected:
  /// coeffs: c = Q^* B (n x m); basis: W (q x n); norm2: a lower estimate of ||F||_2 (for the
  /// condition estimate and the tiny pivot); shift_granule: chunks hold a multiple of this many
  /// shifts (the route's SIMD group of shifts), except a block's last one; form: which M(s).
  TriangularSweepBound(MatrixXcd coeffs, std::variant<MatrixXd, MatrixXcd> basis, double norm2,
                       Index shift_granule, ShiftForm form);

  /// Solves (alpha_l I + beta_l F) y_l = c_r for every lane l = r kc + j of the chunk into Yt (L x
  /// n, leading dimension L) and records the pivots per lane. scratch is the route's own, kept
  /// between calls. Called concurrently from several threads, each with its own Yt and scratch.
  virtual void substitute(const TriangularChunk& chunk, cplx* Yt, const LanePivots& pivots,
                          std::vector<cplx>& scratch) const = 0;

 private:
  /// Columns r0 .. r0+m-1 of the coefficients; out is the row-major (kb, q, m) block.
  void sweep(const cplx* s, Index kb, Index r0, Index m, cplx* out, ShiftStatus* status) const;
  /// Condition estimates and flags, out = W y laid out as (kc, q, m), non-finite lanes zeroed.
  void finish_chunk(const TriangularChunk& chunk, Index r0, TriangularWorkspace& w, cplx* out,
                    ShiftStatus* status) const;

  MatrixXcd coeffs_;
  std::variant<MatrixXd, MatrixXcd> basis_;
  double norm2_;
  Index granule_;
  ShiftForm form_;
  VectorXd coeff_scale_, coeff_norm_;  ///< per column: max |c_i|, ||c / max |c_i|||
  mutable WorkspacePool<TriangularWorkspace> pool_;
};

// ---- quasi-triangular factors: the Schur and block-diagonal routes ---------------------------

/// Rows of F per GEMM panel of the blocked substitution: wide enough for GEMM speed, small
/// enough that the in-panel substitution (O(L n panel) scalar work, L lanes) stays a small
/// fraction of the GEMM flops.
inline constexpr Index kTriangularPanelRows = 48;

/// The row structure the blocked substitution of an upper quasi-triangular F walks. F's
/// diagonal clusters [b_k, b_{k+1}) are coupled only inside themselves (F(i, j) = 0 when i and
/// j lie in different clusters): one cluster [0, n) for a Schur factor T, many for a block
/// diagonal B. Panels never straddle a cluster boundary unless they hold whole clusters only,
/// so the coupling GEMMs run inside clusters and nowhere else.
struct SubstitutionPanels {
  std::vector<Index> starts;        ///< panel starts, n appended; a 2x2 bump is never split
  std::vector<Index> coupling_end;  ///< per panel [r0, r1): the end of the cluster of row r1 - 1;
                                    ///< the coupling GEMM covers columns r1 .. coupling_end - 1
  std::vector<Index> row_begin;     ///< per column i: the first row of i's cluster
};

/// The panels of F for its clusters (starts with 0, n appended; no cluster splits a 2x2 bump).
/// Clusters wider than kTriangularPanelRows are cut into panels of about that many rows; runs
/// of narrower clusters share a panel up to that width.
template <class Scalar>
SubstitutionPanels substitution_panels(
    const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>& F,
    const std::vector<Index>& cluster_starts);

/// A quasi-triangular F (real 2x2 bumps, or complex triangular) with its panels, shared
/// read-only by every bound problem so solve_block may run concurrently.
template <class Scalar>
struct QuasiTriangularFactor {
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> F;
  SubstitutionPanels panels;
  double norm2 = 0;  ///< lower estimate of ||A||_2 (for the condition estimate and tiny pivot)
};

/// The triangular sweep over F: (alpha I + beta F) y = c (form) by the multi-shift blocked
/// back-substitution, x = basis y. coeffs: n x m; basis: q x n. Per shift and right-hand side: 2
/// sum_k n_k^2 real flops over the clusters (n_k rows) for the coupling GEMMs, O(n panel) in
/// panels, and the basis GEMM (4 q n for a real basis).
template <class Scalar>
std::unique_ptr<BoundProblem> bind_quasi_triangular(
    std::shared_ptr<const QuasiTriangularFactor<Scalar>> factor, MatrixXcd coeffs,
    std::variant<MatrixXd, MatrixXcd> basis, ShiftForm form = {});

/// The Schur factorisation A = Q T Q^* as the Schur route holds it (T is tri.F, one cluster).
template <class Scalar>
struct SchurFactor {
  QuasiTriangularFactor<Scalar> tri;
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> Q;
  VectorXcd lambda;
};

/// The factor held by a Schur route solver (make_schur) for reuse by another route without a
/// second gees; nullptr when `solver` is not a Schur route of this scalar type.
template <class Scalar>
std::shared_ptr<const SchurFactor<Scalar>> shared_schur_factor(const RouteSolver& solver);

}  // namespace specsweep::detail
