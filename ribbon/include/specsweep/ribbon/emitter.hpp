#pragma once
// The emitter study (docs/design.md#ribbon-emitter): a point dipole p at r_s = (x_s, 0, z_s)
// above a ribbon of width W (0 <= x <= W, z = 0), orientation theta in the x-z plane from z.
// Gaussian units, energies in eV, lengths in nm; fields are per unit dipole moment [1/nm^3].
//
// Per wavevector q along the ribbon (fields ~ e^{iqy}):
//   phi_ext^b(x_i) = p_b . grad_{r_s} (2/eps) K0(|q| rho_i),  rho_i^2 = (x_i - x_s)^2 + z_s^2
//                  = -(2/eps) g_i (r_s - r_i)_b,           g = |q| K1(|q| rho)/rho (-> 1/rho^2)
//   (I - EE A(q)) phi_tot^b = phi_ext^b                      (one factorisation per q)
//   rho^b = (EE/W) D phi_tot^b   (charge over eps: its potential is 2 K0 with no 1/eps)
//   E_a(r) = sum_j W h rho_j 2 g(r, r_j) (r - r_j)_a         (midpoint rule over the cells)
// so at the emitter G_ab(q) = E_a^b = EE * (-eps h phi_ext^a)^T D phi_tot^b: the observer rows
// are bound once per q and each (q, E_F, hw) costs O(N). Everything is even in q, and
//   G_ab(hw) = int dq/2pi G_ab(q) = (1/pi) int_0^qmax G_ab(q) dq        (see q_quadrature.hpp).
// Observables:
//   Purcell  F(hw) = 1 + (3/2) (hbar c/hw)^3 Im(p^T G p)   (theta average: (G_xx + G_zz)/2,
//            exact because p^T G p is a quadratic form in (sin theta, cos theta));
//   intensity at r_o = (x_o, 0, z_o), z_o > 0: |E_ext(r_o) + E_ind(r_o)|^2 with E_ext the bare
//            dipole field (3 n (n.p) - p)/R^3 (theta average: (|E^x|^2 + |E^z|^2)/2).
//   P(E_F) = int dhw S(hw) obs(hw), S = Lorentzian(hw_e, gamma_e) x cross section, normalised
//            to unit area on the hw grid (trapezoid), so P is the line-averaged observable.
// Cost per q node: O(N^2) assembly, one O(N^3) factorisation, then O(N) per (E_F, hw) for the
// 4 (8 with an observation point) outputs; memory O(N^2) per thread plus the sums,
// n_EF n_hw slots complex values per thread.
#include <optional>
#include <string>
#include <vector>

#include "specsweep/resolvent.hpp"
#include "specsweep/ribbon/geometry.hpp"
#include "specsweep/ribbon/grid.hpp"
#include "specsweep/ribbon/dielectric.hpp"
#include "specsweep/ribbon/q_quadrature.hpp"
#include "specsweep/ribbon/system.hpp"
#include "specsweep/types.hpp"

namespace specsweep::ribbon {

enum class EmitterObservable { Purcell, Intensity };

/// The study's parameters; the initialisers are the defaults of every front end (the table in
/// parameters.hpp reads them).
struct EmitterSetup {
  // ribbon
  double width_nm = 100.0;     ///< W_0: the one ribbon's width, or the first of geometry's
  double eps_eff = 2.45;       ///< mean of the dielectric constants above and below
  double gamma_eV = 0.010;     ///< Drude damping hbar/tau
  Index cells = 200;
  Geometry geometry;           ///< no ribbons listed: one isolated ribbon of width_nm
  /// The media below and above the ribbons; when either is given, eps_eff(hw) =
  /// (superstrate + substrate)/2 replaces eps_eff (a side not given is vacuum).
  MediumSpec substrate, superstrate;
  ConductivityModel conductivity;
  // emitter
  double emitter_x_nm = 50.0;  ///< from the left edge; W/2 is the centre
  double emitter_z_nm = 10.0;
  std::optional<double> orientation_deg;  ///< from the z axis; empty = average over theta
  double line_center_eV = 0.20;
  double line_width_eV = 0.02;            ///< FWHM of the Lorentzian line
  std::vector<double> cross_section;      ///< empty, or one factor per hw
  std::optional<double> observation_x_nm, observation_z_nm;  ///< both or neither
  EmitterObservable observable = EmitterObservable::Purcell;
  // grids
  std::vector<double> fermi_eV = linspace(0.1, 0.6, 11);
  std::vector<double> hw_eV = linspace(0.05, 0.4, 351);  ///< 1 meV steps
  Index q_points = 65;
  double q_max_per_nm = 0;   ///< 0: 8 / z_s, where exp(-2 q z_s) has decayed to 1e-7
  double q_scale_per_nm = 0; ///< 0: 1 / W
  Options engine;            ///< method for the per-q factorisation

