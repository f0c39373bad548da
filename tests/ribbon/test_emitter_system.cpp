// The emitter study above a system of ribbons: spectral route (balanced, symmetric-definite)
// against --method direct on the formed A for a dimer with the emitter above the gap, a far
// second ribbon leaving the single ribbon's Purcell factor, frequency-dependent surroundings
// against one constant-eps run per hw, the per-E_F operators of Drude at T > 0 with unequal E_F
// against separate runs, and the rpa conductivity.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>

#include "specsweep/error.hpp"
#include "specsweep/ribbon/emitter.hpp"

using namespace specsweep;
using namespace specsweep::ribbon;

namespace {

EmitterSetup reduced() {
  EmitterSetup s;  // W = 100 nm, Gamma = 10 meV, emitter 10 nm high
  s.cells = 40;
  s.q_points = 9;
  s.fermi_eV = {0.2, 0.5};
  s.hw_eV = {0.08, 0.15, 0.2, 0.25, 0.35};
  return s;
}

RibbonSystem dimer(double gap_nm, Index cells, double width1_nm = 100.0, double ef_ratio = 1.0) {
  RibbonSystem s = single_ribbon(100.0, cells);
  s.geometry.ribbons.push_back(RibbonSpec{width1_nm, gap_nm, ef_ratio});
  return s;
}

double max_relative(const MatrixXd& a, const MatrixXd& b) {
  return ((a - b).cwiseAbs().array() / b.cwiseAbs().array()).maxCoeff();
}

}  // namespace

TEST_CASE("emitter above the gap of a dimer: the spectral route equals --method direct") {
  EmitterSetup s = reduced();
  s.emitter_x_nm = 105.0;  // above the middle of a 10 nm gap
  s.observation_x_nm = 150.0;
  s.observation_z_nm = 30.0;
  const RibbonSystem d = dimer(10.0, 40, 70.0, 0.6);
  const Surroundings m = Surroundings::uniform(2.45);
  for (EmitterObservable obs : {EmitterObservable::Purcell, EmitterObservable::Intensity}) {
    s.observable = obs;
    s.engine.method = Method::Auto;
    const EmitterResult a = run_emitter_study(s, d, m);
    s.engine.method = Method::Direct;
    const EmitterResult b = run_emitter_study(s, d, m);
    CHECK(a.route == "eig-symmetric-definite");
    CHECK(b.route == "direct");
    const double err = max_relative(a.observable, b.observable);
    MESSAGE(fmt::format("{}: max relative difference {:.2e}, P = {}", obs == EmitterObservable::Purcell ? "Purcell" : "intensity",
                        err, fmt::join(a.P.data(), a.P.data() + a.P.size(), ", ")));
    CHECK(err < 1e-9);  // both backward stable; the modal basis has kappa(L) ~ 1e2
  }
}

TEST_CASE("a second ribbon 5 um away leaves the single ribbon's Purcell factor") {
  EmitterSetup s = reduced();
  RibbonSystem one = single_ribbon(100.0, 40);
  one.discretisation = Discretisation::Galerkin;
  const EmitterResult a = run_emitter_study(s, one, Surroundings::uniform(2.45));
  const EmitterResult b = run_emitter_study(s, dimer(5000.0, 40), Surroundings::uniform(2.45));
  const double err = max_relative(b.observable, a.observable);
  MESSAGE(fmt::format("max relative change of F from the far ribbon: {:.2e}", err));
  // Its induced field at the emitter falls off like K0(q 5 um) over the q-range that matters
  // (q ~ 1/z_s), and its coupling back through the first ribbon is O((W/d)^2) ~ 4e-4 at q ~ 0,
  // where the Purcell integrand has little weight.
  CHECK(err < 1e-5);
  CHECK(err > 0);  // but it is there
}

TEST_CASE("dispersive surroundings: each hw equals a run with the constant eps_eff(hw)") {
  EmitterSetup s = reduced();
  s.hw_eV = {0.08, 0.12, 0.16, 0.2};
  // Lossless Lorentz media with the resonance above the grid: eps real and > 0 on it.
  Surroundings m;
  m.below = Permittivity::lorentz(2.0, {{1.5, 0.3, 0.0}});
  const EmitterResult a = run_emitter_study(s, single_ribbon(100.0, 40), m);
  for (size_t w = 0; w < s.hw_eV.size(); ++w) {
    EmitterSetup one = s;
    one.hw_eV = {s.hw_eV[w]};
    const double eps = m.eps_eff(s.hw_eV[w]).real();
    const EmitterResult b = run_emitter_study(one, single_ribbon(100.0, 40), Surroundings::uniform(eps));
    for (Index f = 0; f < Index(s.fermi_eV.size()); ++f) {
      INFO("hw = " << s.hw_eV[w] << ", eps_eff = " << eps);
      CHECK(a.observable(f, Index(w)) == doctest::Approx(b.observable(f, 0)).epsilon(1e-11));
    }
  }
}

TEST_CASE("Drude at 300 K with unequal E_F: one operator per E_F, equal to separate runs") {
  EmitterSetup s = reduced();
  s.emitter_x_nm = 110.0;
  RibbonSystem d = dimer(20.0, 40, 80.0, 0.3);
  d.conductivity.temperature_K = 300;
  REQUIRE(weights_depend_on_fermi(d));
  const EmitterResult all = run_emitter_study(s, d, Surroundings::uniform(2.45));
  for (size_t f = 0; f < s.fermi_eV.size(); ++f) {
    EmitterSetup one = s;
    one.fermi_eV = {s.fermi_eV[f]};
    const EmitterResult b = run_emitter_study(one, d, Surroundings::uniform(2.45));
    for (Index w = 0; w < Index(s.hw_eV.size()); ++w)
      CHECK(all.observable(Index(f), w) == doctest::Approx(b.observable(0, w)).epsilon(1e-12));
  }
  // The warm ratio differs from the cold one, so the answer does too.
  RibbonSystem cold = d;
  cold.conductivity.temperature_K = 0;
  const EmitterResult c = run_emitter_study(s, cold, Surroundings::uniform(2.45));
  CHECK(max_relative(all.observable, c.observable) > 1e-4);
}

TEST_CASE("rpa emitter study above a dimer: symmetric-definite, passive, and rpa with unequal E_F refused") {
  EmitterSetup s = reduced();
  s.emitter_x_nm = 105.0;
  RibbonSystem d = dimer(10.0, 40);
  d.conductivity = {Conductivity::Rpa, 300.0};
  const EmitterResult r = run_emitter_study(s, d, Surroundings::uniform(2.45));
  CHECK(r.route == "eig-symmetric-definite");
  CHECK(r.observable.minCoeff() > 1.0);  // F > 1: the ribbons only add decay channels
  CHECK(r.P.allFinite());
  d.geometry.ribbons[1].ef_ratio = 0.5;
  CHECK_THROWS_AS(run_emitter_study(s, d, Surroundings::uniform(2.45)), Error);
  // The setup's width must be W0 (the q grid's default scale).
  EmitterSetup w = s;
  w.width_nm = 80.0;
  CHECK_THROWS_AS(run_emitter_study(w, dimer(10.0, 40), Surroundings::uniform(2.45)), Error);
}
