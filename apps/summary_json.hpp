#pragma once
// JSON renderings of engine results shared by the subcommands' --json output. Quantities the
// route did not compute (NaN) and infinite condition numbers print as null.
#include <chrono>
#include <nlohmann/json.hpp>
#include <vector>

#include "specsweep/resolvent.hpp"

namespace specsweep::app {

nlohmann::ordered_json diagnostics_json(const Diagnostics& d);
/// [{"index": j, "cond": c}, ...]
nlohmann::ordered_json flagged_json(const std::vector<ShiftFlag>& flags);
/// Seconds between two steady_clock points, as a double.
double seconds_between(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b);

}  // namespace specsweep::app
