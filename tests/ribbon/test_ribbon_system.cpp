// Several coplanar ribbons (Galerkin form): the single-ribbon limit against today's collocation
// (both Richardson-extrapolated to the literature eta_1 = -0.0687), far-apart ribbons against
// the single ribbon (doubly degenerate, or the scaled spectrum of a narrower, differently gated
// one), the dimer's bonding/antibonding splitting and monopole branches, the symmetric-definite
// route for every geometry, the engine's balanced resolvent against LU of the formed A, and the
// constant c 1 1^T that restores definiteness without changing A.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <map>

#include "ribbon_modal.hpp"
#include "specsweep/error.hpp"
#include "specsweep/ribbon/modes.hpp"
#include "specsweep/ribbon/system.hpp"

using namespace specsweep;
using namespace specsweep::ribbon;

namespace {

RibbonSystem galerkin_single(Index cells) {
  RibbonSystem s = single_ribbon(100.0, cells);
  s.discretisation = Discretisation::Galerkin;
  return s;
}

RibbonSystem dimer(double gap_nm, Index cells, double width1_nm = 100.0, double ef_ratio = 1.0) {
  RibbonSystem s = single_ribbon(100.0, cells);
  s.geometry.ribbons.push_back(RibbonSpec{width1_nm, gap_nm, ef_ratio});
  return s;
}

std::vector<double> eta(const RibbonSystem& s, double qW, Index count) {
  return plasmon_eta(s, qW, 0.4, count);
}

double rel(double a, double b) { return std::abs(a - b) / std::abs(b); }

}  // namespace

TEST_CASE("one ribbon: Galerkin and collocation converge at first order to the same eta_1 = -0.0687") {
  std::map<Index, std::vector<double>> gal, col;
  for (Index N : {200, 400, 800}) {
    gal[N] = eta(galerkin_single(N), 0.0, 3);
    col[N] = plasmon_eta(0.0, N, 3);
  }
  std::string table = "  j  form         N=200       N=400       N=800       Richardson  order\n";
  double rich_g[3], rich_c[3];
  for (size_t j = 0; j < 3; ++j) {
    for (int form = 0; form < 2; ++form) {
      auto& e = form == 0 ? gal : col;
      const double order = std::log2((e[200][j] - e[400][j]) / (e[400][j] - e[800][j]));
      const double rich = 2 * e[800][j] - e[400][j];  // first order: error ~ c/N
      (form == 0 ? rich_g : rich_c)[j] = rich;
      table += fmt::format("  {}  {:11}  {:.7f}  {:.7f}  {:.7f}  {:.7f}  {:.2f}\n", j + 1,
                           form == 0 ? "Galerkin" : "collocation", e[200][j], e[400][j], e[800][j], rich, order);
      if (j == 0) CHECK(order == doctest::Approx(1.0).epsilon(0.15));
    }
    // The two forms differ at O(h) (1e-4 at N = 200) but agree after extrapolation, to the
    // O(h^2) left over by Richardson (~1e-6 here).
    CHECK(std::abs(gal[200][j] - col[200][j]) > 1e-6);
    CHECK(std::abs(rich_g[j] - rich_c[j]) < 3e-6);
  }
  MESSAGE("q = 0 eta_j of one ribbon, both forms:\n" << table);
  CHECK(rich_g[0] >= -0.0688);
  CHECK(rich_g[0] <= -0.0686);
  CHECK(rich_g[1] == doctest::Approx(-0.0289).epsilon(0.005));
  CHECK(rich_g[2] == doctest::Approx(-0.0184).epsilon(0.005));
}

TEST_CASE("two ribbons 50 W apart reproduce the single ribbon's eta_j, each doubly degenerate") {
  const Index N = 100;
  const RibbonSystem far = dimer(5000.0, N);
  for (double qW : {0.0, 1.0}) {
    const auto one = eta(galerkin_single(N), qW, 6), two = eta(far, qW, 12);
    std::string table;
    for (size_t j = 0; j < 6; ++j) {
      table += fmt::format("  {}  single {:.8f}   pair {:.8f} {:.8f}\n", j + 1, one[j], two[2 * j], two[2 * j + 1]);
      // q = 0: the line dipoles still couple through the log kernel, splitting the pair by
      // +-0.13 (W/d)^2 = 5e-5 (d = 51 W; 0.13 is the splitting measured at d = 3 W); the bound
      // 2e-4 leaves 4x. q W = 1: 2 K0(51) ~ 1e-23, so only rounding is left.
      const double tol = qW == 0 ? 2e-4 : 1e-11;
      CHECK(rel(two[2 * j], one[j]) < tol);
      CHECK(rel(two[2 * j + 1], one[j]) < tol);
    }
    MESSAGE("qW = " << qW << ":\n" << table);
  }
  // The residual q = 0 splitting is the dipole-dipole coupling: it falls like d^-2.
  auto split = [&](double gap) {
    const auto e = eta(dimer(gap, N), 0.0, 2);
    return e[1] - e[0];
  };
  const double s20 = split(1900.0), s50 = split(4900.0);  // d = 20 W and 50 W, centre to centre
  MESSAGE(fmt::format("splitting at d = 20 W: {:.3e}, 50 W: {:.3e}, ratio {:.3f} (d^-2: 6.25)", s20, s50, s20 / s50));
  CHECK(s20 / s50 == doctest::Approx(6.25).epsilon(0.03));  // O((W/d)^2) corrections: ~1%
}

