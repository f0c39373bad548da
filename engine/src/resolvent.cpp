// The sweep driver: route dispatch, blocking over shifts, one level of parallelism, flags.
#include "specsweep/resolvent.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "routes/route_solver.hpp"
#include "specsweep/error.hpp"
#include "specsweep/linalg/lapack.hpp"

namespace specsweep {
namespace {

template <class Mat>
Diagnostics basic_diagnostics(const Mat& A, bool real) {
  Diagnostics d;
  d.n = A.rows();
  d.real = real;
  d.norm_fro = A.stableNorm();  // scaled: entries near 1e150 must not overflow
  // Hermitian to rounding: a matrix assembled as (M + M^*)/2 passes, a general one does not.
  d.hermitian = (A - A.adjoint()).stableNorm() <= 8.0 * std::numeric_limits<double>::epsilon() * d.norm_fro;
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

template <class Mat>
std::unique_ptr<detail::RouteSolver> make_requested(const Mat& A, Method m, const Diagnostics& d) {
  switch (m) {
    case Method::Direct: return detail::make_direct(A);
    case Method::Eig: return d.hermitian ? detail::make_eig_hermitian(A) : detail::make_eig(A);
    case Method::Schur: return detail::make_schur(A);
    case Method::Hessenberg: return detail::make_hessenberg(A);
    case Method::Auto: break;
  }
  throw Error("make_requested: Auto is resolved by choose_route");
}

template <class Mat>
void construct(const Mat& A, const Options& opts, bool real, Diagnostics& diag,
               std::string& reason, std::unique_ptr<detail::RouteSolver>& solver) {
  check_square_finite(A, "A");
  require(A.rows() > 0, "A is empty");
  diag = basic_diagnostics(A, real);
  if (opts.method == Method::Auto) {
    auto choice = detail::choose_route(A, opts, diag);
    solver = std::move(choice.solver);
    reason = std::move(choice.reason);
  } else {
    solver = make_requested(A, opts.method, diag);
    reason = fmt::format("method '{}' requested", to_string(opts.method));
    if (opts.method == Method::Eig && diag.hermitian) reason += "; A is Hermitian, so syevd/heevd";
  }
  solver->fill_diagnostics(diag);
}

}  // namespace

Index detail::RouteSolver::preferred_block(Index outputs) const {
  // Blocks of a few thousand shifts keep GEMM panels in cache (docs/design.md#streaming); fewer
  // when the per-shift output is wide so the block buffer stays near 16 MB.
  const Index target = (Index{1} << 20) / std::max<Index>(1, outputs);
  return std::clamp<Index>(target, 64, 2048);
}

Resolvent::Resolvent() = default;
Resolvent::~Resolvent() = default;
Resolvent::Resolvent(Resolvent&&) noexcept = default;
Resolvent& Resolvent::operator=(Resolvent&&) noexcept = default;

Resolvent::Resolvent(const MatrixXd& A, const Options& opts) : opts_(opts) {
  construct(A, opts, true, diag_, reason_, solver_);
}

Resolvent::Resolvent(const MatrixXcd& A, const Options& opts) : opts_(opts) {
  check_square_finite(A, "A");
  if (A.imag().isZero(0.0)) {  // real data in complex storage: use the real factorisations
    MatrixXd Ar = A.real();
    construct(Ar, opts, true, diag_, reason_, solver_);
  } else {
    construct(A, opts, false, diag_, reason_, solver_);
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
  const MatrixXd A = V * D;
  r.diag_ = basic_diagnostics(A, true);
  r.diag_.product_form = true;
  if (opts.method == Method::Auto || opts.method == Method::Eig) {
    auto choice = detail::choose_route_product(V, D, opts, r.diag_);
    r.solver_ = std::move(choice.solver);
    r.reason_ = opts.method == Method::Eig ? "method 'eig' requested; " + choice.reason
                                           : std::move(choice.reason);
  } else {
    r.solver_ = make_requested(A, opts.method, r.diag_);
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
  for (size_t j = 0; j < shifts.size(); ++j)
    require(std::isfinite(shifts[j].real()) && std::isfinite(shifts[j].imag()),
            fmt::format("shift {} is not finite", j));

  const auto bound = solver_->bind(B, C);
  const Index q = bound->outputs(), m = B.cols();
  const Index k = static_cast<Index>(shifts.size());
  if (k == 0) return {};
  // One level of parallelism: with enough blocks, OpenMP across blocks on single-threaded
  // BLAS; otherwise one block at a time with threaded BLAS inside its GEMMs. Blocks are cut
  // small enough (not below 64 shifts) that every thread gets two: the per-shift work between
  // the GEMMs (divisions, in-panel substitution) runs on one core inside a single block.
  const int threads = omp_in_parallel() ? 1 : omp_get_max_threads();  // caller parallelises
  Index kb = opts_.block_size > 0 ? opts_.block_size : solver_->preferred_block(q);
  if (opts_.block_size <= 0 && threads > 1)
    kb = std::min(kb, std::max<Index>(64, (k + 2 * threads - 1) / (2 * threads)));
  kb = std::min(k, kb);
  const Index nblocks = (k + kb - 1) / kb;
  const Index per_shift = q * m;

  const bool across_blocks = threads > 1 && nblocks >= 2 * threads;
  const Index group = across_blocks ? threads : 1;

  std::vector<cplx> chunk(static_cast<size_t>(group * kb * per_shift));
  std::vector<detail::ShiftStatus> status(static_cast<size_t>(group * kb));
  std::vector<ShiftFlag> flags;

  auto solve_one = [&](Index blk, Index slot) {
    const Index first = blk * kb, count = std::min(kb, k - first);
    cplx* out = chunk.data() + slot * kb * per_shift;
    detail::ShiftStatus* st = status.data() + slot * kb;
    std::fill(st, st + count, detail::ShiftStatus{});
    if (bound->solve_block_all_rhs(shifts.data() + first, count, out, st)) return;
    if (m == 1) {
      bound->solve_block(shifts.data() + first, count, 0, out, st);
      return;
    }
    std::vector<cplx> col(static_cast<size_t>(count * q));
    std::vector<detail::ShiftStatus> st_r(static_cast<size_t>(count));
    for (Index r = 0; r < m; ++r) {
      bound->solve_block(shifts.data() + first, count, r, col.data(), st_r.data());
      for (Index j = 0; j < count; ++j) {
        for (Index i = 0; i < q; ++i) out[(j * q + i) * m + r] = col[static_cast<size_t>(j * q + i)];
        if (st_r[j].singular) {
          st[j].singular = true;
          st[j].cond_estimate = std::max(st[j].cond_estimate, st_r[j].cond_estimate);
        }
      }
    }
  };

  auto emit = [&](Index blk, Index slot) {
    const Index first = blk * kb, count = std::min(kb, k - first);
    const cplx* out = chunk.data() + slot * kb * per_shift;
    const detail::ShiftStatus* st = status.data() + slot * kb;
    for (Index j = 0; j < count; ++j) {
      bool finite = true;
      for (Index i = 0; i < per_shift && finite; ++i)
        finite = std::isfinite(out[j * per_shift + i].real()) && std::isfinite(out[j * per_shift + i].imag());
      if (st[j].singular || !finite)
        flags.push_back({first + j, finite ? st[j].cond_estimate
                                           : std::numeric_limits<double>::infinity()});
    }
    if (sink) sink(first, count, out);
  };

  if (across_blocks) {
    linalg::ScopedBlasThreads single(1);
    for (Index g0 = 0; g0 < nblocks; g0 += group) {
      const Index gn = std::min(group, nblocks - g0);
      std::exception_ptr failure;
#pragma omp parallel for schedule(static, 1) num_threads(static_cast<int>(gn))
      for (Index s = 0; s < gn; ++s) {
        try {
          solve_one(g0 + s, s);
        } catch (...) {
#pragma omp critical
          failure = std::current_exception();
        }
      }
      if (failure) std::rethrow_exception(failure);
      for (Index s = 0; s < gn; ++s) emit(g0 + s, s);
    }
  } else {
    for (Index blk = 0; blk < nblocks; ++blk) {
      solve_one(blk, 0);
      emit(blk, 0);
    }
  }
  return flags;
}

SweepResult Resolvent::solve(const std::vector<cplx>& shifts, const MatrixXcd& B) const {
  return project_or_solve(nullptr, shifts, B);
}

SweepResult Resolvent::project(const MatrixXcd& C, const std::vector<cplx>& shifts,
                               const MatrixXcd& B) const {
  return project_or_solve(&C, shifts, B);
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
  const Index per_shift = res.outputs * res.rhs;
  res.flagged = sweep(shifts, B, C, [&](Index first, Index count, const cplx* block) {
    std::copy(block, block + count * per_shift, res.data.begin() + first * per_shift);
  });
  return res;
}

}  // namespace specsweep
