#pragma once
// A one-line progress meter on stderr for long runs. It draws only when stderr is a terminal
// and --quiet was not given, so pipes, logs and --json output stay clean.
#include <chrono>
#include <cstdint>
#include <string>

namespace specsweep::app {

class Progress {
 public:
  /// total: units of work (shifts, q-points, ...); label: what they are, e.g. "shifts".
  Progress(std::string label, std::int64_t total, bool quiet);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Reports `done` units finished; redraws at most every 0.2 s.
  void update(std::int64_t done);
  /// Erases the meter line (also done by the destructor).
  void finish();
  bool enabled() const { return enabled_; }

 private:
  std::string label_;
  std::int64_t total_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace specsweep::app