TEST_CASE("a far ribbon of width 0.6 W0 at E_F ratio 0.5 contributes the spectrum scaled by 1.2") {
  // A ribbon of width a W0 with Drude weight w has A scaled by w/a on neutral charges (the log
  // kernel's ln a drops out, the stencil scales like 1/h), so eta -> (a/w) eta = 1.2 eta.
  const Index N = 100;
  const auto one = eta(galerkin_single(N), 0.0, 8);
  const auto two = eta(dimer(5000.0, N, 60.0, 0.5), 0.0, 10);
  std::vector<double> expect;
  for (double e : one) {
    expect.push_back(e);
    expect.push_back(1.2 * e);
  }
  std::sort(expect.begin(), expect.end());
  for (size_t j = 0; j < 10; ++j) {
    INFO("j = " << j << ": " << two[j] << " vs " << expect[j]);
    CHECK(rel(two[j], expect[j]) < 2e-4);  // the far coupling, as above
  }
}

TEST_CASE("dimer at q = 0: the bright bonding mode red-shifts, the dark antibonding mode blue-shifts") {
  const Index N = 120;
  const double single = eta(galerkin_single(N), 0.0, 1)[0];
  double previous = 0;
  std::string table = "  gap_nm  bonding     antibonding  splitting  f2/f1\n";
  for (double gap : {50.0, 20.0, 10.0, 5.0}) {
    const RibbonSystem s = dimer(gap, N);
    const auto e = eta(s, 0.0, 2);
    const SystemOperator op(s, 0.0, {1.0, 1.0});
    const auto m = ribbon_test::modal_strengths(op, 100.0, 0.4, 2.45);
    // lambda ascending, the R = 2 zero modes last: the two negative lambda nearest 0 (the most
    // negative eta) are the dipole pair.
    const Index n = m.lambda.size(), j1 = n - 3, j2 = n - 4;
    const double f1 = m.f(j1), f2 = m.f(j2);
    CHECK(std::abs(m.lambda(n - 1)) < 1e-9 * std::abs(m.lambda(0)));  // the zero modes
    CHECK(rel(1.0 / m.lambda(j1), e[0]) < 1e-9);  // Eigen's spectrum agrees with the engine's
    CHECK(rel(1.0 / m.lambda(j2), e[1]) < 1e-9);
    table += fmt::format("  {:5.0f}   {:.7f}  {:.7f}   {:.3e}  {:.1e}\n", gap, e[0], e[1], e[1] - e[0], f2 / f1);
    CHECK(e[0] < single);   // bonding: eta more negative, hw lower
    CHECK(e[1] > single);   // antibonding: hw higher
    CHECK(f1 > 0.8 * m.f.sum());  // bright: it carries most of the dimer's Drude weight
    CHECK(std::abs(f2) < 1e-9 * f1);  // antisymmetric dipoles cancel: dark (0 by symmetry, to rounding)
    CHECK(e[1] - e[0] > previous);    // the splitting grows as the gap closes
    previous = e[1] - e[0];
  }
  MESSAGE("dimer of 100 nm ribbons, N = 120 each (single ribbon eta_1 = " << single << "):\n" << table);
}

TEST_CASE("dimer at q > 0: the two monopole branches come first, then the dipole pair") {
  const RibbonSystem s = dimer(10.0, 120);
  const auto q0 = eta(s, 0.0, 2), q = eta(s, 0.05, 4);
  MESSAGE(fmt::format("qW = 0.05: {:.4f} {:.4f} {:.6f} {:.6f}; qW = 0: {:.6f} {:.6f}", q[0], q[1], q[2], q[3], q0[0], q0[1]));
  // Monopole (1-D) plasmons: eta ~ -1/((qW)^2 ln) -> -inf as q -> 0, in- and out-of-phase.
  CHECK(q[0] < -10.0);
  CHECK(q[1] < -10.0);
  // Then the dipole pair, moved by O((qW)^2) from q = 0.
  CHECK(rel(q[2], q0[0]) < 0.01);
  CHECK(rel(q[3], q0[1]) < 0.01);
}

