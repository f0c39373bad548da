// Placeholder until the sweep subcommand lands: registers the name so main() links.
#include "commands.hpp"
#include "specsweep/error.hpp"

namespace specsweep::app {

void setup_sweep(CLI::App& app) {
  auto* cmd = app.add_subcommand("sweep", "(not built yet)");
  cmd->callback([] { throw specsweep::Error("'sweep' is not available in this build", specsweep::ErrorKind::Runtime); });
}

}  // namespace specsweep::app
