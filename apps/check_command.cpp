// Placeholder until the check subcommand lands: registers the name so main() links.
#include "commands.hpp"
#include "specsweep/error.hpp"

namespace specsweep::app {

void setup_check(CLI::App& app) {
  auto* cmd = app.add_subcommand("check", "(not built yet)");
  cmd->callback([] { throw specsweep::Error("'check' is not available in this build", specsweep::ErrorKind::Runtime); });
}

}  // namespace specsweep::app
