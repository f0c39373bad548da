#pragma once
// Which factorisation a Resolvent uses (Method: what the user asks for) and what it actually
// runs (Route: the method refined by the structure it found). The maths, costs and stability
// of every route: docs/design.md#routes; how Auto chooses: docs/design.md#auto. Costs below are
// for n x n A, per shift and right-hand side, full x (O(n p) per shift with p outputs on the
// modal routes, docs/design.md#projection).
#include <string>
#include <string_view>

namespace specsweep {

/// What the caller asks for.
enum class Method {
  Auto,        ///< pick from diagnostics: the cheapest route within the accuracy contract
  Direct,      ///< LU of (I - sA) for every shift: nothing factored once, O(n^3) per shift
  Eig,         ///< A = V diag(lambda) V^-1 (geev); O(n^2) per shift (O(np) projected); error grows
               ///< with kappa(V), outside the accuracy contract. On Hermitian A: EigHermitian
  Schur,       ///< A = Q T Q^* (gees, O(n^3)); multi-shift blocked back-substitution, O(n^2) per
               ///< shift at GEMM speed; backward stable
  Hessenberg,  ///< A = Q H Q^* (gehrd, the cheapest O(n^3) factorisation); Givens (Henry) solve,
               ///< O(n^2) per shift, vectorised across shifts; backward stable. On a pencil the
               ///< Hessenberg-triangular form E = Q H Z^*, A = Q T Z^* (gghd3), H - sT per shift
  Qz,          ///< pencils: E = Q S Z^*, A = Q T Z^* (QZ); multi-shift blocked back-substitution
               ///< on S - sT; backward stable. On a plain A it factors the pencil (I, A).
  BlockDiagonal,  ///< Schur form block-diagonalised, A = (Q W) B (Q W)^-1 with kappa(W) bounded;
                  ///< per shift 4 n^2 real flops plus in-cluster solves; error within
                  ///< eps kappa(W) cond of the Schur route's
};

/// What a Resolvent actually runs (Resolvent::route()); to_string gives the CLI/Python name.
enum class Route {
  Direct,                 ///< LU of I - sA per shift (getrf + gecon)
  Eig,                    ///< general eigendecomposition (geev)
  EigHermitian,           ///< A = A^*: syevd/heevd, unitary V, stable
  EigSymmetricDefinite,   ///< A = V D, V SPD, D symmetric: Cholesky reduction + syevd
  Schur,                  ///< real (quasi-triangular) or complex Schur form
  Hessenberg,             ///< Hessenberg (or a pencil's Hessenberg-triangular) form, Givens solve
  Qz,                     ///< generalised Schur form of the pencil (E, A)
  BlockDiagonal,          ///< Schur form split into well-separated clusters (trsyl)
};

/// @return the method's name as the CLI and Python spell it: "auto", "direct", "eig", "schur",
///         "hessenberg", "block-diagonal".
std::string to_string(Method m);
/// @return the route's name: "direct", "eig", "eig-hermitian", "eig-symmetric-definite",
///         "schur", "hessenberg", "block-diagonal".
std::string to_string(Route r);
/// Inverse of to_string(Method).
/// @param name  exactly one of "auto", "direct", "eig", "schur", "hessenberg", "block-diagonal",
///              "qz" (case-sensitive)
/// @return the method
/// @throws Error (kind Input) naming the value and the accepted list, on anything else
Method parse_method(std::string_view name);

}  // namespace specsweep
