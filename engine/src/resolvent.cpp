// The sweep driver: route dispatch, blocking over shifts, one level of parallelism, flags.
#include "specsweep/resolvent.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "certify.hpp"
#include "routes/route_solver.hpp"
#include "specsweep/error.hpp"
#include "specsweep/internal/lapack.hpp"

namespace specsweep {
namespace {

// ||M - M^*||_F / ||M||_F: zero for a Hermitian matrix, rounding-sized for one assembled as
// (M + M^*)/2 or as a product of symmetric factors, O(1) for a general one.
template <class Mat>
double asymmetry(const Mat& M) {
  const double norm = M.stableNorm();  // scaled: entries near 1e150 must not overflow
  return norm > 0 ? (M - M.adjoint()).stableNorm() / norm : 0.0;
}
/// What "Hermitian to rounding" means wherever a route relies on symmetry.
constexpr double kSymmetryTol = 8.0 * std::numeric_limits<double>::epsilon();

template <class Mat>
Diagnostics basic_diagnostics(const Mat& A, bool real) {
  Diagnostics d;
  d.n = A.rows();
  d.real = real;
  d.norm_fro = A.stableNorm();
  d.hermitian = asymmetry(A) <= kSymmetryTol;
  return d;
}

// A full sweep result can be hundreds of MB; first touch of 4 KiB pages then costs as much as
// the sweep itself. Transparent huge pages cut the faults ~500x (what NumPy does for big arrays).
void advise_huge_pages(void* p, size_t bytes) {
#ifdef MADV_HUGEPAGE
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(p) + page - 1) & ~(page - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(p) + bytes) & ~(page - 1);
  if (bytes >= (size_t{4} << 20) && end > begin)
    madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // advice only
#else
  (void)p, (void)bytes;
#endif
}

template <class Mat>
void check_square_finite(const Mat& A, const char* what) {
  require(A.rows() == A.cols(),
          fmt::format("{} must be square, got {}x{}", what, A.rows(), A.cols()));
  require(A.allFinite(), fmt::format("{} contains NaN or Inf", what));
}

// Threads for one call: the caller's explicit count, else its OpenMP default; one inside a
// parallel region the caller already runs.
int call_threads(const Options& opts) {
  if (opts.threads > 0) return opts.threads;
  return omp_in_parallel() ? 1 : omp_get_max_threads();
}

// Threads for a factorisation of order n. Below gees_single_thread_max_n every factorisation
// (gees, gehrd, geev, syevd) is a long run of small level-2/3 calls: on a busy machine each
// hand-off to a second thread waits for a time slice (measured: gehrd at n = 500 took 19 s
// threaded under load, against 0.03 s idle), and idle it gains little.
int factor_threads(Index n, const Options& opts) {
  return n <= opts.tuning.gees_single_thread_max_n ? 1 : call_threads(opts);
}

template <class Mat>
std::unique_ptr<detail::RouteSolver> make_requested(const Mat& A, const Options& opts,
                                                    const Diagnostics& d) {
  switch (opts.method) {
    case Method::Direct: return detail::make_direct(A);
    case Method::Eig: return d.hermitian ? detail::make_eig_hermitian(A) : detail::make_eig(A);
    case Method::Schur: return detail::make_schur(A, opts.tuning);
    case Method::Hessenberg: return detail::make_hessenberg(A);
    case Method::Qz: return detail::make_qz(Mat::Identity(A.rows(), A.cols()).eval(), A, opts.tuning);
    case Method::BlockDiagonal: return detail::make_block_diagonal(A, opts.tuning);
    case Method::Auto: break;
  }
  throw Error("make_requested: Auto is resolved by choose_route", ErrorKind::Internal);
}

template <class Mat>
void construct(const Mat& A, const Options& opts, bool real, Diagnostics& diag,
               std::string& reason, std::unique_ptr<detail::RouteSolver>& solver) {
  check_square_finite(A, "A");
  require(A.rows() > 0, "A is empty");
  const linalg::BlasThreadScope threads(factor_threads(A.rows(), opts));
  diag = basic_diagnostics(A, real);
  if (opts.method == Method::Auto) {
    auto choice = detail::choose_route(A, opts, diag);
    solver = std::move(choice.solver);
    reason = std::move(choice.reason);
  } else {
    solver = make_requested(A, opts, diag);
    reason = fmt::format("method '{}' requested", to_string(opts.method));
    if (opts.method == Method::Eig && diag.hermitian) reason += "; A is Hermitian, so syevd/heevd";
  }
  solver->fill_diagnostics(diag);
}

// E == I exactly: the pencil is the standard form.
template <class Mat>
bool is_identity(const Mat& E) {
  for (Index j = 0; j < E.cols(); ++j)
    for (Index i = 0; i < E.rows(); ++i)
      if (E(i, j) != typename Mat::Scalar(i == j ? 1.0 : 0.0)) return false;
  return true;
}

template <class Mat>
void construct_pencil(const Mat& E, const Mat& A, const Options& opts, bool real,
                      Diagnostics& diag, std::string& reason,
                      std::unique_ptr<detail::RouteSolver>& solver) {
  check_square_finite(E, "E");
  check_square_finite(A, "A");
  require(E.rows() == A.rows(), fmt::format("E is {}x{} but A is {}x{}", E.rows(), E.cols(),
                                            A.rows(), A.cols()));
  require(A.rows() > 0, "A is empty");
  if (opts.method != Method::Qz && is_identity(E)) {
    construct(A, opts, real, diag, reason, solver);
    return;
  }
  const linalg::BlasThreadScope threads(factor_threads(A.rows(), opts));
  diag = basic_diagnostics(A, real);
  diag.pencil = true;
  diag.norm_fro_E = E.stableNorm();
  diag.hermitian = diag.hermitian && asymmetry(E) <= kSymmetryTol;
  auto choice = opts.method == Method::Auto ? detail::choose_route_pencil(E, A, opts, diag)
                                            : detail::requested_route_pencil(E, A, opts, diag);
  solver = std::move(choice.solver);
  reason = std::move(choice.reason);
  solver->fill_diagnostics(diag);
}

}  // namespace

