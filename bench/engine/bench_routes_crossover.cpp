// Where does the Hessenberg route stop beating the Schur route, and how close does the
// multi-shift Schur sweep come to the eig route's GEMM sweep? For n in {128, 256, 512} and
// k in {10, 100, 1000, 10000} Drude-shaped shifts on one real A, times factor and sweep of
// schur, hessenberg and eig in the same run and prints JSON:
//   runs[]      : n, shifts, route, factor_s, sweep_s, total_s (best of the repeats)
//   ratios[]    : schur sweep / eig sweep per (n, k)  (target: <= 1.5)
//   crossover[] : per n, the shift count below which hessenberg (factor + sweep) is faster
//                 than schur, from t(k) = factor + k * (sweep per shift at the largest k)
// Usage: bench_routes_crossover [--quick]   (--quick: n in {128, 256}, k up to 1000)
#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "specsweep/resolvent.hpp"
#include "bench_support.hpp"

using namespace specsweep;

namespace {

using bench::load_average;

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

MatrixXd random_real(Index n, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> N01;
  return MatrixXd::NullaryExpr(n, n, [&] { return N01(gen) / std::sqrt(double(n)); });
}

// s = -0.3 / (hw (hw + 0.01i)), hw evenly spaced on [0.05, 1]: the Drude shape, scaled
// so |s| rho(A) stays of order one like the ribbon's.
std::vector<cplx> drude_shifts(Index k) {
  std::vector<cplx> s;
  for (Index j = 0; j < k; ++j) {
    const double hw = 0.05 + 0.95 * double(j) / double(std::max<Index>(1, k - 1));
    s.push_back(-0.3 / (hw * cplx(hw, 0.01)) / 30.0);
  }
  return s;
}

struct Timing {
  double factor = std::numeric_limits<double>::infinity();
  double sweep = std::numeric_limits<double>::infinity();
};

Timing time_route(const MatrixXd& A, const MatrixXcd& b, const std::vector<cplx>& s, Method m,
                  int repeats) {
  Timing best;
  Options o;
  o.method = m;
  o.expected_shifts = static_cast<Index>(s.size());
  for (int r = 0; r < repeats; ++r) {
    const double t0 = now();
    const Resolvent R(A, o);
    const double t1 = now();
    double sink_guard = 0;  // consume the stream so nothing is optimised away
    R.sweep(s, b, nullptr, [&](Index, Index count, const cplx* block) {
      sink_guard += std::abs(block[0]) + double(count);
    });
    const double t2 = now();
    if (!std::isfinite(sink_guard)) fmt::print(stderr, "non-finite output\n");
    best.factor = std::min(best.factor, t1 - t0);
    best.sweep = std::min(best.sweep, t2 - t1);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const std::vector<Index> sizes = quick ? std::vector<Index>{128, 256}
                                         : std::vector<Index>{128, 256, 512};
  const std::vector<Index> counts = quick ? std::vector<Index>{10, 100, 1000}
                                          : std::vector<Index>{10, 100, 1000, 10000};
  const std::vector<std::pair<Method, std::string>> routes = {
      {Method::Schur, "schur"}, {Method::Hessenberg, "hessenberg"}, {Method::Eig, "eig"}};

  const double load_before = load_average();
  std::string runs, ratios, crossover;
  for (Index n : sizes) {
    const MatrixXd A = random_real(n, 7);
    std::mt19937 gen(3);
    std::normal_distribution<double> N01;
    const MatrixXcd b = MatrixXcd::NullaryExpr(n, 1, [&] { return cplx(N01(gen), 0.0); });
    std::map<std::string, std::map<Index, Timing>> t;
    for (Index k : counts) {
      const auto s = drude_shifts(k);
      const int repeats = k * n * n <= Index(1) << 28 ? 3 : 1;
      for (const auto& [m, name] : routes) {
        const Timing tm = time_route(A, b, s, m, repeats);
        t[name][k] = tm;
        runs += fmt::format(
            "{}    {{\"n\": {}, \"shifts\": {}, \"route\": \"{}\", \"factor_s\": {:.5f}, "
            "\"sweep_s\": {:.5f}, \"total_s\": {:.5f}}}",
            runs.empty() ? "" : ",\n", n, k, name, tm.factor, tm.sweep, tm.factor + tm.sweep);
      }
      ratios += fmt::format("{}    {{\"n\": {}, \"shifts\": {}, \"schur_sweep_over_eig_sweep\": {:.3f}, "
                            "\"schur_total_over_eig_total\": {:.3f}}}",
                            ratios.empty() ? "" : ",\n", n, k,
                            t["schur"][k].sweep / t["eig"][k].sweep,
                            (t["schur"][k].factor + t["schur"][k].sweep) /
                                (t["eig"][k].factor + t["eig"][k].sweep));
    }
    // Linear cost model per route: factor (median over the runs) + k * per-shift sweep (at the
    // largest k, where fixed costs no longer blur it).
    auto model = [&](const std::string& name) {
      std::vector<double> f;
      for (const auto& [k, tm] : t[name]) f.push_back(tm.factor);
      std::nth_element(f.begin(), f.begin() + Index(f.size()) / 2, f.end());
      const Index kmax = counts.back();
      return std::pair<double, double>{f[f.size() / 2], t[name][kmax].sweep / double(kmax)};
    };
    const auto [fs, cs] = model("schur");
    const auto [fh, ch] = model("hessenberg");
    const double cross = ch > cs ? (fs - fh) / (ch - cs) : std::numeric_limits<double>::infinity();
    // Also the first measured k at which schur's total is below hessenberg's.
    Index first_schur_win = -1;
    for (Index k : counts)
      if (first_schur_win < 0 && t["schur"][k].factor + t["schur"][k].sweep <
                                     t["hessenberg"][k].factor + t["hessenberg"][k].sweep)
        first_schur_win = k;
    crossover += fmt::format(
        "{}    {{\"n\": {}, \"schur_factor_s\": {:.5f}, \"hessenberg_factor_s\": {:.5f}, "
        "\"schur_sweep_per_shift_us\": {:.3f}, \"hessenberg_sweep_per_shift_us\": {:.3f}, "
        "\"hessenberg_beats_schur_below\": {:.0f}, \"first_measured_k_where_schur_wins\": {}}}",
        crossover.empty() ? "" : ",\n", n, fs, fh, cs * 1e6, ch * 1e6, cross, first_schur_win);
  }
  fmt::print("{{\n  \"bench\": \"routes_crossover\",\n  \"threads\": {},\n"
             "  \"load_average_before\": {:.2f},\n  \"load_average_after\": {:.2f},\n"
             "  \"runs\": [\n{}\n  ],\n  \"ratios\": [\n{}\n  ],\n  \"crossover\": [\n{}\n  ]\n}}\n",
             omp_get_max_threads(), load_before, load_average(), runs, ratios, crossover);
  return 0;
}
