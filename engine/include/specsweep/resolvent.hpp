#pragma once
// Resolvent: factor A once, then evaluate x(s) = (I - sA)^-1 b for many shifts s; or factor a
// pencil (E, A) once and evaluate x(s) = (E - sA)^-1 b.
//
//   Resolvent r(A);                         // factorisation: O(n^3), once
//   Resolvent p(E, A);                      // pencil: (E - sA) x(s) = b
//   SweepResult x = r.solve(shifts, B);     // O(n^2) per shift and right-hand side
//   SweepResult y = r.project(C, shifts, B);// C x(s): O(n k) per shift on modal routes
//
// Accuracy contract: on the Schur, Hessenberg, Hermitian and Direct routes, and whatever Auto
// picks, the relative error of x(s) is at most about 100 eps cond(I - sA) for every shift with
// cond(I - sA) eps < 1e-2. The general Eig route is only as good as kappa(V) allows.
// A shift where I - sA is numerically singular is flagged; its row holds the best effort and
// never NaN/Inf unless it is flagged.
//
// Pencil contract: on the qz, direct and symmetric-definite routes and whatever Auto picks,
// the relative error of x(s) is at most about 100 eps kappa(s) for every shift with
// kappa(s) eps < 1e-2, where kappa(s) = ||(E - sA)^-1|| (||E|| + |s| ||A||) is the condition
// number for perturbations of E and A separately (kappa(s) >= cond(E - sA)). Singular E
// (eigenvalues at s = 0) and singular A (eigenvalues at s = inf) are allowed; shifts where
// E - sA is numerically singular are flagged, with an estimate of kappa(s).
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "specsweep/method.hpp"
#include "specsweep/tuning.hpp"
#include "specsweep/types.hpp"