Index detail::RouteSolver::preferred_block(Index outputs, const Tuning& tuning) const {
  // Blocks of a few thousand shifts keep GEMM panels in cache (one GEMM over 1e5 columns runs
  // at a third of the blocked rate); fewer when the per-shift output is wide, so the block
  // buffer stays near 16 MB.
  const Index target = (Index{1} << 20) / std::max<Index>(1, outputs);
  return std::clamp<Index>(target, tuning.block_min, tuning.block_max);
}

Resolvent::Resolvent() = default;
Resolvent::~Resolvent() = default;
Resolvent::Resolvent(Resolvent&&) noexcept = default;
Resolvent& Resolvent::operator=(Resolvent&&) noexcept = default;

Resolvent::Resolvent(const MatrixXd& A, const Options& opts) : opts_(opts) {
  construct(A, opts, true, diag_, reason_, solver_);
  op_ = detail::make_operator(A);
}

Resolvent::Resolvent(const MatrixXcd& A, const Options& opts) : opts_(opts) {
  check_square_finite(A, "A");
  op_ = detail::make_operator(A);
  if (A.imag().isZero(0.0)) {  // real data in complex storage: use the real factorisations
    MatrixXd Ar = A.real();
    construct(Ar, opts, true, diag_, reason_, solver_);
  } else {
    construct(A, opts, false, diag_, reason_, solver_);
  }
}

Resolvent::Resolvent(const MatrixXd& E, const MatrixXd& A, const Options& opts) : opts_(opts) {
  construct_pencil(E, A, opts, true, diag_, reason_, solver_);
  op_ = detail::make_operator(A, E);
}

