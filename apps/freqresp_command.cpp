// `specsweep freqresp`: G(z) = C (zE - A)^-1 B + D of a state-space model at z = i omega (or
// z = e^{i omega dt} with --dt), factored once through the engine's pencil sweep. Every output
// is computed before any is written; each file appears under its name only when complete.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "method_option.hpp"
#include "plot.hpp"
#include "specsweep/error.hpp"
#include "specsweep/io/npy.hpp"
#include "specsweep/statespace/frequency_response.hpp"
#include "summary_json.hpp"

namespace specsweep::app {
namespace {

struct FreqRespOptions {
  std::string A, B, C, D, E, model;
  std::string omega, omega_range, out, csv, plot;
  bool omega_auto = false;
  bool refine = false;
  double dt = 0;
  std::string method = "auto";
  bool json = false;
};

[[noreturn]] void usage_error(const std::string& msg) { throw Error(msg, ErrorKind::Input); }

std::vector<double> parse_range(const std::string& text) {
  // lo:hi:count, log-spaced
  std::vector<std::string> parts;
  std::stringstream ss(text);
  for (std::string p; std::getline(ss, p, ':');) parts.push_back(p);
  double lo = 0, hi = 0;
  long long count = 0;
  try {
    if (parts.size() != 3) throw std::invalid_argument("parts");
    size_t used = 0;
    lo = std::stod(parts[0], &used);
    if (used != parts[0].size()) throw std::invalid_argument("lo");
    hi = std::stod(parts[1], &used);
    if (used != parts[1].size()) throw std::invalid_argument("hi");
    count = std::stoll(parts[2], &used);
    if (used != parts[2].size()) throw std::invalid_argument("count");
  } catch (const std::exception&) {
    usage_error(fmt::format("--omega-range: expected lo:hi:count (e.g. 0.1:100:500), got '{}'", text));
  }
  if (!(lo > 0 && hi > lo && std::isfinite(hi)) || count < 2 || count > (1LL << 26))
    usage_error(fmt::format("--omega-range: need 0 < lo < hi and 2 <= count <= 2^26, got '{}'", text));
  return statespace::log_spaced(lo, hi, static_cast<Index>(count));
}

std::vector<double> read_omega(const std::string& path) {
  const io::NpyArray a = io::read_npy(path);
  io::require_finite(a, path);
  if (a.rank() != 1 || a.is_complex)
    usage_error(fmt::format("{}: omega must be a real vector of shape (k,), got {}{}", path,
                            a.is_complex ? "complex " : "", io::shape_string(a.shape)));
  if (a.size() == 0) usage_error(fmt::format("{}: omega is empty", path));
  return std::vector<double>(a.real.begin(), a.real.end());
}

nlohmann::ordered_json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json();
}

nlohmann::ordered_json flags_json(const statespace::FrequencyResponse& r) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& f : r.flagged) {
    auto entries = nlohmann::ordered_json::array();
    for (const auto& [i, j] : f.unreliable) entries.push_back({i, j});
    out.push_back({{"index", f.index}, {"omega", f.omega}, {"kappa", number_or_null(f.kappa)},
                   {"unreliable", entries}});
  }
  return out;
}

nlohmann::ordered_json certified_json(const statespace::FrequencyResponse& r) {
  Index checked = 0, fallback = 0;
  double worst_eta = 0, worst_omega = 0;
  auto list = nlohmann::ordered_json::array();
  for (const auto& c : r.certificates) {
    if (!c.checked) continue;
    ++checked;
    fallback += c.lu_fallback;
    worst_eta = std::max(worst_eta, c.backward_error);
    worst_omega = std::max(worst_omega, c.componentwise_backward_error);
    list.push_back({{"index", c.index}, {"omega", r.omega[size_t(c.index)]},
                    {"refinement_steps", c.refinement_steps}, {"lu_fallback", c.lu_fallback},
                    {"backward_error", number_or_null(c.backward_error)},
                    {"componentwise_backward_error", number_or_null(c.componentwise_backward_error)},
                    {"output_error", c.output_error}});
  }
  return {{"checked", checked}, {"lu_fallback", fallback},
          {"max_backward_error", checked ? number_or_null(worst_eta) : nlohmann::ordered_json()},
          {"max_componentwise_backward_error", checked ? number_or_null(worst_omega) : nlohmann::ordered_json()},
          {"frequencies", list}};
}

nlohmann::ordered_json peaks_json(const statespace::FrequencyResponse& r) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& p : r.peaks)
    out.push_back({{"omega", p.omega}, {"magnitude", p.magnitude}, {"output", p.output},
                   {"input", p.input}, {"pole_omega", p.pole_omega}, {"damping", p.damping}});
  return out;
}

