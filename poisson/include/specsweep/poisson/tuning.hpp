#pragma once
// Every tuning knob of the Poisson front end, named in one place.
//   SPECSWEEP_SUMMA_BLOCK  block-cyclic block size nb      (default kDefaultBlock)
//   SPECSWEEP_SUMMA_PANEL  SUMMA panel width, <= nb        (default kDefaultPanel)
// Defaults come from bench/poisson (bench_summa_pdgemm's panel sweep at n = 2048, nb = 256,
// 2x1 and 2x2 grids on 2 cores): 256 ran 13.3 GFLOP/s, 128: 11.6-12.9, 64: 10.3-12.4,
// 32: 9.2-9.5. Narrower panels stay available for grids where latency hiding pays.
#include "specsweep/types.hpp"

namespace specsweep::poisson::tuning {

inline constexpr Index kDefaultBlock = 256;
inline constexpr Index kDefaultPanel = 256;

/// The env value of `name` if it is a positive integer, else `fallback` (an unset, empty or
/// malformed value is not an error). Reads the environment only; changes nothing.
Index env_index(const char* name, Index fallback);

}  // namespace specsweep::poisson::tuning
