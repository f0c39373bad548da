#include "summary_json.hpp"

#include <cmath>

namespace specsweep::app {
namespace {

nlohmann::ordered_json number_or_null(double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(); }

}  // namespace

nlohmann::ordered_json diagnostics_json(const Diagnostics& d) {
  return {
      {"n", d.n},
      {"real", d.real},
      {"hermitian", d.hermitian},
      {"product_form", d.product_form},
      {"norm_fro", number_or_null(d.norm_fro)},
      {"departure_from_normality", number_or_null(d.departure_from_normality)},
      {"kappa_V", number_or_null(d.kappa_V)},
      {"spectral_radius", number_or_null(d.spectral_radius)},
      {"pencil", d.pencil},
      {"norm_fro_E", number_or_null(d.norm_fro_E)},
      {"zero_eigenvalues", d.zero_eigenvalues},
      {"infinite_eigenvalues", d.infinite_eigenvalues},
  };
}

nlohmann::ordered_json flagged_json(const std::vector<ShiftFlag>& flags) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const ShiftFlag& f : flags) out.push_back({{"index", f.index}, {"cond", number_or_null(f.cond_estimate)}});
  return out;
}

double seconds_between(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

}  // namespace specsweep::app
