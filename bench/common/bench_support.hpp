#pragma once
// What the benches share: the clock, the machine's load (every JSON records it: the figures are
// only as good as the machine was quiet), "--name value" arguments, and SLICOT's TB05AD, the
// in-process peer of the engine and state-space benches.
#include <fmt/format.h>

#include <chrono>
#include <complex>
#include <cstddef>
#include <cstdio>
#include <functional>
#include <map>
#include <string>

#include "specsweep/error.hpp"

namespace specsweep::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// 1-minute load average, -1 when /proc/loadavg cannot be read.
inline double load_average() {
  double l = -1;
  if (FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf", &l) != 1) l = -1;
    std::fclose(f);
  }
  return l;
}

/// What one argument does with its value ("" for a switch).
struct Argument {
  std::function<void(const std::string&)> set;
  bool takes_value = true;
};
template <class T>
Argument value_of(T& target) {
  return {[&target](const std::string& v) {
    if constexpr (std::is_same_v<T, std::string>) target = v;
    else if constexpr (std::is_floating_point_v<T>) target = T(std::stod(v));
    else target = T(std::stoll(v));
  }};
}
inline Argument switch_of(bool& target) {
  return {[&target](const std::string&) { target = true; }, false};
}

/// "--name value" and "--switch" arguments into their targets; an unknown name or a missing
/// value throws Error naming it.
inline void parse_arguments(int argc, char** argv, const std::map<std::string, Argument>& known) {
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    const auto it = known.find(k);
    require(it != known.end(), fmt::format("bench: unknown argument {}", k));
    if (!it->second.takes_value) {
      it->second.set("");
      continue;
    }
    require(i + 1 < argc, fmt::format("bench: {} needs a value", k));
    it->second.set(argv[++i]);
  }
}

}  // namespace specsweep::bench

extern "C" {
// SLICOT TB05AD (Fortran 77): G = C (freq I - A)^-1 B, A reduced to Hessenberg form on the first
// call (INITA = 'G') and reused afterwards (INITA = 'H'). Trailing hidden CHARACTER lengths.
void tb05ad_(const char* baleig, const char* inita, const int* n, const int* m, const int* p,
             const std::complex<double>* freq, double* a, const int* lda, double* b,
             const int* ldb, double* c, const int* ldc, double* rcond, std::complex<double>* g,
             const int* ldg, double* evre, double* evim, std::complex<double>* hinvb,
             const int* ldhinv, int* iwork, double* dwork, const int* ldwork,
             std::complex<double>* zwork, const int* lzwork, int* info, std::size_t baleig_len,
             std::size_t inita_len);
}
