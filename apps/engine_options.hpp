#pragma once
// The options every engine-backed subcommand shares: --threads and --tuning. The command owns
// its process, so these are the user's choices made explicit and handed to the engine through
// Options; the library itself reads no file and changes no process-wide setting.
#include <string>

#include "specsweep/resolvent.hpp"

namespace CLI {
class App;
}

namespace specsweep::app {

struct EngineOptions {
  int threads = 0;     ///< 0: OMP_NUM_THREADS, else every core
  std::string tuning;  ///< tuning file; empty: the user's file if it exists, "builtin": none
};

/// Where `specsweep calibrate` writes and every command reads by default:
/// $SPECSWEEP_TUNING, else $XDG_CONFIG_HOME/specsweep/tuning.conf, else
/// ~/.config/specsweep/tuning.conf.
std::string default_tuning_path();

/// Registers --threads and --tuning on cmd.
void add_engine_options(CLI::App& cmd, EngineOptions& o);

/// Sets opts.threads and opts.tuning (reads the tuning file; a bad one is an Input error naming
/// it). Returns the tuning file used, or "builtin".
std::string apply_engine_options(const EngineOptions& o, Options& opts);

}  // namespace specsweep::app
