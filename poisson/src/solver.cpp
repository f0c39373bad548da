#include "specsweep/poisson/solver.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "specsweep/error.hpp"
#include "specsweep/internal/lapack.hpp"
#include "specsweep/poisson/sine_transform.hpp"
#include "specsweep/poisson/summa.hpp"

namespace specsweep::poisson {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Flops of the four dense transforms: Q_x^T G, (.) Q_y, Q_x U~, (.) Q_y^T.
double dense_transform_flops(Index nx, Index ny) {
  return 4.0 * double(nx) * double(ny) * double(nx + ny);
}

// C = op(A) op(B) for whole column-major matrices.
MatrixXd product(linalg::Op ta, const MatrixXd& A, linalg::Op tb, const MatrixXd& B) {
  const Index m = ta == linalg::Op::N ? A.rows() : A.cols();
  const Index k = ta == linalg::Op::N ? A.cols() : A.rows();
  const Index n = tb == linalg::Op::N ? B.cols() : B.rows();
  MatrixXd C(m, n);
  linalg::gemm(ta, tb, m, n, k, 1.0, A.data(), A.rows(), B.data(), B.rows(), 0.0, C.data(), m);
  return C;
}

}  // namespace

Backend parse_backend(const std::string& name) {
  if (name == "blas") return Backend::Blas;
  if (name == "summa") return Backend::Summa;
  if (name == "dst") return Backend::Dst;
  throw Error(fmt::format("poisson: unknown backend '{}' (blas, summa or dst)", name));
}
Boundary parse_boundary(const std::string& name) {
  if (name == "dirichlet") return Boundary::Dirichlet;
  if (name == "neumann") return Boundary::Neumann;
  throw Error(fmt::format("poisson: unknown boundary condition '{}' (dirichlet or neumann)", name));
}
const char* to_string(Backend b) {
  switch (b) {
    case Backend::Blas: return "blas";
    case Backend::Summa: return "summa";
    case Backend::Dst: return "dst";
  }
  return "?";
}
const char* to_string(Boundary b) { return b == Boundary::Dirichlet ? "dirichlet" : "neumann"; }

void validate(const PoissonProblem& p) {
  require(p.nx >= 2 && p.ny >= 2,
          fmt::format("poisson: need at least 2 intervals per direction, got n={} ny={}", p.nx,
                      p.ny));
}

double manufactured_u(double x, double y, Boundary bc) {
  return bc == Boundary::Dirichlet ? std::sin(M_PI * x) * std::sin(M_PI * y)
                                   : std::cos(M_PI * x) * std::cos(M_PI * y);
}
double manufactured_f(double x, double y, Boundary bc) {
  return 2.0 * M_PI * M_PI * manufactured_u(x, y, bc);
}

void divide_by_eigenvalue_sums(MatrixXd& G, const VectorXd& lambda, const VectorXd& mu) {
  for (Index j = 0; j < G.cols(); ++j)
    for (Index i = 0; i < G.rows(); ++i) {
      const double d = lambda[i] + mu[j];
      G(i, j) = d == 0.0 ? 0.0 : G(i, j) / d;
    }
}

MatrixXd solve_local(const PoissonProblem& p, Backend backend, const MatrixXd& F,
                     PoissonTimings* timings) {
  validate(p);
  require(F.rows() == p.rows() && F.cols() == p.cols(),
          fmt::format("poisson: right-hand side is {}x{}, the grid has {}x{} unknowns",
                      F.rows(), F.cols(), p.rows(), p.cols()));
  PoissonTimings t;
  const auto t0 = Clock::now();
  MatrixXd U;
  if (backend == Backend::Dst) {
    require(p.bc == Boundary::Dirichlet,
            "poisson: the dst backend needs the uniform Dirichlet sine basis; use "
            "--backend blas or summa for Neumann");
    const VectorXd lx = dirichlet_eigenvalues(p.nx), ly = dirichlet_eigenvalues(p.ny);
    SineTransform2D dst(p.rows(), p.cols());
    dst.load(F);
    auto t1 = Clock::now();
    dst.transform();
    t.transform += since(t1);
    t1 = Clock::now();
    // Both transforms' normalisations folded into the divide: one pass instead of three.
    const double s2 = dst.normalisation() * dst.normalisation();
    auto G = dst.values();
    for (Index j = 0; j < G.cols(); ++j)
      for (Index i = 0; i < G.rows(); ++i) G(i, j) *= s2 / (lx[i] + ly[j]);
    t.divide = since(t1);
    t1 = Clock::now();
    dst.transform();  // DST-I is its own inverse up to the normalisation
    t.transform += since(t1);
    U = G;
    t.transform_flops = 2 * dst.flops();
  } else {
    ensure(backend == Backend::Blas, "poisson: solve_local runs the blas or dst backend");
    const Spectrum1D sx = laplacian_spectrum(p.nx, p.bc), sy = laplacian_spectrum(p.ny, p.bc);
    using linalg::Op;
    auto t1 = Clock::now();
    MatrixXd Gt = product(Op::N, product(Op::T, sx.Q, Op::N, F), Op::N, sy.Q);
    t.transform += since(t1);
    t1 = Clock::now();
    divide_by_eigenvalue_sums(Gt, sx.lambda, sy.lambda);
    t.divide = since(t1);
    t1 = Clock::now();
    U = product(Op::N, product(Op::N, sx.Q, Op::N, Gt), Op::T, sy.Q);
    t.transform += since(t1);
    t.transform_flops = dense_transform_flops(p.rows(), p.cols());
  }
  t.total = since(t0);
  if (timings) *timings = t;
  return U;
}

