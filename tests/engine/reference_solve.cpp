#include "reference_solve.hpp"

#include <cmath>
#include <limits>
#include <utility>

namespace specsweep::testing {
namespace {

// Doolittle LU with partial pivoting, in place; piv[k] is the row swapped into k.
bool lu_factor(MatrixXcl& M, std::vector<Index>& piv) {
  const Index n = M.rows();
  piv.resize(static_cast<size_t>(n));
  for (Index k = 0; k < n; ++k) {
    Index p = k;
    for (Index i = k + 1; i < n; ++i)
      if (std::abs(M(i, k)) > std::abs(M(p, k))) p = i;
    piv[static_cast<size_t>(k)] = p;
    if (M(p, k) == cplxl(0)) return false;
    if (p != k) M.row(k).swap(M.row(p));
    for (Index i = k + 1; i < n; ++i) {
      M(i, k) /= M(k, k);
      const cplxl l = M(i, k);
      for (Index j = k + 1; j < n; ++j) M(i, j) -= l * M(k, j);
    }
  }
  return true;
}

void lu_solve(const MatrixXcl& LU, const std::vector<Index>& piv, MatrixXcl& X) {
  const Index n = LU.rows();
  for (Index k = 0; k < n; ++k)
    if (piv[static_cast<size_t>(k)] != k) X.row(k).swap(X.row(piv[static_cast<size_t>(k)]));
  for (Index c = 0; c < X.cols(); ++c) {
    for (Index i = 0; i < n; ++i)
      for (Index j = 0; j < i; ++j) X(i, c) -= LU(i, j) * X(j, c);
    for (Index i = n - 1; i >= 0; --i) {
      for (Index j = i + 1; j < n; ++j) X(i, c) -= LU(i, j) * X(j, c);
      X(i, c) /= LU(i, i);
    }
  }
}

// Largest singular value, by power iteration on M^* M in long double (cheap and independent).
long double norm2(const MatrixXcl& M) {
  const Index n = M.cols();
  Eigen::Matrix<cplxl, Eigen::Dynamic, 1> v(n);
  for (Index i = 0; i < n; ++i) v(i) = cplxl(1.0L + 0.1L * static_cast<long double>(i % 7), 0.01L * static_cast<long double>(i));
  long double sigma = 0;
  for (int it = 0; it < 300; ++it) {
    const auto w = (M.adjoint() * (M * v)).eval();
    const long double nw = std::sqrt(w.squaredNorm());
    if (nw == 0) return 0;
    const long double next = std::sqrt(nw / std::sqrt(v.squaredNorm()));
    v = w / nw;
    if (std::abs(next - sigma) <= 1e-6L * next) return next;
    sigma = next;
  }
  return sigma;
}

}  // namespace

ReferenceSolution reference_solve(const MatrixXcd& A, cplx s, const MatrixXcd& B) {
  return reference_solve_pencil(MatrixXcd::Identity(A.rows(), A.cols()), A, s, B);
}

PencilReferenceSolution reference_solve_pencil(const MatrixXcd& E, const MatrixXcd& A, cplx s,
                                               const MatrixXcd& B) {
  const Index n = A.rows();
  const cplxl sl(s.real(), s.imag());
  MatrixXcl M = E.cast<cplxl>() - sl * A.cast<cplxl>();
  MatrixXcl LU = M;
  std::vector<Index> piv;
  PencilReferenceSolution out;
  if (!lu_factor(LU, piv)) {
    out.singular = true;
    out.cond2 = out.kappa = std::numeric_limits<double>::infinity();
    return out;
  }
  const MatrixXcl Bl = B.cast<cplxl>();
  MatrixXcl X = Bl;
  lu_solve(LU, piv, X);
  for (int step = 0; step < 3; ++step) {  // refinement: residual and correction in long double
    MatrixXcl R = Bl - M * X;
    lu_solve(LU, piv, R);
    X += R;
  }
  MatrixXcl Minv = MatrixXcl::Identity(n, n);
  lu_solve(LU, piv, Minv);
  const long double inv_norm = norm2(Minv);
  out.cond2 = static_cast<double>(norm2(M) * inv_norm);
  out.kappa = static_cast<double>(
      inv_norm * (norm2(E.cast<cplxl>()) + std::abs(sl) * norm2(A.cast<cplxl>())));
  out.x = X.unaryExpr([](const cplxl& z) { return cplx(double(z.real()), double(z.imag())); });
  return out;
}

double relative_error(const MatrixXcd& got, const MatrixXcd& ref) {
  const double r = ref.norm();
  return r > 0 ? (got - ref).norm() / r : got.norm();
}

}  // namespace specsweep::testing
