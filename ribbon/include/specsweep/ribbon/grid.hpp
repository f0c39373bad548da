#pragma once
// Evenly spaced grids: the default (E_F, hw) grids of the studies and the from:to:count form
// that every front end accepts.
#include <vector>

#include "specsweep/types.hpp"

namespace specsweep::ribbon {

/// `count` evenly spaced values from `from` to `to` inclusive (just `from` when count is 1).
/// Value i is from + (to - from) i / (count - 1); the last is `to` exactly.
std::vector<double> linspace(double from, double to, Index count);

}  // namespace specsweep::ribbon
