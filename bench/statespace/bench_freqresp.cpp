// Frequency-response bench, in process, printing JSON (never a test):
//  1. standard state space against SLICOT TB05AD (balancing off, Hessenberg form once and reused,
//     as python-control calls it) on physics look-alikes of the model-reduction collection;
//  2. a descriptor pencil (singular E), n = 500 and 2000 frequencies: the qz sweep against our
//     own per-shift LU (the direct route, timed on a subset), and the sweep's flop rate against
//     dgemm measured in the same run;
//  3. the same descriptor family at 100 frequencies (n = 200, 500): auto (the Hessenberg-
//     triangular route) against qz and direct, whole solves.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <complex>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>

#include "specsweep/internal/lapack.hpp"
#include "specsweep/resolvent.hpp"
#include "specsweep/statespace/frequency_response.hpp"
#include "bench_support.hpp"


using namespace specsweep;
using json = nlohmann::ordered_json;
using bench::Clock;

namespace {

constexpr auto since = bench::seconds_since;

struct Model {
  std::string name;
  MatrixXd A, B, C;
};

// Heat equation on (0, 1), n interior nodes, heat input at the left, temperature at the right.
Model heat(Index n) {
  Model m{fmt::format("heat chain ({})", n), MatrixXd::Zero(n, n), MatrixXd::Zero(n, 1), MatrixXd::Zero(1, n)};
  const double g = double(n + 1) * double(n + 1);
  for (Index i = 0; i < n; ++i) {
    m.A(i, i) = -2 * g;
    if (i) m.A(i, i - 1) = g;
    if (i + 1 < n) m.A(i, i + 1) = g;
  }
  m.B(0, 0) = g;
  m.C(0, n - 1) = 1;
  return m;
}

// Clamped-free Euler-Bernoulli beam look-alike: `cells` finite-difference nodes, bending
// stiffness K = D4 (fourth difference, clamped end), lumped mass, Rayleigh damping
// 0.002 M + 1e-5 K; force at the tip in, tip displacement and velocity out. n = 2 cells.
Model beam(Index cells) {
  const Index q = cells, n = 2 * q;
  MatrixXd D2 = MatrixXd::Zero(q, q);
  for (Index i = 0; i < q; ++i) {
    D2(i, i) = -2;
    if (i) D2(i, i - 1) = 1;
    if (i + 1 < q) D2(i, i + 1) = 1;
  }
  D2(q - 1, q - 1) = -1;  // free end
  const double h = 1.0 / double(q);
  const MatrixXd K = D2 * D2 / std::pow(h, 4);
  const MatrixXd Dmp = 0.002 * MatrixXd::Identity(q, q) + 1e-5 * K;
  Model m{fmt::format("clamped beam ({})", n), MatrixXd::Zero(n, n), MatrixXd::Zero(n, 1), MatrixXd::Zero(2, n)};
  m.A.topRightCorner(q, q) = MatrixXd::Identity(q, q);
  m.A.bottomLeftCorner(q, q) = -K;
  m.A.bottomRightCorner(q, q) = -Dmp;
  m.B(n - 1, 0) = 1.0 / h;
  m.C(0, q - 1) = 1;
  m.C(1, n - 1) = 1;
  return m;
}

// A stable random system with 3 inputs and 3 outputs (an ISS-sized look-alike).
Model random_stable(Index n) {
  std::mt19937 gen(7);
  std::normal_distribution<double> N01;
  Model m{fmt::format("random stable ({}, 3x3)", n), MatrixXd::NullaryExpr(n, n, [&] { return N01(gen); }),
          MatrixXd::NullaryExpr(n, 3, [&] { return N01(gen); }), MatrixXd::NullaryExpr(3, n, [&] { return N01(gen); })};
  m.A /= std::sqrt(double(n));
  m.A.diagonal().array() -= 1.5;
  return m;
}

// TB05AD at every frequency; returns seconds and G (k, p, m).
double run_tb05ad(const Model& md, const std::vector<double>& w, std::vector<cplx>& G) {
  const int n = int(md.A.rows()), m = int(md.B.cols()), p = int(md.C.rows());
  MatrixXd a = md.A, b = md.B, c = md.C;
  std::vector<cplx> g(static_cast<size_t>(p * m)), hinvb(static_cast<size_t>(n * m));
  std::vector<double> evre(static_cast<size_t>(n)), evim(static_cast<size_t>(n));
  std::vector<int> iwork(static_cast<size_t>(n));
  const int ldwork = 64 * n, lzwork = n * n + 2 * n;
  std::vector<double> dwork(static_cast<size_t>(ldwork));
  std::vector<cplx> zwork(static_cast<size_t>(lzwork));
  double rcond = 0;
  G.assign(size_t(w.size()) * size_t(p * m), cplx(0));
  const auto t0 = Clock::now();
  for (size_t j = 0; j < w.size(); ++j) {
    const cplx z(0, w[j]);
    const char inita = j == 0 ? 'G' : 'H';
    int info = 0;
    tb05ad_("N", &inita, &n, &m, &p, &z, a.data(), &n, b.data(), &n, c.data(), &p, &rcond, g.data(),
            &p, evre.data(), evim.data(), hinvb.data(), &n, iwork.data(), dwork.data(), &ldwork,
            zwork.data(), &lzwork, &info, 1, 1);
    if (info < 0) throw std::runtime_error("TB05AD: illegal argument");
    for (int i = 0; i < p; ++i)
      for (int r = 0; r < m; ++r) G[j * size_t(p * m) + size_t(i * m + r)] = g[size_t(i + r * p)];
  }
  return since(t0);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

json bench_standard(const Model& md, Index k) {
  std::vector<double> w = statespace::log_spaced(1e-2, 1e5, k);
  statespace::StateSpaceModel sm;
  sm.A = md.A.cast<cplx>();
  sm.B = md.B.cast<cplx>();
  sm.C = md.C.cast<cplx>();
  // Nine alternating pairs: the speed-up is the median of the per-pair ratios, which a time
  // slice lost to another process on this shared machine moves far less than a best-of-3.
  double best_ours = 1e300, best_peer = 1e300;
  std::vector<double> ratios;
  statespace::FrequencyResponse r;
  std::vector<cplx> G;
  for (int rep = 0; rep < 9; ++rep) {
    const auto t0 = Clock::now();
    statespace::FrequencyResponseOptions fo;
    fo.certify = false;  // TB05AD does not certify either: compare the plain sweeps
    const statespace::FrequencyResponseSolver solver(sm, fo, k);
    r = solver.evaluate(w);
    const double ours = since(t0), peer = run_tb05ad(md, w, G);
    best_ours = std::min(best_ours, ours);
    best_peer = std::min(best_peer, peer);
    ratios.push_back(peer / ours);
  }
  // Accuracy against TB05AD (a Hessenberg LU per frequency, as accurate as LU). The plain sweep
  // is normwise accurate: max_j |G_j - G_ref_j| / max_j |G_ref_j| against the peak (entrywise it
  // is not, where outputs fall to 1e-97 of the peak, as the heat chain's do). The certified path
  // (project_certified, refining the outputs at risk) is compared entrywise, untimed.
  statespace::FrequencyResponseOptions certified;
  certified.certify = true;
  const statespace::FrequencyResponse rc = statespace::FrequencyResponseSolver(sm, certified, k).evaluate(w);
  double diff = 0, peak = 0, entrywise = 0;
  for (size_t i = 0; i < G.size(); ++i) {
    diff = std::max(diff, std::abs(G[i] - r.G[i]));
    peak = std::max(peak, std::abs(G[i]));
    entrywise = std::max(entrywise, std::abs(G[i] - rc.G[i]) / std::max(std::abs(G[i]), 1e-300));
  }
  return {{"model", md.name}, {"n", md.A.rows()}, {"p", md.C.rows()}, {"m", md.B.cols()}, {"frequencies", k},
          {"route", r.route}, {"specsweep_s", best_ours}, {"tb05ad_s", best_peer},
          {"speedup", best_peer / best_ours}, {"median_paired_speedup", median(ratios)}, {"max_rel_diff_normwise", diff / std::max(peak, 1e-300)},
          {"certified_max_rel_diff_entrywise", entrywise}};
}

// A random stable descriptor system of order n with a singular E (its last n/10 rows zero:
// algebraic equations) in the sweep form (zE - A) = (-A) - z(-E), at k log-spaced z = i omega.
struct DescriptorCase {
  MatrixXd Ep, Ap;
  std::vector<cplx> z;
};
DescriptorCase descriptor_case(Index n, Index k) {
  std::mt19937 gen(11);
  std::normal_distribution<double> N01;
  MatrixXd A = MatrixXd::NullaryExpr(n, n, [&] { return N01(gen); }) / std::sqrt(double(n));
  A.diagonal().array() -= 1.0;
  MatrixXd E = MatrixXd::NullaryExpr(n, n, [&] { return N01(gen); }) / std::sqrt(double(n));
  E.bottomRows(n / 10).setZero();
  DescriptorCase c{-A, -E, {}};
  for (double w : statespace::log_spaced(1e-2, 1e2, k)) c.z.push_back(cplx(0, w));
  return c;
}

// Few frequencies: what auto picks (the Hessenberg-triangular route below its crossover), qz
// and our direct, whole solve (factor + sweep) each, best of three.
json bench_descriptor_few(Index n, Index k) {
  const DescriptorCase c = descriptor_case(n, k);
  const MatrixXcd b = MatrixXcd::Ones(n, 1);
  auto best = [&](Method m, std::string& route) {
    Options o;
    o.method = m;
    o.expected_shifts = k;
    double t = INFINITY;
    for (int r = 0; r < 3; ++r) {
      const auto t0 = Clock::now();
      const Resolvent R(c.Ep, c.Ap, o);
      const SweepResult X = R.solve(c.z, b);
      t = std::min(t, since(t0));
      route = to_string(R.route());
    }
    return t;
  };
  std::string auto_route, qz_route, direct_route;
  const double ta = best(Method::Auto, auto_route), tq = best(Method::Qz, qz_route),
               td = best(Method::Direct, direct_route);
  return {{"n", n}, {"shifts", k}, {"auto_route", auto_route}, {"auto_s", ta}, {"qz_s", tq},
          {"direct_s", td}, {"auto_vs_qz", tq / ta}, {"auto_vs_direct", td / ta}};
}

json bench_descriptor(Index n, Index k, Index direct_subset) {
  const DescriptorCase c = descriptor_case(n, k);
  const MatrixXd &Ep = c.Ep, &Ap = c.Ap;
  const std::vector<cplx>& z = c.z;
  const MatrixXcd b = MatrixXcd::Ones(n, 1);
  Options qz;
  qz.method = Method::Qz;
  // Best of three factorisations and sweeps (one run is at the mercy of a busy machine).
  double factor = INFINITY, sweep = INFINITY;
  std::unique_ptr<Resolvent> Rp;
  SweepResult X;
  for (int rep = 0; rep < 3; ++rep) {
    auto t0 = Clock::now();
    Rp = std::make_unique<Resolvent>(Ep, Ap, qz);
    factor = std::min(factor, since(t0));
    t0 = Clock::now();
    X = Rp->solve(z, b);
    sweep = std::min(sweep, since(t0));
  }
  const Resolvent& R = *Rp;
  Options dr;
  dr.method = Method::Direct;
  const Resolvent D(Ep, Ap, dr);
  std::vector<cplx> zs;
  for (Index j = 0; j < direct_subset; ++j) zs.push_back(z[size_t(j * (k / direct_subset))]);
  auto t0 = Clock::now();
  const SweepResult Xd = D.solve(zs, b);
  const double direct_per_shift = since(t0) / double(direct_subset);
  double diff = 0;
  for (Index j = 0; j < direct_subset; ++j) {
    double d2 = 0, r2 = 0;
    for (Index i = 0; i < n; ++i) {
      d2 += std::norm(X(j * (k / direct_subset), i) - Xd(j, i));
      r2 += std::norm(Xd(j, i));
    }
    diff = std::max(diff, std::sqrt(d2 / r2));
  }
  // Sweep flops: couplings 4 k n^2 (S and T halves on the real view of 2k rows) plus x = Z y,
  // 4 k n^2: 8 k n^2 real flops. dgemm reference: the same shape, (2 * 64) x n x n.
  const double flops = 8.0 * double(k) * double(n) * double(n);
  MatrixXd Y = MatrixXd::Random(128, n), W = MatrixXd::Random(n, n), P(128, n);
  linalg::gemm(linalg::Op::N, linalg::Op::T, 128, n, n, 1.0, Y.data(), 128, W.data(), n, 0.0, P.data(), 128);
  t0 = Clock::now();
  const int reps = 50;
  for (int r = 0; r < reps; ++r)
    linalg::gemm(linalg::Op::N, linalg::Op::T, 128, n, n, 1.0, Y.data(), 128, W.data(), n, 0.0, P.data(), 128);
  const double gemm_rate = reps * 2.0 * 128 * double(n) * double(n) / since(t0);
  const double total = factor + sweep;
  return {{"n", n}, {"shifts", k}, {"singular_rows_of_E", n / 10}, {"qz_factor_s", factor},
          {"qz_sweep_s", sweep}, {"qz_total_s", total}, {"direct_per_shift_s", direct_per_shift},
          {"direct_total_s_extrapolated", direct_per_shift * double(k)},
          {"speedup_vs_direct", direct_per_shift * double(k) / total},
          {"sweep_gflops", flops / sweep * 1e-9}, {"dgemm_gflops", gemm_rate * 1e-9},
          {"sweep_fraction_of_gemm", flops / sweep / gemm_rate}, {"max_rel_diff_vs_direct", diff},
          {"flagged", X.flagged.size()}, {"zero_eigenvalues", R.diagnostics().zero_eigenvalues},
          {"infinite_eigenvalues", R.diagnostics().infinite_eigenvalues}};
}

}  // namespace

int main() {
  json out;
  out["standard_vs_tb05ad"] = json::array();
  for (const Model& m : {heat(200), beam(174), random_stable(270)})
    for (Index k : {Index(100), Index(1000)}) {
      out["standard_vs_tb05ad"].push_back(bench_standard(m, k));
      std::cerr << out["standard_vs_tb05ad"].back().dump() << "\n";
    }
  out["descriptor_qz_vs_direct"] = bench_descriptor(500, 2000, 16);
  out["descriptor_few_frequencies"] = json::array();
  for (Index n : {Index(200), Index(500)}) {
    out["descriptor_few_frequencies"].push_back(bench_descriptor_few(n, 100));
    std::cerr << out["descriptor_few_frequencies"].back().dump() << "\n";
  }
  std::cout << out.dump(2) << std::endl;
}
