// The agree-or-fail step and the checked MPI calls of specsweep/mpi, run by ctest under mpiexec
// with P = 1 to 4 ranks. Each case makes chosen ranks fail and checks, on every rank, that the
// same error (message, kind, failing rank) is thrown everywhere and that only rank 0 reports it.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <stdexcept>
#include <string>

#include "specsweep/mpi/agree.hpp"
#include "specsweep/mpi/check.hpp"
#include "specsweep/mpi/session.hpp"

using namespace specsweep;

namespace {

mpi::Session& session() {
  static mpi::Session s(mpi::Start::Always);  // finalised at exit, after every test case
  return s;
}

// What agree() threw on this rank, or "" for nothing.
struct Thrown {
  std::string type, what;
  ErrorKind kind = ErrorKind::Input;
  int failed_rank = -1;
  bool reported_here = false, reported_elsewhere = false;
};

Thrown run_agree(const std::function<void()>& phase,
                 const std::function<std::string()>& fingerprint = {}) {
  Thrown t;
  try {
    mpi::agree(session().comm(), phase, fingerprint);
  } catch (const mpi::AgreedError& e) {
    t = {"AgreedError", e.what(), e.kind(), e.failed_rank(), e.reported_here(), mpi::reported_elsewhere(e)};
  } catch (const mpi::AgreedInternalError& e) {
    t = {"AgreedInternalError", e.what(), ErrorKind::Input, e.failed_rank(), e.reported_here(),
         mpi::reported_elsewhere(e)};
  }
  return t;
}

// The message every rank must see when rank r of P failed with `what`.
std::string from_rank(int r, const std::string& what) {
  return r == 0 ? what : fmt::format("rank {} of {}: {}", r, session().size(), what);
}

void check_reporting(const Thrown& t, int failed_rank) {
  const bool root = session().rank() == 0;
  CHECK(t.failed_rank == failed_rank);
  CHECK(t.reported_here == root);
  CHECK(t.reported_elsewhere == !root);
}

}  // namespace

TEST_CASE("session: one communicator over every rank, returning MPI error codes") {
  mpi::Session& s = session();
  REQUIRE(s.active());
  int world_rank = -1, world_size = -1;
  MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &world_size);
  CHECK(s.rank() == world_rank);
  CHECK(s.size() == world_size);
  CHECK(s.root() == (world_rank == 0));
  MPI_Errhandler handler;
  REQUIRE(MPI_Comm_get_errhandler(s.comm(), &handler) == MPI_SUCCESS);
  CHECK(handler == MPI_ERRORS_RETURN);
  MPI_Errhandler_free(&handler);
  int level = -1;
  MPI_Query_thread(&level);
  CHECK(level >= MPI_THREAD_FUNNELED);
}

TEST_CASE("check_mpi: a failed call is an ErrorKind::Runtime error naming the call and MPI's reason") {
  CHECK_NOTHROW(mpi::check_mpi(MPI_SUCCESS, "MPI_Bcast"));
  double x = 0;
  try {
    mpi::check_mpi(MPI_Bcast(&x, -1, MPI_DOUBLE, 0, session().comm()), "MPI_Bcast");
    FAIL("MPI_Bcast with count -1 returned MPI_SUCCESS");
  } catch (const mpi::CallError& e) {
    CHECK(e.kind() == ErrorKind::Runtime);
    int error_class = -1;
    MPI_Error_class(e.code(), &error_class);
    CHECK(error_class == MPI_ERR_COUNT);
    CHECK(std::string(e.what()).rfind("MPI_Bcast failed: MPI_ERR_COUNT", 0) == 0);
  }
}

TEST_CASE("agree: every rank fine, and the same fingerprint, returns everywhere") {
  int phases = 0;
  const Thrown t = run_agree([&] { ++phases; }, [] { return std::string("a = 1\nb = 2\n"); });
  CHECK(t.type.empty());
  CHECK(phases == 1);
}

TEST_CASE("agree: the last rank's input error reaches every rank, rank 0 alone reports it") {
  const int culprit = session().size() - 1;
  const Thrown t = run_agree([&] {
    if (session().rank() == culprit) throw Error("cfg.toml: cannot read the file");
  });
  CHECK(t.type == "AgreedError");
  CHECK(t.kind == ErrorKind::Input);
  CHECK(t.what == from_rank(culprit, "cfg.toml: cannot read the file"));
  check_reporting(t, culprit);
}

TEST_CASE("agree: the lowest failing rank wins, and its kind travels with it") {
  const int P = session().size(), r = session().rank();
  if (P < 2) return;
  // Rank 1: a runtime failure; every rank above it: bad input. All ranks must stop as rank 1 did.
  const Thrown t = run_agree([&] {
    if (r == 1) throw Error("3 ranks cannot form the process grid", ErrorKind::Runtime);
    if (r > 1) throw Error("bad value");
  });
  CHECK(t.type == "AgreedError");
  CHECK(t.kind == ErrorKind::Runtime);
  CHECK(t.what == from_rank(1, "3 ranks cannot form the process grid"));
  check_reporting(t, 1);
}

TEST_CASE("agree: a failure on rank 0 carries no rank prefix") {
  const Thrown t = run_agree([&] {
    if (session().rank() == 0) throw Error("out.npy: cannot write", ErrorKind::Output);
  });
  CHECK(t.kind == ErrorKind::Output);
  CHECK(t.what == "out.npy: cannot write");
  check_reporting(t, 0);
}

TEST_CASE("agree: an exception that is not a specsweep::Error stays a bug on every rank") {
  const int culprit = session().size() - 1;
  const Thrown t = run_agree([&] {
    if (session().rank() == culprit) throw std::out_of_range("vector::at");
  });
  CHECK(t.type == "AgreedInternalError");
  CHECK(t.what == from_rank(culprit, "vector::at"));
  check_reporting(t, culprit);
}

TEST_CASE("agree: a fingerprint that differs from rank 0's is that rank's input error") {
  const int P = session().size(), r = session().rank();
  if (P < 2) return;
  // Rank 1 differs in its second line; rank 2 (if any) fails outright but is higher.
  const Thrown t = run_agree([&] { if (r == 2) throw Error("later failure"); },
                             [&] { return fmt::format("a = 1\nb = {}\nc = 3\n", r == 1 ? 5 : 2); });
  CHECK(t.type == "AgreedError");
  CHECK(t.kind == ErrorKind::Input);
  CHECK(t.what == from_rank(1, "parameters differ from rank 0's: 'b = 5' here, 'b = 2' on rank 0"));
  check_reporting(t, 1);
}

TEST_CASE("agree: without MPI the phase's own exception passes unchanged") {
  try {
    mpi::agree(MPI_COMM_NULL, [] { throw Error("plain", ErrorKind::Runtime); });
    FAIL("no throw");
  } catch (const mpi::AgreedError&) {
    FAIL("an AgreedError without a communicator");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "plain");
    CHECK(e.kind() == ErrorKind::Runtime);
    CHECK_FALSE(mpi::reported_elsewhere(e));
  }
}

TEST_CASE("require_one_process: more than one rank is a runtime failure on every rank") {
  const int P = session().size();
  const Thrown t = run_agree([&] { mpi::require_one_process(session(), "ribbon modes"); });
  if (P == 1) {
    CHECK(t.type.empty());
    return;
  }
  CHECK(t.type == "AgreedError");
  CHECK(t.kind == ErrorKind::Runtime);
  CHECK(t.what == fmt::format("ribbon modes runs on one process, not {}; start it without mpirun", P));
  check_reporting(t, 0);
}