TEST_CASE("every geometry takes eig-symmetric-definite at every q, with kappa(L) well inside 1e3") {
  struct Geo {
    const char* name;
    RibbonSystem s;
  };
  RibbonSystem three = dimer(10.0, 128);
  three.geometry.ribbons.push_back(RibbonSpec{150.0, 30.0, 2.0});
  RibbonSystem warm = dimer(20.0, 128, 70.0, 0.6);
  warm.conductivity.temperature_K = 300;
  const Geo geos[] = {{"single (Galerkin)", galerkin_single(256)},
                      {"single (collocation)", single_ribbon(100.0, 256)},
                      {"dimer 10 nm", dimer(10.0, 256)},
                      {"dimer 2 nm", dimer(2.0, 128)},
                      {"far dimer 5 um", dimer(5000.0, 128)},
                      {"unequal 100/50 nm, E_F 1:0.5", dimer(20.0, 128, 50.0, 0.5)},
                      {"three ribbons", three},
                      {"unequal at 300 K", warm}};
  std::string table;
  for (const auto& g : geos) {
    table += fmt::format("  {:30}", g.name);
    for (double qW : {0.0, 0.01, 0.07, 0.5, 2.0, 20.0, 80.0}) {
      if (g.s.discretisation == Discretisation::Auto && g.s.geometry.ribbons.size() == 1 && qW > 0 && qW < 1)
        continue;  // collocation keeps the engine's own choice (see below)
      const SystemOperator op(g.s, qW, drude_weight_ratios(g.s, 0.4));
      const Resolvent r = op.resolvent();
      INFO(g.name << " at qW = " << qW << ": " << r.reason());
      CHECK(r.route() == Route::EigSymmetricDefinite);
      table += fmt::format(" {:6.0f}", r.diagnostics().kappa_V);
    }
    table += "\n";
  }
  MESSAGE("kappa(L) estimate at qW = 0, 0.01, 0.07, 0.5, 2, 20, 80:\n" << table);
  // Arrays (q = 0 only).
  for (double ratio : {0.1, 0.5, 0.9}) {
    RibbonSystem a = dimer(15.0, 128, 60.0, 0.7);
    a.geometry.period_nm = 175.0 / ratio;
    const SystemOperator op(a, 0.0, drude_weight_ratios(a, 0.4));
    CHECK(op.resolvent().route() == Route::EigSymmetricDefinite);
  }
}

TEST_CASE("the balanced resolvent gives C (I - sA)^-1 b of the physical A, against LU") {
  const RibbonSystem s = dimer(10.0, 60, 70.0, 0.5);
  for (double qW : {0.0, 0.03, 1.5}) {
    const SystemOperator op(s, qW, drude_weight_ratios(s, 0.3));
    const Resolvent r = op.resolvent();
    REQUIRE(r.route() == Route::EigSymmetricDefinite);
    const Index n = op.size();
    MatrixXcd B(n, 2), M(3, n);
    for (Index i = 0; i < n; ++i) {
      const double u = op.centres()(i);
      B(i, 0) = -u;
      B(i, 1) = 1.0 / (1.0 + (u - 1.05) * (u - 1.05));
      M(0, i) = u * op.sizes()(i);
      M(1, i) = op.sizes()(i);
      M(2, i) = std::cos(3 * u);
    }
    std::vector<cplx> shifts;
    for (double hw : {0.05, 0.11, 0.2, 0.4}) shifts.push_back(-0.0015 / (hw * cplx(hw, 0.01)));
    const SweepResult y = r.project(op.charge_observer(M), shifts, op.source(B));
    const MatrixXcd A = op.product().cast<cplx>();
    for (size_t k = 0; k < shifts.size(); ++k) {
      const MatrixXcd x = (MatrixXcd::Identity(n, n) - shifts[k] * A).partialPivLu().solve(B);
      const MatrixXcd ref = M * op.charge().cast<cplx>() * x;
      double err = 0;
      for (Index o = 0; o < 3; ++o)
        for (Index m = 0; m < 2; ++m) err = std::max(err, std::abs(y(Index(k), o, m) - ref(o, m)));
      INFO("qW = " << qW << ", shift " << k << ": max error " << err << " of " << ref.cwiseAbs().maxCoeff());
      CHECK(err < 1e-10 * ref.cwiseAbs().maxCoeff());
    }
  }
}

