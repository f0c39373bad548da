#include "hard_matrices.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace specsweep::testing {
namespace {

MatrixXd gaussian(Index rows, Index cols, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> N01;
  return MatrixXd::NullaryExpr(rows, cols, [&] { return N01(gen); });
}

}  // namespace

MatrixXd frank(Index n) {
  MatrixXd F = MatrixXd::Zero(n, n);
  for (Index i = 0; i < n; ++i)
    for (Index j = std::max<Index>(0, i - 1); j < n; ++j)
      F(i, j) = static_cast<double>(n - std::max(i, j));
  return F;
}

MatrixXd grcar(Index n, Index k) {
  MatrixXd G = MatrixXd::Zero(n, n);
  for (Index i = 0; i < n; ++i) {
    if (i > 0) G(i, i - 1) = -1;
    for (Index j = i; j <= std::min(n - 1, i + k); ++j) G(i, j) = 1;
  }
  return G;
}

MatrixXd kahan(Index n, double theta) {
  const double s = std::sin(theta), c = std::cos(theta);
  MatrixXd K = MatrixXd::Zero(n, n);
  for (Index i = 0; i < n; ++i) {
    const double scale = std::pow(s, static_cast<double>(i));
    K(i, i) = scale;
    for (Index j = i + 1; j < n; ++j) K(i, j) = -c * scale;
  }
  return K;
}

MatrixXd dense_jordan_block(Index n, double lambda, unsigned seed) {
  MatrixXd J = lambda * MatrixXd::Identity(n, n);
  for (Index i = 0; i + 1 < n; ++i) J(i, i + 1) = 1;
  const MatrixXd Q = Eigen::HouseholderQR<MatrixXd>(gaussian(n, n, seed)).householderQ();
  return Q * J * Q.transpose();
}

MatrixXd clustered_pairs(Index n, double gap, unsigned seed) {
  MatrixXd T = gaussian(n, n, seed).triangularView<Eigen::StrictlyUpper>();
  T *= 0.3 / std::sqrt(static_cast<double>(n));
  for (Index i = 0; i < n; ++i) {
    const Index pair = i / 2, pairs = std::max<Index>(1, n / 2);
    T(i, i) = -1.0 + 2.0 * (static_cast<double>(pair) + 0.5) / static_cast<double>(pairs) +
              (i % 2) * gap;
  }
  const MatrixXd Q = Eigen::HouseholderQR<MatrixXd>(gaussian(n, n, seed + 1)).householderQ();
  return Q * T * Q.transpose();
}

MatrixXd perturbed_jordan(Index n, double lambda, double delta, unsigned seed) {
  MatrixXd J = lambda * MatrixXd::Identity(n, n);
  for (Index i = 0; i + 1 < n; ++i) J(i, i + 1) = 1;
  J(n - 1, 0) = delta;
  const MatrixXd Q = Eigen::HouseholderQR<MatrixXd>(gaussian(n, n, seed)).householderQ();
  return Q * J * Q.transpose();
}

MatrixXd normal_repeated(Index n, unsigned seed) {
  MatrixXd D = MatrixXd::Zero(n, n);
  const double re[] = {0.6, -0.4, 0.2}, im[] = {0.3, 0.5, 0.1}, real_values[] = {0.8, -0.7};
  Index i = 0;
  for (int k = 0; i < n; ++k) {
    if (k % 3 != 2 && i + 1 < n) {  // a repeated complex pair a +- ib
      const double a = re[k % 3], b = im[k % 3];
      D(i, i) = D(i + 1, i + 1) = a;
      D(i, i + 1) = -b;
      D(i + 1, i) = b;
      i += 2;
    } else {
      D(i, i) = real_values[(k / 3) % 2];
      i += 1;
    }
  }
  const MatrixXd Q = Eigen::HouseholderQR<MatrixXd>(gaussian(n, n, seed)).householderQ();
  return Q * D * Q.transpose();
}

