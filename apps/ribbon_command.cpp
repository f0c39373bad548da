// Placeholder until the ribbon subcommand lands: registers the name so main() links.
#include "commands.hpp"
#include "specsweep/error.hpp"

namespace specsweep::app {

void setup_ribbon(CLI::App& app) {
  auto* cmd = app.add_subcommand("ribbon", "(not built yet)");
  cmd->callback([] { throw specsweep::Error("'ribbon' is not available in this build", specsweep::ErrorKind::Runtime); });
}

}  // namespace specsweep::app
