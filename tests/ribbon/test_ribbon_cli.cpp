// `specsweep ribbon modes`, `absorption`, `emitter` and `conductivity` on the real binary: the
// JSON contract {"modes": [{"qW", "eta", "hw_eV"}]}, the .npy table layout, agreement with the
// library, and the parameter views: the empty command line, an empty TOML file and the setups'
// own defaults give the same parameters, and every flag and its TOML key set the same one.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <nlohmann/json.hpp>
#include <set>

#include "apps/cli_runner.hpp"
#include "specsweep/io/npy.hpp"
#include "specsweep/ribbon/modes.hpp"
#include "specsweep/ribbon/parameters.hpp"

using namespace cli_test;
namespace rb = specsweep::ribbon;

namespace {

// `specsweep ribbon <study> <args> --print-config`, which must succeed.
std::string print_config(const std::string& study, std::vector<std::string> args,
                         const ScratchDir& dir) {
  std::vector<std::string> argv{SPECSWEEP_CLI, "ribbon", study};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back("--print-config");
  const RunResult r = run(argv, dir.path.string());
  CAPTURE(study);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return r.out;
}

template <class S>
std::set<std::string> flags_of(const rb::Schema<S>& schema) {
  std::set<std::string> f;
  for (const auto& p : schema.rows) f.insert(p.flag);
  return f;
}

// The same parameters as flags and as a TOML file.
struct Spelling {
  std::vector<std::string> flags;
  std::string toml;
};

}  // namespace

TEST_CASE("ribbon modes --json follows the contract and matches plasmon_eta") {
  ScratchDir dir("specsweep_ribbon_modes_cli");
  const RunResult r =
      run({SPECSWEEP_CLI, "ribbon", "modes", "--cells", "120", "--qw", "0,0.5", "--count", "3",
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
      CHECK(hw[k] == doctest::Approx(specsweep::ribbon::plasmon_energy(ref[k], 0.4, 2.45, 100))
                         .epsilon(1e-12));
    }
  }
  // Without W and E_F there is no energy scale: hw_eV is empty.
  const RunResult bare =
      run({SPECSWEEP_CLI, "ribbon", "modes", "--cells", "50", "--json"}, dir.path.string());
  REQUIRE_MESSAGE(bare.exit_code == 0, bare.err);
  CHECK(nlohmann::json::parse(bare.out)["modes"][0]["hw_eV"].empty());
}

TEST_CASE("ribbon absorption --out writes (n_hw, 1 + n_EF): hw, then sigma_abs per E_F") {
  ScratchDir dir("specsweep_ribbon_cli");
  const std::string out = dir / "abs.npy";
  const RunResult r = run({SPECSWEEP_CLI, "ribbon", "absorption", "--cells", "60", "--ef",
                           "0.2,0.4", "--hw", "0.05:0.2:4", "--out", out, "--json"},
                          dir.path.string());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto j = nlohmann::json::parse(r.out);
  const auto a = specsweep::io::read_npy(out);
  REQUIRE(a.shape == std::vector<specsweep::Index>{4, 3});
  for (size_t k = 0; k < 4; ++k) {
    CHECK(a.real[k * 3] == doctest::Approx(0.05 + 0.05 * double(k)).epsilon(1e-14));
    for (size_t f = 0; f < 2; ++f)
      CHECK(a.real[k * 3 + 1 + f] == j["sigma_abs_nm"][f][k].get<double>());
  }
}

