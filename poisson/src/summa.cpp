#include "specsweep/poisson/summa.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

#include "specsweep/error.hpp"
#include "specsweep/internal/lapack.hpp"
#include "specsweep/mpi/check.hpp"

namespace specsweep::poisson {
namespace {

// One step along k: global columns [k0, k0 + width) of A / rows of B, inside one block.
struct Panel {
  Index k0 = 0, width = 0;
  int owner_col = 0, owner_row = 0;  // process column holding A's panel, row holding B's
  Index a_local_col = 0, b_local_row = 0;
};

std::vector<Panel> panels(Index k, const DistributionPlan& plan) {
  std::vector<Panel> out;
  for (Index k0 = 0; k0 < k;) {
    const Index b = k0 / plan.block, off = k0 % plan.block;
    Panel p;
    p.k0 = k0;
    p.width = std::min({plan.panel, plan.block - off, k - k0});
    p.owner_col = int(b % plan.pcol);
    p.owner_row = int(b % plan.prow);
    p.a_local_col = (b / plan.pcol) * plan.block + off;
    p.b_local_row = (b / plan.prow) * plan.block + off;
    out.push_back(p);
    k0 += p.width;
  }
  return out;
}

// The receive side of one panel broadcast pair; `a`/`b` point at the data used by dgemm
// (the owner's own storage, or the receive buffer).
struct InFlight {
  std::vector<double> a_buf, b_buf;
  const double* a = nullptr;
  const double* b = nullptr;
  std::array<MPI_Request, 2> req{MPI_REQUEST_NULL, MPI_REQUEST_NULL};
};

void post(const Panel& p, const ProcessGrid& grid,
          const DistributedMatrix& A, const DistributedMatrix& B, InFlight& f) {
  const Index mloc = A.local.rows(), nloc = B.local.cols(), w = p.width;
  // A's panel is contiguous in column-major local storage: broadcast it in place.
  if (grid.mycol() == p.owner_col) {
    f.a = A.local.data() + p.a_local_col * mloc;
  } else {
    f.a_buf.resize(size_t(mloc * w));
    f.a = f.a_buf.data();
  }
  // B's panel rows are strided: the owner packs them (w x nloc, leading dimension w).
  f.b_buf.resize(size_t(w * nloc));
  if (grid.myrow() == p.owner_row)
    for (Index j = 0; j < nloc; ++j)
      for (Index i = 0; i < w; ++i) f.b_buf[size_t(j * w + i)] = B.local(p.b_local_row + i, j);
  f.b = f.b_buf.data();
  mpi::check_mpi(MPI_Ibcast(const_cast<double*>(f.a), int(mloc * w), MPI_DOUBLE, p.owner_col,
                            grid.row_comm(), &f.req[0]),
                 "MPI_Ibcast");
  mpi::check_mpi(MPI_Ibcast(f.b_buf.data(), int(w * nloc), MPI_DOUBLE, p.owner_row,
                            grid.col_comm(), &f.req[1]),
                 "MPI_Ibcast");
}

}  // namespace

void summa_gemm(const DistributionPlan& plan, const ProcessGrid& grid,
                const DistributedMatrix& A, const DistributedMatrix& B, DistributedMatrix& C) {
  ensure(A.cols == B.rows, fmt::format("summa: inner dimensions differ ({}x{} times {}x{})",
                                       A.rows, A.cols, B.rows, B.cols));
  ensure(plan.panel >= 1 && plan.panel <= plan.block,
         fmt::format("summa: panel width {} must lie in [1, block {}]", plan.panel, plan.block));
  // C's storage is reused when its shape already fits: a fresh n^2 array per product costs a
  // page fault per 4 KiB on first touch, which at n = 2048 was a third of the dgemm time.
  const Index mrows = local_extent(A.rows, plan.block, grid.myrow(), plan.prow);
  const Index ncols = local_extent(B.cols, plan.block, grid.mycol(), plan.pcol);
  if (C.rows == A.rows && C.cols == B.cols && C.local.rows() == mrows && C.local.cols() == ncols)
    C.local.setZero();
  else
    C = distributed_zeros(A.rows, B.cols, plan, grid);
  const Index mloc = C.local.rows(), nloc = C.local.cols();

  if (plan.prow == 1 && plan.pcol == 1) {  // nothing to broadcast: one full-depth dgemm
    linalg::gemm(linalg::Op::N, linalg::Op::N, mloc, nloc, A.cols, 1.0, A.local.data(), mloc,
                 B.local.data(), B.local.rows(), 0.0, C.local.data(), mloc);
    return;
  }

  const std::vector<Panel> steps = panels(A.cols, plan);
  // Open MPI progresses a non-blocking collective only inside MPI calls, so the local dgemm
  // is cut into column chunks with an MPI_Testall on the next panel's broadcasts between them.
  const Index chunks = std::clamp<Index>(nloc / 256, 1, 4);
  std::array<InFlight, 2> slot;
  if (!steps.empty()) post(steps[0], grid, A, B, slot[0]);
  for (size_t t = 0; t < steps.size(); ++t) {
    InFlight& cur = slot[t % 2];
    InFlight* next = nullptr;
    if (t + 1 < steps.size()) {
      next = &slot[(t + 1) % 2];
      post(steps[t + 1], grid, A, B, *next);
    }
    mpi::check_mpi(MPI_Waitall(2, cur.req.data(), MPI_STATUSES_IGNORE), "MPI_Waitall");
    const Index w = steps[t].width;
    for (Index c = 0; c < chunks; ++c) {
      const Index j0 = nloc * c / chunks, j1 = nloc * (c + 1) / chunks;
      linalg::gemm(linalg::Op::N, linalg::Op::N, mloc, j1 - j0, w, 1.0, cur.a, mloc,
                   cur.b + j0 * w, w, 1.0, C.local.data() + j0 * mloc, mloc);
      if (next) {
        int done = 0;
        mpi::check_mpi(MPI_Testall(2, next->req.data(), &done, MPI_STATUSES_IGNORE), "MPI_Testall");
      }
    }
  }
}

}  // namespace specsweep::poisson
