// specsweep: one binary, one subcommand per file (see commands.hpp).
#include <fmt/format.h>

#include <cstdio>
#include <exception>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "specsweep/error.hpp"
#include "specsweep/mpi/agree.hpp"
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
  } catch (const specsweep::Error& e) {
    // Under MPI every rank throws an agreed error; only rank 0 prints it, all exit alike.
    if (!specsweep::mpi::reported_elsewhere(e)) fmt::print(stderr, "specsweep: {}\n", e.what());
    switch (e.kind()) {
      case specsweep::ErrorKind::Input: return kInput;
      case specsweep::ErrorKind::Output: return kOutput;
      case specsweep::ErrorKind::Runtime: return kRuntime;
    }
    return kInternal;
  } catch (const std::exception& e) {
    if (!specsweep::mpi::reported_elsewhere(e)) fmt::print(stderr, "specsweep: internal error: {}\n", e.what());
    return kInternal;
  }
  return kOk;
}
