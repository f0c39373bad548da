// No data lost: a sweep killed while it streams its result must not leave a truncated .npy
// under the --out name (the writer renames a complete temporary file only). SIGKILL cannot be
// caught, so only the temporary may remain; SIGTERM/SIGINT also remove the temporary.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "cli_runner.hpp"

using namespace cli_test;

namespace {

const std::string kCli = SPECSWEEP_CLI;

// n = 120, direct LU per shift over 10^5 shifts: minutes of work, streamed in blocks of 8.
void write_long_problem() {
  const int n = 120, k = 100000;
  std::vector<double> A(static_cast<std::size_t>(n * n)), b(static_cast<std::size_t>(n), 1.0),
      s(static_cast<std::size_t>(k));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) A[static_cast<std::size_t>(i * n + j)] = std::sin(1.0 + i + 7.0 * j) / n;
  for (int j = 0; j < k; ++j) s[static_cast<std::size_t>(j)] = 0.5 * std::cos(0.1 * j);
  write_file("A.npy", npy("<f8", "(120, 120)", raw(A)));
  write_file("b.npy", npy("<f8", "(120,)", raw(b)));
  write_file("s.npy", npy("<f8", "(100000,)", raw(s)));
}

// Starts the sweep, waits until result blocks reach its temporary file, sends sig, reaps it.
// Returns the temporary file's name.
std::string sweep_and_kill(int sig) {
  const std::vector<std::string> argv{kCli, "sweep", "-A", "A.npy", "-b", "b.npy", "-s", "s.npy",
                                      "-o", "X.npy", "--method", "direct", "--block", "8", "--quiet"};
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, args[0], nullptr, nullptr, args.data(), environ) == 0);
  const std::string temp = "X.npy.tmp." + std::to_string(pid);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool streaming = false;
  while (!streaming && std::chrono::steady_clock::now() < deadline) {
    std::error_code ec;
    streaming = fs::file_size(temp, ec) > 4096 && !ec;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(streaming);
  ::kill(pid, sig);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == sig);
  return temp;
}

}  // namespace

TEST_CASE("SIGKILL mid-sweep leaves no file under the output name") {
  ScratchDir dir("specsweep_kill");
  fs::current_path(dir.path);
  write_long_problem();
  const std::string temp = sweep_and_kill(SIGKILL);
  CHECK(!fs::exists("X.npy"));
  MESSAGE("SIGKILL after " << fs::file_size(temp) << " of " << 128 + 16 * 120 * 100000
                           << " bytes; X.npy absent, only " << temp << " left");
}

TEST_CASE("SIGTERM and SIGINT mid-sweep leave neither the output nor its temporary") {
  ScratchDir dir("specsweep_term");
  fs::current_path(dir.path);
  write_long_problem();
  for (int sig : {SIGTERM, SIGINT}) {
    CAPTURE(sig);
    const std::string temp = sweep_and_kill(sig);
    CHECK(!fs::exists("X.npy"));
    CHECK(!fs::exists(temp));
  }
}
