#pragma once
// The modal ("diagonalise-divide-transform") sweep shared by every eigen route:
//   x(s) = W (c ./ (1 - s lambda)),   c = V^-1 b,   W = V (or C V when projected)
// Per shift O(n q) for q outputs; for a block of shifts one GEMM. A real basis W (symmetric or
// symmetric-definite A) uses a real GEMM on the interleaved complex data: half the flops.
// Pencils diagonalised with a real pair (alpha_i, lambda_i) per mode divide by
// alpha_i - s lambda_i instead (alpha = 1 for the standard form).
#include <variant>

#include "route_solver.hpp"

namespace specsweep::detail {

class ModalBound final : public BoundProblem {
 public:
  /// lambda: eigenvalues (n); coeffs: V^-1 B (n x m); basis: q x n output basis.
  /// kappa: condition of the eigenvector basis (1 for unitary), folded into cond estimates.
  /// alpha: real per-mode numerators of the denominators alpha_i - s lambda_i (a pencil's
  /// modes); empty means all ones, the standard form 1 - s lambda_i.
  ModalBound(VectorXcd lambda, MatrixXcd coeffs, std::variant<MatrixXd, MatrixXcd> basis,
             double kappa, VectorXd alpha = {});
  Index outputs() const override;
  void solve_block(const cplx* s, Index kb, Index r, cplx* out,
                   ShiftStatus* status) const override;
  /// Few outputs (outputs x rhs <= kMaxPoleSums): x_t(s) = sum_i G_ti / (1 - s lambda_i) with
  /// G = (W_p,i c_i,r) formed once; no Y and no GEMM, one division per (shift, mode).
  bool solve_block_all_rhs(const cplx* s, Index kb, cplx* out,
                           ShiftStatus* status) const override;
  static constexpr Index kMaxPoleSums = 8;

 private:
  void divide_one(cplx s, const cplx* c, cplx* y, Index step, ShiftStatus& st) const;
  void divide_shift_major(const cplx* s, Index kb, const cplx* c, cplx* Yt,
                          ShiftStatus* status) const;
  void flag_if_singular(double dmin, double dmax, ShiftStatus& st) const;

  VectorXcd lambda_;
  MatrixXcd coeffs_;
  std::variant<MatrixXd, MatrixXcd> basis_;
  double kappa_;
  VectorXd lambda_re_, lambda_im_;  ///< split copies: the divide loop vectorises over them
  VectorXd alpha_;                  ///< denominators alpha_i - s lambda_i (ones: standard)
  /// Pole residues G (n x outputs*rhs, column t = p*rhs + r, split re/im) when few enough.
  MatrixXd residue_re_, residue_im_;
  bool residues_real_ = false;  ///< G real (real B and basis): the pole sums skip Im G
  bool poles_real_ = false;     ///< lambda real: the pole sums skip Im lambda
};

/// Output basis for a modal route: V itself, or C V when an observer is bound. Keeps a real V
/// real when C is real (or absent).
std::variant<MatrixXd, MatrixXcd> modal_basis(const MatrixXd& V, const MatrixXcd* C);
std::variant<MatrixXd, MatrixXcd> modal_basis(const MatrixXcd& V, const MatrixXcd* C);

}  // namespace specsweep::detail
