#pragma once
// Test pencils (E - sA) on which pencil solvers are known to struggle, each built from its
// formula or its physics so a reader can check it; none comes from specsweep output.
#include <string>
#include <vector>

#include "specsweep/types.hpp"

namespace specsweep::testing {

struct NamedPencil {
  std::string name;
  MatrixXcd E, A;
  bool real = true;
  bool symmetric_definite = false;  ///< E, A symmetric, one definite: auto may take the modal route
};

/// E = U diag(1, ..., 1, tiny...) V^T: nearly singular, `small` the trailing singular values.
MatrixXd nearly_singular(Index n, const std::vector<double>& small, unsigned seed);
/// RLC ladder in modified nodal analysis, G + s C with s = i omega: `sections` sections of a
/// series resistor R and inductor L and a shunt capacitor C, driven by a voltage source, ended
/// by a load resistor. Unknowns: node voltages, inductor currents, the source current
/// (n = 3 sections + 2). Sweep form: E = G (nonsingular), A = -C (singular: resistor-only
/// nodes and the source current carry no storage, eigenvalues at s = inf).
void rlc_ladder_mna(Index sections, double R, double L, double C, MatrixXd& G, MatrixXd& Cmna);
/// Mass-spring chain fixed at both ends: stiffness K (springs k_i) and diagonal mass M
/// (masses m_i), so K - omega^2 M is symmetric with M SPD.
void mass_spring_chain(Index n, MatrixXd& K, MatrixXd& M);
/// The hard pencils of the contract test.
std::vector<NamedPencil> hard_pencils();

/// Generalised eigenvalues s_j of det(E - s A) = 0, by Eigen's own QZ (real) or by the
/// eigenvalues of A^-1 E (complex, A invertible): independent of the LAPACK-based routes.
/// Infinite ones are dropped.
VectorXcd reference_pencil_eigenvalues(const NamedPencil& p);
/// Shifts for an accuracy sweep of a pencil: spread over the finite spectrum's scale, 0, and
/// near-resonant s = lambda (1 + delta) around a few eigenvalues (kappa(s) up to and past
/// 1/eps).
std::vector<cplx> pencil_accuracy_shifts(const NamedPencil& p);

}  // namespace specsweep::testing