MatrixXd companion_from_roots(const std::vector<double>& roots) {
  // Coefficients of prod (x - r): c[0] is the leading 1.
  std::vector<double> c{1.0};
  for (double r : roots) {
    std::vector<double> next(c.size() + 1, 0.0);
    for (size_t i = 0; i < c.size(); ++i) {
      next[i] += c[i];
      next[i + 1] -= r * c[i];
    }
    c = std::move(next);
  }
  const Index n = static_cast<Index>(roots.size());
  MatrixXd C = MatrixXd::Zero(n, n);
  for (Index j = 0; j < n; ++j) C(0, j) = -c[static_cast<size_t>(j + 1)];
  for (Index i = 1; i < n; ++i) C(i, i - 1) = 1;
  return C;
}

MatrixXd graded(Index n, double decades, unsigned seed) {
  MatrixXd G = gaussian(n, n, seed);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < n; ++j)
      G(i, j) *= std::pow(10.0, -decades * static_cast<double>(i + j) / (2.0 * static_cast<double>(n - 1)));
  return G;
}

MatrixXd random_symmetric(Index n, unsigned seed) {
  const MatrixXd M = gaussian(n, n, seed);
  return (M + M.transpose()) / (2.0 * std::sqrt(2.0 * static_cast<double>(n)));
}

MatrixXd hilbert(Index n) {
  return MatrixXd::NullaryExpr(n, n, [](Index i, Index j) { return 1.0 / static_cast<double>(i + j + 1); });
}

MatrixXd random_real(Index n, unsigned seed) {
  return gaussian(n, n, seed) / std::sqrt(static_cast<double>(n));
}

MatrixXcd random_complex(Index n, unsigned seed) {
  MatrixXcd A(n, n);
  A.real() = gaussian(n, n, seed);
  A.imag() = gaussian(n, n, seed + 1000);
  return A / std::sqrt(2.0 * static_cast<double>(n));
}

MatrixXd nearly_normal(Index n, double coupling, unsigned seed) {
  MatrixXd A = coupling * random_real(n, seed);
  for (Index i = 0; i < n; ++i) A(i, i) += static_cast<double>(i + 1) / static_cast<double>(n);
  return A;
}

VectorXcd reference_eigenvalues(const MatrixXcd& A) {
  return Eigen::ComplexEigenSolver<MatrixXcd>(A, false).eigenvalues();
}

std::vector<cplx> accuracy_shifts(const MatrixXcd& A) {
  const VectorXcd lam = reference_eigenvalues(A);
  const double rho = std::max(lam.cwiseAbs().maxCoeff(), 1e-300);
  std::vector<cplx> s;
  for (cplx t : {cplx(0.1), cplx(-0.7), cplx(0.5, 0.5), cplx(-2, 0.3), cplx(0, 3), cplx(4, -1)})
    s.push_back(t / rho);
  for (double hw : {0.05, 0.2, 0.6, 1.0})  // Drude-shaped, scaled to the spectrum
    s.push_back(-0.3 / (hw * cplx(hw, 0.01)) / (10.0 * rho));
  // Near-resonant: around the largest, the smallest nonzero and a middle eigenvalue.
  std::vector<Index> order(static_cast<size_t>(lam.size()));
  for (Index i = 0; i < lam.size(); ++i) order[static_cast<size_t>(i)] = i;
  std::sort(order.begin(), order.end(), [&](Index a, Index b) { return std::abs(lam[a]) < std::abs(lam[b]); });
  std::vector<cplx> targets;
  for (size_t pos : {order.size() - 1, order.size() / 2, size_t{0}}) {
    const cplx l = lam[order[pos]];
    if (std::abs(l) > 1e-8 * rho) targets.push_back(l);
  }
  for (cplx l : targets)
    for (cplx delta : {cplx(1e-2), cplx(0, 1e-4), cplx(-1e-6), cplx(1e-9, 1e-9)})
      s.push_back((1.0 + delta) / l);
  return s;
}

}  // namespace specsweep::testing
