#include "hard_pencils.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <random>

#include "hard_matrices.hpp"

namespace specsweep::testing {
namespace {

MatrixXd random_orthogonal(Index n, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> N01;
  const MatrixXd G = MatrixXd::NullaryExpr(n, n, [&] { return N01(gen); });
  return Eigen::HouseholderQR<MatrixXd>(G).householderQ();
}

}  // namespace

MatrixXd nearly_singular(Index n, const std::vector<double>& small, unsigned seed) {
  VectorXd sigma = VectorXd::Ones(n);
  for (size_t i = 0; i < small.size(); ++i) sigma[n - 1 - Index(i)] = small[i];
  return random_orthogonal(n, seed) * sigma.asDiagonal() * random_orthogonal(n, seed + 1).transpose();
}

void rlc_ladder_mna(Index sections, double R, double L, double C, MatrixXd& G, MatrixXd& Cm) {
  // Indices: v_0 .. v_N (N = sections) the section nodes, a_1 .. a_N the nodes between each
  // resistor and inductor, i_1 .. i_N the inductor currents, i_s the source current.
  const Index N = sections, n = 3 * N + 2;
  auto v = [](Index k) { return k; };
  auto a = [N](Index k) { return N + k; };          // k = 1..N
  auto il = [N](Index k) { return 2 * N + k; };     // k = 1..N
  const Index is = 3 * N + 1;
  G = MatrixXd::Zero(n, n);
  Cm = MatrixXd::Zero(n, n);
  auto conductance = [&](Index p, Index q, double g) {  // between nodes p and q
    G(p, p) += g;
    G(q, q) += g;
    G(p, q) -= g;
    G(q, p) -= g;
  };
  for (Index k = 1; k <= N; ++k) {
    conductance(v(k - 1), a(k), 1.0 / R);
    // Inductor from a_k to v_k: current i_k leaves a_k, enters v_k; v_a - v_k - s L i_k = 0,
    // i.e. G row (v_a - v_k) and C row (-L i_k) with G + s C.
    G(a(k), il(k)) += 1.0;
    G(v(k), il(k)) -= 1.0;
    G(il(k), a(k)) += 1.0;
    G(il(k), v(k)) -= 1.0;
    Cm(il(k), il(k)) = -L;
    Cm(v(k), v(k)) += C;  // shunt capacitor to ground
  }
  G(v(N), v(N)) += 1.0 / R;  // load resistor
  // Voltage source at v_0: current i_s into node 0, constraint v_0 = u.
  G(v(0), is) += 1.0;
  G(is, v(0)) += 1.0;
}

void mass_spring_chain(Index n, MatrixXd& K, MatrixXd& M) {
  K = MatrixXd::Zero(n, n);
  M = MatrixXd::Zero(n, n);
  for (Index i = 0; i <= n; ++i) {  // spring i joins mass i-1 and mass i (walls at both ends)
    const double k = 1.0 + 0.5 * std::sin(0.7 * double(i));
    if (i > 0) K(i - 1, i - 1) += k;
    if (i < n) K(i, i) += k;
    if (i > 0 && i < n) {
      K(i - 1, i) -= k;
      K(i, i - 1) -= k;
    }
  }
  for (Index i = 0; i < n; ++i) M(i, i) = 1.0 + 4.0 * double(i % 5) / 4.0;  // masses 1 .. 5
}

std::vector<NamedPencil> hard_pencils() {
  std::vector<NamedPencil> out;
  out.push_back({"random real(60)", random_real(60, 31).cast<cplx>(), random_real(60, 32).cast<cplx>()});
  out.push_back({"nearly singular E(40)", nearly_singular(40, {1e-9, 1e-12}, 41).cast<cplx>(),
                 random_real(40, 42).cast<cplx>()});
  {
    MatrixXd G, Cm;
    rlc_ladder_mna(12, 0.5, 1e-3, 1e-6, G, Cm);
    out.push_back({"RLC ladder MNA(38)", G.cast<cplx>(), (-Cm).cast<cplx>()});
  }
  {
    MatrixXd K, M;
    mass_spring_chain(50, K, M);
    out.push_back({"mass-spring K-sM(50)", K.cast<cplx>(), M.cast<cplx>(), true, true});
  }
  out.push_back({"graded E/grcar A(32)", graded(32, 8.0, 7).cast<cplx>(), grcar(32).cast<cplx>()});
  out.push_back({"complex(50)", random_complex(50, 51), random_complex(50, 52), false});
  {
    // Descriptor: E of rank n - 3 (eigenvalues at s = 0), A generic.
    MatrixXd E = nearly_singular(36, {0.0, 0.0, 0.0}, 61);
    out.push_back({"singular E(36)", E.cast<cplx>(), random_real(36, 62).cast<cplx>()});
  }
  return out;
}

VectorXcd reference_pencil_eigenvalues(const NamedPencil& p) {
  std::vector<cplx> ev;
  if (p.real) {
    Eigen::GeneralizedEigenSolver<MatrixXd> ges(p.E.real(), p.A.real(), false);
    const double scale = p.A.norm();
    for (Index i = 0; i < ges.betas().size(); ++i) {
      const cplx al = ges.alphas()[i];
      const double be = ges.betas()[i];
      if (std::abs(be) > 1e-12 * scale && std::isfinite(std::abs(al))) ev.push_back(al / be);
    }
  } else {
    const MatrixXcd M = p.A.partialPivLu().solve(p.E);
    const VectorXcd lam = Eigen::ComplexEigenSolver<MatrixXcd>(M, false).eigenvalues();
    ev.assign(lam.data(), lam.data() + lam.size());
  }
  return Eigen::Map<VectorXcd>(ev.data(), Index(ev.size()));
}

std::vector<cplx> pencil_accuracy_shifts(const NamedPencil& p) {
  const VectorXcd lam = reference_pencil_eigenvalues(p);
  std::vector<Index> order;
  for (Index i = 0; i < lam.size(); ++i)
    if (std::abs(lam[i]) > 0) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](Index a, Index b) { return std::abs(lam[a]) < std::abs(lam[b]); });
  const double big = order.empty() ? 1.0 : std::abs(lam[order.back()]);
  const double small = order.empty() ? 1.0 : std::abs(lam[order.front()]);
  const double mid = order.empty() ? 1.0 : std::abs(lam[order[order.size() / 2]]);
  std::vector<cplx> s{cplx(0.0)};
  for (double scale : {small, mid, big})
    for (cplx t : {cplx(0.3), cplx(-0.7), cplx(0.5, 0.5), cplx(0, 1.3), cplx(2, -1)})
      s.push_back(t * scale);
  std::vector<cplx> targets;
  for (size_t pos : {order.size() - 1, order.size() / 2, size_t{0}})
    if (!order.empty()) targets.push_back(lam[order[pos]]);
  for (cplx l : targets)
    for (cplx delta : {cplx(1e-2), cplx(0, 1e-4), cplx(-1e-6), cplx(1e-9, 1e-9)})
      s.push_back(l * (1.0 + delta));
  return s;
}

}  // namespace specsweep::testing
