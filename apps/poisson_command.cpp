// `specsweep poisson`: -Laplace(u) = f on the unit square by diagonalise-divide-transform,
// with the blas, summa (MPI) or dst backend. MPI is initialised for this subcommand only.
// Each phase (validate and read, solve, write) ends in mpi::agree before any further
// collective work: a failure on any rank stops every rank with the same error and exit code,
// printed once by rank 0.
#include <fmt/format.h>
#include <omp.h>
#include <mpi.h>

#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "specsweep/error.hpp"
#include "specsweep/io/npy.hpp"
#include "specsweep/mpi/agree.hpp"
#include "specsweep/mpi/check.hpp"
#include "specsweep/mpi/session.hpp"
#include "specsweep/poisson/solver.hpp"

namespace specsweep::app {
namespace {

using namespace specsweep::poisson;

static_assert(mpi::kAbortExitCode == kRuntime, "an aborted MPI job exits as a runtime failure");

struct PoissonOptions {
  Index n = 0, ny = 0;
  std::string backend = "blas", bc = "dirichlet", rhs, out;
  bool json = false;
};

// The parameters every rank must share, one per line (see mpi::agree). The plan's block and
// panel come from the environment, which a launcher may set per rank.
std::string fingerprint(const PoissonOptions& o, const PoissonProblem& p, Backend backend,
                        const DistributionPlan& plan) {
  return fmt::format("poisson.n = {}\npoisson.ny = {}\npoisson.bc = {}\npoisson.backend = {}\n"
                     "poisson.rhs = {}\nplan.grid = {}x{}\nplan.block = {}\nplan.panel = {}\n",
                     p.nx, p.ny, to_string(p.bc), to_string(backend), o.rhs.empty() ? "none" : "file",
                     plan.prow, plan.pcol, plan.block, plan.panel);
}

MatrixXd read_rhs(const std::string& path, const PoissonProblem& p) {
  const io::NpyArray a = io::read_npy(path);
  if (a.is_complex) throw Error(fmt::format("{}: right-hand side must be real", path));
  if (a.rank() != 2 || a.shape[0] != p.rows() || a.shape[1] != p.cols())
    throw Error(fmt::format("{}: shape {} does not match the {} grid's unknowns ({}, {}) for "
                            "--n {} --ny {}",
                            path, io::shape_string(a.shape), to_string(p.bc), p.rows(), p.cols(),
                            p.nx, p.ny));
  io::require_finite(a, path);
  // C order: row i is x_i.
  return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      a.real.data(), p.rows(), p.cols());
}

void write_solution(const std::string& path, const MatrixXd& U) {
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rowmajor = U;
  io::write_npy(path, {U.rows(), U.cols()}, rowmajor.data());
}

void run_poisson(const PoissonOptions& o) {
  // summa: MPI always (a single process is a job of one rank, so that it runs without mpirun).
  // The local backends start MPI only under a launcher: a singleton MPI_Init costs 0.4 s idle
  // and 3.5 s on a busy machine, more than the solve.
  const mpi::Session& session =
      mpi::program_session(o.backend == "summa" ? mpi::Start::Always : mpi::Start::UnderLauncher);
  const bool root = session.root();
  PoissonProblem p;
  Backend backend = Backend::Blas;
  DistributionPlan plan;
  std::optional<MatrixXd> rhs;  // --rhs, read by every rank (each keeps what it needs)

  const auto shared = [&] { return fingerprint(o, p, backend, plan); };
  mpi::agree(session.comm(), [&] {
    p.nx = o.n;
    p.ny = o.ny > 0 ? o.ny : o.n;
    p.bc = parse_boundary(o.bc);
    backend = parse_backend(o.backend);
    validate(p);
    if (backend != Backend::Summa && session.size() > 1)
      throw Error(fmt::format("poisson: the {} backend runs on one process, not {}; use "
                              "--backend summa under mpirun",
                              to_string(backend), session.size()),
                  ErrorKind::Runtime);
    if (backend == Backend::Dst && p.bc != Boundary::Dirichlet)
      throw Error("poisson: the dst backend needs the uniform Dirichlet sine basis; use "
                  "--backend blas or summa for Neumann");
    if (backend == Backend::Summa) plan = plan_for(p, session.size());  // a 1 x 1 grid otherwise
    if (!o.rhs.empty()) rhs = read_rhs(o.rhs, p);
    if (root && !o.out.empty()) io::check_output_path(o.out);
  }, shared);

  if (const int t = mpi::threads_per_rank(session); t > 0) omp_set_num_threads(t);
  auto f = [&](Index i, Index j) {
    return rhs ? (*rhs)(i, j)
               : manufactured_f(coordinate(i, p.nx, p.bc), coordinate(j, p.ny, p.bc), p.bc);
  };
  auto error_at = [&](Index i, Index j, double u) {
    return std::abs(u - manufactured_u(coordinate(i, p.nx, p.bc), coordinate(j, p.ny, p.bc), p.bc));
  };

  PoissonTimings t;
  double max_error = 0;
  MatrixXd U;  // the whole solution, on rank 0, only when it is written
  mpi::agree(session.comm(), [&] {
    if (backend == Backend::Summa) {
      ProcessGrid grid(session.comm(), plan);
      const DistributedMatrix F = distributed_from(p.rows(), p.cols(), plan, grid, f);
      const DistributedMatrix dU = solve_summa(p, plan, grid, F, &t);
      double local = 0;
      for (Index lj = 0; lj < dU.local.cols(); ++lj)
        for (Index li = 0; li < dU.local.rows(); ++li)
          local = std::max(local, error_at(global_index(li, plan.block, grid.myrow(), plan.prow),
                                           global_index(lj, plan.block, grid.mycol(), plan.pcol),
                                           dU.local(li, lj)));
      mpi::check_mpi(MPI_Allreduce(&local, &max_error, 1, MPI_DOUBLE, MPI_MAX, grid.comm()),
                     "MPI_Allreduce");
      // The slowest rank's times are the run's times.
      double times[3] = {t.transform, t.divide, t.total};
      mpi::check_mpi(MPI_Allreduce(MPI_IN_PLACE, times, 3, MPI_DOUBLE, MPI_MAX, grid.comm()),
                     "MPI_Allreduce");
      t.transform = times[0];
      t.divide = times[1];
      t.total = times[2];
      if (!o.out.empty()) U = gather_to_root(dU, plan, grid);
    } else {
      MatrixXd F(p.rows(), p.cols());
      for (Index j = 0; j < p.cols(); ++j)
        for (Index i = 0; i < p.rows(); ++i) F(i, j) = f(i, j);
      U = solve_local(p, backend, F, &t);
      for (Index j = 0; j < U.cols(); ++j)
        for (Index i = 0; i < U.rows(); ++i) max_error = std::max(max_error, error_at(i, j, U(i, j)));
    }
  });
  mpi::agree(session.comm(), [&] {
    if (root && !o.out.empty()) write_solution(o.out, U);
  });
  if (!root) return;

  const bool known = !rhs;
  const double gflops = t.transform > 0 ? t.transform_flops / t.transform * 1e-9 : 0.0;
  if (o.json) {
    nlohmann::json j;
    j["n"] = p.nx;
    j["ny"] = p.ny;
    j["bc"] = to_string(p.bc);
    j["backend"] = to_string(backend);
    j["ranks"] = session.size();
    j["grid"] = {plan.prow, plan.pcol};
    if (backend == Backend::Summa) {
      j["block"] = plan.block;
      j["panel"] = plan.panel;
    }
    j["unknowns"] = {p.rows(), p.cols()};
    j["max_error"] = known ? nlohmann::json(max_error) : nlohmann::json(nullptr);
    j["zero_mean"] = p.bc == Boundary::Neumann;
    j["seconds"] = {{"transform", t.transform}, {"divide", t.divide}, {"total", t.total}};
    j["gflops"] = gflops;
    fmt::print("{}\n", j.dump());
    return;
  }
  fmt::print("poisson: {}x{} intervals, {} unknowns {}x{}, backend {} on {} rank(s), grid {}x{}\n",
             p.nx, p.ny, to_string(p.bc), p.rows(), p.cols(), to_string(backend), session.size(),
             plan.prow, plan.pcol);
  if (p.bc == Boundary::Neumann)
    fmt::print("neumann: singular operator; the mean of f is removed and the zero-mean solution "
               "is returned\n");
  if (known) fmt::print("max error vs the manufactured solution: {:.3e}\n", max_error);
  fmt::print("seconds: transform {:.4f}, divide {:.4f}, total {:.4f}; transforms {:.2f} GFLOP/s\n",
             t.transform, t.divide, t.total, gflops);
  if (!o.out.empty()) fmt::print("wrote {}\n", o.out);
}

}  // namespace