std::string csv_text(const statespace::FrequencyResponse& r) {
  std::string s = "omega,output,input,re,im,magnitude_db,phase_deg\n";
  for (Index j = 0; j < Index(r.omega.size()); ++j)
    for (Index i = 0; i < r.outputs; ++i)
      for (Index k = 0; k < r.inputs; ++k) {
        const cplx g = r(j, i, k);
        s += fmt::format("{:.17g},{},{},{:.17g},{:.17g},{:.17g},{:.17g}\n", r.omega[size_t(j)], i, k,
                         g.real(), g.imag(), 20 * std::log10(std::abs(g)), std::arg(g) * 180 / M_PI);
      }
  return s;
}

// Through a temporary file and a rename: never a partial CSV under its name.
void write_text_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    f.flush();
    if (!f) {
      std::remove(tmp.c_str());
      throw Error(fmt::format("{}: cannot write", path), ErrorKind::Output);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw Error(fmt::format("{}: cannot write", path), ErrorKind::Output);
  }
}

void run_freqresp(const FreqRespOptions& o) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  const bool npy_model = !o.A.empty() || !o.B.empty() || !o.C.empty();
  if (npy_model == !o.model.empty())
    usage_error("give the model either as --model sys.mat or as --A A.npy --B B.npy --C C.npy");
  if (npy_model && (o.A.empty() || o.B.empty() || o.C.empty()))
    usage_error("--A, --B and --C are all required (--D and --E are optional)");
  if (!o.model.empty() && (!o.D.empty() || !o.E.empty()))
    usage_error("--D and --E go with --A/--B/--C; a --model file holds its own D and E");
  const int grids = int(!o.omega.empty()) + int(!o.omega_range.empty()) + int(o.omega_auto);
  if (grids != 1) usage_error("give exactly one of --omega w.npy, --omega-range lo:hi:count, --omega-auto");
  if (!(o.dt >= 0) || !std::isfinite(o.dt)) usage_error(fmt::format("--dt must be > 0, got {}", o.dt));
  for (const std::string* path : {&o.out, &o.csv, &o.plot})
    if (!path->empty()) io::check_output_path(*path);

  std::vector<double> omega;
  if (!o.omega.empty()) omega = read_omega(o.omega);
  if (!o.omega_range.empty()) omega = parse_range(o.omega_range);
  statespace::StateSpaceModel model = npy_model
                                          ? statespace::load_npy_model(o.A, o.B, o.C, o.D, o.E)
                                          : statespace::load_mat_model(o.model);

  statespace::FrequencyResponseOptions fo;
  fo.method = parse_method(o.method);
  fo.dt = o.dt;
  fo.refine = o.refine;
  const statespace::FrequencyResponseSolver solver(model, fo, o.omega_auto ? 0 : Index(omega.size()));
  if (o.omega_auto) {
    const VectorXcd poles = solver.poles();
    if (poles.size() == 0)
      usage_error(fmt::format("--omega-auto needs the poles, which route '{}' does not compute; "
                              "use --method qz or auto", to_string(solver.resolvent().route())));
    omega = statespace::pole_aware_grid(poles, o.dt);
  }
  statespace::FrequencyResponse r = solver.evaluate(omega);
  if (o.omega_auto) r.peaks = statespace::resonance_peaks(solver, r, o.dt);
  const double total = seconds_between(t0, clock::now());

  const Index k = Index(r.omega.size());
  if (!o.out.empty()) io::write_npy(o.out, {k, r.outputs, r.inputs}, r.G.data());
  if (!o.csv.empty()) write_text_atomically(o.csv, csv_text(r));
  if (!o.plot.empty()) {
    nlohmann::ordered_json d = {{"omega", r.omega}, {"outputs", r.outputs}, {"inputs", r.inputs},
                                {"dt", o.dt}, {"route", r.route}};
    std::vector<std::vector<double>> re(size_t(r.outputs * r.inputs)), im = re;
    for (Index j = 0; j < k; ++j)
      for (Index i = 0; i < r.outputs; ++i)
        for (Index c = 0; c < r.inputs; ++c) {
          re[size_t(i * r.inputs + c)].push_back(r(j, i, c).real());
          im[size_t(i * r.inputs + c)].push_back(r(j, i, c).imag());
        }
    d["re"] = re;
    d["im"] = im;
    d["peaks"] = peaks_json(r);
    auto flagged = nlohmann::ordered_json::array();
    for (const auto& f : r.flagged) flagged.push_back(f.omega);
    d["flagged_omega"] = flagged;
    const TempDataFile file(d.dump());
    run_plot_script("bode.py", {file.path(), o.plot});
  }
  for (size_t i = 0; i < r.flagged.size() && i < 10; ++i)
    fmt::print(stderr,
               "specsweep: warning: omega = {:.6g} is at or next to a pole (kappa ~ {:.3g}); {} of "
               "{} entries of G there are unreliable\n",
               r.flagged[i].omega, r.flagged[i].kappa, r.flagged[i].unreliable.size(),
               r.outputs * r.inputs);
  if (o.json) {
    const nlohmann::ordered_json j = {
        {"route", r.route},
        {"requested", o.method},
        {"reason", r.reason},
        {"states", model.states()},
        {"inputs", r.inputs},
        {"outputs", r.outputs},
        {"descriptor", model.E.has_value()},
        {"time", o.dt > 0 ? "discrete" : "continuous"},
        {"dt", o.dt},
        {"frequencies", k},
        {"seconds", {{"factor", r.factor_seconds}, {"sweep", r.sweep_seconds}, {"total", total}}},
        {"diagnostics", diagnostics_json(r.diagnostics)},
        {"flagged", flags_json(r)},
        {"peaks", peaks_json(r)},
        {"certified", certified_json(r)},
        {"out", o.out},
    };
    fmt::print("{}\n", j.dump(2));
    return;
  }
  fmt::print("route      {} ({})\n", r.route, r.reason);
  fmt::print("model      n = {}, {} input{}, {} output{}{}\n", model.states(), r.inputs,
             r.inputs == 1 ? "" : "s", r.outputs, r.outputs == 1 ? "" : "s",
             model.E ? ", descriptor E" : "");
  fmt::print("time       factor {:.3f} s, sweep {:.3f} s, total {:.3f} s for {} frequencies\n",
             r.factor_seconds, r.sweep_seconds, total, k);
  fmt::print("flagged    {} frequenc{}\n", r.flagged.size(), r.flagged.size() == 1 ? "y" : "ies");
  for (const auto& p : r.peaks)
    fmt::print("peak       |G[{},{}]| = {:.6g} at omega = {:.6g} (pole omega_n = {:.6g}, zeta = {:.3g})\n",
               p.output, p.input, p.magnitude, p.omega, p.pole_omega, p.damping);
  if (!o.out.empty())
    fmt::print("wrote      {} complex128 ({}, {}, {})\n", o.out, k, r.outputs, r.inputs);
}

}  // namespace