TEST_CASE("c 1 1^T makes the q = 0 kernel definite beyond a span of 4 W0 and leaves A unchanged") {
  const RibbonSystem s = dimer(500.0, 60);  // span 7 W0
  const SystemOperator op(s, 0.0, {1.0, 1.0});
  const double c = op.definiteness_shift();
  CHECK(c == doctest::Approx(2 * std::log(7.0) - 2).epsilon(1e-14));
  const MatrixXd raw = (op.coulomb().array() - c).matrix();  // H^-1 G H^-1 alone
  const double raw_min = Eigen::SelfAdjointEigenSolver<MatrixXd>(raw, Eigen::EigenvaluesOnly).eigenvalues()(0);
  const double min = Eigen::SelfAdjointEigenSolver<MatrixXd>(op.coulomb(), Eigen::EigenvaluesOnly).eigenvalues()(0);
  MESSAGE(fmt::format("span 7 W0: smallest eigenvalue {:.3e} without c, {:.3e} with c = {:.4f}", raw_min, min, c));
  CHECK(raw_min < 0);  // indefinite: the log kernel's capacity argument bites
  CHECK(min > 0);
  // Every ribbon's block of D has zero column sums, so (c 1 1^T) D = 0.
  const MatrixXd diff = op.product() - raw * op.difference();
  CHECK(diff.norm() < 1e-12 * op.product().norm());
  CHECK((VectorXd::Ones(op.size()).transpose() * op.difference()).norm() < 1e-9 * op.difference().norm());
}

TEST_CASE("system validation names the problem") {
  auto throws_with = [](RibbonSystem s, const char* needle) {
    try {
      validate(s);
      FAIL("no error for " << needle);
    } catch (const Error& e) {
      const std::string what = e.what();
      INFO(what);
      CHECK(what.find(needle) != std::string::npos);
    }
  };
  RibbonSystem s = dimer(10.0, 50, 100.0, 0.5);
  s.conductivity.kind = Conductivity::Rpa;
  throws_with(s, "rpa needs one E_F for every ribbon");
  s = dimer(0.0, 50);
  throws_with(s, "gap (nm) must be > 0, got 0");
  s = dimer(10.0, 50);
  s.geometry.ribbons[0].gap_nm = 3;
  throws_with(s, "the first ribbon has no gap before it");
  s = dimer(10.0, 50);
  s.geometry.ribbons[0].ef_ratio = 2;
  throws_with(s, "the first ratio is E_F,0 / E_F,0 = 1, got 2");
  s = dimer(10.0, 50);
  s.geometry.period_nm = 210;
  throws_with(s, "must exceed the unit cell's span (widths plus gaps) of 210 nm");
  s = dimer(10.0, 50);
  s.discretisation = Discretisation::Collocation;
  throws_with(s, "collocation is defined for one isolated ribbon");
  s = dimer(10.0, 50, -3.0);
  throws_with(s, "width (nm) must be > 0, got -3 (ribbon 1)");
  s = dimer(10.0, 50);
  s.conductivity.temperature_K = -1;
  throws_with(s, "temperature (K) must be >= 0, got -1");
  s.geometry.ribbons.clear();
  throws_with(s, "no ribbons");
  // Drude with unequal E_F is allowed (the ratio is one scalar); rpa with one E_F too.
  CHECK_NOTHROW(validate(dimer(10.0, 50, 100.0, 0.5)));
  RibbonSystem r = dimer(10.0, 50);
  r.conductivity = {Conductivity::Rpa, 300.0};
  CHECK_NOTHROW(validate(r));
  // At T > 0 the ratios are those of the thermal Drude weights.
  RibbonSystem w = dimer(10.0, 50, 100.0, 0.25);
  w.conductivity.temperature_K = 600;
  const auto ratios = drude_weight_ratios(w, 0.1);
  const double kT = 8.617333262e-5 * 600;
  auto dw = [&](double e) { return 2 * kT * std::log(2 * std::cosh(e / (2 * kT))); };
  CHECK(ratios[1] == doctest::Approx(dw(0.025) / dw(0.1)).epsilon(1e-13));
  CHECK(ratios[1] > 0.25);  // thermal carriers narrow the contrast
  CHECK(weights_depend_on_fermi(w));
  CHECK_THROWS_AS(SystemOperator(w, 0.0, {1.0}), Error);  // one ratio per ribbon
}
