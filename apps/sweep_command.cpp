// `specsweep sweep`: x(s) = (I - sA)^-1 b (or (E - sA)^-1 b) for every shift in s.npy, streamed block by block to
// an .npy file that appears under its final name only when complete.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <tuple>

#include "commands.hpp"
#include "distributed_shifts.hpp"
#include "engine_options.hpp"
#include "method_option.hpp"
#include "progress.hpp"
#include "specsweep/error.hpp"
#include "specsweep/io/npy.hpp"
#include "specsweep/mpi/agree.hpp"
#include "specsweep/mpi/check.hpp"
#include "specsweep/mpi/session.hpp"
#include "specsweep/mpi/shared_npy.hpp"
#include "specsweep/resolvent.hpp"
#include "summary_json.hpp"
#include "sweep_inputs.hpp"

namespace specsweep::app {
namespace {

struct SweepOptions {
  std::string matrix, rhs, shifts, out, observe, pencil;
  std::string method = "auto";
  bool json = false;
  bool quiet = false;
  Index block = 0;
  EngineOptions engine;
};

/// Flagged shifts are named on stderr too: the row in X is a best effort, not an answer.
void warn_flagged(const std::vector<ShiftFlag>& flags, const std::vector<cplx>& shifts,
                  bool pencil) {
  constexpr std::size_t kListed = 10;
  for (std::size_t i = 0; i < flags.size() && i < kListed; ++i) {
    const cplx s = shifts[static_cast<std::size_t>(flags[i].index)];
    fmt::print(stderr,
               "specsweep: warning: shift {} (s = {:.6g}{:+.6g}i) is numerically singular, "
               "cond({} - sA) ~ {:.3g}; its row is a best effort\n",
               flags[i].index, s.real(), s.imag(), pencil ? "E" : "I", flags[i].cond_estimate);
  }
  if (flags.size() > kListed)
    fmt::print(stderr, "specsweep: warning: {} more flagged shifts (see --json)\n", flags.size() - kListed);
}

void run_sweep(const SweepOptions& o) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  // Under mpirun the ranks split the shifts; started alone, MPI is not even initialised.
  const mpi::Session& session = mpi::program_session(mpi::Start::UnderLauncher);
  const bool distributed = session.size() > 1;
  Method method = Method::Auto;
  SweepInputs in;
  std::vector<Index> shape;
  mpi::agree(session.comm(), [&] {
    method = parse_method(o.method);
    if (session.root()) io::check_output_path(o.out);  // a bad --out fails before any computing
    in = load_sweep_inputs(o.matrix, o.rhs, o.shifts, o.observe, o.pencil);
    shape = in.output_shape();
  });
  std::optional<io::NpyStreamWriter> writer;
  if (!distributed) writer.emplace(o.out, shape);

  Options opts;
  opts.method = method;
  opts.expected_shifts = in.shift_count();  // the global count: every rank takes the same route
  opts.observe_rows = in.C ? in.C->rows() : 0;
  opts.block_size = o.block;
  std::string tuning;
  mpi::agree(session.comm(), [&] { tuning = apply_engine_options(o.engine, opts); });
  if (distributed && opts.threads == 0) opts.threads = mpi::threads_per_rank(session);
  const auto t_factor = clock::now();
  std::optional<Resolvent> r;
  mpi::agree(
      session.comm(),
      [&] {
        if (in.E_real) r.emplace(Resolvent(*in.E_real, in.A_real, opts));
        else if (in.E_complex) r.emplace(Resolvent(*in.E_complex, in.A_complex, opts));
        else r.emplace(in.real ? Resolvent(in.A_real, opts) : Resolvent(in.A_complex, opts));
      },
      [&] { return fmt::format("route = {}\nreason = {}", to_string(r->route()), r->reason()); });
  const auto t_sweep = clock::now();

  const Index per_shift = shape[1] * in.rhs();
  const MatrixXcd* C = in.C ? &*in.C : nullptr;
  std::vector<ShiftFlag> flags;
  if (!distributed) {
    // The threads write each window of shifts straight into the output file's pages (no
    // buffer, no copy, no serial write between blocks); a window stays near 64 MB so memory
    // does not grow with the number of shifts, and its writeback starts when it is done.
    Progress progress("shifts", in.shift_count(), o.quiet || o.json);
    const Index k = in.shift_count();
    Index window = std::max<Index>(1, (Index{64} << 20) / (16 * per_shift));
    // Whole blocks per window when the block size is pinned: the blocks are then the ones of a
    // single sweep over all shifts, and so are the answers, to the bit.
    if (o.block > 0) window = std::max(o.block, window / o.block * o.block);
    for (Index first = 0; first < k; first += window) {
      const Index count = std::min(window, k - first);
      const std::vector<cplx> part(in.shifts.begin() + first, in.shifts.begin() + first + count);
      cplx* x = writer->map_next(static_cast<std::size_t>(count * per_shift));
      for (ShiftFlag f : r->sweep_into(part, in.B, C, x, [&](Index done) { progress.update(first + done); })) {
        f.index += first;
        flags.push_back(f);
      }
    }
    progress.finish();
  } else {
    const std::pair<Index, Index> share = share_of(in.shift_count(), o.block, session);
    const Index lo = share.first, hi = share.second;
    const std::vector<cplx> mine(in.shifts.begin() + lo, in.shifts.begin() + hi);
    std::vector<cplx> x(static_cast<size_t>((hi - lo) * per_shift));
    std::vector<ShiftFlag> local;
    mpi::agree(session.comm(), [&] {
      Progress progress("shifts (rank 0)", hi - lo, o.quiet || o.json || !session.root());
      local = r->sweep_into(mine, in.B, C, x.data(), [&](Index done) { progress.update(done); });
      progress.finish();
      for (auto& f : local) f.index += lo;
    });
    mpi::SharedNpyWriter out(session.comm(), o.out, shape);
    out.write_rows(lo, hi - lo, x.data());
    out.commit();
    flags = gather_flags(session, local);
  }
  const auto t_done = clock::now();
  if (writer) writer->commit();
  const auto t_end = clock::now();

