// `specsweep ribbon`: the graphene-ribbon studies (docs/design.md#ribbon). This file registers the group
// and its `modes` and `absorption` studies; `emitter` lives in ribbon_emitter_command.cpp,
// `conductivity` in ribbon_conductivity_command.cpp.
// Parameters come from flags or a TOML file (data/ribbon-modes.toml,
// data/ribbon-absorption.toml show the keys), both read through the study's parameter table;
// a flag overrides the file.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "plot.hpp"
#include "study_config.hpp"
#include "specsweep/error.hpp"
#include "specsweep/io/npy.hpp"
#include "specsweep/mpi/session.hpp"
#include "specsweep/ribbon/absorption.hpp"
#include "specsweep/ribbon/modes.hpp"
#include "specsweep/ribbon/parameters.hpp"

namespace specsweep::app {
namespace {

// ---- modes ----------------------------------------------------------------------------------

struct ModesOptions {
  std::string plot;
  bool json = false;
};

void run_modes(const ParameterFlags& params, const ModesOptions& o) {
  mpi::require_one_process(mpi::program_session(mpi::Start::UnderLauncher), "ribbon modes");
  const auto& schema = ribbon::modes_parameters();
  const ribbon::ModesSetup s = params.assemble(schema);
  if (params.print_config()) {
    fmt::print("{}", ribbon::to_toml(schema, s));
    return;
  }
  if (!o.plot.empty()) io::check_output_path(o.plot);

  nlohmann::json out = {{"modes", nlohmann::json::array()}};
  for (const ribbon::ModeBranches& m : ribbon::modes_study(s))
    out["modes"].push_back({{"qW", m.qW}, {"eta", m.eta}, {"hw_eV", m.hw_eV}});
  const bool energies = !out["modes"].empty() && !out["modes"][0]["hw_eV"].empty();

  if (o.json) {
    fmt::print("{}\n", out.dump());
  } else {
    fmt::print("plasmon modes of A(q) = V D on {} cells: eta_j = 1/lambda_j < 0, most negative first{}\n",
               s.cells, energies ? fmt::format("; hw_j for W = {} nm, E_F = {} eV, eps_eff = {}", *s.width_nm,
                                               *s.fermi_eV, s.eps_eff)
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
    data["cells"] = s.cells;
    data["parameters"] = parameters_json(schema, s);
    const TempDataFile file(data.dump());
    run_plot_script("dispersion.py", {file.path(), o.plot});
    if (!o.json) fmt::print("wrote {}\n", o.plot);
  }
}

// ---- absorption -----------------------------------------------------------------------------

struct AbsorptionOptions {
  std::string out, plot;
  bool json = false;
};

void run_absorption(const ParameterFlags& params, const AbsorptionOptions& o) {
  mpi::require_one_process(mpi::program_session(mpi::Start::UnderLauncher), "ribbon absorption");
  const auto& schema = ribbon::absorption_parameters();
  const ribbon::AbsorptionSetup s = params.assemble(schema);
  if (params.print_config()) {
    fmt::print("{}", ribbon::to_toml(schema, s));
    return;
  }
  if (!o.out.empty()) io::check_output_path(o.out);
  if (!o.plot.empty()) io::check_output_path(o.plot);

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
  // The parameters (keyed as the Python keywords), then the spectrum.
  nlohmann::json j = parameters_json(schema, s);
  j["route"] = to_string(a.route);
  j["fermi_eV"] = a.fermi_eV;
  j["hw_eV"] = a.hw_eV;
  j["dipole_hw_eV"] = a.dipole_hw_eV;
  j["sigma_abs_nm"] = nlohmann::json::array();
  for (Index f = 0; f < nf; ++f) {
    std::vector<double> col(a.sigma_nm.col(f).data(), a.sigma_nm.col(f).data() + nw);
    j["sigma_abs_nm"].push_back(col);
  }
  const bool array = a.absorbance.size() > 0;  // a period: the absorbance with radiative damping
  if (array) {
    j["absorbance"] = nlohmann::json::array();
    for (Index f = 0; f < nf; ++f)
      j["absorbance"].push_back(
          std::vector<double>(a.absorbance.col(f).data(), a.absorbance.col(f).data() + nw));
  }
  if (o.json) {
    fmt::print("{}\n", j.dump());
  } else {
    const size_t R = std::max<size_t>(1, s.geometry.ribbons.size());
    fmt::print("# absorption cross section per unit length sigma_abs [nm] at normal incidence, x-polarised{}\n"
               "# W_0 = {} nm, {} ribbon(s){}, {}{}, {}, Gamma = {} eV, {} cells, route {}\n",
               array ? " (per period), and the array's absorbance A" : "", s.width_nm, R,
               array ? fmt::format(", period {} nm", s.geometry.period_nm) : std::string(),
               ribbon::to_string(s.conductivity.kind),
               s.conductivity.temperature_K > 0 ? fmt::format(" at {} K", s.conductivity.temperature_K)
                                                : std::string(),
               group_text(schema, s, "eps"), s.gamma_eV, s.cells, to_string(a.route));
    for (Index f = 0; f < nf; ++f) {
      Index peak = 0;
      a.sigma_nm.col(f).maxCoeff(&peak);
      fmt::print("# E_F = {} eV: {}peak sigma = {:.4g} nm at {:.4f} eV\n", a.fermi_eV[size_t(f)],
                 f < Index(a.dipole_hw_eV.size())
                     ? fmt::format("dipole plasmon hw_1 = {:.4f} eV; ", a.dipole_hw_eV[size_t(f)])
                     : std::string(),
                 a.sigma_nm(peak, f), a.hw_eV[size_t(peak)]);
    }
    fmt::print("{:>10}", "hw_eV");
    for (double e : a.fermi_eV) fmt::print(" {:>12}", fmt::format("EF={:g}", e));
    if (array)
      for (double e : a.fermi_eV) fmt::print(" {:>12}", fmt::format("A(EF={:g})", e));
    fmt::print("\n");
    for (Index k = 0; k < nw; ++k) {
      fmt::print("{:10.5f}", a.hw_eV[size_t(k)]);
      for (Index f = 0; f < nf; ++f) fmt::print(" {:12.5g}", a.sigma_nm(k, f));
      if (array)
        for (Index f = 0; f < nf; ++f) fmt::print(" {:12.5g}", a.absorbance(k, f));
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
  auto mp = std::make_shared<ParameterFlags>(*modes, ribbon::modes_parameters(), "data/ribbon-modes.toml");
  modes->add_flag("--json", mo->json, "print {\"modes\": [{\"qW\", \"eta\", \"hw_eV\"}, ...]} (hw_eV empty without --width/--ef)");
  modes->add_option("--plot", mo->plot, "write the dispersion eta_j(qW) (and hw_j) as a PNG");
  modes->callback([mo, mp] { run_modes(*mp, *mo); });

  auto ao = std::make_shared<AbsorptionOptions>();
  auto* abs = ribbon->add_subcommand(
      "absorption", "Normal-incidence absorption cross section per unit length sigma_abs(hw) [nm], field across\n"
                    "the ribbon (q = 0, phi_ext = -E0 x), for a list of E_F.");
  auto ap = std::make_shared<ParameterFlags>(*abs, ribbon::absorption_parameters(), "data/ribbon-absorption.toml");
  abs->add_option("--out", ao->out, ".npy table, shape (n_hw, 1 + n_EF): hw_eV, then sigma_abs [nm] per E_F");
  abs->add_option("--plot", ao->plot, "write sigma_abs(hw) for every E_F as a PNG");
  abs->add_flag("--json", ao->json, "print the spectrum as JSON instead of the table");
  abs->callback([ao, ap] { run_absorption(*ap, *ao); });

  setup_ribbon_emitter(*ribbon);
  setup_ribbon_conductivity(*ribbon);
}

}  // namespace specsweep::app
