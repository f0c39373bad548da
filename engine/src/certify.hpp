#pragma once
// Certified outputs (Resolvent::project_certified): the pencil's own matrices for residuals,
// the at-risk test and fixed-precision refinement with the Resolvent's factorisation.
#include <memory>
#include <optional>
#include <variant>

#include "specsweep/resolvent.hpp"

namespace specsweep::detail {

/// E (absent: the identity) and A as given, real when they were real; with the Frobenius
/// norms the backward errors are measured in.
struct PencilOperator {
  std::variant<MatrixXd, MatrixXcd> A;
  std::optional<std::variant<MatrixXd, MatrixXcd>> E;
  double norm_A = 0, norm_E = 0;
};

std::shared_ptr<const PencilOperator> make_operator(const MatrixXd& A);
std::shared_ptr<const PencilOperator> make_operator(const MatrixXcd& A);
std::shared_ptr<const PencilOperator> make_operator(const MatrixXd& A, const MatrixXd& E);
std::shared_ptr<const PencilOperator> make_operator(const MatrixXcd& A, const MatrixXcd& E);

SweepResult certify(const Resolvent& r, const PencilOperator& op, const MatrixXcd& C,
                    const std::vector<cplx>& shifts, const MatrixXcd& B, const Certification& how);

}  // namespace specsweep::detail
