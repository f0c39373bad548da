// The emitter study above a dimer (2 x 256 cells, gap 10 nm, emitter 10 nm above the gap's
// centre) against one ribbon of 256 cells (emitter above its centre), both on the seed's grid:
// 65 q-points, 16 Fermi energies, 2000 photon energies. Prints JSON with both wall times and
// their ratio; the target is a ratio of at most 4. Best of REPS runs each (default 3).
#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>

#include "specsweep/ribbon/emitter.hpp"
#include "bench_support.hpp"

using namespace specsweep;
using namespace specsweep::ribbon;

namespace {

std::vector<double> grid(double from, double to, int count) {
  std::vector<double> v(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) v[size_t(i)] = from + (to - from) * i / (count - 1);
  return v;
}

using bench::load_average;

template <class F>
double best_of(int reps, F&& run, EmitterResult& out) {
  double best = 1e300;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    out = run();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

}  // namespace

int main() {
  const int reps = std::getenv("REPS") ? std::max(1, std::atoi(std::getenv("REPS"))) : 3;
  EmitterSetup s;
  s.cells = 256;
  s.fermi_eV = grid(0.1, 0.6, 16);
  s.hw_eV = grid(0.05, 0.4, 2000);
  s.q_points = 65;
  const double load0 = load_average();

  EmitterResult single, dimer;
  const double t_single = best_of(reps, [&] { return run_emitter_study(s); }, single);

  RibbonSystem sys = single_ribbon(s.width_nm, s.cells);
  sys.geometry.ribbons.push_back(RibbonSpec{s.width_nm, 10.0, 1.0});
  EmitterSetup above_gap = s;
  above_gap.emitter_x_nm = s.width_nm + 5.0;
  const double t_dimer = best_of(
      reps, [&] { return run_emitter_study(above_gap, sys, Surroundings::uniform(s.eps_eff)); }, dimer);

  fmt::print(R"({{
 "bench": "ribbon_dimer_emitter",
 "grid": {{"cells_per_ribbon": {}, "q_points": {}, "fermi": {}, "hw": {}}},
 "threads": {},
 "reps": {},
 "load_average_1min": {},
 "single": {{"wall_s": {:.4f}, "route": "{}", "best_fermi_eV": {:.4f}}},
 "dimer": {{"gap_nm": 10, "wall_s": {:.4f}, "route": "{}", "best_fermi_eV": {:.4f}}},
 "ratio": {:.3f},
 "goal_within_4x": {},
 "load_average_1min_end": {}
}}
)",
             s.cells, s.q_points, s.fermi_eV.size(), s.hw_eV.size(), omp_get_max_threads(), reps,
             load0, t_single, single.route, s.fermi_eV[size_t(single.best)], t_dimer, dimer.route,
             s.fermi_eV[size_t(dimer.best)], t_dimer / t_single, t_dimer <= 4 * t_single ? "true" : "false",
             load_average());
}
