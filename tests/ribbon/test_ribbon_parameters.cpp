// The parameter tables of the ribbon studies: the decided defaults, that every row reaches the
// setup member it names (checked field by field, not through the table's own getters), that
// every row is in the TOML echo / MPI fingerprint, the echo round trip, the text syntax, and
// the rules of the ribbons, with the message each one gives.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <set>

#include "specsweep/error.hpp"
#include "specsweep/ribbon/distributed.hpp"
#include "specsweep/ribbon/parameters.hpp"

using namespace specsweep;
using namespace specsweep::ribbon;

namespace {

// Values from the command line: every one is Text, source 1.
std::vector<Given> flags(const std::vector<std::pair<std::string, std::string>>& v) {
  std::vector<Given> g;
  for (const auto& [name, text] : v) g.push_back({name, Text{text}, "--" + name, 1});
  return g;
}

template <class S>
std::string message(const Schema<S>& schema, const std::vector<Given>& given) {
  try {
    assemble(schema, given);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// The line of `key` in a TOML echo ("" when absent).
std::string line_of(const std::string& toml, const std::string& key) {
  const size_t at = toml.find("\n" + key + " = ");
  const size_t start =
      toml.rfind(key + " = ", 0) == 0 ? 0 : (at == std::string::npos ? at : at + 1);
  if (start == std::string::npos) return "";
  return toml.substr(start, toml.find('\n', start) - start);
}

}  // namespace

TEST_CASE("parameters: the decided defaults hold in every study") {
  // eps_eff = 2.45 (vacuum over SiO2) everywhere: it was 1 in AbsorptionSetup, Python's
  // absorption and the CLI's modes, 2.45 elsewhere.
  CHECK(ModesSetup{}.eps_eff == 2.45);
  CHECK(AbsorptionSetup{}.eps_eff == 2.45);
  CHECK(EmitterSetup{}.eps_eff == 2.45);
  CHECK(ConductivitySetup{}.eps_eff == 2.45);
  // One range of cells for every study; the default stays per study.
  for (const auto* rule :
       {&modes_parameters().find("cells")->check, &absorption_parameters().find("cells")->check,
        &emitter_parameters().find("cells")->check}) {
    CHECK(rule->rule == "in [2, 20000]");
    CHECK(rule->ok(2));
    CHECK(rule->ok(20000));
    CHECK_FALSE(rule->ok(1));
    CHECK_FALSE(rule->ok(20001));
  }
  // The grids the CLI used to fill in are the setups' own now.
  const AbsorptionSetup a;
  CHECK(a.fermi_eV == std::vector<double>{0.2, 0.4, 0.6});
  REQUIRE(a.hw_eV.size() == 381);
  CHECK(a.hw_eV.front() == 0.02);
  CHECK(a.hw_eV.back() == 0.4);
  const EmitterSetup e;
  REQUIRE(e.fermi_eV.size() == 11);
  CHECK(e.fermi_eV.front() == 0.1);
  CHECK(e.fermi_eV.back() == 0.6);
  REQUIRE(e.hw_eV.size() == 351);
  CHECK(e.hw_eV[1] - e.hw_eV[0] == doctest::Approx(1e-3).epsilon(1e-9));  // 1 meV steps
  // Nothing given: the setup is its initialisers, a single isolated Drude ribbon at T = 0.
  CHECK(to_toml(emitter_parameters(), assemble(emitter_parameters(), {})) ==
        to_toml(emitter_parameters(), e));
  const ModesSetup m = assemble(modes_parameters(), {});
  CHECK(m.cells == 400);
  CHECK(m.count == 10);
  CHECK_FALSE(m.width_nm.has_value());
  CHECK(m.geometry.ribbons.empty());
  CHECK(m.geometry.period_nm == 0);
  CHECK(m.conductivity.kind == Conductivity::Drude);
  CHECK(m.conductivity.temperature_K == 0);
}

TEST_CASE("parameters: every emitter row sets the member it names, field by field") {
  const auto& t = emitter_parameters();
  const EmitterSetup s = assemble(t, flags({{"cells", "64"},
                                            {"width_nm", "120"},
                                            {"eps_eff", "3.5"},
                                            {"gamma_eV", "0.02"},
                                            {"emitter_x_nm", "-7"},
                                            {"emitter_z_nm", "12.5"},
                                            {"orientation_deg", "30"},
                                            {"line_center_eV", "0.25"},
                                            {"line_width_eV", "0.03"},
                                            {"observation_x_nm", "70"},
                                            {"observation_z_nm", "25"},
                                            {"fermi_eV", "0.2,0.5"},
                                            {"hw_eV", "0.1:0.3:3"},
                                            {"q_points", "9"},
                                            {"q_max_per_nm", "0.5"},
                                            {"q_scale_per_nm", "0.02"},
                                            {"observable", "intensity"},
                                            {"method", "direct"},
                                            {"period_nm", "0"},
                                            {"conductivity", "drude"},
                                            {"temperature_K", "0"}}));
  CHECK(s.cells == 64);
  CHECK(s.width_nm == 120);
  CHECK(s.eps_eff == 3.5);
  CHECK(s.gamma_eV == 0.02);
  CHECK(s.emitter_x_nm == -7);
  CHECK(s.emitter_z_nm == 12.5);
  REQUIRE(s.orientation_deg.has_value());
  CHECK(*s.orientation_deg == 30);
  CHECK(s.line_center_eV == 0.25);
  CHECK(s.line_width_eV == 0.03);
  CHECK(*s.observation_x_nm == 70);
  CHECK(*s.observation_z_nm == 25);
  CHECK(s.fermi_eV == std::vector<double>{0.2, 0.5});
  CHECK(s.hw_eV == std::vector<double>{0.1, 0.2, 0.3});
  CHECK(s.q_points == 9);
  CHECK(s.q_max_per_nm == 0.5);
  CHECK(s.q_scale_per_nm == 0.02);
  CHECK(s.observable == EmitterObservable::Intensity);
  CHECK(s.engine.method == Method::Direct);
  CHECK(s.geometry.ribbons.empty());
  // "average" is the unset orientation; a list is one cross-section factor per hw.
  const EmitterSetup avg =
      assemble(t, flags({{"orientation_deg", "average"}, {"hw_eV", "0.1,0.2"}}));
  CHECK_FALSE(avg.orientation_deg.has_value());
  const EmitterSetup cs =
      assemble(t, {{"hw_eV", std::vector<double>{0.1, 0.2}, "hw_eV"},
                   {"cross_section", std::vector<double>{0.5, 2.0}, "cross_section"}});
  CHECK(cs.cross_section == std::vector<double>{0.5, 2.0});
}

TEST_CASE("parameters: absorption, modes and conductivity rows set their members, field by field") {
  const AbsorptionSetup a = assemble(absorption_parameters(), flags({{"cells", "50"},
                                                                     {"width_nm", "80"},
                                                                     {"eps_eff", "1.5"},
                                                                     {"gamma_eV", "0.005"},
                                                                     {"fermi_eV", "0.3"},
                                                                     {"hw_eV", "0.1,0.2"},
                                                                     {"method", "eig"}}));
  CHECK(a.cells == 50);
  CHECK(a.width_nm == 80);
  CHECK(a.eps_eff == 1.5);
  CHECK(a.gamma_eV == 0.005);
  CHECK(a.fermi_eV == std::vector<double>{0.3});
  CHECK(a.hw_eV == std::vector<double>{0.1, 0.2});
  CHECK(a.options.method == Method::Eig);
  const ModesSetup m = assemble(modes_parameters(), flags({{"cells", "60"},
                                                           {"width_nm", "90"},
                                                           {"eps_eff", "4"},
                                                           {"qW", "0,0.5"},
                                                           {"count", "3"},
                                                           {"fermi_eV", "0.35"},
                                                           {"method", "eig"}}));
  CHECK(m.cells == 60);
  CHECK(*m.width_nm == 90);
  CHECK(m.eps_eff == 4);
  CHECK(m.qW == std::vector<double>{0, 0.5});
  CHECK(m.count == 3);
  CHECK(*m.fermi_eV == 0.35);
  CHECK(m.options.method == Method::Eig);
  const ConductivitySetup c = assemble(conductivity_parameters(),
                                       flags({{"fermi_eV", "0.3"},
                                              {"gamma_eV", "0.02"},
                                              {"hw_eV", "0.1"},
                                              {"eps_eff", "1"},
                                              {"width_nm", "40"},
                                              {"temperature_K", "300"},
                                              {"conductivity", "rpa"}}));
  CHECK(c.fermi_eV == 0.3);
  CHECK(c.gamma_eV == 0.02);
  CHECK(c.hw_eV == std::vector<double>{0.1});
  CHECK(c.eps_eff == 1);
  CHECK(c.width_nm == 40);
  CHECK(c.conductivity.temperature_K == 300);
  CHECK(c.conductivity.kind == Conductivity::Rpa);
}

TEST_CASE(
    "parameters: the ribbons, the period and the conductivity land in geometry and conductivity") {
  const AbsorptionSetup s = assemble(absorption_parameters(),
                                     flags({{"widths_nm", "100,80,60"},
                                            {"gaps_nm", "10,20"},
                                            {"ef_ratios", "1,1.5,2"},
                                            {"period_nm", "400"},
                                            {"conductivity", "drude"},
                                            {"temperature_K", "77"}}));
  REQUIRE(s.geometry.ribbons.size() == 3);
  const double widths[] = {100, 80, 60}, gaps[] = {0, 10, 20}, ratios[] = {1, 1.5, 2};
  for (size_t r = 0; r < 3; ++r) {
    CHECK(s.geometry.ribbons[r].width_nm == widths[r]);
    CHECK(s.geometry.ribbons[r].gap_nm == gaps[r]);
    CHECK(s.geometry.ribbons[r].ef_ratio == ratios[r]);
  }
  CHECK(s.width_nm == 100);  // W_0 sets the scale
  CHECK(s.geometry.period_nm == 400);
  CHECK(s.conductivity.temperature_K == 77);
  const Geometry g = geometry_of(s);
  CHECK(g.ribbons.size() == 3);
  // No ribbons listed: one ribbon of the width.
  const Geometry one = geometry_of(assemble(absorption_parameters(), flags({{"width_nm", "70"}})));
  REQUIRE(one.ribbons.size() == 1);
  CHECK(one.ribbons[0].width_nm == 70);
  CHECK(one.period_nm == 0);
}

TEST_CASE("parameters: every row is in the TOML echo, which is the MPI fingerprint") {
  // Changing any one row from its default changes exactly that row's line of the echo.
  const auto& t = emitter_parameters();
  const std::string base = to_toml(t, EmitterSetup{});
  CHECK(emitter_fingerprint(EmitterSetup{}) == base);
  const std::vector<std::pair<std::string, std::string>> changes = {
      {"cells", "64"},           {"width_nm", "120"},        {"period_nm", "500"},
      {"eps_eff", "3.5"},        {"gamma_eV", "0.02"},       {"conductivity", "rpa"},
      {"temperature_K", "300"},  {"emitter_x_nm", "-7"},     {"emitter_z_nm", "12.5"},
      {"orientation_deg", "30"}, {"line_center_eV", "0.25"}, {"line_width_eV", "0.03"},
      {"fermi_eV", "0.2,0.5"},   {"hw_eV", "0.1:0.3:3"},     {"q_points", "9"},
      {"q_max_per_nm", "0.5"},   {"q_scale_per_nm", "0.02"}, {"method", "direct"}};
  std::set<std::string> covered;
  for (const auto& [name, text] : changes) {
    CAPTURE(name);
    const std::string key = t.find(name)->key;
    const std::string echo = to_toml(t, assemble(t, flags({{name, text}})));
    CHECK(line_of(echo, key) != line_of(base, key));
    std::string rest = echo, rest_base = base;
    rest.erase(rest.find(line_of(echo, key)), line_of(echo, key).size());
    rest_base.erase(rest_base.find(line_of(base, key)), line_of(base, key).size());
    CHECK(rest == rest_base);
    covered.insert(name);
  }
  // The rows that only come in pairs or as ribbons.
  const std::string obs = to_toml(t, assemble(t, flags({{"observation_x_nm", "70"},
                                                        {"observation_z_nm", "25"},
                                                        {"observable", "intensity"}})));
  CHECK(line_of(obs, "observation.x_nm") == "observation.x_nm = 70");
  CHECK(line_of(obs, "observation.z_nm") == "observation.z_nm = 25");
  CHECK(line_of(obs, "output.observable") == "output.observable = \"intensity\"");
  const std::string cs =
      to_toml(t, assemble(t, {{"hw_eV", Text{"0.1,0.2"}, "--hw", 1},
                              {"cross_section", std::vector<double>{0.5, 2}, "cross_section"}}));
  CHECK(line_of(cs, "emitter.cross_section") == "emitter.cross_section = [0.5, 2]");
  const std::string dimer = to_toml(
      t, assemble(t, flags({{"widths_nm", "100,80"}, {"gaps_nm", "20"}, {"ef_ratios", "1,1.5"}})));
  CHECK(line_of(dimer, "ribbon.strip") ==
        "ribbon.strip = [{ width_nm = 100, ef_ratio = 1 }, { width_nm = 80, gap_nm = 20, ef_ratio "
        "= 1.5 }]");
  CHECK(line_of(dimer, "ribbon.width_nm").empty());  // the widths say it
  // The media replace eps_eff: its line goes, theirs come (a table by its file name, the
  // oscillators as one table each), and the fingerprint differs from the constant eps's.
  const std::string table = SPECSWEEP_DATA_DIR "/sio2_kischkat2012.txt";
  const std::string media = to_toml(
      t, assemble(t, flags({{"substrate", table}, {"superstrate", "1.5"},
                            {"superstrate_lorentz", "0.5,0.15,0.005,0.25,0.2,0"}, {"hw_eV", "0.1,0.2"}})));
  CHECK(line_of(media, "ribbon.eps_eff").empty());
  CHECK(line_of(media, "ribbon.substrate") == "ribbon.substrate = \"" + table + "\"");
  CHECK(line_of(media, "ribbon.superstrate") == "ribbon.superstrate = 1.5");
  CHECK(line_of(media, "ribbon.superstrate_lorentz") ==
        "ribbon.superstrate_lorentz = [{ strength = 0.5, hw0_eV = 0.15, gamma_eV = 0.005 }, "
        "{ strength = 0.25, hw0_eV = 0.2, gamma_eV = 0 }]");
  CHECK(base.find("# ribbon.substrate: not set\n") != std::string::npos);
  const std::string lorentz = to_toml(
      t, assemble(t, flags({{"substrate", "3.9"}, {"substrate_lorentz", "0.8,0.13,0.004"}})));
  CHECK(line_of(lorentz, "ribbon.substrate") == "ribbon.substrate = 3.9");
  CHECK(line_of(lorentz, "ribbon.substrate_lorentz") ==
        "ribbon.substrate_lorentz = [{ strength = 0.8, hw0_eV = 0.13, gamma_eV = 0.004 }]");
  CHECK(line_of(lorentz, "ribbon.superstrate").empty());
  for (const char* n : {"observation_x_nm", "observation_z_nm", "observable", "cross_section",
                        "widths_nm", "gaps_nm", "ef_ratios", "substrate", "superstrate",
                        "substrate_lorentz", "superstrate_lorentz"})
    covered.insert(n);
  for (const auto& p : t.rows)
    CHECK_MESSAGE(covered.count(p.name), "row without an echo check: " << p.name);
  // A rank launched with another width differs on exactly that line (what the MPI test greps).
  EmitterSetup other;
  other.width_nm = 120;
  CHECK(line_of(emitter_fingerprint(other), "ribbon.width_nm") == "ribbon.width_nm = 120");
}

TEST_CASE("parameters: the echo fed back as values gives the same setup") {
  const auto& t = emitter_parameters();
  const EmitterSetup s = assemble(t,
                                  flags({{"widths_nm", "100,80"},
                                         {"gaps_nm", "20"},
                                         {"ef_ratios", "1,1.5"},
                                         {"orientation_deg", "30"},
                                         {"observation_x_nm", "70"},
                                         {"observation_z_nm", "25"},
                                         {"hw_eV", "0.1:0.3:21"},
                                         {"q_max_per_nm", "0.123456789012345"},
                                         {"eps_eff", "0.1"}}));
  std::vector<Given> back;
  for (const auto& [p, v] : values(t, s)) back.push_back({p->name, v, p->name, 0});
  const EmitterSetup again = assemble(t, back);
  CHECK(to_toml(t, again) == to_toml(t, s));
  CHECK(again.q_max_per_nm == s.q_max_per_nm);  // shortest round-trip text loses nothing
  CHECK(again.hw_eV == s.hw_eV);
}

TEST_CASE("parameters: text, types and the messages that name where a value came from") {
  const auto& t = absorption_parameters();
  CHECK(message(t, flags({{"width_nm", "-100"}})) ==
        "--width_nm: width (nm) must be > 0, got -100");
  CHECK(message(t, flags({{"width_nm", "abc"}})) == "--width_nm: 'abc' is not a number");
  CHECK(message(t, flags({{"cells", "2.5"}})) == "--cells: '2.5' is not an integer");
  CHECK(message(t, flags({{"cells", "1"}})) == "--cells: cells must be in [2, 20000], got 1");
  CHECK(message(t, flags({{"fermi_eV", "0.2,-0.4"}})) ==
        "--fermi_eV: Fermi energy (eV) must be > 0, got -0.4");
  CHECK(message(t, flags({{"hw_eV", "0.1:0.2"}})) ==
        "--hw_eV: a range is from:to:count, got '0.1:0.2'");
  CHECK(message(t, flags({{"conductivity", "bloch"}})) ==
        "--conductivity: expected one of drude|rpa, got 'bloch'");
  CHECK(message(t, flags({{"method", "lu"}}))
            .find("expected one of auto|direct|eig|schur|hessenberg") != std::string::npos);
  CHECK(message(t, {{"cells", 20.0, "cells"}}) == "cells: expected an integer, got the number 20");
  CHECK(message(t, {{"width", Text{"1"}, "width"}})
            .rfind("width: unknown parameter 'width' of the absorption", 0) == 0);
  // A row that was not given is named by its TOML key.
  CHECK(message(emitter_parameters(), flags({{"observable", "intensity"}})) ==
        "--observable: intensity needs an observation point (observation x and z)");
  CHECK(message(emitter_parameters(), flags({{"observation_x_nm", "1"}})) ==
        "--observation_x_nm: the observation point needs both x and z");
  // A flag (source 1) overrides a file (source 0).
  const AbsorptionSetup s = assemble(
      t, {{"eps_eff", 1.0, "f.toml: ribbon.eps_eff", 0}, {"eps_eff", Text{"3"}, "--eps", 1}});
  CHECK(s.eps_eff == 3);
  CHECK(message(
            t, {{"eps_eff", Text{"3"}, "--eps", 1}, {"eps_eff", -1.0, "f.toml: ribbon.eps_eff", 0}})
            .empty());
  CHECK(message(t, {{"eps_eff", -1.0, "f.toml: ribbon.eps_eff", 1}}) ==
        "f.toml: ribbon.eps_eff: eps_eff must be > 0, got -1");
}

TEST_CASE("parameters: the rules of several ribbons, arrays and rpa") {
  const auto& t = modes_parameters();
  auto msg = [&](const std::vector<std::pair<std::string, std::string>>& v) {
    return message(t, flags(v));
  };
  CHECK(msg({{"widths_nm", "100,80"}, {"gaps_nm", "10"}}).empty());
  CHECK(msg({{"widths_nm", "100,80"}}) ==
        "--widths_nm: 2 ribbons need R - 1 = 1 gap (edge to edge, before each ribbon after the "
        "first)");
  CHECK(msg({{"widths_nm", "100,80"}, {"gaps_nm", "10,20"}}) ==
        "--gaps_nm: 2 gaps for 2 ribbons (from --widths_nm): give R - 1 = 1");
  CHECK(msg({{"widths_nm", "100,80"}, {"gaps_nm", "10"}, {"ef_ratios", "1"}}) ==
        "--ef_ratios: 1 E_F ratio for 2 ribbons (from --widths_nm): give one per ribbon");
  CHECK(msg({{"widths_nm", "100,80"}, {"gaps_nm", "10"}, {"ef_ratios", "2,1"}}) ==
        "--ef_ratios: the first ratio is E_F,0 / E_F,0 = 1, got 2");
  CHECK(msg({{"widths_nm", "100,0"}, {"gaps_nm", "10"}}) ==
        "--widths_nm: width (nm) must be > 0, got 0 (ribbon 1)");
  CHECK(msg({{"widths_nm", "100,80"}, {"gaps_nm", "0"}}) ==
        "--gaps_nm: gap (nm) must be > 0, got 0 (ribbon 1)");
  CHECK(msg({{"widths_nm", "100,80"}, {"gaps_nm", "10"}, {"ef_ratios", "1,-1"}}) ==
        "--ef_ratios: E_F ratio must be > 0, got -1 (ribbon 1)");
  CHECK(msg({{"gaps_nm", "5"}}) ==
        "--gaps_nm: 1 gap for 1 ribbon (no widths listed): give R - 1 = 0");
  CHECK(msg({{"widths_nm", "100"}, {"width_nm", "100"}}) ==
        "--widths_nm: give either --width_nm or --widths_nm, not both");
  // The period must exceed the span from the first left edge to the last right edge.
  CHECK(msg({{"widths_nm", "100,80"}, {"gaps_nm", "20"}, {"period_nm", "200"}}) ==
        "--period_nm: period (nm) must exceed the unit cell's span (widths plus gaps) of 200 nm, "
        "got 200");
  CHECK(msg({{"widths_nm", "100,80"}, {"gaps_nm", "20"}, {"period_nm", "200.5"}}).empty());
  CHECK(msg({{"width_nm", "100"}, {"period_nm", "99"}}).find("span (widths plus gaps) of 100 nm") !=
        std::string::npos);
  CHECK(msg({{"period_nm", "300"}}) == "--period_nm: a period needs the ribbon width");
  CHECK(msg({{"temperature_K", "-1"}}) == "--temperature_K: temperature (K) must be >= 0, got -1");
  // rpa: one E_F for all ribbons, because sigma_r / sigma_0 would depend on the frequency.
  const std::string rpa = msg({{"widths_nm", "100,80"},
                               {"gaps_nm", "20"},
                               {"ef_ratios", "1,1.5"},
                               {"conductivity", "rpa"}});
  CHECK(rpa.rfind(
            "--conductivity: rpa needs one E_F for every ribbon, but ribbon 1 has E_F ratio 1.5",
            0) == 0);
  CHECK(
      rpa.find("changes with the frequency, so the sweep would no longer have one scalar shift") !=
      std::string::npos);
  CHECK(msg({{"widths_nm", "100,80"},
             {"gaps_nm", "20"},
             {"ef_ratios", "1,1"},
             {"conductivity", "rpa"}})
            .empty());
  CHECK(msg({{"widths_nm", "100,80"}, {"gaps_nm", "20"}, {"ef_ratios", "1,1.5"}})
            .empty());  // drude: allowed
}

TEST_CASE("parameters: several ribbons, arrays, rpa and T > 0 pass the flags and validate()") {
  const auto& t = emitter_parameters();
  CHECK(message(t, flags({{"widths_nm", "100,80"}, {"gaps_nm", "20"}})).empty());
  CHECK(message(t, flags({{"period_nm", "400"}})).empty());
  CHECK(message(t, flags({{"conductivity", "rpa"}})).empty());
  CHECK(message(t, flags({{"temperature_K", "300"}})).empty());
  EmitterSetup s;
  s.geometry.ribbons = {RibbonSpec{100.0}, RibbonSpec{80.0, 20.0, 1.0}};
  CHECK_NOTHROW(validate(s));
  AbsorptionSetup a;
  a.conductivity.kind = Conductivity::Rpa;
  a.conductivity.temperature_K = 300;
  CHECK_NOTHROW(validate(a));
  ModesSetup m;
  m.geometry.period_nm = 500;
  m.width_nm = 100;
  CHECK_NOTHROW(validate(m));
  ConductivitySetup c;
  c.conductivity.temperature_K = 300;
  CHECK_NOTHROW(validate(c));
}

TEST_CASE("parameters: parse_grid and linspace") {
  CHECK(parse_grid("0.1:0.3:3", "--hw") == linspace(0.1, 0.3, 3));
  CHECK(linspace(0.2, 0.9, 8).back() == 0.9);  // 0.2 + (0.9 - 0.2) rounds to 0.8999999999999999
  CHECK(parse_grid("1,2.5,4", "--x") == std::vector<double>{1, 2.5, 4});
  CHECK(parse_grid("7", "--x") == std::vector<double>{7});
  CHECK(linspace(0.05, 0.4, 351).front() == 0.05);
  CHECK(linspace(2, 3, 1) == std::vector<double>{2});
  CHECK_THROWS_WITH_AS(parse_grid("1:2:0", "--hw"),
                       "--hw: count must be an integer in [1, 1e7], got '0'", Error);
  CHECK_THROWS_WITH_AS(parse_grid("1,x", "--hw"), "--hw: 'x' is not a number", Error);
  CHECK_THROWS_WITH_AS(parse_grid("1,inf", "--hw"), "--hw: 'inf' is not a number", Error);
}
