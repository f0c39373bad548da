// `specsweep calibrate`: measures the engine's machine-dependent switch points on this machine
// and writes them as a tuning file, which sweep and check then read by default.
//
//   hessenberg_crossover      k* = (F_schur - F_hess) / (c_hess - c_schur) at n = 128, 256, 512:
//                             factorisation times F and per-shift sweep costs c, full x, one rhs
//   pencil_hessenberg_crossover  the same for pencils (E - sA), Hessenberg-triangular against qz,
//                             at n = 100, 200, 500
//   gees_single_thread_max_n  the largest n below which threads never make the Schur
//                             factorisation clearly (20 %) faster; twice the largest n timed
//                             when they never do
//   threaded_sweep_min_n      the smallest n at which a one-block sweep (few shifts) is faster
//                             with threaded BLAS than single-threaded
// Every figure is the best of three wall-clock runs. Block sizes keep their compiled defaults.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <vector>

#include "commands.hpp"
#include "engine_options.hpp"
#include "specsweep/error.hpp"
#include "specsweep/io/npy.hpp"
#include "specsweep/resolvent.hpp"

namespace specsweep::app {
namespace {

struct CalibrateOptions {
  std::string out;
  bool dry_run = false;
  bool quick = false;
  EngineOptions engine;
};

MatrixXd random_matrix(Index n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0.0, 1.0 / std::sqrt(static_cast<double>(n)));
  MatrixXd A(n, n);
  for (Index j = 0; j < n; ++j)
    for (Index i = 0; i < n; ++i) A(i, j) = g(rng);
  return A;
}

// |s lambda| <= ~0.5 for a spectral radius near 1: every shift well conditioned.
std::vector<cplx> circle_shifts(Index k) {
  std::vector<cplx> s(static_cast<size_t>(k));
  for (Index j = 0; j < k; ++j) s[static_cast<size_t>(j)] = std::polar(0.5, 2.0 * M_PI * (j + 0.5) / k);
  return s;
}

template <class F>
double best_of_three(F&& f) {
  double best = INFINITY;
  for (int r = 0; r < 3; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

struct RouteCost {
  double factor_s, per_shift_s;
};

// The standard form (I - sA), or the pencil (E - sA) when E is given.
RouteCost route_cost(const MatrixXd& A, Method m, const Options& base, Index shifts,
                     const MatrixXd* E = nullptr) {
  Options o = base;
  o.method = m;
  const MatrixXcd b = MatrixXcd::Ones(A.rows(), 1);
  const std::vector<cplx> s = circle_shifts(shifts);
  std::unique_ptr<Resolvent> r;
  const double factor = best_of_three(
      [&] { r = E ? std::make_unique<Resolvent>(*E, A, o) : std::make_unique<Resolvent>(A, o); });
  const double sweep = best_of_three([&] { r->sweep(s, b, nullptr, {}); });
  return {factor, sweep / static_cast<double>(shifts)};
}

void run_calibrate(const CalibrateOptions& o) {
  Options base;
  const std::string tuning_in = apply_engine_options(o.engine, base);
  const std::string out = o.out.empty() ? default_tuning_path() : o.out;
  if (!o.dry_run) {
    if (out.empty()) throw Error("calibrate: no --out given and no HOME to write the tuning file under");
    const auto dir = std::filesystem::path(out).parent_path();
    std::error_code ec;
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    if (ec) throw Error(fmt::format("{}: cannot create directory '{}': {}", out, dir.string(), ec.message()), ErrorKind::Output);
    io::check_output_path(out);
  }
  Tuning t = base.tuning;
  fmt::print(stderr, "calibrate: starting from {}; {} on 2 cores\n", tuning_in,
             o.quick ? "a few seconds" : "about a minute");

  // 1. Hessenberg/Schur crossover, full x, one right-hand side.
  fmt::print("{:>6} {:>12} {:>12} {:>14} {:>14} {:>10}\n", "n", "schur fac s", "hess fac s",
             "schur us/shift", "hess us/shift", "crossover");
  t.hessenberg_crossover.clear();
  const std::vector<Index> crossover_n = o.quick ? std::vector<Index>{64, 128} : std::vector<Index>{128, 256, 512};
  const std::vector<Index> gees_n = o.quick ? std::vector<Index>{128, 256} : std::vector<Index>{256, 512, 768, 1024};
  const std::vector<Index> sweep_n = o.quick ? std::vector<Index>{64, 128} : std::vector<Index>{128, 256, 512, 1024};
  // k* = (F_slow - F_fast) / (c_fast - c_slow); the cheap factorisation always cheaper per
  // shift too (dc <= 0) wins at every count measured: keep ten times the shifts timed instead
  // of infinity.
  auto crossover = [](const RouteCost& dear, const RouteCost& cheap, Index k) {
    const double dc = cheap.per_shift_s - dear.per_shift_s;
    return dc > 0 ? std::max(0.0, (dear.factor_s - cheap.factor_s) / dc) : 10.0 * k;
  };
  const Index k = 256;
  for (Index n : crossover_n) {
    const MatrixXd A = random_matrix(n, 7);
    const RouteCost s = route_cost(A, Method::Schur, base, k);
    const RouteCost h = route_cost(A, Method::Hessenberg, base, k);
    const double kstar = crossover(s, h, k);
    t.hessenberg_crossover.emplace_back(static_cast<double>(n), std::round(kstar));
    fmt::print("{:>6} {:>12.4f} {:>12.4f} {:>14.2f} {:>14.2f} {:>10.0f}\n", n, s.factor_s, h.factor_s,
               1e6 * s.per_shift_s, 1e6 * h.per_shift_s, kstar);
  }

  // 1b. The same for a pencil (E - sA): Hessenberg-triangular against qz.
  fmt::print("\n{:>6} {:>12} {:>12} {:>14} {:>14} {:>10}\n", "n", "qz fac s", "h-t fac s",
             "qz us/shift", "h-t us/shift", "crossover");
  t.pencil_hessenberg_crossover.clear();
  const std::vector<Index> pencil_n = o.quick ? std::vector<Index>{64, 128} : std::vector<Index>{100, 200, 500};
  for (Index n : pencil_n) {
    const MatrixXd E = random_matrix(n, 17), A = random_matrix(n, 19);
    const RouteCost q = route_cost(A, Method::Qz, base, k, &E);
    const RouteCost h = route_cost(A, Method::Hessenberg, base, k, &E);
    const double kstar = crossover(q, h, k);
    t.pencil_hessenberg_crossover.emplace_back(static_cast<double>(n), std::round(kstar));
    fmt::print("{:>6} {:>12.4f} {:>12.4f} {:>14.2f} {:>14.2f} {:>10.0f}\n", n, q.factor_s, h.factor_s,
               1e6 * q.per_shift_s, 1e6 * h.per_shift_s, kstar);
  }

  // 2. Schur factorisation on one thread against all of them.
  fmt::print("\n{:>6} {:>16} {:>16}\n", "n", "gees 1 thread s", "gees threaded s");
  t.gees_single_thread_max_n = 0;
  for (Index n : gees_n) {
    const MatrixXd A = random_matrix(n, 11);
    Options single = base, threaded = base;
    single.method = threaded.method = Method::Schur;
    single.tuning.gees_single_thread_max_n = n;
    threaded.tuning.gees_single_thread_max_n = 0;
    const double t1 = best_of_three([&] { Resolvent r(A, single); });
    const double tt = best_of_three([&] { Resolvent r(A, threaded); });
    fmt::print("{:>6} {:>16.4f} {:>16.4f}\n", n, t1, tt);
    // Threads must win clearly (as for the sweep below): a narrow idle win is a large loss on a
    // busy machine, where each of the factorisation's many hand-offs waits for a time slice.
    if (!(tt < 0.8 * t1)) t.gees_single_thread_max_n = n;
    else break;
  }
  // One thread was never clearly slower: keep it for sizes well past the largest one timed.
  if (t.gees_single_thread_max_n == gees_n.back()) t.gees_single_thread_max_n = 2 * gees_n.back();
  t.gees_single_thread_max_n = std::max<Index>(t.gees_single_thread_max_n, 1);

  // 3. One-block sweeps (22 shifts): threaded BLAS against single-threaded.
  fmt::print("\n{:>6} {:>18} {:>18}\n", "n", "sweep 1 thread s", "sweep threaded s");
  Index min_n = 0;
  for (Index n : sweep_n) {
    const MatrixXd A = random_matrix(n, 13);
    const MatrixXcd b = MatrixXcd::Ones(n, 1);
    const std::vector<cplx> s = circle_shifts(22);
    Options single = base, threaded = base;
    single.method = threaded.method = Method::Hessenberg;
    single.tuning.threaded_sweep_min_n = n + 1;
    threaded.tuning.threaded_sweep_min_n = 1;
    const Resolvent r1(A, single), rt(A, threaded);
    const double t1 = best_of_three([&] { r1.sweep(s, b, nullptr, {}); });
    const double tt = best_of_three([&] { rt.sweep(s, b, nullptr, {}); });
    fmt::print("{:>6} {:>18.4f} {:>18.4f}\n", n, t1, tt);
    // Threads must win clearly: on a shared machine a narrow win turns into a loss.
    if (min_n == 0 && tt < 0.8 * t1) min_n = n;
  }
  // Threads never won clearly: keep them for sizes well past the largest one timed.
  t.threaded_sweep_min_n = min_n > 0 ? min_n : 2 * sweep_n.back();

  const std::string text = t.to_text();
  fmt::print("\n{}", text);
  if (o.dry_run) return;
  const std::string tmp = out + ".tmp";
  {
    std::ofstream f(tmp);
    f << text;
    if (!f.good()) throw Error(fmt::format("{}: write failed", tmp), ErrorKind::Output);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, out, ec);
  if (ec) throw Error(fmt::format("{}: {}", out, ec.message()), ErrorKind::Output);
  fmt::print("wrote      {} (sweep and check read it by default; --tuning FILE overrides)\n", out);
}

}  // namespace

void setup_calibrate(CLI::App& app) {
  auto o = std::make_shared<CalibrateOptions>();
  auto* cmd = app.add_subcommand(
      "calibrate",
      "Measure the engine's switch points on this machine and write a tuning file.\n"
      "It times the Schur and Hessenberg routes at n = 128, 256, 512 (their crossover in shifts),\n"
      "the qz and Hessenberg-triangular pencil routes at n = 100, 200, 500 (the same for E - sA),\n"
      "the Schur factorisation on one thread against all (up to which n threads never win by\n"
      "20 %), and small sweeps with and without threaded BLAS. sweep and check read the file by\n"
      "default; --tuning FILE picks another, --tuning builtin the compiled values. Run it on an\n"
      "idle machine.");
  cmd->add_option("--out,-o", o->out, "where to write (default: " + default_tuning_path() + ")");
  cmd->add_flag("--dry-run", o->dry_run, "measure and print the file, write nothing");
  cmd->add_flag("--quick", o->quick,
                "a rough calibration in seconds: small sizes only (n = 64 to 256), extrapolated");
  add_engine_options(*cmd, o->engine);
  cmd->callback([o] { run_calibrate(*o); });
}

}  // namespace specsweep::app