void setup_freqresp(CLI::App& app) {
  auto o = std::make_shared<FreqRespOptions>();
  auto* cmd = app.add_subcommand(
      "freqresp",
      "Frequency response G(z) = C (zE - A)^-1 B + D of a state-space model, z = i omega\n"
      "(or e^{i omega dt} with --dt). E may be singular (descriptor systems). The pencil is\n"
      "factored once; every frequency then costs O(n^2) or less. Frequencies where zE - A is\n"
      "numerically singular (poles) are flagged with the entries of G that are unreliable.\n"
      "Outputs are written only when everything has been computed.");
  cmd->add_option("--A", o->A, "A.npy (n, n)")->check(CLI::ExistingFile);
  cmd->add_option("--B", o->B, "B.npy (n, m)")->check(CLI::ExistingFile);
  cmd->add_option("--C", o->C, "C.npy (p, n)")->check(CLI::ExistingFile);
  cmd->add_option("--D", o->D, "D.npy (p, m), default zero")->check(CLI::ExistingFile);
  cmd->add_option("--E", o->E, "E.npy (n, n), default the identity; may be singular")
      ->check(CLI::ExistingFile);
  cmd->add_option("--model", o->model,
                  "sys.mat: MATLAB file with A, B, C and optionally D, E (dense or sparse)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--omega", o->omega, "w.npy: frequencies (k,) in rad per time unit")
      ->check(CLI::ExistingFile);
  cmd->add_option("--omega-range", o->omega_range, "lo:hi:count, log-spaced (e.g. 0.1:100:500)");
  cmd->add_flag("--omega-auto", o->omega_auto,
                "frequencies placed from the poles, dense near lightly damped ones; reports each "
                "resonance peak |G| and its frequency");
  cmd->add_option("--dt", o->dt, "sampling period: discrete time, z = e^{i omega dt}")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--out,-o", o->out, "G.npy: complex128 of shape (k, p, m)");
  cmd->add_option("--csv", o->csv, "G.csv: omega, output, input, re, im, magnitude_db, phase_deg");
  cmd->add_option("--plot", o->plot, "bode.png: magnitude (dB) and phase, one curve per channel");
  cmd->add_flag("--refine", o->refine,
                "check and refine every frequency (default: only where |G - D| is small against "
                "||c_i|| ||x_j||, where the fast sweep loses relative accuracy, and at flagged ones)");
  cmd->add_option("--method", o->method, "route: auto, qz, hessenberg (Hessenberg-triangular form for a descriptor, "
                  "Hessenberg of A when E = I), schur, direct, eig (symmetric-definite pencils)")
      ->capture_default_str()->check(method_validator());
  cmd->add_flag("--json", o->json,
                "print one JSON object: route, reason, seconds{factor, sweep, total}, flagged "
                "[{index, omega, kappa, unreliable [[output, input], ...]}], peaks, certified "
                "{checked, lu_fallback, max_backward_error, frequencies [{index, omega, "
                "refinement_steps, backward_error, componentwise_backward_error, output_error}]}, "
                "diagnostics");
  cmd->callback([o] { run_freqresp(*o); });
}

}  // namespace specsweep::app
