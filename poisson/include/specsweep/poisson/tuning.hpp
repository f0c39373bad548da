#pragma once
// Every tuning knob of the Poisson front end, named in one place.
//   SPECSWEEP_SUMMA_BLOCK  block-cyclic block size nb      (default kDefaultBlock)
//   SPECSWEEP_SUMMA_PANEL  SUMMA panel width, <= nb        (default kDefaultPanel)
// Defaults come from bench/poisson (bench_summa_pdgemm --panel sweep) on a 2-core machine.
#include "specsweep/types.hpp"

namespace specsweep::poisson::tuning {

inline constexpr Index kDefaultBlock = 256;
inline constexpr Index kDefaultPanel = 128;

/// The env value of `name` if it is a positive integer, else `fallback`.
Index env_index(const char* name, Index fallback);

}  // namespace specsweep::poisson::tuning
