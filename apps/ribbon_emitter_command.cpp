// `specsweep ribbon emitter`: the dipole-emitter study (docs/design.md#ribbon-emitter). Parameters
// come from a TOML file (data/ribbon-default.toml documents every key) and flags override
// them. Under mpirun the q nodes are split over the ranks; rank 0 prints and writes.
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
#include "method_option.hpp"
#include "plot.hpp"
#include "study_config.hpp"
#include "specsweep/error.hpp"
#include "specsweep/io/npy.hpp"
#include "specsweep/mpi/agree.hpp"
#include "specsweep/mpi/session.hpp"
#include "specsweep/ribbon/distributed.hpp"
#include "specsweep/ribbon/emitter.hpp"

namespace specsweep::app {
namespace {

using ribbon::EmitterObservable;
using ribbon::EmitterResult;
using ribbon::EmitterSetup;

// Grids the study uses when neither the file nor a flag gives one (= data/ribbon-default.toml).
constexpr double kFermiFrom = 0.1, kFermiTo = 0.6, kHwFrom = 0.05, kHwTo = 0.4;
constexpr Index kFermiCount = 11, kHwCount = 351;

struct EmitterCliOptions {
  std::string config;
  double width = 0, eps = 0, gamma = 0, x = 0, z = 0, line_center = 0, line_width = 0;
  Index cells = 0, q_points = 0;
  std::string fermi, hw, orientation, observable, method;
  bool json = false, quiet = false;
  std::string out, plot_dir;
  CLI::App* cmd = nullptr;
  bool given(const char* flag) const { return cmd->count(flag) > 0; }
};

// ---- TOML ----------------------------------------------------------------------------------

const KnownKeys& known_keys() {
  static const KnownKeys keys = {
      {"ribbon", {"width_nm", "eps_eff", "gamma_eV", "cells"}},
      {"emitter", {"x_nm", "z_nm", "orientation", "line_center_eV", "line_width_eV", "cross_section"}},
      {"observation", {"x_nm", "z_nm"}},
      {"sweep", {"fermi_eV", "hw_eV"}},
      {"quadrature", {"q_points", "q_max_per_nm", "q_scale_per_nm"}},
      {"output", {"observable"}},
  };
  return keys;
}

std::optional<double> parse_orientation(const std::string& text, const std::string& where) {
  if (text == "average") return std::nullopt;
  size_t used = 0;
  double deg = 0;
  try {
    deg = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  require(used == text.size() && !text.empty() && std::isfinite(deg),
          fmt::format("{}: expected \"average\" or an angle in degrees, got '{}'", where, text));
  return deg;
}

EmitterObservable parse_observable(const std::string& text, const std::string& where) {
  if (text == "purcell") return EmitterObservable::Purcell;
  if (text == "intensity") return EmitterObservable::Intensity;
  throw Error(fmt::format("{}: expected \"purcell\" or \"intensity\", got '{}'", where, text));
}

/// Two whitespace-separated columns (hw [eV], factor), hw increasing, interpolated linearly
/// onto the study's hw grid, which it must cover.
std::vector<double> read_cross_section(const std::string& path, const std::vector<double>& hw) {
  std::ifstream in(path);
  require(static_cast<bool>(in), fmt::format("{}: cannot read the cross-section file", path));
  std::vector<double> xs, ys;
  std::string line;
  for (int lineno = 1; std::getline(in, line); ++lineno) {
    const auto hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    std::istringstream ls(line);
    double a, b;
    if (!(ls >> a)) continue;  // blank or comment line
    std::string rest;
    require(static_cast<bool>(ls >> b) && !(ls >> rest) && std::isfinite(a) && std::isfinite(b),
            fmt::format("{}: line {}: expected two numbers (hw_eV factor)", path, lineno));
    require(xs.empty() || a > xs.back(), fmt::format("{}: line {}: hw must increase", path, lineno));
    xs.push_back(a);
    ys.push_back(b);
  }
  require(xs.size() >= 2, fmt::format("{}: needs at least two rows", path));
  std::vector<double> out;
  for (double w : hw) {
    require(w >= xs.front() && w <= xs.back(),
            fmt::format("{}: does not cover hw = {} eV (covers {} to {})", path, w, xs.front(), xs.back()));
    const size_t i = std::min<size_t>(std::upper_bound(xs.begin(), xs.end(), w) - xs.begin(), xs.size() - 1);
    const double t = (w - xs[i - 1]) / (xs[i] - xs[i - 1]);
    out.push_back((1 - t) * ys[i - 1] + t * ys[i]);
  }
  return out;
}

EmitterSetup build_setup(const EmitterCliOptions& o) {
  EmitterSetup s;
  std::optional<std::string> cross_section;
  std::string where = "--config";
  if (!o.config.empty()) {
    const StudyConfig c(o.config, known_keys());
    where = c.path();
    if (auto v = c.number("ribbon", "width_nm")) s.width_nm = *v;
    if (auto v = c.number("ribbon", "eps_eff")) s.eps_eff = *v;
    if (auto v = c.number("ribbon", "gamma_eV")) s.gamma_eV = *v;
    if (auto v = c.integer("ribbon", "cells")) s.cells = *v;
    if (auto v = c.number("emitter", "x_nm")) s.emitter_x_nm = *v;
    if (auto v = c.number("emitter", "z_nm")) s.emitter_z_nm = *v;
    if (auto v = c.string("emitter", "orientation")) {
      s.orientation_deg = parse_orientation(*v, c.path() + ": emitter.orientation");
    } else if (auto deg = c.number("emitter", "orientation")) {
      s.orientation_deg = *deg;
    }
    if (auto v = c.number("emitter", "line_center_eV")) s.line_center_eV = *v;
    if (auto v = c.number("emitter", "line_width_eV")) s.line_width_eV = *v;
    if (auto v = c.string("emitter", "cross_section")) {
      const std::filesystem::path p(*v);
      cross_section = (p.is_absolute() ? p : std::filesystem::path(c.path()).parent_path() / p).string();
    }
    s.observation_x_nm = c.number("observation", "x_nm");
    s.observation_z_nm = c.number("observation", "z_nm");
    if (auto v = c.grid("sweep", "fermi_eV")) s.fermi_eV = *v;
    if (auto v = c.grid("sweep", "hw_eV")) s.hw_eV = *v;
    if (auto v = c.integer("quadrature", "q_points")) s.q_points = *v;
    if (auto v = c.number("quadrature", "q_max_per_nm")) s.q_max_per_nm = *v;
    if (auto v = c.number("quadrature", "q_scale_per_nm")) s.q_scale_per_nm = *v;
    if (auto v = c.string("output", "observable")) s.observable = parse_observable(*v, c.path() + ": output.observable");
    // Report a bad value in the file as "<file>: <key>: <problem>" before flags override it.
    try {
      EmitterSetup check = s;
      if (check.fermi_eV.empty()) check.fermi_eV = {kFermiFrom};
      if (check.hw_eV.empty()) check.hw_eV = {kHwFrom};
      check.cross_section.clear();
      ribbon::validate(check);
    } catch (const Error& e) {
      c.fail(e.what());
    }
  }
  if (o.given("--width")) s.width_nm = o.width;
  if (o.given("--eps")) s.eps_eff = o.eps;
  if (o.given("--gamma")) s.gamma_eV = o.gamma;
  if (o.given("--cells")) s.cells = o.cells;
  if (o.given("--x")) s.emitter_x_nm = o.x;
  if (o.given("--z")) s.emitter_z_nm = o.z;
  if (o.given("--orientation")) s.orientation_deg = parse_orientation(o.orientation, "--orientation");
  if (o.given("--line-center")) s.line_center_eV = o.line_center;
  if (o.given("--line-width")) s.line_width_eV = o.line_width;
  if (o.given("--ef")) s.fermi_eV = parse_grid(o.fermi, "--ef");
  if (o.given("--hw")) s.hw_eV = parse_grid(o.hw, "--hw");
  if (o.given("--q-points")) s.q_points = o.q_points;
  if (o.given("--observable")) s.observable = parse_observable(o.observable, "--observable");
  if (o.given("--method")) s.engine.method = parse_method(o.method);
  if (s.fermi_eV.empty()) s.fermi_eV = linspace(kFermiFrom, kFermiTo, kFermiCount);
  if (s.hw_eV.empty()) s.hw_eV = linspace(kHwFrom, kHwTo, kHwCount);
  if (cross_section) s.cross_section = read_cross_section(*cross_section, s.hw_eV);
  try {
    ribbon::validate(s);
  } catch (const Error& e) {
    // The file's values were checked above, so a problem now comes from a flag: name it.
    static const std::pair<const char*, const char*> flags[] = {
        {"ribbon.width_nm", "--width"}, {"ribbon.eps_eff", "--eps"}, {"ribbon.gamma_eV", "--gamma"},
        {"emitter.x_nm", "--x"}, {"emitter.z_nm", "--z"}, {"emitter.line_center_eV", "--line-center"},
        {"emitter.line_width_eV", "--line-width"}, {"sweep.fermi_eV", "--ef"}, {"sweep.hw_eV", "--hw"},
        {"quadrature.q_points", "--q-points"}};
    std::string what = e.what();
    for (const auto& [key, flag] : flags)
      if (what.rfind(key, 0) == 0 && o.given(flag)) what.replace(0, std::string(key).size(), flag);
    throw Error(what);
  }
  return s;
}

// ---- output --------------------------------------------------------------------------------

nlohmann::json result_json(const EmitterSetup& s, const EmitterResult& r, int ranks, double seconds) {
  using nlohmann::json;
  const ribbon::QRule rule = ribbon::emitter_q_rule(s);
  json j;
  j["study"] = "emitter";
  j["parameters"] = {{"width_nm", s.width_nm},         {"eps_eff", s.eps_eff},
                     {"gamma_eV", s.gamma_eV},         {"cells", s.cells},
                     {"emitter_x_nm", s.emitter_x_nm}, {"emitter_z_nm", s.emitter_z_nm},
                     {"orientation", s.orientation_deg ? json(*s.orientation_deg) : json("average")},
                     {"line_center_eV", s.line_center_eV}, {"line_width_eV", s.line_width_eV},
                     {"q_points", s.q_points},         {"q_max_per_nm", rule.nodes.back()},
                     {"q_scale_per_nm", s.q_scale()}};
  if (s.has_observation())
    j["parameters"]["observation_nm"] = {*s.observation_x_nm, *s.observation_z_nm};
  j["observable"] = s.observable == EmitterObservable::Purcell ? "purcell" : "intensity";
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
  fmt::print("ribbon emitter: W = {} nm, eps_eff = {}, Gamma = {} meV, N = {} cells\n", s.width_nm,
             s.eps_eff, 1e3 * s.gamma_eV, s.cells);
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

void run_ribbon_emitter(const EmitterCliOptions& o) {
  // MPI only under a launcher. Every step is agreed on: a failure on any rank stops all of
  // them with the same error and exit code, printed once by rank 0.
  const mpi::Session& session = mpi::program_session(mpi::Start::UnderLauncher);
  const bool root = session.root();
  EmitterSetup setup;
  const auto shared = [&] { return ribbon::emitter_fingerprint(setup); };
  mpi::agree(session.comm(), [&] {
    setup = build_setup(o);
    if (root && !o.out.empty()) io::check_output_path(o.out);
    if (root && !o.plot_dir.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(o.plot_dir, ec);
      require(!ec && std::filesystem::is_directory(o.plot_dir),
              fmt::format("{}: cannot create the plot directory", o.plot_dir));
    }
  }, shared);

  const auto start = std::chrono::steady_clock::now();
  std::optional<EmitterResult> result;  // on rank 0
  if (session.active())
    result = ribbon::run_emitter_study(setup, session.comm());
  else
    result = ribbon::run_emitter_study(setup);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  mpi::agree(session.comm(), [&] {
    if (!root) return;
    if (!o.out.empty()) write_p_npy(o.out, *result);
    if (!o.plot_dir.empty()) {
      const TempDataFile data(result_json(setup, *result, session.size(), seconds).dump());
      run_plot_script("emitter.py", {data.path(), o.plot_dir});
    }
  });
  if (!root) return;

  const EmitterResult& r = *result;
  if (o.json) {
    fmt::print("{}\n", result_json(setup, r, session.size(), seconds).dump());
  } else if (!o.quiet) {
    print_table(setup, r, session.size(), seconds);
    if (!o.out.empty()) fmt::print("wrote {}\n", o.out);
    if (!o.plot_dir.empty())
      fmt::print("wrote {0}/emitter_purcell.png, {0}/emitter_P.png\n", o.plot_dir);
  }
}

}  // namespace

void setup_ribbon_emitter(CLI::App& ribbon) {
  auto o = std::make_shared<EmitterCliOptions>();
  auto* cmd = ribbon.add_subcommand(
      "emitter",
      "Dipole emitter above the ribbon: Purcell factor F(hw) (or the field intensity at an\n"
      "observation point) integrated over q, and P(E_F) = int dhw S(hw) F(hw) against the\n"
      "emitter's Lorentzian line. Under mpirun the q-points are split over the ranks.");
  o->cmd = cmd;
  // No ExistingFile check: a rank that cannot read its file must still join the agreement,
  // so that rank 0 reports it instead of the other ranks waiting.
  cmd->add_option("--config", o->config,
                  "TOML file with [ribbon] width_nm, eps_eff, gamma_eV, cells; [emitter] x_nm, z_nm, "
                  "orientation, line_center_eV, line_width_eV, cross_section (file of hw_eV, factor "
                  "rows); [observation] x_nm, z_nm; [sweep] fermi_eV, hw_eV; [quadrature] q_points, "
                  "q_max_per_nm, q_scale_per_nm; [output] observable. Every key is optional, unknown "
                  "keys are an error, a flag overrides the file");
  cmd->add_option("--width", o->width, "ribbon width W [nm]");
  cmd->add_option("--eps", o->eps, "eps_eff, mean dielectric constant above/below");
  cmd->add_option("--gamma", o->gamma, "Drude damping Gamma [eV]");
  cmd->add_option("--cells", o->cells, "finite-volume cells across the ribbon")->check(CLI::Range(8, 20000));
  cmd->add_option("--x", o->x, "emitter x [nm] from the left edge (centre: W/2)");
  cmd->add_option("--z", o->z, "emitter height z_s [nm]");
  cmd->add_option("--orientation", o->orientation, "\"average\" or theta from z [deg]");
  cmd->add_option("--line-center", o->line_center, "emitter line centre hw_e [eV]");
  cmd->add_option("--line-width", o->line_width, "emitter line FWHM gamma_e [eV]");
  cmd->add_option("--ef", o->fermi, "Fermi energies [eV]: from:to:count or a,b,c");
  cmd->add_option("--hw", o->hw, "photon energies [eV]: from:to:count or a,b,c");
  cmd->add_option("--q-points", o->q_points, "q nodes, 4k+1 (Simpson, with the coarse rule on every other)");
  cmd->add_option("--observable", o->observable, "purcell | intensity (needs [observation])");
  cmd->add_option("--method", o->method, "engine method for each A(q)")->check(method_validator());
  cmd->add_flag("--json", o->json, "print the result as JSON (nothing else on stdout)");
  cmd->add_option("--out", o->out, "write P(E_F) as .npy, shape (n_EF, 3): E_F, P, q-error");
  cmd->add_option("--plot-dir", o->plot_dir, "write emitter_purcell.png and emitter_P.png here");
  cmd->add_flag("--quiet", o->quiet, "no table");
  cmd->callback([o] { run_ribbon_emitter(*o); });
}

}  // namespace specsweep::app