TEST_CASE("--plot writes PNG files through /usr/bin/python3 and matplotlib") {
  ScratchDir dir("specsweep_ribbon_plot_cli");
  const std::string modes_png = dir / "dispersion.png", abs_png = dir / "absorption.png";
  const RunResult m = run({SPECSWEEP_CLI, "ribbon", "modes", "--cells", "40", "--qw", "0:1:3",
                           "--count", "3", "--width", "100", "--ef", "0.4", "--plot", modes_png},
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

TEST_CASE(
    "parameter defaults: empty command line, empty TOML file and the setups' initialisers agree") {
  ScratchDir dir("specsweep_ribbon_defaults");
  write_file(dir / "empty.toml", "");
  const std::pair<std::string, std::string> studies[] = {
      {"modes", rb::to_toml(rb::modes_parameters(), rb::ModesSetup{})},
      {"absorption", rb::to_toml(rb::absorption_parameters(), rb::AbsorptionSetup{})},
      {"emitter", rb::to_toml(rb::emitter_parameters(), rb::EmitterSetup{})},
      {"conductivity", rb::to_toml(rb::conductivity_parameters(), rb::ConductivitySetup{})}};
  for (const auto& [study, library] : studies) {
    CAPTURE(study);
    const std::string cli = print_config(study, {}, dir);
    CHECK(cli == print_config(study, {"--config", dir / "empty.toml"}, dir));
    CHECK(cli == library);
    CHECK(cli.find("ribbon.eps_eff = 2.45\n") != std::string::npos);  // the one eps_eff default
  }
  // data/ribbon-default.toml says its values are the built-in defaults: hold it to that.
  CHECK(print_config("emitter", {"--config", SPECSWEEP_DATA_DIR "/ribbon-default.toml"}, dir) ==
        print_config("emitter", {}, dir));
  // The other data files stay valid.
  print_config("modes", {"--config", SPECSWEEP_DATA_DIR "/ribbon-modes.toml"}, dir);
  print_config("absorption", {"--config", SPECSWEEP_DATA_DIR "/ribbon-absorption.toml"}, dir);
  for (const char* f : {"/ribbon-sio2.toml", "/ribbon-array.toml", "/ribbon-dimer-unequal.toml"})
    print_config("absorption", {"--config", std::string(SPECSWEEP_DATA_DIR) + f}, dir);
  print_config("emitter", {"--config", SPECSWEEP_DATA_DIR "/ribbon-dimer.toml"}, dir);
  // And the JSON echo of an absorption run without --eps carries the same default.
  const RunResult r =
      run({SPECSWEEP_CLI, "ribbon", "absorption", "--cells", "20", "--hw", "0.1", "--json"},
          dir.path.string());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(nlohmann::json::parse(r.out)["eps_eff"].get<double>() == 2.45);
}

TEST_CASE("parameter views: every flag and its TOML key set the same parameter") {
  ScratchDir dir("specsweep_ribbon_spellings");
  write_file(dir / "xs.txt", "# hw_eV factor\n0.0 1.0\n1.0 3.0\n");
  write_file(dir / "eps.txt", "# hw_eV Re_eps Im_eps\n0.01 3.9 0.1\n1.0 4.1 0.2\n");
  // The media: a table file below, a number with Lorentz oscillators above, and the reverse.
  const std::vector<std::string> media_flags = {
      "--substrate", dir / "eps.txt", "--superstrate", "1.5", "--superstrate-lorentz",
      "0.5,0.15,0.005"};
  const std::string media =
      "[ribbon]\nsubstrate = \"eps.txt\"\nsuperstrate = 1.5\n[[ribbon.superstrate_lorentz]]\n"
      "strength = 0.5\nhw0_eV = 0.15\ngamma_eV = 0.005\n";
  const std::vector<std::string> lorentz_flags = {"--substrate", "3.9", "--substrate-lorentz",
                                                  "0.8,0.13,0.004,0.2,0.1,0.003"};
  const std::string lorentz =
      "[ribbon]\nsubstrate = 3.9\n[[ribbon.substrate_lorentz]]\nstrength = 0.8\nhw0_eV = 0.13\n"
      "gamma_eV = 0.004\n[[ribbon.substrate_lorentz]]\nstrength = 0.2\nhw0_eV = 0.1\n"
      "gamma_eV = 0.003\n";
  const std::string ribbons3 =
      "[[ribbon.strip]]\nwidth_nm = 100\n[[ribbon.strip]]\nwidth_nm = 80\ngap_nm = 10\nef_ratio = "
      "1.5\n"
      "[[ribbon.strip]]\nwidth_nm = 60\ngap_nm = 20\nef_ratio = 2\n";
  const std::vector<std::string> ribbons3_flags = {"--widths", "100,80,60",   "--gaps",
                                                   "10,20",    "--ef-ratios", "1,1.5,2"};
  const std::string shared =
      "[ribbon]\ncells = 64\nwidth_nm = 120\nperiod_nm = 500\neps_eff = 3.5\nconductivity = "
      "\"rpa\"\n"
      "temperature_K = 300\n";
  const std::vector<std::string> shared_flags = {"--cells",        "64",  "--width",       "120",
                                                 "--period",       "500", "--eps",         "3.5",
                                                 "--conductivity", "rpa", "--temperature", "300"};
  auto join = [](std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  const std::map<std::string, std::vector<Spelling>> cases = {
      {"modes",
       {{join(shared_flags, {"--qw", "0:2:5", "--count", "3", "--ef", "0.35", "--method", "eig"}),
         shared + "[modes]\nqW = { from = 0, to = 2, count = 5 }\ncount = 3\nfermi_eV = 0.35\n"
                  "[engine]\nmethod = \"eig\"\n"},
        {ribbons3_flags, ribbons3}}},
      {"absorption",
       {{join(shared_flags,
              {"--gamma", "0.02", "--ef", "0.2,0.5", "--hw", "0.1:0.3:21", "--method", "eig"}),
         shared + "gamma_eV = 0.02\n[sweep]\nfermi_eV = [0.2, 0.5]\nhw_eV = { from = 0.1, to = "
                  "0.3, count = 21 }\n"
                  "[engine]\nmethod = \"eig\"\n"},
        {ribbons3_flags, ribbons3},
        {media_flags, media},
        {lorentz_flags, lorentz}}},
      {"emitter",
       {{join(shared_flags, {"--gamma",
                             "0.02",
                             "--x",
                             "30",
                             "--z",
                             "12.5",
                             "--orientation",
                             "30",
                             "--line-center",
                             "0.25",
                             "--line-width",
                             "0.03",
                             "--observation-x",
                             "70",
                             "--observation-z",
                             "25",
                             "--ef",
                             "0.2,0.5",
                             "--hw",
                             "0.1:0.3:21",
                             "--q-points",
                             "9",
                             "--q-max",
                             "0.5",
                             "--q-scale",
                             "0.02",
                             "--observable",
                             "intensity",
                             "--method",
                             "direct"}),
         shared + "gamma_eV = 0.02\n[emitter]\nx_nm = 30\nz_nm = 12.5\norientation = "
                  "30\nline_center_eV = 0.25\n"
                  "line_width_eV = 0.03\n[observation]\nx_nm = 70\nz_nm = 25\n[sweep]\nfermi_eV = "
                  "[0.2, 0.5]\n"
                  "hw_eV = { from = 0.1, to = 0.3, count = 21 }\n[quadrature]\nq_points = "
                  "9\nq_max_per_nm = 0.5\n"
                  "q_scale_per_nm = 0.02\n[output]\nobservable = \"intensity\"\n[engine]\nmethod = "
                  "\"direct\"\n"},
        {join(ribbons3_flags, {"--cross-section", dir / "xs.txt", "--hw", "0.25,0.5"}),
         "[emitter]\ncross_section = \"xs.txt\"\n[sweep]\nhw_eV = [0.25, 0.5]\n" + ribbons3},
        {media_flags, media},
        {lorentz_flags, lorentz}}},
      {"conductivity",
       {{{"--ef", "0.3", "--gamma", "0.02", "--conductivity", "rpa", "--temperature", "300", "--hw",
          "0.1,0.5", "--eps", "1", "--width", "40"},
         "[sheet]\nfermi_eV = 0.3\n[ribbon]\ngamma_eV = 0.02\nconductivity = "
         "\"rpa\"\ntemperature_K = 300\n"
         "eps_eff = 1\nwidth_nm = 40\n[sweep]\nhw_eV = [0.1, 0.5]\n"}}}};
  const std::map<std::string, std::set<std::string>> all_flags = {
      {"modes", flags_of(rb::modes_parameters())},
      {"absorption", flags_of(rb::absorption_parameters())},
      {"emitter", flags_of(rb::emitter_parameters())},
      {"conductivity", flags_of(rb::conductivity_parameters())}};
  for (const auto& [study, spellings] : cases) {
    CAPTURE(study);
    const std::string defaults = print_config(study, {}, dir);
    std::set<std::string> used;
    for (size_t k = 0; k < spellings.size(); ++k) {
      CAPTURE(k);
      const Spelling& c = spellings[k];
      write_file(dir / "case.toml", c.toml);
      const std::string from_flags = print_config(study, c.flags, dir);
      const std::string from_file = print_config(study, {"--config", dir / "case.toml"}, dir);
      CHECK(from_flags == from_file);
      CHECK(from_flags != defaults);
      // What --print-config writes reads back to itself.
      write_file(dir / "echo.toml", from_flags);
      CHECK(print_config(study, {"--config", dir / "echo.toml"}, dir) == from_flags);
      for (const auto& a : c.flags)
        if (a.rfind("--", 0) == 0) used.insert(a);
    }
    // A row without a case here fails, so a new parameter gets its two spellings checked.
    for (const auto& f : all_flags.at(study))
      CHECK_MESSAGE(used.count(f), study << ": no case sets " << f);
  }
  // The cross section from a file is interpolated onto the hw grid: 1 + 2 hw at 0.25 and 0.5.
  const std::string xs =
      print_config("emitter", {"--cross-section", dir / "xs.txt", "--hw", "0.25,0.5"}, dir);
  CHECK(xs.find("emitter.cross_section = [1.5, 2]\n") != std::string::npos);
}

TEST_CASE("parameter errors: exit 3 and one line naming the flag or the file and key") {
  ScratchDir dir("specsweep_ribbon_parameter_errors");
  write_file(dir / "no_width.toml",
             "[[ribbon.strip]]\nwidth_nm = 100\n[[ribbon.strip]]\ngap_nm = 10\n");
  write_file(dir / "first_gap.toml", "[[ribbon.strip]]\nwidth_nm = 100\ngap_nm = 5\n");
  write_file(dir / "strip_key.toml", "[[ribbon.strip]]\nwidth_nm = 100\nwidht = 1\n");
  write_file(dir / "both.toml", "[ribbon]\nwidth_nm = 100\n[[ribbon.strip]]\nwidth_nm = 100\n");
  write_file(dir / "dimer.toml",
             "[[ribbon.strip]]\nwidth_nm = 100\n[[ribbon.strip]]\nwidth_nm = 80\ngap_nm = 20\n");
  write_file(dir / "word.toml", "[ribbon]\nconductivity = 3\n");
  write_file(dir / "bad_eps.txt", "# hw_eV Re_eps Im_eps\n0.01 3.9 0\n0.5 3.9\n1.0 3.9 0\n");
  write_file(dir / "short_eps.txt", "0.1 3.9 0\n0.2 3.9 0\n");
  write_file(dir / "eps.txt", "0.01 3.9 0\n1.0 3.9 0\n");
  write_file(dir / "osc_key.toml", "[[ribbon.substrate_lorentz]]\nstrength = 1\nhw0 = 0.1\n");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"modes", "--widths", "100,80"}, "--widths: 2 ribbons need R - 1 = 1 gap"},
      {{"absorption", "--widths", "100,80", "--gaps", "10,20"},
       "--gaps: 2 gaps for 2 ribbons (from --widths)"},
      {{"emitter", "--widths", "100,80", "--gaps", "10", "--ef-ratios", "1"},
       "--ef-ratios: 1 E_F ratio for 2 ribbons"},
      {{"modes", "--widths", "100,80", "--gaps", "10", "--ef-ratios", "1,2", "--conductivity",
        "rpa"},
       "--conductivity: rpa needs one E_F for every ribbon, but ribbon 1 has E_F ratio 2: under "
       "rpa sigma_r / sigma_0 "
       "changes with the frequency, so the sweep would no longer have one scalar shift"},
      {{"absorption", "--widths", "100,80", "--gaps", "20", "--period", "150"},
       "--period: period (nm) must exceed the unit cell's span (widths plus gaps) of 200 nm, got "
       "150"},
      {{"absorption", "--temperature=-2"}, "--temperature: temperature (K) must be >= 0, got -2"},
      {{"absorption", "--cells", "1"}, "--cells: cells must be in [2, 20000], got 1"},
      {{"emitter", "--conductivity", "bloch"},
       "--conductivity: expected one of drude|rpa, got 'bloch'"},
      {{"modes", "--width", "100", "--widths", "100"},
       "--widths: give either --width or --widths, not both"},
      {{"modes", "--config", dir / "no_width.toml"},
       "no_width.toml: ribbon.strip[1] needs width_nm"},
      {{"modes", "--config", dir / "first_gap.toml"},
       "first_gap.toml: ribbon.strip[0].gap_nm: the first ribbon has no gap"},
      {{"modes", "--config", dir / "strip_key.toml"},
       "strip_key.toml: unknown key 'ribbon.strip[0].widht'"},
      {{"modes", "--config", dir / "both.toml"}, "both.toml: ribbon.strip: give either"},
      {{"modes", "--config", dir / "word.toml"},
       "word.toml: ribbon.conductivity: expected one of drude|rpa, got the integer 3"},
      {{"modes", "--config", dir / "missing.toml"}, "missing.toml: cannot read the file"},
      {{"absorption", "--substrate", dir / "bad_eps.txt"},
       "--substrate: " + (dir / "bad_eps.txt") + ":3: expected three numbers"},
      {{"emitter", "--superstrate", dir / "missing_eps.txt"},
       "--superstrate: " + (dir / "missing_eps.txt") + ": cannot open the permittivity table"},
      {{"absorption", "--substrate", dir / "short_eps.txt"},
       "--substrate: the table " + (dir / "short_eps.txt") +
           " does not cover the hw grid (0.02 to 0.4 eV)"},
      {{"absorption", "--eps", "2", "--substrate", "3.9"},
       "--substrate: give either --eps or --substrate, not both"},
      {{"emitter", "--substrate-lorentz", "0.5,0.1,0.01"},
       "--substrate-lorentz: the oscillators add to a background eps_inf: give it as the "
       "substrate (a number)"},
      {{"absorption", "--substrate", "3.9", "--substrate-lorentz", "0.5,0.1"},
       "--substrate-lorentz: expected (strength, hw0_eV, gamma_eV) triples, got 2 numbers"},
      {{"absorption", "--substrate", "3.9", "--substrate-lorentz", "0.5,0,0.01"},
       "--substrate-lorentz: hw0_eV must be > 0, got 0 (oscillator 0)"},
      {{"absorption", "--substrate", dir / "eps.txt", "--substrate-lorentz", "0.5,0.1,0.01"},
       "--substrate-lorentz: the oscillators add to a number (eps_inf)"},
      {{"absorption", "--superstrate=-1"}, "--superstrate: superstrate eps must be > 0, got -1"},
      {{"absorption", "--config", dir / "osc_key.toml"},
       "osc_key.toml: unknown key 'ribbon.substrate_lorentz[0].hw0'"},
  };
  for (const auto& [args, expect] : cases) {
    std::vector<std::string> argv{SPECSWEEP_CLI, "ribbon"};
    argv.insert(argv.end(), args.begin(), args.end());
    const RunResult r = run(argv, dir.path.string());
    CAPTURE(args[0]);
    CAPTURE(r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.err.rfind("specsweep: ", 0) == 0);
    CHECK(r.err.find(expect) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.out.empty());
  }
}

