// `specsweep calibrate` and `--tuning` on the real binary: calibrate writes a file that sweep
// then reads by default (the JSON names it), --tuning builtin ignores it, and a bad tuning file
// is a one-line input error naming the file, with nothing written.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>

#include "cli_runner.hpp"

using namespace cli_test;

namespace {

const std::string kCli = SPECSWEEP_CLI;

void write_inputs(const ScratchDir& d) {
  std::vector<double> a;
  const int n = 8;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) a.push_back(i == j ? 0.5 : (j == i + 1 ? 0.25 : 0.0));
  write_file(d / "A.npy", npy("<f8", "(8, 8)", raw(a)));
  write_file(d / "b.npy", npy("<f8", "(8,)", raw(std::vector<double>(n, 1.0))));
  write_file(d / "s.npy", npy("<f8", "(3,)", raw(std::vector<double>{0.1, 0.2, 0.3})));
}

std::vector<std::string> sweep_args(const ScratchDir& d, const std::string& out) {
  return {kCli, "sweep", "-A", d / "A.npy", "-b", d / "b.npy", "-s", d / "s.npy", "-o", d / out, "--json"};
}

}  // namespace

TEST_CASE("calibrate writes the user's tuning file; sweep reads it by default") {
  ScratchDir d("specsweep_tuning");
  write_inputs(d);
  const std::string conf = d / "cfg/specsweep/tuning.conf";
  setenv("SPECSWEEP_TUNING", conf.c_str(), 1);
  const RunResult cal = run({kCli, "calibrate", "--quick"}, d.path.string());
  INFO(cal.err);
  REQUIRE(cal.exit_code == 0);
  REQUIRE(fs::exists(conf));
  const std::string text = read_file(conf);
  CHECK(text.find("hessenberg_crossover = 64:") != std::string::npos);
  CHECK(text.find("gees_single_thread_max_n = ") != std::string::npos);

  const RunResult def = run(sweep_args(d, "X1.npy"), d.path.string());
  REQUIRE(def.exit_code == 0);
  CHECK(nlohmann::json::parse(def.out)["tuning"] == conf);

  auto builtin = sweep_args(d, "X2.npy");
  builtin.insert(builtin.end(), {"--tuning", "builtin"});
  const RunResult b = run(builtin, d.path.string());
  REQUIRE(b.exit_code == 0);
  CHECK(nlohmann::json::parse(b.out)["tuning"] == "builtin");
  unsetenv("SPECSWEEP_TUNING");
}

TEST_CASE("a bad tuning file is an input error naming file and line; nothing is written") {
  ScratchDir d("specsweep_badtuning");
  write_inputs(d);
  write_file(d / "bad.conf", "block_min = 8\nblock_mux = 3\n");
  auto args = sweep_args(d, "X.npy");
  args.insert(args.end(), {"--tuning", d / "bad.conf"});
  const RunResult r = run(args, d.path.string());
  CHECK(r.exit_code == 3);
  CHECK(r.err.find(d / "bad.conf") != std::string::npos);
  CHECK(r.err.find("line 2") != std::string::npos);
  CHECK(r.err.find("unknown key 'block_mux'") != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_FALSE(fs::exists(d / "X.npy"));
}
