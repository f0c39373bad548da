#pragma once
// Resolvent: factor A once, then evaluate x(s) = (I - sA)^-1 b for many shifts s.
//
//   Resolvent r(A);                         // factorisation: O(n^3), once
//   SweepResult x = r.solve(shifts, B);     // O(n^2) per shift and right-hand side
//   SweepResult y = r.project(C, shifts, B);// C x(s): O(n k) per shift on modal routes
//
// Accuracy contract: on the Schur, Hessenberg, Hermitian and Direct routes, and whatever Auto
// picks, the relative error of x(s) is at most about 100 eps cond(I - sA) for every shift with
// cond(I - sA) eps < 1e-2. The general Eig route is only as good as kappa(V) allows.
// A shift where I - sA is numerically singular is flagged; its row holds the best effort and
// never NaN/Inf unless it is flagged.
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
};

/// A shift where I - sA is numerically singular (or nearly): reported, never silent.
struct ShiftFlag {
  Index index;          ///< position in the shift list
  double cond_estimate; ///< estimate of cond(I - sA) (inf when exactly singular)
};

/// x(s) for all shifts. data is row-major: for shift j, the q x m block (q = n or p outputs,
/// m right-hand sides) starts at j*q*m, itself row-major. This is C-order (k, q, m).
struct SweepResult {
  Index shifts = 0, outputs = 0, rhs = 0;
  std::vector<cplx> data;
  std::vector<ShiftFlag> flagged;
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

  Index size() const;
  Route route() const;
  /// One sentence on why this route was chosen (Auto) or that it was requested.
  const std::string& reason() const;
  const Diagnostics& diagnostics() const;
  /// Eigenvalues of A when the route computed them (Eig*, Schur); empty otherwise.
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

 private:
  SweepResult project_or_solve(const MatrixXcd* C, const std::vector<cplx>& shifts,
                               const MatrixXcd& B) const;
  std::vector<ShiftFlag> sweep_impl(const std::vector<cplx>& shifts, const MatrixXcd& B,
                                    const MatrixXcd* C, const BlockSink* sink, cplx* dest,
                                    const ProgressFn& progress) const;

  std::unique_ptr<detail::RouteSolver> solver_;
  Diagnostics diag_;
  std::string reason_;
  Options opts_;
};

}  // namespace specsweep