namespace specsweep {

namespace detail {
class RouteSolver;
struct PencilOperator;
}

struct Options {
  Method method = Method::Auto;
  /// Hint for Auto: how many shifts will be swept (0 = unknown, assume many).
  Index expected_shifts = 0;
  /// Hint for Auto: only p = observe_rows outputs C x(s) are wanted (0 = full x).
  Index observe_rows = 0;
  /// Shifts per block in the sweep (0 = chosen for the cache).
  Index block_size = 0;
  /// Threads this Resolvent may use for its factorisation and sweeps (0 = the calling thread's
  /// OpenMP default, omp_get_max_threads(); inside a caller's parallel region, 1). The engine
  /// never changes process-wide settings: with the OpenMP build of OpenBLAS the count reaches
  /// each BLAS call through the calling thread's own OpenMP setting; with a process-wide BLAS
  /// pool (pthreads OpenBLAS) it only bounds the engine's own threads.
  int threads = 0;
  /// Machine-dependent switch points (route crossover, block sizes); see tuning.hpp.
  Tuning tuning;
};

/// Cheap facts about A that Auto reads. NaN means "not computed on this route".
struct Diagnostics {
  Index n = 0;
  bool real = false;             ///< A is real: factor in real arithmetic
  bool hermitian = false;        ///< A == A^* exactly (to rounding)
  bool product_form = false;     ///< A was given as V D (V SPD, D symmetric)
  double norm_fro = 0;           ///< ||A||_F
  double departure_from_normality = std::numeric_limits<double>::quiet_NaN();  ///< ||N||_F/||A||_F, T = diag + N
  double kappa_V = std::numeric_limits<double>::quiet_NaN();    ///< 1-norm condition estimate of the eigenvector basis
  double spectral_radius = std::numeric_limits<double>::quiet_NaN();
  /// Pencils (E - sA), E != I: then `hermitian` means E and A both are, spectral_radius is the
  /// largest finite |s_j| of the generalised eigenvalues, and norm_fro_E = ||E||_F.
  bool pencil = false;
  double norm_fro_E = std::numeric_limits<double>::quiet_NaN();
  /// qz route: generalised eigenvalues at s = 0 (|S_jj| <= n eps ||E||_F: E singular) and at
  /// s = inf (|T_jj| <= n eps ||A||_F: A singular, a descriptor system's singular E).
  Index zero_eigenvalues = 0;
  Index infinite_eigenvalues = 0;
};

/// A shift where I - sA is numerically singular (or nearly): reported, never silent.
struct ShiftFlag {
  Index index;          ///< position in the shift list
  double cond_estimate; ///< estimate of cond(I - sA) (inf when exactly singular)
};

/// How Resolvent::project_certified checks projected outputs y = C x(s).
struct Certification {
  /// Check and refine every shift (the CLI's --refine), not only those whose outputs are at
  /// risk.
  bool refine_all = false;
  /// Outputs at risk: |y_i| < risk ||c_i|| ||x|| (or the shift is flagged): c_i^T x cancels
  /// more than 6 of the 16 digits, so a normwise-accurate x no longer makes y accurate. Above
  /// it the relative error of y stays below eps kappa(s) / risk, inside the output promise.
  double risk = 1e-6;
  /// At most this many refinement steps per shift (outputs 1e-90 below ||C|| ||x|| take ~8).
  int max_steps = 30;
};

/// What project_certified measured at one shift.
struct OutputCertificate {
  Index index = 0;
  /// x was formed and its residual measured, then refined while the componentwise backward
  /// error fell (the outputs were at risk, or refine_all). Unchecked shifts keep the fast
  /// projected outputs.
  bool checked = false;
  int refinement_steps = 0;
  /// Refinement with the route's factorisation stalled (its solves are normwise stable only,
  /// and x spans too many orders of magnitude for that: cond(E - sA) sigma eps >~ 1), so the
  /// shift was solved by LU with partial pivoting of E - sA, O(n^3), and refined with it.
  bool lu_fallback = false;
  /// Normwise backward error eta = ||r|| / ((||E||_F + |s| ||A||_F) ||x|| + ||b||), r = b - (E -
  /// sA) x, max over right-hand sides, after refinement (NaN when unchecked).
  double backward_error = std::numeric_limits<double>::quiet_NaN();
  /// Componentwise max_i |r_i| / (|E| |x| + |s| |A| |x| + |b|)_i after refinement (NaN when
  /// unchecked): O(eps) means x is the exact solution of a pencil perturbed entry by entry.
  double componentwise_backward_error = std::numeric_limits<double>::quiet_NaN();
  /// Estimated absolute error of each output, row-major (q, m) like a shift's block. Checked:
  /// |C delta| of the last correction plus eps |C| |x| (the rounding of forming C x). Unchecked:
  /// eps ||c_i|| ||x|| (||x|| estimated by a random projection), the error per unit of kappa(s)
  /// of a backward-stable solve: multiply by kappa(s) for the bound.
  std::vector<double> output_error;
};

/// x(s) for all shifts. data is row-major: for shift j, the q x m block (q = n or p outputs,
/// m right-hand sides) starts at j*q*m, itself row-major. This is C-order (k, q, m).
struct SweepResult {
  Index shifts = 0, outputs = 0, rhs = 0;
  std::vector<cplx> data;
  std::vector<ShiftFlag> flagged;
  std::vector<OutputCertificate> certificates;  ///< one per shift from project_certified
  cplx operator()(Index shift, Index output, Index r = 0) const {
    return data[static_cast<size_t>((shift * outputs + output) * rhs + r)];
  }
};

/// Receives consecutive blocks of a sweep in shift order: shifts [first, first+count),
/// count*q*m values laid out as in SweepResult::data. Lets callers stream to disk.
using BlockSink = std::function<void(Index first, Index count, const cplx* block)>;
/// Told how many shifts are done so far (increasing; called under a lock, from any thread of
/// the sweep). For progress meters.
using ProgressFn = std::function<void(Index done)>;

class Resolvent {
 public:
  Resolvent();
  ~Resolvent();
  Resolvent(Resolvent&&) noexcept;
  Resolvent& operator=(Resolvent&&) noexcept;

