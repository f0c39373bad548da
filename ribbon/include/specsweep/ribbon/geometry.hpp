#pragma once
// The ribbon system a study runs on: R coplanar ribbons in the plane z = 0, each infinite along y,
// either isolated or repeated with period L (normal incidence), and the conductivity model that
// turns each frequency into the one scalar shift of the sweep.
//
// Lengths are in nm. Ribbon 0 sets the scale: qW means q * W_0 and the shift is built from W_0 and
// E_F,0. Every other ribbon carries its Fermi energy as the ratio E_F,r / E_F,0.
#include <vector>

namespace specsweep::ribbon {

/// One ribbon of the unit cell.
struct RibbonSpec {
  double width_nm;      ///< W_r > 0
  double gap_nm = 0;    ///< edge-to-edge gap to the previous ribbon (0 for the first); > 0 otherwise
  double ef_ratio = 1;  ///< E_F,r / E_F,0 (1 for the first ribbon)
};

/// Sheet conductivity of graphene: Drude (intraband only, T = 0 weight), or the local
/// random-phase conductivity at temperature T (intraband plus interband).
enum class Conductivity { Drude, Rpa };

/// The ribbons of one unit cell, left to right. period_nm = 0: the ribbons are isolated (one
/// finite system); period_nm > 0: the unit cell repeats with that period, which must exceed the
/// span from the first ribbon's left edge to the last ribbon's right edge.
struct Geometry {
  std::vector<RibbonSpec> ribbons;
  double period_nm = 0;  ///< 0: isolated, > 0: periodic array
};

/// The conductivity model and its temperature (K, >= 0). Under Rpa all ribbons share one E_F:
/// otherwise sigma_r / sigma_0 would depend on omega and the sweep would not have one shift.
struct ConductivityModel {
  Conductivity kind = Conductivity::Drude;
  double temperature_K = 0;
};

}  // namespace specsweep::ribbon
