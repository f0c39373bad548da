#pragma once
// The one way the CLI draws plots: a matplotlib script from scripts/plots/ run by
// /usr/bin/python3 (Debian's, which has NumPy and matplotlib). Scripts take their data file
// and output paths as arguments and write PNGs themselves.
#include <string>
#include <vector>

namespace specsweep::app {

/// Runs `/usr/bin/python3 <plot dir>/<script> args...` and waits for it. The plot dir is the
/// source tree's scripts/plots when it exists, else the installed share/specsweep/plots.
/// Throws Error(Runtime) with one line when python3 or matplotlib is missing or the script
/// fails (its own stderr is passed through).
void run_plot_script(const std::string& script, const std::vector<std::string>& args);

/// A JSON file in the system temp dir, removed when this goes out of scope: hands a plot
/// script its data without leaving files next to the user's outputs.
class TempDataFile {
 public:
  explicit TempDataFile(const std::string& contents);
  ~TempDataFile();
  TempDataFile(const TempDataFile&) = delete;
  TempDataFile& operator=(const TempDataFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace specsweep::app