Resolvent::Resolvent(const MatrixXcd& E, const MatrixXcd& A, const Options& opts) : opts_(opts) {
  check_square_finite(E, "E");
  check_square_finite(A, "A");
  require(E.rows() == A.rows() && E.cols() == A.cols(),
          fmt::format("E is {}x{} but A is {}x{}", E.rows(), E.cols(), A.rows(), A.cols()));
  op_ = detail::make_operator(A, E);
  if (E.imag().isZero(0.0) && A.imag().isZero(0.0)) {  // real pencil: real QZ
    const MatrixXd Er = E.real(), Ar = A.real();
    construct_pencil(Er, Ar, opts, true, diag_, reason_, solver_);
  } else {
    construct_pencil(E, A, opts, false, diag_, reason_, solver_);
  }
}

Resolvent Resolvent::symmetric_definite_product(const MatrixXd& V, const MatrixXd& D,
                                                const Options& opts) {
  check_square_finite(V, "V");
  check_square_finite(D, "D");
  require(V.rows() == D.rows(), fmt::format("V is {}x{} but D is {}x{}", V.rows(), V.cols(),
                                            D.rows(), D.cols()));
  require(V.rows() > 0, "V is empty");
  Resolvent r;
  r.opts_ = opts;
  // A = V D through BLAS: Eigen's product runs at the library's SSE2 baseline, and at n = 256
  // it took a tenth of the emitter study (notes: issue 12). The product route factors V and D
  // themselves; A serves the diagnostics, the operator and the formed-product fallback.
  const Index n = V.rows();
  MatrixXd A(n, n);
  linalg::gemm(linalg::Op::N, linalg::Op::N, n, n, n, 1.0, V.data(), n, D.data(), n, 0.0,
               A.data(), n);
  r.op_ = detail::make_operator(A);
  // The product route symmetrises V and D; it is only right when both already are. A claimed
  // structure that does not hold is never trusted: form A and treat it as a general matrix.
  const double asym_V = asymmetry(V), asym_D = asymmetry(D);
  if (asym_V > kSymmetryTol || asym_D > kSymmetryTol) {
    construct(A, opts, true, r.diag_, r.reason_, r.solver_);
    const std::string broken =
        asym_V > kSymmetryTol && asym_D > kSymmetryTol ? "V and D are"
        : asym_V > kSymmetryTol                        ? "V is"
                                                       : "D is";
    r.reason_ = fmt::format("{} not symmetric (||V - V^T||/||V|| = {:.1e}, ||D - D^T||/||D|| = "
                            "{:.1e}, limit {:.1e}), so the product form does not apply: formed "
                            "A = V D; {}",
                            broken, asym_V, asym_D, kSymmetryTol, r.reason_);
    return r;
  }
  const linalg::BlasThreadScope threads(factor_threads(A.rows(), opts));
  r.diag_ = basic_diagnostics(A, true);
  r.diag_.product_form = true;
  if (opts.method == Method::Auto || opts.method == Method::Eig) {
    auto choice = detail::choose_route_product(V, D, opts, r.diag_);
    r.solver_ = std::move(choice.solver);
    r.reason_ = opts.method == Method::Eig ? "method 'eig' requested; " + choice.reason
                                           : std::move(choice.reason);
  } else {
    r.solver_ = make_requested(A, opts, r.diag_);
    r.reason_ = fmt::format("method '{}' requested on the formed product V D",
                            to_string(opts.method));
  }
  r.solver_->fill_diagnostics(r.diag_);
  return r;
}

Index Resolvent::size() const { return diag_.n; }
Route Resolvent::route() const {
  if (!solver_) throw std::logic_error("Resolvent: construct it from a matrix first");
  return solver_->route();
}
const std::string& Resolvent::reason() const { return reason_; }
const Diagnostics& Resolvent::diagnostics() const { return diag_; }
VectorXcd Resolvent::eigenvalues() const { return solver_ ? solver_->eigenvalues() : VectorXcd(); }

std::vector<ShiftFlag> Resolvent::sweep(const std::vector<cplx>& shifts, const MatrixXcd& B,
                                        const MatrixXcd* C, const BlockSink& sink) const {
  return sweep_impl(shifts, B, C, &sink, nullptr, {});
}