namespace {

// sigma_abs_nm[f][k] of a `ribbon absorption ... --json` run, which must succeed.
std::vector<std::vector<double>> absorption_json(std::vector<std::string> args, const ScratchDir& dir) {
  std::vector<std::string> argv{SPECSWEEP_CLI, "ribbon", "absorption", "--json"};
  argv.insert(argv.end(), args.begin(), args.end());
  const RunResult r = run(argv, dir.path.string());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return nlohmann::json::parse(r.out)["sigma_abs_nm"].get<std::vector<std::vector<double>>>();
}

// Local maxima of a sampled curve above `floor` of its peak.
size_t peaks(const std::vector<double>& y, double floor) {
  const double top = *std::max_element(y.begin(), y.end());
  size_t n = 0;
  for (size_t k = 1; k + 1 < y.size(); ++k)
    n += y[k] > y[k - 1] && y[k] >= y[k + 1] && y[k] > floor * top;
  return n;
}

}  // namespace

TEST_CASE("ribbon absorption --substrate/--superstrate reach the library's surroundings") {
  ScratchDir dir("specsweep_ribbon_media_cli");
  // Vacuum above and a table of constant 5.9 below: eps_eff = (1 + 5.9)/2 = 3.45, so the run
  // must give what --eps 3.45 gives (to rounding: the table is interpolated), not the default
  // eps_eff = 2.45.
  write_file(dir / "flat.txt", "# hw_eV Re_eps Im_eps\n0.01 5.9 0\n0.3 5.9 0\n1.0 5.9 0\n");
  const std::vector<std::string> grid = {"--cells", "80", "--ef", "0.3,0.5", "--hw", "0.05:0.25:41"};
  auto with = [&](std::vector<std::string> extra) {
    extra.insert(extra.end(), grid.begin(), grid.end());
    return extra;
  };
  const auto flat = absorption_json(with({"--substrate", dir / "flat.txt"}), dir);
  const auto eps = absorption_json(with({"--eps", "3.45"}), dir);
  const auto same = absorption_json(with({"--substrate", "1", "--superstrate", "5.9"}), dir);
  CHECK(absorption_json(with({}), dir)[0][20] != doctest::Approx(eps[0][20]).epsilon(1e-3));
  REQUIRE(flat.size() == 2);
  for (size_t f = 0; f < 2; ++f)
    for (size_t k = 0; k < eps[f].size(); ++k) {
      CHECK(flat[f][k] == doctest::Approx(eps[f][k]).epsilon(1e-12));
      CHECK(same[f][k] == doctest::Approx(eps[f][k]).epsilon(1e-12));
    }

  // The emitter takes the same media: its observable with the flat table equals --eps 3.45.
  auto emitter_json = [&](std::vector<std::string> args) {
    std::vector<std::string> argv{SPECSWEEP_CLI, "ribbon", "emitter", "--cells", "40",
                                  "--q-points", "5", "--ef", "0.3", "--hw", "0.1:0.2:5", "--json"};
    argv.insert(argv.end(), args.begin(), args.end());
    const RunResult r = run(argv, dir.path.string());
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["parameters"].contains("eps_eff") == (args[0] == "--eps"));  // the media replace it
    return j["observable_values"][0].get<std::vector<double>>();
  };
  const auto e_flat = emitter_json({"--substrate", dir / "flat.txt"});
  const auto e_eps = emitter_json({"--eps", "3.45"});
  CHECK(emitter_json({"--eps", "2.45"})[2] != doctest::Approx(e_eps[2]).epsilon(1e-3));
  REQUIRE(e_flat.size() == 5);
  for (size_t k = 0; k < 5; ++k) CHECK(e_flat[k] == doctest::Approx(e_eps[k]).epsilon(1e-12));

  // One Lorentz oscillator in the substrate, through the flags and through a TOML file, against
  // the library's absorption_spectrum on the Surroundings built by hand.
  const double hw0 = 0.13, strength = 0.5, gamma = 0.002;
  write_file(dir / "lorentz.toml",
             "[ribbon]\nsubstrate = 3.9\n[[ribbon.substrate_lorentz]]\nstrength = 0.5\n"
             "hw0_eV = 0.13\ngamma_eV = 0.002\n");
  const std::vector<std::string> osc = {"--cells", "120", "--ef", "0.6", "--hw", "0.08:0.2:241"};
  std::vector<std::string> flags = {"--substrate", "3.9", "--substrate-lorentz", "0.5,0.13,0.002"};
  flags.insert(flags.end(), osc.begin(), osc.end());
  std::vector<std::string> file = {"--config", dir / "lorentz.toml"};
  file.insert(file.end(), osc.begin(), osc.end());
  const auto cli = absorption_json(flags, dir), toml = absorption_json(file, dir);
  rb::RibbonSystem system;
  system.geometry = rb::Geometry{{rb::RibbonSpec{100.0}}, 0.0};
  system.cells = 120;
  rb::Surroundings medium;
  medium.below = rb::Permittivity::lorentz(3.9, {{strength, hw0, gamma}});
  const rb::AbsorptionSpectrum lib =
      rb::absorption_spectrum(system, medium, 0.01, {0.6}, rb::parse_grid("0.08:0.2:241", ""));
  REQUIRE(cli[0].size() == 241);
  for (size_t k = 0; k < 241; ++k) {
    CHECK(toml[0][k] == cli[0][k]);
    CHECK(cli[0][k] == doctest::Approx(lib.sigma_nm(specsweep::Index(k), 0)).epsilon(1e-12));
  }
  // The plumbing carries the physics: without the oscillator one plasmon peak here, with it the
  // peak splits in two around hw0 (tests/ribbon/test_ribbon_surroundings.cpp has the physics).
  std::vector<std::string> bare = {"--substrate", "3.9"};
  bare.insert(bare.end(), osc.begin(), osc.end());
  CHECK(peaks(absorption_json(bare, dir)[0], 0.05) == 1);
  CHECK(peaks(cli[0], 0.05) == 2);
}

