// `specsweep poisson`: -Laplace(u) = f on the unit square by diagonalise-divide-transform,
// with the blas, summa (MPI) or dst backend. MPI is initialised for this subcommand only.
// Every failure reaches rank 0 as one message and rank 0's exit code: each phase (validate
// and read, solve, write) ends in an agreement on errors before any further collective work.
#include <fmt/format.h>
#include <mpi.h>

#include <cstdlib>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "commands.hpp"
#include "specsweep/error.hpp"
#include "specsweep/internal/lapack.hpp"
#include "specsweep/io/npy.hpp"
#include "specsweep/poisson/solver.hpp"

namespace specsweep::app {
namespace {

using namespace specsweep::poisson;

struct PoissonOptions {
  Index n = 0, ny = 0;
  std::string backend = "blas", bc = "dirichlet", rhs, out;
  bool json = false;
};

class MpiSession {
 public:
  MpiSession() {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized) {
      int provided = 0;
      MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
      owner_ = true;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiSession() { finalize(); }
  void finalize() {
    if (owner_) MPI_Finalize();
    owner_ = false;
  }
  int rank() const { return rank_; }
  int size() const { return size_; }

 private:
  bool owner_ = false;
  int rank_ = 0, size_ = 1;
};

// Runs one phase on every rank, then agrees: if any rank failed, the lowest failing rank's
// message travels to rank 0, which throws it (main prints one line, mpirun returns its exit
// code). The other ranks finalise MPI and return false: they end quietly with status 0, so
// mpirun never tears rank 0 down before it has printed.
bool agreed_phase(MpiSession& mpi, const std::function<void()>& phase) {
  std::string message;
  int kind = -1;  // -1: ok; otherwise ErrorKind, or 99 for an unexpected exception
  try {
    phase();
  } catch (const Error& e) {
    message = e.what();
    kind = int(e.kind());
  } catch (const std::exception& e) {
    message = e.what();
    kind = 99;
  }
  int mine = kind < 0 ? mpi.size() : mpi.rank(), first = 0;
  MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (first == mpi.size()) return true;
  if (first != 0) {  // ship the message to rank 0
    if (mpi.rank() == first) {
      MPI_Send(&kind, 1, MPI_INT, 0, 0, MPI_COMM_WORLD);
      MPI_Send(message.data(), int(message.size()), MPI_CHAR, 0, 1, MPI_COMM_WORLD);
    } else if (mpi.rank() == 0) {
      MPI_Status st;
      int len = 0;
      MPI_Recv(&kind, 1, MPI_INT, first, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      MPI_Probe(first, 1, MPI_COMM_WORLD, &st);
      MPI_Get_count(&st, MPI_CHAR, &len);
      message.assign(size_t(len), '\0');
      MPI_Recv(message.data(), len, MPI_CHAR, first, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (mpi.size() > 1) message = fmt::format("{} (rank {})", message, first);
    }
  }
  mpi.finalize();
  if (mpi.rank() != 0) return false;
  if (kind == 99) throw std::runtime_error(message);  // main reports it as internal
  throw Error(message, ErrorKind(kind));
}

// BLAS threads per rank: the node's cores shared among the ranks on it, unless the user set
// OPENBLAS_NUM_THREADS or OMP_NUM_THREADS. One level of parallelism, never oversubscribed.
int blas_threads_for_node() {
  if (std::getenv("OPENBLAS_NUM_THREADS") || std::getenv("OMP_NUM_THREADS"))
    return linalg::blas_threads();
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
  int local = 1;
  MPI_Comm_size(node, &local);
  MPI_Comm_free(&node);
  return std::max(1, int(std::thread::hardware_concurrency()) / local);
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
  MpiSession mpi;
  const bool root = mpi.rank() == 0;
  PoissonProblem p;
  Backend backend = Backend::Blas;
  DistributionPlan plan;
  std::optional<MatrixXd> rhs;  // --rhs, read by every rank (each keeps what it needs)

  const bool valid = agreed_phase(mpi, [&] {
    p.nx = o.n;
    p.ny = o.ny > 0 ? o.ny : o.n;
    p.bc = parse_boundary(o.bc);
    backend = parse_backend(o.backend);
    validate(p);
    if (backend != Backend::Summa && mpi.size() > 1)
      throw Error(fmt::format("poisson: the {} backend runs on one process, not {}; use "
                              "--backend summa under mpirun",
                              to_string(backend), mpi.size()),
                  ErrorKind::Runtime);
    if (backend == Backend::Dst && p.bc != Boundary::Dirichlet)
      throw Error("poisson: the dst backend needs the uniform Dirichlet sine basis; use "
                  "--backend blas or summa for Neumann");
    plan = plan_for(p, mpi.size());
    if (!o.rhs.empty()) rhs = read_rhs(o.rhs, p);
    if (root && !o.out.empty()) io::check_output_path(o.out);
  });
  if (!valid) return;

  const linalg::ScopedBlasThreads threads(blas_threads_for_node());
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
  const bool solved = agreed_phase(mpi, [&] {
    if (backend == Backend::Summa) {
      ProcessGrid grid(MPI_COMM_WORLD, plan);
      const DistributedMatrix F = distributed_from(p.rows(), p.cols(), plan, grid, f);
      const DistributedMatrix dU = solve_summa(p, plan, grid, F, &t);
      double local = 0;
      for (Index lj = 0; lj < dU.local.cols(); ++lj)
        for (Index li = 0; li < dU.local.rows(); ++li)
          local = std::max(local, error_at(global_index(li, plan.block, grid.myrow(), plan.prow),
                                           global_index(lj, plan.block, grid.mycol(), plan.pcol),
                                           dU.local(li, lj)));
      MPI_Allreduce(&local, &max_error, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
      // The slowest rank's times are the run's times.
      MPI_Allreduce(MPI_IN_PLACE, &t.transform, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
      MPI_Allreduce(MPI_IN_PLACE, &t.divide, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
      MPI_Allreduce(MPI_IN_PLACE, &t.total, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
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
  if (!solved) return;
  const bool written = agreed_phase(mpi, [&] {
    if (root && !o.out.empty()) write_solution(o.out, U);
  });
  if (!written || !root) return;

  const bool known = !rhs;
  const double gflops = t.transform > 0 ? t.transform_flops / t.transform * 1e-9 : 0.0;
  if (o.json) {
    nlohmann::json j;
    j["n"] = p.nx;
    j["ny"] = p.ny;
    j["bc"] = to_string(p.bc);
    j["backend"] = to_string(backend);
    j["ranks"] = mpi.size();
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
             p.nx, p.ny, to_string(p.bc), p.rows(), p.cols(), to_string(backend), mpi.size(),
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
