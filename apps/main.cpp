// specsweep: one binary, one subcommand per file (see commands.hpp).
#include <fmt/format.h>

#include <cstdio>
#include <exception>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "specsweep/error.hpp"
#include "specsweep/version.hpp"

int main(int argc, char** argv) {
  using namespace specsweep::app;
  CLI::App app{"specsweep: solve (I - sA) x(s) = b for one A and many shifts s.\n"
               "Factor A once; every further shift costs O(n^2), or O(nk) for k outputs."};
  app.set_version_flag("--version", std::string("specsweep ") + SPECSWEEP_VERSION);
  app.require_subcommand(1);
  setup_sweep(app);
  setup_check(app);
  setup_ribbon(app);
  setup_poisson(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "specsweep: {}\n", e.what());
    return kUsage;
  } catch (const std::exception& e) {
    return report_failure(e);
  }
  return kOk;
}
