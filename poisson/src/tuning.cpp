#include "specsweep/poisson/tuning.hpp"

#include <cstdlib>

namespace specsweep::poisson::tuning {

Index env_index(const char* name, Index fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  const long long x = std::strtoll(v, &end, 10);
  return (end && *end == '\0' && x > 0) ? Index(x) : fallback;
}

}  // namespace specsweep::poisson::tuning
