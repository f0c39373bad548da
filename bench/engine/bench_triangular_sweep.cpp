// Sweep phase of the triangular-factor routes (Schur, Hessenberg) alone: the factorisation is
// done once, then the sweep is streamed to a sink that keeps nothing, so the figure is the
// route's own cost without allocating the k x n x m result. With --rhs m > 1 the same sweep is
// also timed as m separate single-column sweeps, the cost of not sharing work across columns.
// Prints one JSON object: median, min and max over the repeats of the wall time and of the
// process CPU time (all threads; on a shared machine the CPU time of a single-threaded run is
// the steadier measure of work), and the load average around the run.
//
//   bench_triangular_sweep --method schur --n 512 --shifts 2000 [--rhs 1] [--matrix gaussian]
//                          [--repeats 5] [--block 0]
//   --block: shifts per driver block (Options::block_size; 0 = the driver's choice).
//   --matrix grcar: Grcar(n, 3), the non-normal test matrix (-1 below, 1 on and 3 above the
//   diagonal); gaussian: N(0, 1/n) entries, spectral radius about 1.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "specsweep/error.hpp"
#include "specsweep/resolvent.hpp"
#include "bench_support.hpp"

using namespace specsweep;

namespace {

using bench::Clock;
using bench::load_average;
using bench::seconds_since;

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}


struct Args {
  std::string method = "schur", matrix = "gaussian";
  Index n = 512, shifts = 2000, rhs = 1, block = 0;
  int repeats = 5;
};

Args parse(int argc, char** argv) {
  Args a;
  bench::parse_arguments(argc, argv,
                         {{"--method", bench::value_of(a.method)},
                          {"--matrix", bench::value_of(a.matrix)},
                          {"--n", bench::value_of(a.n)},
                          {"--shifts", bench::value_of(a.shifts)},
                          {"--rhs", bench::value_of(a.rhs)},
                          {"--block", bench::value_of(a.block)},
                          {"--repeats", bench::value_of(a.repeats)}});
  require(a.method == "schur" || a.method == "hessenberg", "bench: --method schur|hessenberg");
  require(a.matrix == "gaussian" || a.matrix == "grcar", "bench: --matrix gaussian|grcar");
  require(a.n >= 2 && a.shifts >= 2 && a.rhs >= 1 && a.repeats >= 1 && a.block >= 0,
          "bench: need n >= 2, shifts >= 2, rhs >= 1, repeats >= 1, block >= 0");
  return a;
}

// The engine bench's Drude-shaped shifts: s = -0.3 / (hw (hw + 0.01i)), hw on [0.05, 1].
std::vector<cplx> drude_shifts(Index k) {
  std::vector<cplx> s(static_cast<size_t>(k));
  for (Index j = 0; j < k; ++j) {
    const double hw = 0.05 + 0.95 * double(j) / double(k - 1);
    s[static_cast<size_t>(j)] = -0.3 / (hw * cplx(hw, 0.01));
  }
  return s;
}

MatrixXd make_matrix(const Args& a) {
  const Index n = a.n;
  if (a.matrix == "grcar") {
    MatrixXd G = MatrixXd::Zero(n, n);
    for (Index i = 0; i < n; ++i) {
      if (i > 0) G(i, i - 1) = -1;
      for (Index j = i; j <= std::min(n - 1, i + 3); ++j) G(i, j) = 1;
    }
    return G;
  }
  std::mt19937_64 gen(1);
  std::normal_distribution<double> N01;
  return MatrixXd::NullaryExpr(n, n, [&] { return N01(gen) / std::sqrt(double(n)); });
}

struct Stats {
  double median = 0, min = 0, max = 0;
};

Stats stats(std::vector<double> t) {
  std::sort(t.begin(), t.end());
  const size_t h = t.size() / 2;
  return {t.size() % 2 ? t[h] : 0.5 * (t[h - 1] + t[h]), t.front(), t.back()};
}

std::string stats_json(const Stats& s) {
  return fmt::format("{{\"median_s\": {:.5f}, \"min_s\": {:.5f}, \"max_s\": {:.5f}}}", s.median,
                     s.min, s.max);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args a = parse(argc, argv);
    const MatrixXd A = make_matrix(a);
    std::mt19937_64 gen(2);
    std::normal_distribution<double> N01;
    const MatrixXcd B =
        MatrixXcd::NullaryExpr(a.n, a.rhs, [&] { return cplx(N01(gen), N01(gen)); });
    const std::vector<cplx> s = drude_shifts(a.shifts);
    Options o;
    o.method = a.method == "schur" ? Method::Schur : Method::Hessenberg;
    o.expected_shifts = a.shifts;
    o.block_size = a.block;
    const double load_before = load_average();
    auto t0 = Clock::now();
    const Resolvent R(A, o);
    const double factor = seconds_since(t0);
    double guard = 0;  // consume the stream so nothing is optimised away
    auto sink = [&](Index, Index count, const cplx* block) {
      guard += std::abs(block[0]) + double(count);
    };

    std::vector<double> together, separate, together_cpu, separate_cpu;
    for (int r = 0; r < a.repeats; ++r) {
      t0 = Clock::now();
      double c0 = cpu_seconds();
      R.sweep(s, B, nullptr, sink);
      together.push_back(seconds_since(t0));
      together_cpu.push_back(cpu_seconds() - c0);
      if (a.rhs > 1) {
        t0 = Clock::now();
        c0 = cpu_seconds();
        for (Index c = 0; c < a.rhs; ++c) R.sweep(s, MatrixXcd(B.col(c)), nullptr, sink);
        separate.push_back(seconds_since(t0));
        separate_cpu.push_back(cpu_seconds() - c0);
      }
    }
    std::string out = fmt::format(
        "{{\n  \"bench\": \"triangular_sweep\", \"method\": \"{}\", \"matrix\": \"{}\", \"n\": {}, "
        "\"shifts\": {}, \"rhs\": {}, \"repeats\": {},\n  \"factor_s\": {:.5f},\n"
        "  \"sweep\": {},\n  \"sweep_cpu\": {}",
        a.method, a.matrix, a.n, a.shifts, a.rhs, a.repeats, factor, stats_json(stats(together)),
        stats_json(stats(together_cpu)));
    if (a.rhs > 1)
      out += fmt::format(
          ",\n  \"sweep_one_column_at_a_time\": {},\n  \"sweep_one_column_at_a_time_cpu\": {}",
          stats_json(stats(separate)), stats_json(stats(separate_cpu)));
    out += fmt::format(
        ",\n  \"load_average_before\": {:.2f}, \"load_average_after\": {:.2f}{}\n}}\n", load_before,
        load_average(), std::isfinite(guard) ? "" : ", \"non_finite_output\": true");
    std::cout << out;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench_triangular_sweep: " << e.what() << "\n";
    return 1;
  }
}