  double seconds[3] = {seconds_between(t_factor, t_sweep), seconds_between(t_sweep, t_done),
                       seconds_between(t0, t_end)};
  if (distributed)  // the slowest rank's figures: what the user waits for
    mpi::check_mpi(MPI_Allreduce(MPI_IN_PLACE, seconds, 3, MPI_DOUBLE, MPI_MAX, session.comm()),
                   "MPI_Allreduce");
  if (!session.root()) return;
  const auto [factor_s, sweep_s, total_s] = std::tuple(seconds[0], seconds[1], seconds[2]);
  if (!flags.empty()) warn_flagged(flags, in.shifts, !o.pencil.empty());
  if (o.json) {
    const nlohmann::ordered_json j = {
        {"method", to_string(r->route())},
        {"requested", o.method},
        {"reason", r->reason()},
        {"n", in.n()},
        {"shifts", in.shift_count()},
        {"rhs", in.rhs()},
        {"ranks", session.size()},
        {"out", o.out},
        {"tuning", tuning},
        {"shape", shape},
        {"seconds", {{"factor", factor_s}, {"sweep", sweep_s}, {"total", total_s}}},
        {"diagnostics", diagnostics_json(r->diagnostics())},
        {"flagged", flagged_json(flags)},
    };
    fmt::print("{}\n", j.dump(2));
    return;
  }
  fmt::print("route      {} ({})\n", to_string(r->route()), r->reason());
  fmt::print("problem    n = {}, {} shifts, {} right-hand side{}{}{}\n", in.n(), in.shift_count(),
             in.rhs(), in.rhs() == 1 ? "" : "s",
             in.C ? fmt::format(", {} observed outputs", in.C->rows()) : std::string(),
             distributed ? fmt::format(", shifts split over {} ranks", session.size()) : std::string());
  fmt::print("time       factor {:.3f} s, sweep {:.3f} s ({:.3g} ms/shift), total {:.3f} s\n",
             factor_s, sweep_s, 1e3 * sweep_s / static_cast<double>(in.shift_count()), total_s);
  fmt::print("flagged    {} shift{}\n", flags.size(), flags.size() == 1 ? "" : "s");
  fmt::print("wrote      {} complex128 {}\n", o.out, io::shape_string(shape));
}

}  // namespace

void setup_sweep(CLI::App& app) {
  auto o = std::make_shared<SweepOptions>();
  auto* cmd = app.add_subcommand(
      "sweep",
      "Solve (I - sA) x(s) = b, or (E - sA) x(s) = b with -E, for every shift s and write X.\n"
      "Inputs are NumPy .npy files (float32/64, complex64/128, int or bool; C or Fortran order;\n"
      "any byte order). Output X is complex128 in C order: shape (k, n) with row j = x(s_j),\n"
      "(k, n, m) when b is (n, m), (k, p) or (k, p, m) with --observe C (p, n).\n"
      "X appears under --out only when complete; on any error nothing is written.\n"
      "Under mpirun -np P the ranks split the shifts (each factors A once, auto decides on the\n"
      "global shift count) and write one X in shift order; with --block pinned the result is\n"
      "the single-process one to the bit.");
  add_input_options(*cmd, o->matrix, o->rhs, o->shifts);
  add_engine_options(*cmd, o->engine);
  cmd->add_option("--out,-o", o->out, "X.npy: where to write the complex128 result")->required();
  cmd->add_option("-E,--pencil", o->pencil,
                  "E.npy, (n, n): solve the pencil (E - sA) x = b instead (E may be singular: "
                  "a singular E puts an eigenvalue at s = 0, a singular A one at infinity)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--method", o->method,
                  "route: auto (choose from diagnostics; never less accurate than direct), direct "
                  "(LU per shift, O(n^3) each), eig (A = V diag V^-1), schur (stable, multi-shift), "
                  "hessenberg (stable, cheapest factorisation; on a pencil the Hessenberg-triangular "
                  "form), block-diagonal (Schur form split into well-conditioned blocks), qz "
                  "(pencils: generalised Schur form; schur on a pencil runs it)")
      ->capture_default_str()->check(method_validator());
  cmd->add_option("--observe,-C", o->observe,
                  "C.npy of shape (p, n): write only C x(s), O(n p) per shift on modal routes")
      ->check(CLI::ExistingFile);
  cmd->add_option("--block", o->block, "shifts per block (default: sized for the cache)")
      ->check(CLI::Range(Index{1}, Index{1} << 24));
  cmd->add_flag("--json", o->json,
                "print one JSON object on stdout: method, reason, n, shifts, seconds{factor, "
                "sweep, total}, diagnostics, flagged[{index, cond}]");
  cmd->add_flag("--quiet,-q", o->quiet, "no progress meter (it is drawn only on a terminal anyway)");
  cmd->callback([o] { run_sweep(*o); });
}

}  // namespace specsweep::app