void setup_poisson(CLI::App& app) {
  auto o = std::make_shared<PoissonOptions>();
  auto* cmd = app.add_subcommand(
      "poisson",
      "Solve -Laplace(u) = f on the unit square: T_x U + U T_y = F by diagonalise-divide-"
      "transform. Without --rhs, f = 2 pi^2 sin(pi x) sin(pi y) (Neumann: cos cos) and the "
      "max error is reported. Run the summa backend under mpirun -np P.");
  // Values are checked after MPI_Init so that, under mpirun, one rank reports one message.
  cmd->add_option("--n", o->n, "intervals along x (>= 2)")->required();
  cmd->add_option("--ny", o->ny, "intervals along y (default: --n)");
  cmd->add_option("--backend", o->backend, "transforms: blas | summa | dst (default blas)");
  cmd->add_option("--bc", o->bc,
                  "boundary: dirichlet | neumann (singular: zero-mean solution; default dirichlet)");
  cmd->add_option("--rhs", o->rhs,
                  "f at the unknowns as a real C-order .npy of shape (N_x, N_y); N = n - 1 "
                  "(Dirichlet) or n (Neumann, cell centres)");
  cmd->add_option("--out", o->out, "write the solution U as a C-order .npy (gathered on rank 0)");
  cmd->add_flag("--json", o->json, "print one JSON object (rank 0)");
  cmd->callback([o] { run_poisson(*o); });
}

}  // namespace specsweep::app
