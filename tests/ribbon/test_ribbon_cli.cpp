// `specsweep ribbon modes` and `ribbon absorption` on the real binary: the JSON contract
// {"modes": [{"qW", "eta", "hw_eV"}]}, the .npy table layout, and agreement with the library.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "apps/cli_runner.hpp"
#include "specsweep/io/npy.hpp"
#include "specsweep/ribbon/modes.hpp"

using namespace cli_test;

TEST_CASE("ribbon modes --json follows the contract and matches plasmon_eta") {
  ScratchDir dir("specsweep_ribbon_modes_cli");
  const RunResult r = run({SPECSWEEP_CLI, "ribbon", "modes", "--cells", "120", "--qw", "0,0.5", "--count", "3",
                           "--width", "100", "--ef", "0.4", "--eps", "2.45", "--json"},
                          dir.path.string());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.size() == 1);
  REQUIRE(j["modes"].size() == 2);
  for (size_t i = 0; i < 2; ++i) {
    const auto& m = j["modes"][i];
    CHECK(m.size() == 3);
    const double qw = m["qW"].get<double>();
    CHECK(qw == (i == 0 ? 0.0 : 0.5));
    const auto eta = m["eta"].get<std::vector<double>>();
    const auto hw = m["hw_eV"].get<std::vector<double>>();
    REQUIRE(eta.size() == 3);
    REQUIRE(hw.size() == 3);
    CHECK(std::is_sorted(eta.begin(), eta.end()));
    const auto ref = specsweep::ribbon::plasmon_eta(qw, 120, 3);
    for (size_t k = 0; k < 3; ++k) {
      CHECK(eta[k] == doctest::Approx(ref[k]).epsilon(1e-12));
      CHECK(hw[k] == doctest::Approx(specsweep::ribbon::plasmon_energy(ref[k], 0.4, 2.45, 100)).epsilon(1e-12));
    }
  }
  // Without W and E_F there is no energy scale: hw_eV is empty.
  const RunResult bare = run({SPECSWEEP_CLI, "ribbon", "modes", "--cells", "50", "--json"}, dir.path.string());
  REQUIRE_MESSAGE(bare.exit_code == 0, bare.err);
  CHECK(nlohmann::json::parse(bare.out)["modes"][0]["hw_eV"].empty());
}

TEST_CASE("ribbon absorption --out writes (n_hw, 1 + n_EF): hw, then sigma_abs per E_F") {
  ScratchDir dir("specsweep_ribbon_cli");
  const std::string out = dir / "abs.npy";
  const RunResult r = run({SPECSWEEP_CLI, "ribbon", "absorption", "--cells", "60", "--ef", "0.2,0.4",
                           "--hw", "0.05:0.2:4", "--out", out, "--json"},
                          dir.path.string());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto j = nlohmann::json::parse(r.out);
  const auto a = specsweep::io::read_npy(out);
  REQUIRE(a.shape == std::vector<specsweep::Index>{4, 3});
  for (size_t k = 0; k < 4; ++k) {
    CHECK(a.real[k * 3] == doctest::Approx(0.05 + 0.05 * double(k)).epsilon(1e-14));
    for (size_t f = 0; f < 2; ++f) CHECK(a.real[k * 3 + 1 + f] == j["sigma_abs_nm"][f][k].get<double>());
  }
}

TEST_CASE("--plot writes PNG files through /usr/bin/python3 and matplotlib") {
  ScratchDir dir("specsweep_ribbon_plot_cli");
  const std::string modes_png = dir / "dispersion.png", abs_png = dir / "absorption.png";
  const RunResult m = run({SPECSWEEP_CLI, "ribbon", "modes", "--cells", "40", "--qw", "0:1:3", "--count", "3",
                           "--width", "100", "--ef", "0.4", "--plot", modes_png},
                          dir.path.string());
  REQUIRE_MESSAGE(m.exit_code == 0, m.err);
  const RunResult a = run({SPECSWEEP_CLI, "ribbon", "absorption", "--cells", "40", "--ef", "0.3",
                           "--hw", "0.05:0.2:16", "--plot", abs_png},
                          dir.path.string());
  REQUIRE_MESSAGE(a.exit_code == 0, a.err);
  for (const auto& png : {modes_png, abs_png}) {
    CAPTURE(png);
    CHECK(read_file(png).rfind("\x89PNG\r\n", 0) == 0);
  }
}