  explicit Resolvent(const MatrixXd& A, const Options& opts = {});
  explicit Resolvent(const MatrixXcd& A, const Options& opts = {});
  /// A = V D with V symmetric positive definite and D symmetric: real spectrum, reduced via
  /// V = L L^T to the symmetric L^T D L. Falls back to forming A if V is not SPD.
  static Resolvent symmetric_definite_product(const MatrixXd& V, const MatrixXd& D,
                                              const Options& opts = {});
  /// Pencil: x(s) = (E - sA)^-1 b. E and A are n x n, finite; either may be singular as long
  /// as det(E - sA) is not identically zero. E exactly the identity takes the (I - sA) path
  /// above, bit for bit (unless method qz is requested). Routes: qz (dgges3, about 66 n^3 flops
  /// once, then O(n^2) per shift at GEMM speed, O(n p) more with a projection), hessenberg (the
  /// Hessenberg-triangular form by QR and gghd3, about 17 n^3 flops once, then O(n^2) vector work
  /// per shift: auto's choice between 16 announced shifts and the calibrated crossover with qz),
  /// direct (LU per shift, O(n^3) each), symmetric-definite (E and A symmetric and one of them
  /// +-definite: Cholesky and syevd, O(n p) per shift projected). All are backward stable in the
  /// pencil sense (the pencil contract, docs/design.md). Claimed structure is verified to a few
  /// eps, never trusted.
  /// @throws Error (input) when E or A is not square, their sizes differ, or they hold NaN/Inf.
  Resolvent(const MatrixXd& E, const MatrixXd& A, const Options& opts = {});
  Resolvent(const MatrixXcd& E, const MatrixXcd& A, const Options& opts = {});

  Index size() const;
  Route route() const;
  /// One sentence on why this route was chosen (Auto) or that it was requested.
  const std::string& reason() const;
  const Diagnostics& diagnostics() const;
  /// Eigenvalues of A when the route computed them (Eig*, Schur); empty otherwise. For a
  /// pencil, the generalised eigenvalues s_j with det(E - s_j A) = 0 (inf where A is singular).
  VectorXcd eigenvalues() const;

  /// Streams x(s) (or C x(s) when C is given, C is p x n) block by block to sink.
  /// B is n x m. Returns the flagged shifts.
  std::vector<ShiftFlag> sweep(const std::vector<cplx>& shifts, const MatrixXcd& B,
                               const MatrixXcd* C, const BlockSink& sink) const;

  /// Writes x(s) (or C x(s)) straight into dest, k q m values laid out as SweepResult::data,
  /// from whichever thread computed each block: no buffer, no copy, no ordering between blocks.
  /// dest may be memory the caller maps from a file. Returns the flagged shifts, in order.
  std::vector<ShiftFlag> sweep_into(const std::vector<cplx>& shifts, const MatrixXcd& B,
                                    const MatrixXcd* C, cplx* dest,
                                    const ProgressFn& progress = {}) const;

  SweepResult solve(const std::vector<cplx>& shifts, const MatrixXcd& B) const;
  SweepResult project(const MatrixXcd& C, const std::vector<cplx>& shifts,
                      const MatrixXcd& B) const;
  /// project(), then certified outputs: per shift, outputs at risk (see Certification) get x
  /// formed from the factorisation, the residual r = b - (E - sA) x (E = I for the standard
  /// form) and fixed-precision refinement x += (E - sA)^-1 r with the same factorisation,
  /// repeated while the componentwise backward error is above eps and the componentwise
  /// relative correction max_i |delta_i| / |x_i| keeps halving (Skeel: omega reaches O(eps)
  /// when kappa(s) eps << 1). Where that stalls above O(eps) (x spanning many orders of
  /// magnitude: the solves of the fast routes are only normwise stable) the shift is solved by
  /// LU with partial pivoting instead (lu_fallback). Then the outputs C x are as accurate as an
  /// LU solve's even far below ||C|| ||x||. Cost: the projection plus 3 outputs (the ||x||
  /// probe), O(n^2) per refinement step at the checked shifts, O(n^3) per LU fallback.
  SweepResult project_certified(const MatrixXcd& C, const std::vector<cplx>& shifts,
                                const MatrixXcd& B, const Certification& how = {}) const;

 private:
  SweepResult project_or_solve(const MatrixXcd* C, const std::vector<cplx>& shifts,
                               const MatrixXcd& B) const;
  std::vector<ShiftFlag> sweep_impl(const std::vector<cplx>& shifts, const MatrixXcd& B,
                                    const MatrixXcd* C, const BlockSink* sink, cplx* dest,
                                    const ProgressFn& progress) const;

  std::unique_ptr<detail::RouteSolver> solver_;
  std::shared_ptr<const detail::PencilOperator> op_;  ///< E (optional) and A, for residuals
  Diagnostics diag_;
  std::string reason_;
  Options opts_;
};

}  // namespace specsweep