std::vector<ShiftFlag> Resolvent::sweep_into(const std::vector<cplx>& shifts, const MatrixXcd& B,
                                             const MatrixXcd* C, cplx* dest,
                                             const ProgressFn& progress) const {
  if (!dest && !shifts.empty()) throw std::invalid_argument("Resolvent::sweep_into: dest is null");
  return sweep_impl(shifts, B, C, nullptr, dest, progress);
}

std::vector<ShiftFlag> Resolvent::sweep_impl(const std::vector<cplx>& shifts, const MatrixXcd& B,
                                             const MatrixXcd* C, const BlockSink* sink,
                                             cplx* dest, const ProgressFn& progress) const {
  if (!solver_) throw std::logic_error("Resolvent: construct it from a matrix first");
  const Index n = diag_.n;
  require(B.rows() == n, fmt::format("b has {} rows but A is {}x{}", B.rows(), n, n));
  require(B.cols() >= 1, "b has no columns");
  require(B.allFinite(), "b contains NaN or Inf");
  if (C) {
    require(C->cols() == n, fmt::format("C has {} columns but A is {}x{}", C->cols(), n, n));
    require(C->rows() >= 1, "C has no rows");
    require(C->allFinite(), "C contains NaN or Inf");
  }
  // The message is formatted only on failure: formatting it for every shift cost more than
  // the pole sums of a small sweep (the emitter study sweeps 32 000 shifts per q-point).
  for (size_t j = 0; j < shifts.size(); ++j)
    if (!std::isfinite(shifts[j].real()) || !std::isfinite(shifts[j].imag()))
      require(false, fmt::format("shift {} is not finite", j));

  const auto bound = solver_->bind(B, C);
  const Index q = bound->outputs(), m = B.cols();
  const Index k = static_cast<Index>(shifts.size());
  if (k == 0) return {};
  // One level of parallelism: with enough blocks, OpenMP across blocks, where every BLAS call
  // runs on its own thread; otherwise one block at a time with BLAS threads inside its GEMMs.
  // Blocks are cut small enough (not below the route's min_block shifts) that every thread gets
  // two: the per-shift work between the GEMMs (divisions, in-panel substitution, Henry's
  // rotations) runs on one core inside a single block.
  const int threads = call_threads(opts_);
  const int region = linalg::threads_for_blas_region(threads);
  const Tuning& tuning = opts_.tuning;
  Index kb = opts_.block_size > 0 ? opts_.block_size : solver_->preferred_block(q, tuning);
  if (opts_.block_size <= 0 && region > 1)
    kb = std::min(kb, std::max<Index>(solver_->min_block(tuning), (k + 2 * region - 1) / (2 * region)));
  kb = std::min(k, kb);
  const Index nblocks = (k + kb - 1) / kb;
  const Index per_shift = q * m;

  const bool across_blocks = region > 1 && nblocks >= 2 * region;
  // Straight into dest, blocks need no buffer and no order: each thread takes the next block.
  // Into a sink they go through `group` buffers and leave in shift order.
  const Index group = dest ? 0 : (across_blocks ? region : 1);

  std::vector<cplx> chunk(static_cast<size_t>(group * kb * per_shift));
  std::vector<detail::ShiftStatus> status(static_cast<size_t>((dest ? nblocks : group) * kb));
  std::vector<std::vector<ShiftFlag>> block_flags(static_cast<size_t>(nblocks));

  // Solves block blk into out and records its flags: the singular shifts, and any shift whose
  // answer is not finite (never handed over unflagged).
  auto solve_one = [&](Index blk, cplx* out, detail::ShiftStatus* st) {
    const Index first = blk * kb, count = std::min(kb, k - first);
    std::fill(st, st + count, detail::ShiftStatus{});
    bound->solve_all_rhs(shifts.data() + first, count, m, out, st);
    auto& fl = block_flags[static_cast<size_t>(blk)];
    for (Index j = 0; j < count; ++j) {
      bool finite = true;
      for (Index i = 0; i < per_shift && finite; ++i)
        finite = std::isfinite(out[j * per_shift + i].real()) && std::isfinite(out[j * per_shift + i].imag());
      if (st[j].singular || !finite)
        fl.push_back({first + j, finite ? st[j].cond_estimate : std::numeric_limits<double>::infinity()});
    }
  };
  auto out_of = [&](Index blk, Index slot) {
    return dest ? dest + blk * kb * per_shift : chunk.data() + slot * kb * per_shift;
  };
  auto status_of = [&](Index blk, Index slot) { return status.data() + (dest ? blk : slot) * kb; };
  auto emit = [&](Index blk, Index slot) {
    const Index first = blk * kb, count = std::min(kb, k - first);
    if (sink && *sink) (*sink)(first, count, out_of(blk, slot));
  };

  if (across_blocks && dest) {
    // Dynamic: a thread that gets less of the machine (other work on the cores) takes fewer
    // blocks instead of holding the others at a barrier.
    std::exception_ptr failure;
    Index done = 0;
#pragma omp parallel for schedule(dynamic, 1) num_threads(region)
    for (Index blk = 0; blk < nblocks; ++blk) {
      try {
        solve_one(blk, out_of(blk, 0), status_of(blk, 0));
        if (progress) {
#pragma omp critical(specsweep_progress)
          progress(done += std::min(kb, k - blk * kb));
        }
      } catch (...) {
#pragma omp critical(specsweep_failure)
        if (!failure) failure = std::current_exception();
      }
    }
    if (failure) std::rethrow_exception(failure);
  } else if (across_blocks) {
    for (Index g0 = 0; g0 < nblocks; g0 += group) {
      const Index gn = std::min(group, nblocks - g0);
      std::exception_ptr failure;
#pragma omp parallel for schedule(static, 1) num_threads(static_cast<int>(gn))
      for (Index s = 0; s < gn; ++s) {
        try {
          solve_one(g0 + s, out_of(g0 + s, s), status_of(g0 + s, s));
        } catch (...) {
#pragma omp critical(specsweep_failure)
          if (!failure) failure = std::current_exception();
        }
      }
      if (failure) std::rethrow_exception(failure);
      for (Index s = 0; s < gn; ++s) emit(g0 + s, s);
    }
  } else {
    // Small problems run every BLAS call on this thread: on a busy machine each hand-off to a
    // second thread waits for a time slice, which costs more than the call.
    const linalg::BlasThreadScope blas(n >= tuning.threaded_sweep_min_n ? threads : 1);
    for (Index blk = 0; blk < nblocks; ++blk) {
      solve_one(blk, out_of(blk, 0), status_of(blk, 0));
      emit(blk, 0);
      if (progress) progress(std::min(k, (blk + 1) * kb));
    }
  }
  std::vector<ShiftFlag> flags;
  for (const auto& fl : block_flags) flags.insert(flags.end(), fl.begin(), fl.end());
  return flags;
}

