// The emitter study split over MPI ranks (run by ctest under mpiexec with P = 1, 2, 3 and 6,
// the last with more ranks than q-points) against the single-process study on rank 0, and the
// failure paths: a rank that fails, and a rank with different parameters, make every rank
// throw the same error, which rank 0 alone reports; no rank is left waiting.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "specsweep/error.hpp"
#include "specsweep/mpi/agree.hpp"
#include "specsweep/mpi/session.hpp"
#include "specsweep/ribbon/distributed.hpp"

using namespace specsweep;
using namespace specsweep::ribbon;

namespace {

mpi::Session& session() {
  static mpi::Session s(mpi::Start::UnderLauncher);  // finalised at exit, after every test case
  return s;
}

EmitterSetup small_study() {
  EmitterSetup s;
  s.cells = 32;
  s.q_points = 5;
  s.fermi_eV = {0.2, 0.35, 0.5};
  s.hw_eV = {0.1, 0.15, 0.2, 0.25, 0.3};
  s.observation_x_nm = 80.0;
  s.observation_z_nm = 20.0;
  return s;
}

double max_relative(const MatrixXd& a, const MatrixXd& b) {
  return ((a - b).cwiseAbs().array() / b.cwiseAbs().array()).maxCoeff();
}

}  // namespace

TEST_CASE("distributed emitter: P ranks give the single-process P(E_F) to 1e-12") {
  mpi::Session& mpi = session();
  REQUIRE(mpi.active());
  for (EmitterObservable obs : {EmitterObservable::Purcell, EmitterObservable::Intensity}) {
    EmitterSetup s = small_study();
    s.observable = obs;
    const auto distributed = run_emitter_study(s, mpi.comm());
    CHECK(distributed.has_value() == (mpi.rank() == 0));
    if (mpi.rank() != 0) continue;
    const EmitterResult serial = run_emitter_study(s);
    const double relP = ((distributed->P - serial.P).cwiseAbs().array() / serial.P.cwiseAbs().array()).maxCoeff();
    const double rel = max_relative(distributed->observable, serial.observable);
    MESSAGE(fmt::format("{} ranks, {}: max rel. diff {:.2e} (P), {:.2e} (observable)", mpi.size(),
                        obs == EmitterObservable::Purcell ? "purcell" : "intensity", relP, rel));
    CHECK(relP < 1e-12);
    CHECK(rel < 1e-12);
    CHECK(distributed->best == serial.best);
  }
}

TEST_CASE("distributed emitter: a failing rank stops every rank, rank 0 reports it") {
  mpi::Session& mpi = session();
  REQUIRE(mpi.active());
  const int culprit = mpi.size() - 1;
  EmitterSetup s = small_study();
  if (mpi.rank() == culprit) s.q_points = 6;  // not 4k + 1: validate() rejects it
  try {
    run_emitter_study(s, mpi.comm());
    FAIL("no rank threw");
  } catch (const mpi::AgreedError& e) {
    const std::string what = e.what();
    MESSAGE(what);
    CHECK(e.kind() == ErrorKind::Input);
    CHECK(e.failed_rank() == culprit);
    CHECK(e.reported_here() == (mpi.rank() == 0));
    const std::string prefix = mpi.size() == 1 ? "" : fmt::format("rank {} of {}: ", culprit, mpi.size());
    CHECK(what.rfind(prefix + "quadrature.q_points", 0) == 0);
  }
}

TEST_CASE("distributed emitter: mismatched parameters are named on every rank") {
  mpi::Session& mpi = session();
  REQUIRE(mpi.active());
  if (mpi.size() < 2) return;
  EmitterSetup s = small_study();
  if (mpi.rank() == 1) s.width_nm = 120.0;
  try {
    run_emitter_study(s, mpi.comm());
    FAIL("no rank threw");
  } catch (const mpi::AgreedError& e) {
    const std::string what = e.what();
    MESSAGE(what);
    CHECK(e.kind() == ErrorKind::Input);
    CHECK(e.reported_here() == (mpi.rank() == 0));
    CHECK(what.rfind(fmt::format("rank 1 of {}: parameters differ from rank 0's: 'ribbon.width_nm = 120' here",
                                 mpi.size()),
                     0) == 0);
  }
}