TEST_CASE("ribbon modes on a dimer: the CLI's eta are the library's, bonding red-shifts as the gap closes") {
  ScratchDir dir("specsweep_ribbon_dimer_cli");
  auto eta_of = [&](const std::string& gap) {
    const RunResult r = run({SPECSWEEP_CLI, "ribbon", "modes", "--widths", "100,100", "--gaps", gap,
                             "--qw", "0", "--count", "4", "--json"},
                            dir.path.string());
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["modes"].size() == 1);
    CHECK(j["modes"][0]["qW"].get<double>() == 0.0);
    CHECK(j["modes"][0]["hw_eV"].empty());  // no E_F: no energy scale
    return j["modes"][0]["eta"].get<std::vector<double>>();
  };
  const std::vector<double> near = eta_of("10"), far = eta_of("50");
  REQUIRE(near.size() == 4);  // --count modes; the two zero modes (one per ribbon) left out
  CHECK(std::is_sorted(near.begin(), near.end()));  // most negative first
  CHECK(near.back() < 0);
  // The library's modes study on the same dimer (its physics: tests/ribbon/test_ribbon_system.cpp).
  rb::ModesSetup s;
  s.geometry.ribbons = {rb::RibbonSpec{100.0}, rb::RibbonSpec{100.0}};
  s.geometry.ribbons[1].gap_nm = 10.0;
  s.width_nm = 100.0;
  s.count = 4;
  const auto lib = rb::modes_study(s);
  REQUIRE(lib.size() == 1);
  REQUIRE(lib[0].eta.size() == 4);
  for (size_t k = 0; k < 4; ++k) CHECK(near[k] == doctest::Approx(lib[0].eta[k]).epsilon(1e-12));
  // The bright bonding dipole mode (eta_1: the lowest hw ~ 1/sqrt(-eta)) red-shifts as the gap
  // closes from 50 to 10 nm: eta_1 grows more negative.
  CHECK(near[0] < far[0]);
}