  bool has_observation() const { return observation_x_nm.has_value(); }
  double q_max() const { return q_max_per_nm > 0 ? q_max_per_nm : 8.0 / emitter_z_nm; }
  double q_scale() const { return q_scale_per_nm > 0 ? q_scale_per_nm : 1.0 / width_nm; }
};

/// Checks every field: positive finite widths, heights, energies and line parameters, cells in
/// [8, 20000], strictly increasing hw, a cross section of one value >= 0 per hw, an observation
/// point with both coordinates (z > 0, not at the emitter), q_points = 4k + 1 >= 5.
/// @throws Error (kind Input) "<key>: <problem>" for the first invalid one (key as in the TOML
///         file)
void validate(const EmitterSetup& setup);

/// Outputs per (E_F, hw): the 2x2 field tensor at the emitter, then (with an observation
/// point) the 2x2 field at r_o; slot = 2 * component + source orientation, x = 0, z = 1.
Index emitter_slots(const EmitterSetup& setup);

/// Partial q-integrals over the nodes `q_nodes` of `rule`, with the fine and the coarse weights
/// (1/pi included): [fermi][hw][slot], row-major. Sums over disjoint node sets add up.
/// Threads split the nodes (single-threaded BLAS inside each); the result is reproducible for a
/// given thread count.
/// @throws Error (kind Input) if setup is invalid; kind Internal for a node index outside the
///         rule (a caller's bug)
struct EmitterSums {
  std::vector<cplx> fine, coarse;
  std::string route, reason;  ///< of the first factorisation done here (empty if none)
};
EmitterSums emitter_q_sums(const EmitterSetup& setup, const QRule& rule,
                           const std::vector<Index>& q_nodes);

/// The same above a system of isolated ribbons (system.hpp) in dispersive surroundings: x is
/// measured from ribbon 0's left edge (the emitter may sit above a gap), the cells are each
/// ribbon's own, rho~ = (s/W0) K phi, the shift is s(hw) of the conductivity model and every
/// 1/eps of the formulas above is 1/eps_eff(hw) (a scalar per hw, applied to each output).
/// setup supplies the emitter, observation, grids, Gamma and method; its width_nm must equal W0
/// (the q grid's default scale is 1/width_nm), and its eps_eff and cells are replaced by medium
/// and system. Arrays are rejected: they are modelled at q = 0 only. One factorisation per q
/// (per q and E_F for Drude at T > 0 with unequal E_F).
EmitterSums emitter_q_sums(const EmitterSetup& setup, const RibbonSystem& system,
                           const Surroundings& medium, const QRule& rule,
                           const std::vector<Index>& q_nodes);

struct EmitterResult {
  std::vector<double> fermi_eV, hw_eV;
  MatrixXd observable;        ///< fermi x hw: F(hw) or the intensity [1/nm^6]
  MatrixXd observable_error;  ///< fermi x hw: |fine - coarse q rule|
  VectorXd P, P_error;        ///< per E_F
  Index best = 0;             ///< index of the E_F with the largest P
  std::string route, reason;
};
/// Observables, their q-error estimates and P(E_F) from the complete sums. O(n_EF n_hw).
/// @throws Error (kind Input) if the cross section vanishes on the whole hw grid; kind Internal
///         if sums does not match setup's grids (a caller's bug)
EmitterResult finish_emitter_study(const EmitterSetup& setup, const EmitterSums& sums);

/// The whole study in this process: every q node, then finish.
/// @throws Error (kind Input) as validate
EmitterResult run_emitter_study(const EmitterSetup& setup);
EmitterResult run_emitter_study(const EmitterSetup& setup, const RibbonSystem& system,
                                const Surroundings& medium);

/// make_q_rule(q_points, q_scale(), q_max()) for the setup.
QRule emitter_q_rule(const EmitterSetup& setup);

}  // namespace specsweep::ribbon
