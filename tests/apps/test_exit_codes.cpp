// The mapping main() applies to an exception that ends a command: input checks (require) exit
// 3, broken invariants (ensure) and unexpected exceptions exit 1 as bugs, each with one line.
#include <doctest/doctest.h>

#include <cstdio>
#include <stdexcept>
#include <string>

#include "exit_codes.hpp"
#include "specsweep/error.hpp"

using namespace specsweep;
using namespace specsweep::app;

namespace {

struct Reported {
  int code;
  std::string line;
};

// report_failure on e, its stderr line captured through a temporary FILE.
Reported report(const std::exception& e) {
  std::FILE* f = std::tmpfile();
  REQUIRE(f);
  const int code = report_failure(e, f);
  std::rewind(f);
  std::string line;
  for (int c; (c = std::fgetc(f)) != EOF;) line += static_cast<char>(c);
  std::fclose(f);
  return {code, line};
}

template <class F>
Reported report_thrown(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return report(e);
  }
  FAIL("nothing thrown");
  return {};
}

}  // namespace

TEST_CASE("require() is bad input (exit 3), ensure() is a bug (exit 1)") {
  const Reported input = report_thrown([] { require(false, "A.npy: A must be square"); });
  CHECK(input.code == 3);
  CHECK(input.line == "specsweep: A.npy: A must be square\n");

  const Reported bug = report_thrown([] { ensure(false, "emitter sums do not match the setup"); });
  CHECK(bug.code == 1);
  CHECK(bug.line == "specsweep: internal error: emitter sums do not match the setup\n");

  CHECK_NOTHROW(require(true, "unused"));
  CHECK_NOTHROW(ensure(true, "unused"));
}

TEST_CASE("every ErrorKind has its documented exit code; other exceptions are internal") {
  CHECK(exit_code_for(ErrorKind::Input) == 3);
  CHECK(exit_code_for(ErrorKind::Output) == 4);
  CHECK(exit_code_for(ErrorKind::Runtime) == 5);
  CHECK(exit_code_for(ErrorKind::Internal) == 1);
  CHECK(report(Error("X.npy: write failed (No space left on device)", ErrorKind::Output)).code == 4);
  CHECK(report(Error("MPI_Bcast failed", ErrorKind::Runtime)).code == 5);
  const Reported logic = report(std::logic_error("Resolvent: construct it from a matrix first"));
  CHECK(logic.code == 1);
  CHECK(logic.line == "specsweep: internal error: Resolvent: construct it from a matrix first\n");
}
