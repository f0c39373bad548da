#pragma once
// Each subcommand lives in its own file as setup_<cmd>(CLI::App&), which registers the
// subcommand, its options and its callback. main() only wires them together.
#include <CLI/CLI.hpp>

namespace specsweep::app {

void setup_sweep(CLI::App& app);
void setup_check(CLI::App& app);
void setup_ribbon(CLI::App& app);
/// The `ribbon emitter` study, registered under the `ribbon` subcommand by setup_ribbon.
void setup_ribbon_emitter(CLI::App& ribbon);
/// The `ribbon conductivity` table of sigma~(hw), registered under `ribbon` by setup_ribbon.
void setup_ribbon_conductivity(CLI::App& ribbon);
void setup_poisson(CLI::App& app);
void setup_calibrate(CLI::App& app);
void setup_freqresp(CLI::App& app);

}  // namespace specsweep::app