TEST_CASE("ribbon conductivity --json: Drude sigma~ and the shift against their closed forms") {
  ScratchDir dir("specsweep_ribbon_conductivity");
  const RunResult r = run({SPECSWEEP_CLI, "ribbon", "conductivity", "--ef", "0.3", "--gamma",
                           "0.02", "--hw", "0.05,0.2,0.9", "--eps", "3", "--width", "50", "--json"},
                          dir.path.string());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto j = nlohmann::json::parse(r.out);
  const std::vector<double> hw = j["hw_eV"].get<std::vector<double>>();
  REQUIRE(hw == std::vector<double>{0.05, 0.2, 0.9});
  const double ef = 0.3, gamma = 0.02, eps = 3, W = 50, e2 = 1.439965, pi = std::acos(-1.0);
  using C = std::complex<double>;
  auto at = [&](const char* key, size_t k) {
    return C(j[key][k][0].get<double>(), j[key][k][1].get<double>());
  };
  for (size_t k = 0; k < hw.size(); ++k) {
    CAPTURE(hw[k]);
    // Drude: sigma~ = (i/pi) E_F / (hw + i Gamma); the shift is the Drude EE of the studies,
    // -e^2 E_F / (pi eps W hw (hw + i Gamma)). Both to rounding (a few operations each).
    const C sigma = C(0, 1) * ef / (pi * C(hw[k], gamma));
    const C shift = -e2 * ef / (pi * eps * W * hw[k] * C(hw[k], gamma));
    CHECK(std::abs(at("sigma", k) - sigma) <= 1e-14 * std::abs(sigma));
    CHECK(std::abs(at("sigma_intra", k) - sigma) <= 1e-14 * std::abs(sigma));
    CHECK(at("sigma_inter", k) == C(0));
    CHECK(std::abs(at("shift", k) - shift) <= 1e-14 * std::abs(shift));
  }
  CHECK(j["parameters"]["fermi_eV"].get<double>() == ef);
  CHECK(j["parameters"]["conductivity"].get<std::string>() == "drude");
}
