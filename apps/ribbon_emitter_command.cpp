// Placeholder until the emitter study lands.
#include "commands.hpp"
#include "specsweep/error.hpp"

namespace specsweep::app {

void setup_ribbon_emitter(CLI::App& ribbon) {
  auto* cmd = ribbon.add_subcommand("emitter", "(not built yet)");
  cmd->callback([] { throw specsweep::Error("'ribbon emitter' is not available in this build", specsweep::ErrorKind::Runtime); });
}

}  // namespace specsweep::app
