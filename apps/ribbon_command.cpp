// `specsweep ribbon`: the graphene-ribbon studies (docs/design.md#ribbon). This file registers
// the group and its `modes` and `absorption` studies (`emitter`: ribbon_emitter_command.cpp).
// Parameters come from flags or a TOML file (data/ribbon-modes.toml,
// data/ribbon-absorption.toml document the keys); a flag overrides the file.
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "method_option.hpp"
#include "plot.hpp"
#include "study_config.hpp"
#include "specsweep/error.hpp"
#include "specsweep/io/npy.hpp"
#include "specsweep/mpi/session.hpp"
#include "specsweep/ribbon/absorption.hpp"
#include "specsweep/ribbon/modes.hpp"

namespace specsweep::app {
namespace {

// A positive, finite parameter; the message names where it came from.
double positive(double v, const std::string& what, const std::string& source) {
  require(std::isfinite(v) && v > 0, fmt::format("{}: {} must be > 0, got {}", source, what, v));
  return v;
}

// Where a value came from, for error messages: the flag, else the config file.
std::string source_of(const std::string& config, const char* flag, bool from_flag) {
  return from_flag || config.empty() ? std::string(flag) : config;
}

// ---- modes ----------------------------------------------------------------------------------

struct ModesOptions {
  std::string config, qw, method = "auto", plot;
  Index cells = 0, count = 0;
  double width = 0, ef = 0, eps = 0;
  bool json = false;
};

void run_modes(const ModesOptions& o, const CLI::App& cmd) {
  mpi::require_one_process(mpi::program_session(mpi::Start::UnderLauncher), "ribbon modes");
  const StudyConfig cfg(o.config, {{"ribbon", {"cells", "width_nm", "eps_eff"}},
                                   {"modes", {"qW", "count", "fermi_eV"}}});
  auto flag = [&](const char* name) { return cmd.count(name) > 0; };
  const Index cells = flag("--cells") ? o.cells : cfg.integer("ribbon", "cells").value_or(400);
  require(cells >= 2 && cells <= 5000,
          fmt::format("{}: cells must be in [2, 5000], got {}", source_of(o.config, "--cells", flag("--cells")), cells));
  const std::vector<double> qw = flag("--qw") ? parse_grid(o.qw, "--qw")
                                              : cfg.grid("modes", "qW").value_or(std::vector<double>{0.0});
  for (double q : qw)
    require(std::isfinite(q) && q >= 0, fmt::format("{}: qW must be >= 0, got {}", source_of(o.config, "--qw", flag("--qw")), q));
  const Index count = flag("--count") ? o.count : cfg.integer("modes", "count").value_or(10);
  require(count >= 1, fmt::format("{}: count must be >= 1, got {}", source_of(o.config, "--count", flag("--count")), count));
  const std::optional<double> width = flag("--width") ? std::optional(o.width) : cfg.number("ribbon", "width_nm");
  const std::optional<double> ef = flag("--ef") ? std::optional(o.ef) : cfg.number("modes", "fermi_eV");
  const double eps = positive(flag("--eps") ? o.eps : cfg.number("ribbon", "eps_eff").value_or(1.0), "eps_eff",
                              source_of(o.config, "--eps", flag("--eps")));
  if (width) positive(*width, "width (nm)", source_of(o.config, "--width", flag("--width")));
  if (ef) positive(*ef, "Fermi energy (eV)", source_of(o.config, "--ef", flag("--ef")));
  if (!o.plot.empty()) io::check_output_path(o.plot);

  Options opts;
  opts.method = parse_method(o.method);
  nlohmann::json out = {{"modes", nlohmann::json::array()}};
  for (double q : qw) {
    const std::vector<double> eta = ribbon::plasmon_eta(q, cells, count, opts);
    std::vector<double> hw;
    if (width && ef)
      for (double e : eta) hw.push_back(ribbon::plasmon_energy(e, *ef, eps, *width));
    out["modes"].push_back({{"qW", q}, {"eta", eta}, {"hw_eV", hw}});
  }

  if (o.json) {
    fmt::print("{}\n", out.dump());
  } else {
    fmt::print("plasmon modes of A(q) = V D on {} cells: eta_j = 1/lambda_j < 0, most negative first{}\n",
               cells, width && ef ? fmt::format("; hw_j for W = {} nm, E_F = {} eV, eps_eff = {}", *width, *ef, eps)
                                  : std::string());
    for (const auto& m : out["modes"]) {
      fmt::print("qW = {:g}\n", m["qW"].get<double>());
      const auto& eta = m["eta"];
      for (size_t j = 0; j < eta.size(); ++j) {
        if (m["hw_eV"].empty()) fmt::print("  {:3}  eta = {:.6f}\n", j + 1, eta[j].get<double>());
        else fmt::print("  {:3}  eta = {:.6f}  hw = {:.4f} eV\n", j + 1, eta[j].get<double>(), m["hw_eV"][j].get<double>());
      }
    }
  }
  if (!o.plot.empty()) {
    nlohmann::json data = out;
    data["cells"] = cells;
    if (width && ef) data["parameters"] = {{"width_nm", *width}, {"fermi_eV", *ef}, {"eps_eff", eps}};
    const TempDataFile file(data.dump());
    run_plot_script("dispersion.py", {file.path(), o.plot});
    if (!o.json) fmt::print("wrote {}\n", o.plot);
  }
}

// ---- absorption -----------------------------------------------------------------------------

struct AbsorptionOptions {
  std::string config, ef, hw, method = "auto", out, plot;
  Index cells = 0;
  double width = 0, eps = 0, gamma = 0;
  bool json = false;
};

void run_absorption(const AbsorptionOptions& o, const CLI::App& cmd) {
  mpi::require_one_process(mpi::program_session(mpi::Start::UnderLauncher), "ribbon absorption");
  const StudyConfig cfg(o.config, {{"ribbon", {"cells", "width_nm", "eps_eff", "gamma_eV"}},
                                   {"sweep", {"fermi_eV", "hw_eV"}}});
  auto flag = [&](const char* name) { return cmd.count(name) > 0; };
  auto src = [&](const char* name) { return source_of(o.config, name, flag(name)); };
  ribbon::AbsorptionSetup s;
  s.cells = flag("--cells") ? o.cells : cfg.integer("ribbon", "cells").value_or(200);
  require(s.cells >= 2 && s.cells <= 5000, fmt::format("{}: cells must be in [2, 5000], got {}", src("--cells"), s.cells));
  s.width_nm = positive(flag("--width") ? o.width : cfg.number("ribbon", "width_nm").value_or(100.0), "width (nm)", src("--width"));
  s.eps_eff = positive(flag("--eps") ? o.eps : cfg.number("ribbon", "eps_eff").value_or(2.45), "eps_eff", src("--eps"));
  s.gamma_eV = positive(flag("--gamma") ? o.gamma : cfg.number("ribbon", "gamma_eV").value_or(0.01), "Gamma (eV)", src("--gamma"));
  s.fermi_eV = flag("--ef") ? parse_grid(o.ef, "--ef") : cfg.grid("sweep", "fermi_eV").value_or(std::vector<double>{0.2, 0.4, 0.6});
  s.hw_eV = flag("--hw") ? parse_grid(o.hw, "--hw") : cfg.grid("sweep", "hw_eV").value_or(parse_grid("0.02:0.4:381", "hw"));
  for (double e : s.fermi_eV) positive(e, "Fermi energy (eV)", src("--ef"));
  for (double w : s.hw_eV) positive(w, "photon energy (eV)", src("--hw"));
  if (!o.out.empty()) io::check_output_path(o.out);
  if (!o.plot.empty()) io::check_output_path(o.plot);
  s.options.method = parse_method(o.method);

  const ribbon::AbsorptionSpectrum a = ribbon::absorption_spectrum(s);
  const Index nw = Index(a.hw_eV.size()), nf = Index(a.fermi_eV.size());

  if (!o.out.empty()) {  // columns: hw_eV, then sigma_abs [nm] for each E_F
    io::NpyStreamWriter w(o.out, {nw, nf + 1}, false);
    for (Index k = 0; k < nw; ++k) {
      w.append(&a.hw_eV[size_t(k)], 1);
      for (Index f = 0; f < nf; ++f) w.append(&a.sigma_nm(k, f), 1);
    }
    w.commit();
  }
  nlohmann::json j = {{"width_nm", s.width_nm}, {"eps_eff", s.eps_eff}, {"gamma_eV", s.gamma_eV},
                      {"cells", s.cells}, {"route", to_string(a.route)}, {"fermi_eV", a.fermi_eV},
                      {"hw_eV", a.hw_eV}, {"dipole_hw_eV", a.dipole_hw_eV}};
  j["sigma_abs_nm"] = nlohmann::json::array();
  for (Index f = 0; f < nf; ++f) {
    std::vector<double> col(a.sigma_nm.col(f).data(), a.sigma_nm.col(f).data() + nw);
    j["sigma_abs_nm"].push_back(col);
  }
  if (o.json) {
    fmt::print("{}\n", j.dump());
  } else {
    fmt::print("# absorption cross section per unit length sigma_abs [nm] at normal incidence, x-polarised\n"
               "# W = {} nm, eps_eff = {}, Gamma = {} eV, {} cells, route {}\n",
               s.width_nm, s.eps_eff, s.gamma_eV, s.cells, to_string(a.route));
    for (Index f = 0; f < nf && f < Index(a.dipole_hw_eV.size()); ++f) {
      Index peak = 0;
      a.sigma_nm.col(f).maxCoeff(&peak);
      fmt::print("# E_F = {} eV: dipole plasmon hw_1 = {:.4f} eV; peak sigma = {:.4g} nm at {:.4f} eV\n",
                 a.fermi_eV[size_t(f)], a.dipole_hw_eV[size_t(f)], a.sigma_nm(peak, f), a.hw_eV[size_t(peak)]);
    }
    fmt::print("{:>10}", "hw_eV");
    for (double e : a.fermi_eV) fmt::print(" {:>12}", fmt::format("EF={:g}", e));
    fmt::print("\n");
    for (Index k = 0; k < nw; ++k) {
      fmt::print("{:10.5f}", a.hw_eV[size_t(k)]);
      for (Index f = 0; f < nf; ++f) fmt::print(" {:12.5g}", a.sigma_nm(k, f));
      fmt::print("\n");
    }
  }
  if (!o.plot.empty()) {
    const TempDataFile file(j.dump());
    run_plot_script("absorption.py", {file.path(), o.plot});
    if (!o.json) fmt::print("# wrote {}\n", o.plot);
  }
}

}  // namespace

void setup_ribbon(CLI::App& app) {
  auto* ribbon = app.add_subcommand(
      "ribbon", "Graphene ribbon studies: A(q) = V(q) D(q) on N cells across the width W,\n"
                "factored once per q and swept over every (E_F, hw).");
  ribbon->require_subcommand(1);

  auto mo = std::make_shared<ModesOptions>();
  auto* modes = ribbon->add_subcommand(
      "modes", "Plasmon modes eta_j = 1/lambda_j of A(q) for a list of qW (negative eta only, most negative\n"
               "first; at qW = 0 the lambda = 0 uniform-potential mode is not listed). With --width and --ef:\n"
               "hw_j = sqrt(alpha hbar c E_F / (pi eps_eff W (-eta_j))).");
  modes->add_option("--config", mo->config, "TOML file with [ribbon] cells, width_nm, eps_eff and [modes] qW, count, fermi_eV (every key optional; a flag overrides it)")->check(CLI::ExistingFile);
  modes->add_option("--cells", mo->cells, "N, cells across the width (default 400)")->check(CLI::Range(2, 5000));
  modes->add_option("--qw", mo->qw, "qW values: a list 0,0.5,1 or from:to:count (default 0)");
  modes->add_option("--count", mo->count, "modes listed per qW (default 10)")->check(CLI::PositiveNumber);
  modes->add_option("--width", mo->width, "ribbon width W [nm] (for hw_eV)");
  modes->add_option("--ef", mo->ef, "Fermi energy E_F [eV] (for hw_eV)");
  modes->add_option("--eps", mo->eps, "eps_eff, mean of the dielectric constants above and below (default 1)");
  modes->add_option("--method", mo->method, "route: auto|eig|... (must give eigenvalues)")->check(method_validator());
  modes->add_flag("--json", mo->json, "print {\"modes\": [{\"qW\", \"eta\", \"hw_eV\"}, ...]} (hw_eV empty without --width/--ef)");
  modes->add_option("--plot", mo->plot, "write the dispersion eta_j(qW) (and hw_j) as a PNG");
  modes->callback([mo, modes] { run_modes(*mo, *modes); });

  auto ao = std::make_shared<AbsorptionOptions>();
  auto* abs = ribbon->add_subcommand(
      "absorption", "Normal-incidence absorption cross section per unit length sigma_abs(hw) [nm], field across\n"
                    "the ribbon (q = 0, phi_ext = -E0 x), for a list of E_F.");
  abs->add_option("--config", ao->config, "TOML file with [ribbon] cells, width_nm, eps_eff, gamma_eV and [sweep] fermi_eV, hw_eV (every key optional; a flag overrides it)")->check(CLI::ExistingFile);
  abs->add_option("--cells", ao->cells, "N, cells across the width (default 200)")->check(CLI::Range(2, 5000));
  abs->add_option("--width", ao->width, "ribbon width W [nm] (default 100)");
  abs->add_option("--eps", ao->eps, "eps_eff (default 2.45, vacuum over SiO2)");
  abs->add_option("--gamma", ao->gamma, "Drude damping Gamma [eV] (default 0.01)");
  abs->add_option("--ef", ao->ef, "Fermi energies [eV]: list or from:to:count (default 0.2,0.4,0.6)");
  abs->add_option("--hw", ao->hw, "photon energies [eV]: list or from:to:count (default 0.02:0.4:381)");
  abs->add_option("--method", ao->method, "route: auto|direct|eig|schur|hessenberg")->check(method_validator());
  abs->add_option("--out", ao->out, ".npy table, shape (n_hw, 1 + n_EF): hw_eV, then sigma_abs [nm] per E_F");
  abs->add_option("--plot", ao->plot, "write sigma_abs(hw) for every E_F as a PNG");
  abs->add_flag("--json", ao->json, "print the spectrum as JSON instead of the table");
  abs->callback([ao, abs] { run_absorption(*ao, *abs); });

  setup_ribbon_emitter(*ribbon);
}

}  // namespace specsweep::app
