// --threads and --tuning, shared by sweep, check and calibrate.
#include "engine_options.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>

namespace specsweep::app {

std::string default_tuning_path() {
  if (const char* p = std::getenv("SPECSWEEP_TUNING"); p && *p) return p;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x)
    return std::string(x) + "/specsweep/tuning.conf";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.config/specsweep/tuning.conf";
  return {};
}

void add_engine_options(CLI::App& cmd, EngineOptions& o) {
  cmd.add_option("--threads", o.threads,
                 "threads for the factorisation and the sweep (default: OMP_NUM_THREADS, else "
                 "every core)")
      ->check(CLI::Range(1, 1024));
  cmd.add_option("--tuning", o.tuning,
                 "tuning file written by `specsweep calibrate` (default: " +
                     default_tuning_path() +
                     " when it exists; 'builtin' uses the compiled switch points)");
}

std::string apply_engine_options(const EngineOptions& o, Options& opts) {
  opts.threads = o.threads;
  std::string path = o.tuning;
  if (path == "builtin") return path;
  if (path.empty()) {
    path = default_tuning_path();
    std::error_code ec;
    if (path.empty() || !std::filesystem::is_regular_file(path, ec)) return "builtin";
  }
  opts.tuning = Tuning::from_file(path);
  return path;
}

}  // namespace specsweep::app