SweepResult Resolvent::solve(const std::vector<cplx>& shifts, const MatrixXcd& B) const {
  return project_or_solve(nullptr, shifts, B);
}

SweepResult Resolvent::project(const MatrixXcd& C, const std::vector<cplx>& shifts,
                               const MatrixXcd& B) const {
  return project_or_solve(&C, shifts, B);
}

SweepResult Resolvent::project_certified(const MatrixXcd& C, const std::vector<cplx>& shifts,
                                         const MatrixXcd& B, const Certification& how) const {
  if (!solver_) throw std::logic_error("Resolvent: construct it from a matrix first");
  return detail::certify(*this, *op_, C, shifts, B, how);
}

SweepResult Resolvent::project_or_solve(const MatrixXcd* C, const std::vector<cplx>& shifts,
                                        const MatrixXcd& B) const {
  SweepResult res;
  res.shifts = static_cast<Index>(shifts.size());
  res.outputs = C ? C->rows() : diag_.n;
  res.rhs = B.cols();
  const auto total = static_cast<size_t>(res.shifts * res.outputs * res.rhs);
  res.data.reserve(total);
  advise_huge_pages(res.data.data(), total * sizeof(cplx));
  res.data.resize(total);
  res.flagged = sweep_into(shifts, B, C, res.data.data());
  return res;
}

}  // namespace specsweep
