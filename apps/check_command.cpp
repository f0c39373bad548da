// `specsweep check`: the direct-vs-spectral equivalence check. Runs direct (the reference) and
// every spectral route plus auto on the same input and reports, per route, how far x(s) lies
// from direct's and its own backward error
//     eta(s) = ||(I - sA) x - b|| / (||I - sA|| ||x|| + ||b||)     (Frobenius norms),
// which a backward-stable route keeps near machine epsilon whatever cond(I - sA) is.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>

#include "commands.hpp"
#include "distributed_shifts.hpp"
#include "engine_options.hpp"
#include "method_option.hpp"
#include "progress.hpp"
#include "specsweep/error.hpp"
#include "specsweep/mpi/agree.hpp"
#include "specsweep/mpi/check.hpp"
#include "specsweep/mpi/session.hpp"
#include "specsweep/resolvent.hpp"
#include "summary_json.hpp"
#include "sweep_inputs.hpp"

namespace specsweep::app {
namespace {

struct CheckOptions {
  std::string matrix, rhs, shifts;
  bool json = false;
  bool quiet = false;
  Index block = 0;
  EngineOptions engine;
};

struct RouteRun {
  std::string name;  ///< the method asked for
  Route route = Route::Direct;
  std::string reason;
  double factor_s = 0, sweep_s = 0;
  SweepResult result;
  std::vector<double> rel_diff;  ///< per shift, against direct
  std::vector<double> backward;  ///< per shift
};

double max_of(const std::vector<double>& v) { return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()); }

double median_of(std::vector<double> v) {
  if (v.empty()) return 0.0;
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  if (v.size() % 2 == 1) return *mid;
  return 0.5 * (*mid + *std::max_element(v.begin(), mid));
}

// x(s_j) as an n x m matrix view of the (k, n, m) result.
MatrixXcd shift_block(const SweepResult& r, Index j) {
  using RowMat = Eigen::Matrix<cplx, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  return Eigen::Map<const RowMat>(r.data.data() + j * r.outputs * r.rhs, r.outputs, r.rhs);
}

// shifts: this rank's share; opts.expected_shifts stays the global count, so every rank takes
// the route one process would.
RouteRun run_route(const SweepInputs& in, const std::vector<cplx>& shifts, Method m,
                   const CheckOptions& o, int threads) {
  using clock = std::chrono::steady_clock;
  Options opts;
  opts.method = m;
  opts.expected_shifts = in.shift_count();
  opts.block_size = o.block;
  apply_engine_options(o.engine, opts);
  if (opts.threads == 0) opts.threads = threads;
  RouteRun run;
  run.name = to_string(m);
  const auto t0 = clock::now();
  const Resolvent r = in.real ? Resolvent(in.A_real, opts) : Resolvent(in.A_complex, opts);
  const auto t1 = clock::now();
  run.result = r.solve(shifts, in.B);
  const auto t2 = clock::now();
  run.route = r.route();
  run.reason = r.reason();
  run.factor_s = seconds_between(t0, t1);
  run.sweep_s = seconds_between(t1, t2);
  return run;
}

void measure(RouteRun& run, const RouteRun& direct, const SweepInputs& in,
             const std::vector<cplx>& shifts) {
  const MatrixXcd A = in.real ? MatrixXcd(in.A_real.cast<cplx>()) : in.A_complex;
  const double normA2 = A.squaredNorm(), normB = in.B.norm();
  const cplx traceA = A.trace();
  const double n = static_cast<double>(in.n());
  for (Index j = 0; j < static_cast<Index>(shifts.size()); ++j) {
    const cplx s = shifts[static_cast<std::size_t>(j)];
    const MatrixXcd x = shift_block(run.result, j), xd = shift_block(direct.result, j);
    const double ref = xd.norm();
    run.rel_diff.push_back((x - xd).norm() / (ref > 0 ? ref : 1.0));
    // ||I - sA||_F^2 = n - 2 Re(s tr A) + |s|^2 ||A||_F^2
    const double norm_M = std::sqrt(std::max(0.0, n - 2.0 * (s * traceA).real() + std::norm(s) * normA2));
    const MatrixXcd residual = x - s * (A * x) - in.B;
    const double denom = norm_M * x.norm() + normB;
    run.backward.push_back(denom > 0 ? residual.norm() / denom : 0.0);
  }
}

void run_check(const CheckOptions& o) {
  // Under mpirun the ranks split the shifts, as `sweep` does; rank 0 gathers and prints.
  const mpi::Session& session = mpi::program_session(mpi::Start::UnderLauncher);
  SweepInputs in;
  mpi::agree(session.comm(), [&] { in = load_sweep_inputs(o.matrix, o.rhs, o.shifts, ""); });
  const std::pair<Index, Index> share = share_of(in.shift_count(), o.block, session);
  const Index lo = share.first, hi = share.second;
  const std::vector<cplx> mine(in.shifts.begin() + lo, in.shifts.begin() + hi);
  const int threads = session.size() > 1 ? mpi::threads_per_rank(session) : 0;
  const std::vector<Method> methods{Method::Direct, Method::Eig, Method::Schur, Method::Hessenberg,
                                    Method::Auto};
  std::vector<RouteRun> runs;
  mpi::agree(
      session.comm(),
      [&] {
        Progress progress("routes", static_cast<std::int64_t>(methods.size()),
                          o.quiet || o.json || !session.root());
        for (Method m : methods) {
          runs.push_back(run_route(in, mine, m, o, threads));
          progress.update(static_cast<std::int64_t>(runs.size()));
        }
        progress.finish();
        for (RouteRun& run : runs) measure(run, runs.front(), in, mine);
      },
      [&] {
        std::string routes;
        for (const RouteRun& r : runs) routes += r.name + " = " + to_string(r.route) + "\n";
        return routes;
      });
  if (session.size() > 1) {
    for (RouteRun& r : runs) {
      for (auto& f : r.result.flagged) f.index += lo;
      r.result.flagged = gather_flags(session, r.result.flagged);
      r.rel_diff = gather_on_root(session, r.rel_diff);
      r.backward = gather_on_root(session, r.backward);
      double t[2] = {r.factor_s, r.sweep_s};
      mpi::check_mpi(MPI_Allreduce(MPI_IN_PLACE, t, 2, MPI_DOUBLE, MPI_MAX, session.comm()),
                     "MPI_Allreduce");
      r.factor_s = t[0], r.sweep_s = t[1];
    }
    if (!session.root()) return;
  }
  const RouteRun& automatic = runs.back();

  if (o.json) {
    nlohmann::ordered_json routes = nlohmann::ordered_json::array();
    for (const RouteRun& r : runs) {
      routes.push_back({
          {"method", r.name},
          {"route", to_string(r.route)},
          {"seconds", {{"factor", r.factor_s}, {"sweep", r.sweep_s}}},
          {"rel_diff_to_direct", {{"max", max_of(r.rel_diff)}, {"median", median_of(r.rel_diff)}}},
          {"backward_error", {{"max", max_of(r.backward)}, {"median", median_of(r.backward)}}},
          {"flagged", flagged_json(r.result.flagged)},
      });
    }
    const nlohmann::ordered_json j = {
        {"n", in.n()},
        {"shifts", in.shift_count()},
        {"rhs", in.rhs()},
        {"auto", {{"route", to_string(automatic.route)}, {"reason", automatic.reason}}},
        {"routes", routes},
    };
    fmt::print("{}\n", j.dump(2));
    return;
  }
  fmt::print("n = {}, {} shifts, {} right-hand side{}; differences relative to direct, "
             "backward error ||(I-sA)x-b|| / (||I-sA|| ||x|| + ||b||)\n\n",
             in.n(), in.shift_count(), in.rhs(), in.rhs() == 1 ? "" : "s");
  fmt::print("{:<24} {:>10} {:>10} {:>12} {:>12} {:>12} {:>12} {:>8}\n", "method (route)", "factor s",
             "sweep s", "max diff", "median diff", "max bwd", "median bwd", "flagged");
  for (const RouteRun& r : runs) {
    const std::string label = r.name == to_string(r.route) ? r.name : fmt::format("{} ({})", r.name, to_string(r.route));
    fmt::print("{:<24} {:>10.4f} {:>10.4f} {:>12.3e} {:>12.3e} {:>12.3e} {:>12.3e} {:>8}\n", label,
               r.factor_s, r.sweep_s, max_of(r.rel_diff), median_of(r.rel_diff), max_of(r.backward),
               median_of(r.backward), r.result.flagged.size());
  }
  fmt::print("\nauto chose {}: {}\n", to_string(automatic.route), automatic.reason);
}

}  // namespace

