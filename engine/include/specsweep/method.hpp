#pragma once
// Which factorisation a Resolvent uses (Method: what the user asks for) and what it actually
// runs (Route: the method refined by the structure it found).
#include <string>
#include <string_view>

namespace specsweep {

enum class Method {
  Auto,        ///< pick from diagnostics; never less accurate than Direct
  Direct,      ///< LU of (I - sA) for every shift: O(n^3) per shift, the reference
  Eig,         ///< A = V diag(lambda) V^-1; O(n^2) per shift (O(nk) projected); error grows with kappa(V)
  Schur,       ///< A = Q T Q^*; multi-shift blocked back-substitution; backward stable
  Hessenberg,  ///< A = Q H Q^T; Givens solve per shift, O(n^2); backward stable, cheapest factor
  Qz,          ///< pencils: E = Q S Z^*, A = Q T Z^* (QZ); multi-shift blocked back-substitution
               ///< on S - sT; backward stable. On a plain A it factors the pencil (I, A).
};

enum class Route {
  Direct,
  Eig,                    ///< general eigendecomposition (geev)
  EigHermitian,           ///< A = A^*: syevd/heevd, unitary V, stable
  EigSymmetricDefinite,   ///< A = V D, V SPD, D symmetric: Cholesky reduction + syevd
  Schur,                  ///< real (quasi-triangular) or complex Schur form
  Hessenberg,
  Qz,                     ///< generalised Schur form of the pencil (E, A)
};

std::string to_string(Method m);
std::string to_string(Route r);
/// Parses "auto", "direct", "eig", "schur", "hessenberg", "qz"; throws Error on anything else.
Method parse_method(std::string_view name);

}  // namespace specsweep
