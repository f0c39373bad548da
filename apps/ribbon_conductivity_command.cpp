// `specsweep ribbon conductivity`: the sheet conductivity sigma~(hw) of graphene for one E_F
// (intraband, interband, total) and the shift s(hw) it gives a ribbon of width W in eps_eff.
// Parameters come from flags or a TOML file through the study's parameter table.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "specsweep/ribbon/conductivity_study.hpp"
#include "specsweep/ribbon/parameters.hpp"
#include "study_config.hpp"

namespace specsweep::app {
namespace {

struct ConductivityOptions {
  bool json = false;
};

nlohmann::json pairs(const std::vector<cplx>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (const cplx& z : v) a.push_back({z.real(), z.imag()});
  return a;
}

void run_conductivity(const ParameterFlags& params, const ConductivityOptions& o) {
  const auto& schema = ribbon::conductivity_parameters();
  const ribbon::ConductivitySetup s = params.assemble(schema);
  if (params.print_config()) {
    fmt::print("{}", ribbon::to_toml(schema, s));
    return;
  }
  const ribbon::ConductivitySpectrum c = ribbon::conductivity_spectrum(s);
  if (o.json) {
    const nlohmann::json j = {{"hw_eV", c.hw_eV},
                              {"sigma", pairs(c.total)},
                              {"sigma_intra", pairs(c.intra)},
                              {"sigma_inter", pairs(c.inter)},
                              {"shift", pairs(c.shift)},
                              {"parameters", parameters_json(schema, s)}};
    fmt::print("{}\n", j.dump());
    return;
  }
  fmt::print(
      "# sheet conductivity sigma~ = sigma / (e^2/hbar) of graphene, {}: E_F = {} eV, T = {} K, "
      "Gamma = {} eV\n# shift s = e^2 i sigma~ / (eps_eff W hw) for W = {} nm, eps_eff = {}\n",
      ribbon::to_string(s.conductivity.kind), s.fermi_eV, s.conductivity.temperature_K, s.gamma_eV,
      s.width_nm, s.eps_eff);
  fmt::print("{:>10} {:>13} {:>13} {:>13} {:>13} {:>13} {:>13} {:>13} {:>13}\n", "hw_eV",
             "Re intra", "Im intra", "Re inter", "Im inter", "Re sigma", "Im sigma", "Re s",
             "Im s");
  for (size_t k = 0; k < c.hw_eV.size(); ++k)
    fmt::print("{:10.5f} {:13.6g} {:13.6g} {:13.6g} {:13.6g} {:13.6g} {:13.6g} {:13.6g} {:13.6g}\n",
               c.hw_eV[k], c.intra[k].real(), c.intra[k].imag(), c.inter[k].real(),
               c.inter[k].imag(), c.total[k].real(), c.total[k].imag(), c.shift[k].real(),
               c.shift[k].imag());
}

}  // namespace

void setup_ribbon_conductivity(CLI::App& ribbon) {
  auto o = std::make_shared<ConductivityOptions>();
  auto* cmd = ribbon.add_subcommand(
      "conductivity",
      "Sheet conductivity sigma~(hw) = sigma / (e^2/hbar) of graphene for one E_F: intraband,\n"
      "interband and total, and the shift s = e^2 i sigma~ / (eps_eff W hw) of a ribbon of width "
      "W.");
  auto params = std::make_shared<ParameterFlags>(*cmd, ribbon::conductivity_parameters(),
                                                 "specsweep ribbon conductivity --print-config");
  cmd->add_flag("--json", o->json,
                "print {\"hw_eV\": [..], \"sigma\": [[re, im], ..], \"sigma_intra\", "
                "\"sigma_inter\", \"shift\", "
                "\"parameters\"}");
  cmd->callback([o, params] { run_conductivity(*params, *o); });
}

}  // namespace specsweep::app
