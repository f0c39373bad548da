// Tuning: the file that `specsweep calibrate` writes, read back exactly; malformed files are
// input errors that name the file and line; the crossover interpolates as documented.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "specsweep/error.hpp"
#include "specsweep/tuning.hpp"

using namespace specsweep;

namespace {

std::string write_file(const std::string& name, const std::string& text) {
  const std::string path = std::string(SPECSWEEP_TEST_TMPDIR) + "/" + name;
  std::ofstream(path) << text;
  return path;
}

std::string error_of(const std::string& path) {
  try {
    Tuning::from_file(path);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Input);
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& word) {
  return text.find(word) != std::string::npos;
}

}  // namespace

TEST_CASE("the compiled crossover interpolates linearly and extrapolates proportionally") {
  const Tuning t;  // points (128, 620), (256, 670), (512, 1240)
  CHECK(t.hessenberg_beats_schur_below(128) == 620);
  CHECK(t.hessenberg_beats_schur_below(192) == 645);   // halfway between 620 and 670
  CHECK(t.hessenberg_beats_schur_below(384) == 955);   // halfway between 670 and 1240
  CHECK(t.hessenberg_beats_schur_below(64) == 310);    // 620 * 64 / 128
  CHECK(t.hessenberg_beats_schur_below(1024) == 2480); // 1240 * 1024 / 512
  // The pencil table (100, 1650), (200, 1300), (500, 850) by the same rule.
  CHECK(t.hessenberg_beats_qz_below(100) == 1650);
  CHECK(t.hessenberg_beats_qz_below(150) == 1475);  // halfway between 1650 and 1300
  CHECK(t.hessenberg_beats_qz_below(350) == 1075);  // halfway between 1300 and 850
  CHECK(t.hessenberg_beats_qz_below(50) == 825);    // 1650 * 50 / 100
  CHECK(t.hessenberg_beats_qz_below(1000) == 1700); // 850 * 1000 / 500
}

TEST_CASE("a written tuning file reads back to the same values") {
  Tuning t;
  t.hessenberg_crossover = {{100, 50}, {400, 900.5}};
  t.pencil_hessenberg_crossover = {{60, 70}, {300, 80}, {900, 1000.25}};
  t.gees_single_thread_max_n = 333;
  t.threaded_sweep_min_n = 777;
  t.block_min = 32;
  t.block_max = 4096;
  const Tuning back = Tuning::from_file(write_file("roundtrip.conf", t.to_text()));
  CHECK(back.hessenberg_crossover == t.hessenberg_crossover);
  CHECK(back.pencil_hessenberg_crossover == t.pencil_hessenberg_crossover);
  CHECK(back.gees_single_thread_max_n == 333);
  CHECK(back.threaded_sweep_min_n == 777);
  CHECK(back.block_min == 32);
  CHECK(back.block_max == 4096);
}

TEST_CASE("keys a file leaves out keep the compiled defaults; comments and blanks are skipped") {
  const Tuning back = Tuning::from_file(write_file("partial.conf", "# only one key\n\nblock_max = 999  # trailing\n"));
  const Tuning def;
  CHECK(back.block_max == 999);
  CHECK(back.block_min == def.block_min);
  CHECK(back.hessenberg_crossover == def.hessenberg_crossover);
  CHECK(back.pencil_hessenberg_crossover == def.pencil_hessenberg_crossover);
}

TEST_CASE("malformed tuning files are input errors naming file and line") {
  const std::string unknown = write_file("unknown.conf", "block_min = 8\nblok_max = 9\n");
  const std::string e1 = error_of(unknown);
  CHECK(contains(e1, unknown));
  CHECK(contains(e1, "line 2"));
  CHECK(contains(e1, "unknown key 'blok_max'"));
  CHECK(contains(error_of(write_file("nan.conf", "block_min = lots\n")), "'lots' is not a number"));
  CHECK(contains(error_of(write_file("frac.conf", "block_min = 2.5\n")), "whole number"));
  CHECK(contains(error_of(write_file("noeq.conf", "block_min 4\n")), "expected 'key = value'"));
  CHECK(contains(error_of(write_file("order.conf", "hessenberg_crossover = 256:1, 128:2\n")),
                 "strictly ascending"));
  CHECK(contains(error_of(write_file("pair.conf", "hessenberg_crossover = 256\n")), "n:shifts"));
  CHECK(contains(error_of(write_file("pencil.conf", "pencil_hessenberg_crossover = 500:1, 100:2\n")),
                 "pencil_hessenberg_crossover: the n values must be strictly ascending"));
  CHECK(contains(error_of(write_file("minmax.conf", "block_min = 100\nblock_max = 10\n")),
                 "larger than block_max"));
  CHECK(contains(error_of(std::string(SPECSWEEP_TEST_TMPDIR) + "/does-not-exist.conf"),
                 "cannot open"));
}
