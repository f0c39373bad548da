// specsweep: one binary, one subcommand per file (see commands.hpp).
#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <exception>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "specsweep/error.hpp"
#include "specsweep/io/npy.hpp"
#include "specsweep/mpi/agree.hpp"
#include "specsweep/version.hpp"

namespace {

// Ctrl-C, kill or a closed terminal while an output streams: remove the temporaries the .npy
// writers list, then die of the same signal (the parent sees the signal, not a clean exit).
// Async-signal-safe: unlink_live_temporaries, signal and raise only.
extern "C" void remove_temporaries_and_reraise(int sig) {
  specsweep::io::unlink_live_temporaries();
  std::signal(sig, SIG_DFL);
  std::raise(sig);  // blocked until the handler returns, then the default action
}

// Installed once, before any command runs. A signal the parent set to be ignored (nohup, a
// background job's SIGINT) stays ignored.
void remove_temporaries_on_signal() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    struct sigaction sa {};
    sa.sa_handler = remove_temporaries_and_reraise;
    sigemptyset(&sa.sa_mask);
    ::sigaction(sig, &sa, nullptr);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace specsweep::app;
  remove_temporaries_on_signal();
  CLI::App app{"specsweep: solve (I - sA) x(s) = b for one A and many shifts s.\n"
               "Factor A once; every further shift costs O(n^2), or O(nk) for k outputs."};
  app.set_version_flag("--version", std::string("specsweep ") + SPECSWEEP_VERSION);
  app.require_subcommand(1);
  setup_sweep(app);
  setup_check(app);
  setup_ribbon(app);
  setup_poisson(app);
  setup_calibrate(app);
  setup_freqresp(app);
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
    // Under MPI every rank throws the agreed error; rank 0 prints it, all exit alike.
    return report_failure(e, specsweep::mpi::reported_elsewhere(e) ? nullptr : stderr);
  }
  return kOk;
}
