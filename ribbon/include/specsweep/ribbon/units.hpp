#pragma once
// The one place for physical constants and units of the ribbon front end.
// Gaussian units; energies in eV, lengths in nm (docs/design.md#ribbon-geometry).
namespace specsweep::ribbon::units {

inline constexpr double alpha_hbar_c = 1.439965;  ///< e^2 = alpha hbar c [eV nm]
inline constexpr double hbar_c = 197.327;         ///< hbar c [eV nm]
inline constexpr double pi = 3.14159265358979323846;
inline constexpr double boltzmann = 8.617333262e-5;  ///< k_B [eV/K] (CODATA 2018, exact)

}  // namespace specsweep::ribbon::units
