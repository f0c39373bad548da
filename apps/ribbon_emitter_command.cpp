// `specsweep ribbon emitter`: the dipole-emitter study (docs/design.md#ribbon-emitter). Parameters
// come from a TOML file (data/ribbon-default.toml documents every key) and flags override
// them, both read through the study's parameter table. Under mpirun the q nodes are split
// over the ranks; rank 0 prints and writes.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.hpp"
#include "plot.hpp"
#include "study_config.hpp"
#include "specsweep/error.hpp"
#include "specsweep/io/npy.hpp"
#include "specsweep/mpi/agree.hpp"
#include "specsweep/mpi/session.hpp"
#include "specsweep/ribbon/distributed.hpp"
#include "specsweep/ribbon/emitter.hpp"
#include "specsweep/ribbon/parameters.hpp"

namespace specsweep::app {
namespace {

using ribbon::EmitterObservable;
using ribbon::EmitterResult;
using ribbon::EmitterSetup;

struct EmitterCliOptions {
  bool json = false, quiet = false;
  std::string out, plot_dir;
};

// ---- output --------------------------------------------------------------------------------

nlohmann::json result_json(const EmitterSetup& s, const EmitterResult& r, int ranks, double seconds) {
  using nlohmann::json;
  const ribbon::QRule rule = ribbon::emitter_q_rule(s);
  json j;
  j["study"] = "emitter";
  j["parameters"] = parameters_json(ribbon::emitter_parameters(), s);
  j["q_rule"] = {{"q_max_per_nm", rule.nodes.back()}, {"q_scale_per_nm", s.q_scale()}};  // as resolved
  j["observable"] = ribbon::to_string(s.observable);
  j["method"] = to_string(s.engine.method);
  j["route"] = r.route;
  j["reason"] = r.reason;
  j["ranks"] = ranks;
  j["seconds"] = seconds;
  j["fermi_eV"] = r.fermi_eV;
  j["P"] = std::vector<double>(r.P.data(), r.P.data() + r.P.size());
  j["P_error"] = std::vector<double>(r.P_error.data(), r.P_error.data() + r.P_error.size());
  j["best_fermi_eV"] = r.fermi_eV[static_cast<size_t>(r.best)];
  j["hw_eV"] = r.hw_eV;
  json rows = json::array();
  for (Index f = 0; f < r.observable.rows(); ++f) {
    std::vector<double> row(static_cast<size_t>(r.observable.cols()));
    for (Index w = 0; w < r.observable.cols(); ++w) row[static_cast<size_t>(w)] = r.observable(f, w);
    rows.push_back(row);
  }
  j["observable_values"] = rows;
  j["observable_error_max"] = r.observable_error.maxCoeff();
  return j;
}

void print_table(const EmitterSetup& s, const EmitterResult& r, int ranks, double seconds) {
  const bool purcell = s.observable == EmitterObservable::Purcell;
  const auto& schema = ribbon::emitter_parameters();
  const size_t R = s.geometry.ribbons.size();
  const std::string ribbons =
      R > 1 ? fmt::format("{} ribbons, widths {} nm, gaps {} nm", R,
                          ribbon::to_text(schema.find("widths_nm")->get(s)),
                          ribbon::to_text(schema.find("gaps_nm")->get(s)))
            : fmt::format("W = {} nm", s.width_nm);
  fmt::print("ribbon emitter: {}, {}, Gamma = {} meV, N = {} cells{}\n", ribbons,
             group_text(schema, s, "eps"), 1e3 * s.gamma_eV, s.cells, R > 1 ? " per ribbon" : "");
  fmt::print("  dipole at x = {} nm, z = {} nm, {}; line {} eV, FWHM {} meV\n", s.emitter_x_nm,
             s.emitter_z_nm,
             s.orientation_deg ? fmt::format("theta = {} deg", *s.orientation_deg) : "theta-averaged",
             s.line_center_eV, 1e3 * s.line_width_eV);
  fmt::print("  {} q-points on [0, {:.3g}]/nm, {} E_F x {} hw; route {} on {} rank{}, {:.2f} s\n",
             s.q_points, s.q_max(), s.fermi_eV.size(), s.hw_eV.size(), r.route, ranks,
             ranks == 1 ? "" : "s", seconds);
  fmt::print("\n  {:>8}  {:>14}  {:>12}\n", "E_F [eV]",
             purcell ? "P (Purcell)" : "P [1/nm^6]", "q-error est.");
  for (Index f = 0; f < r.P.size(); ++f)
    fmt::print("  {:8.3f}  {:14.6g}  {:12.2g}{}\n", r.fermi_eV[static_cast<size_t>(f)], r.P[f],
               r.P_error[f], f == r.best ? "  <- best" : "");
  fmt::print("\nbest coupling: E_F = {:.3f} eV, P = {:.6g}\n", r.fermi_eV[static_cast<size_t>(r.best)],
             r.P[r.best]);
}

/// P(E_F) as an (n_EF, 3) float64 array: columns E_F [eV], P, P's q-error estimate.
void write_p_npy(const std::string& path, const EmitterResult& r) {
  std::vector<double> table;
  for (Index f = 0; f < r.P.size(); ++f)
    table.insert(table.end(), {r.fermi_eV[static_cast<size_t>(f)], r.P[f], r.P_error[f]});
  io::write_npy(path, {r.P.size(), 3}, table.data());
}

void run_ribbon_emitter(const ParameterFlags& params, const EmitterCliOptions& o) {
  // MPI only under a launcher. Every step is agreed on: a failure on any rank stops all of
  // them with the same error and exit code, printed once by rank 0.
  const mpi::Session& session = mpi::program_session(mpi::Start::UnderLauncher);
  const bool root = session.root();
  EmitterSetup setup;
  const auto shared = [&] { return ribbon::emitter_fingerprint(setup); };
  mpi::agree(session.comm(), [&] {
    setup = params.assemble(ribbon::emitter_parameters());
    if (root && !o.out.empty()) io::check_output_path(o.out);
    if (root && !o.plot_dir.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(o.plot_dir, ec);
      if (ec || !std::filesystem::is_directory(o.plot_dir))
        throw Error(fmt::format("{}: cannot create the plot directory", o.plot_dir), ErrorKind::Output);
    }
  }, shared);
  if (params.print_config()) {  // after the agreement, so that every rank checked its parameters
    if (root) fmt::print("{}", ribbon::to_toml(ribbon::emitter_parameters(), setup));
    return;
  }

  const auto start = std::chrono::steady_clock::now();
  std::optional<EmitterResult> result;  // on rank 0
  if (session.active())
    result = ribbon::run_emitter_study(setup, session.comm());
  else
    result = ribbon::run_emitter_study(setup);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  mpi::agree(session.comm(), [&] {
    if (root && !o.out.empty()) write_p_npy(o.out, *result);
  });
  // The table (or JSON) before the plot, so that a failing plot script loses no output.
  if (root) {
    if (o.json) {
      fmt::print("{}\n", result_json(setup, *result, session.size(), seconds).dump());
    } else if (!o.quiet) {
      print_table(setup, *result, session.size(), seconds);
      if (!o.out.empty()) fmt::print("wrote {}\n", o.out);
    }
  }
  if (o.plot_dir.empty()) return;
  mpi::agree(session.comm(), [&] {
    if (!root) return;
    const TempDataFile data(result_json(setup, *result, session.size(), seconds).dump());
    run_plot_script("emitter.py", {data.path(), o.plot_dir});
  });
  if (root && !o.json && !o.quiet)
    fmt::print("wrote {0}/emitter_purcell.png, {0}/emitter_P.png\n", o.plot_dir);
}

}  // namespace

void setup_ribbon_emitter(CLI::App& ribbon) {
  auto o = std::make_shared<EmitterCliOptions>();
  auto* cmd = ribbon.add_subcommand(
      "emitter",
      "Dipole emitter above the ribbon: Purcell factor F(hw) (or the field intensity at an\n"
      "observation point) integrated over q, and P(E_F) = int dhw S(hw) F(hw) against the\n"
      "emitter's Lorentzian line. Under mpirun the q-points are split over the ranks.");
  auto params = std::make_shared<ParameterFlags>(*cmd, ribbon::emitter_parameters(), "data/ribbon-default.toml");
  cmd->add_flag("--json", o->json, "print the result as JSON (nothing else on stdout)");
  cmd->add_option("--out", o->out, "write P(E_F) as .npy, shape (n_EF, 3): E_F, P, q-error");
  cmd->add_option("--plot-dir", o->plot_dir, "write emitter_purcell.png and emitter_P.png here");
  cmd->add_flag("--quiet", o->quiet, "no table");
  cmd->callback([o, params] { run_ribbon_emitter(*params, *o); });
}

}  // namespace specsweep::app