DistributionPlan plan_for(const PoissonProblem& p, int ranks) {
  validate(p);
  DistributionPlan plan = make_plan(ranks);
  if (p.rows() < p.cols()) std::swap(plan.prow, plan.pcol);  // more process rows on the long side
  if (plan.prow > p.rows() || plan.pcol > p.cols())
    throw Error(fmt::format("poisson: {} ranks form a {}x{} process grid, but the {}x{} "
                            "unknowns give each process row/column at least one only up to a "
                            "{}x{} grid; use fewer ranks or a larger --n",
                            ranks, plan.prow, plan.pcol, p.rows(), p.cols(),
                            std::min(p.rows(), p.cols()), std::min(p.rows(), p.cols())),
                ErrorKind::Runtime);
  // Every process row and column gets at least one block.
  plan.block = std::max<Index>(1, std::min({plan.block, p.rows() / plan.prow, p.cols() / plan.pcol}));
  plan.panel = std::min(plan.panel, plan.block);
  return plan;
}

DistributedMatrix solve_summa(const PoissonProblem& p, const DistributionPlan& plan,
                              const ProcessGrid& grid, const DistributedMatrix& F,
                              PoissonTimings* timings) {
  validate(p);
  require(F.rows == p.rows() && F.cols == p.cols(),
          fmt::format("poisson: right-hand side is {}x{}, the grid has {}x{} unknowns", F.rows,
                      F.cols, p.rows(), p.cols()));
  PoissonTimings t;
  const auto t0 = Clock::now();
  const Index Nx = p.rows(), Ny = p.cols();

  // The 1-D bases: the closed form is evaluated entry by entry on the owner (Q symmetric, so
  // Q^T = Q); a stevd basis is computed on every rank (O(N^2) each) and sliced.
  auto basis = [&](Index intervals, Index N, DistributedMatrix& Q, DistributedMatrix& Qt,
                   VectorXd& lambda) {
    if (p.bc == Boundary::Dirichlet) {
      lambda = dirichlet_eigenvalues(intervals);
      Q = distributed_from(N, N, plan, grid,
                           [&](Index i, Index j) { return dirichlet_sine_entry(i, j, intervals); });
      Qt = Q;
    } else {
      Spectrum1D s = laplacian_spectrum(intervals, p.bc);
      lambda = s.lambda;
      Q = distributed_from(N, N, plan, grid, [&](Index i, Index j) { return s.Q(i, j); });
      Qt = distributed_from(N, N, plan, grid, [&](Index i, Index j) { return s.Q(j, i); });
    }
  };
  DistributedMatrix Qx, Qxt, Qy, Qyt, W, G;
  VectorXd lx, ly;
  basis(p.nx, Nx, Qx, Qxt, lx);
  basis(p.ny, Ny, Qy, Qyt, ly);

  auto t1 = Clock::now();
  summa_gemm(plan, grid, Qxt, F, W);
  summa_gemm(plan, grid, W, Qy, G);
  t.transform += since(t1);

  t1 = Clock::now();
  VectorXd lx_local(G.local.rows()), ly_local(G.local.cols());
  for (Index i = 0; i < lx_local.size(); ++i)
    lx_local[i] = lx[global_index(i, plan.block, grid.myrow(), plan.prow)];
  for (Index j = 0; j < ly_local.size(); ++j)
    ly_local[j] = ly[global_index(j, plan.block, grid.mycol(), plan.pcol)];
  divide_by_eigenvalue_sums(G.local, lx_local, ly_local);
  t.divide = since(t1);

  t1 = Clock::now();
  summa_gemm(plan, grid, Qx, G, W);
  summa_gemm(plan, grid, W, Qyt, G);
  t.transform += since(t1);
  t.transform_flops = dense_transform_flops(Nx, Ny);
  t.total = since(t0);
  if (timings) *timings = t;
  return G;
}

}  // namespace specsweep::poisson