void setup_check(CLI::App& app) {
  auto o = std::make_shared<CheckOptions>();
  auto* cmd = app.add_subcommand(
      "check",
      "Run direct and every spectral route (eig, schur, hessenberg) plus auto on the same\n"
      "input and compare them: max and median relative difference to direct, max and median\n"
      "backward error ||(I - sA)x - b|| / (||I - sA|| ||x|| + ||b||) (Frobenius), factor and\n"
      "sweep seconds, flagged shifts, and which route auto chose and why. Direct costs O(n^3)\n"
      "per shift: use a few hundred shifts. All results are held in memory; nothing is written.\n"
      "Under mpirun -np P the ranks split the shifts, as sweep does.");
  add_input_options(*cmd, o->matrix, o->rhs, o->shifts);
  add_engine_options(*cmd, o->engine);
  cmd->add_option("--block", o->block, "shifts per block (default: sized for the cache)")
      ->check(CLI::Range(Index{1}, Index{1} << 24));
  cmd->add_flag("--json", o->json,
                "print one JSON object: n, shifts, auto{route, reason}, routes[{method, route, "
                "seconds, rel_diff_to_direct, backward_error, flagged}]");
  cmd->add_flag("--quiet,-q", o->quiet, "no progress meter");
  cmd->callback([o] { run_check(*o); });
}

}  // namespace specsweep::app
