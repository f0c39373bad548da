// Placeholder until the poisson subcommand lands: registers the name so main() links.
#include "commands.hpp"
#include "specsweep/error.hpp"

namespace specsweep::app {

void setup_poisson(CLI::App& app) {
  auto* cmd = app.add_subcommand("poisson", "(not built yet)");
  cmd->callback([] { throw specsweep::Error("'poisson' is not available in this build", specsweep::ErrorKind::Runtime); });
}

}  // namespace specsweep::app
