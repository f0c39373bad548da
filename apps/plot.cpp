#include "plot.hpp"

#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "specsweep/error.hpp"

extern char** environ;

namespace specsweep::app {
namespace {

constexpr const char* kPython = "/usr/bin/python3";

std::filesystem::path plot_script_dir() {
  for (const char* dir : {SPECSWEEP_PLOT_SCRIPT_DIR, SPECSWEEP_PLOT_INSTALL_DIR})
    if (std::filesystem::is_directory(dir)) return dir;
  throw Error(fmt::format("plot scripts not found in {} nor {}", SPECSWEEP_PLOT_SCRIPT_DIR,
                          SPECSWEEP_PLOT_INSTALL_DIR),
              ErrorKind::Runtime);
}

// Runs argv to completion; returns its exit status (or -1 if it could not start or died).
int run(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

void run_plot_script(const std::string& script, const std::vector<std::string>& args) {
  if (access(kPython, X_OK) != 0)
    throw Error(fmt::format("plotting needs {} with matplotlib (apt-get install python3-matplotlib)", kPython),
                ErrorKind::Runtime);
  const auto path = plot_script_dir() / script;
  if (!std::filesystem::is_regular_file(path))
    throw Error(fmt::format("plot script {} not found", path.string()), ErrorKind::Runtime);
  std::fflush(stdout);  // what the command printed comes before anything the script prints
  std::vector<std::string> argv = {kPython, path.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  if (run(argv) == 0) return;
  // Tell a missing matplotlib apart from a failing script.
  if (run({kPython, "-c", "import matplotlib, numpy"}) != 0)
    throw Error(fmt::format("plotting needs matplotlib and NumPy for {} (apt-get install python3-matplotlib)",
                            kPython),
                ErrorKind::Runtime);
  throw Error(fmt::format("plot script {} failed (see its message above)", path.string()),
              ErrorKind::Runtime);
}

TempDataFile::TempDataFile(const std::string& contents) {
  std::string pattern = (std::filesystem::temp_directory_path() / "specsweep-plot-XXXXXX").string();
  const int fd = mkstemp(pattern.data());
  if (fd < 0) throw Error("cannot create a temporary file for the plot data", ErrorKind::Output);
  path_ = pattern;
  const bool ok = write(fd, contents.data(), contents.size()) == static_cast<ssize_t>(contents.size());
  close(fd);
  if (!ok) {
    std::remove(path_.c_str());
    throw Error(fmt::format("{}: cannot write the plot data", path_), ErrorKind::Output);
  }
}

TempDataFile::~TempDataFile() { std::remove(path_.c_str()); }

}  // namespace specsweep::app
