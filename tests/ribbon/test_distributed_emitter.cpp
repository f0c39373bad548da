// The emitter study split over MPI ranks (run by ctest under mpiexec with P = 1, 2, 3 and 6,
// the last with more ranks than q-points) against the single-process study on rank 0, and the
// failure paths: a rank that fails, and a rank with different parameters, are reported once
// by rank 0 and never leave a rank waiting.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "specsweep/error.hpp"
#include "specsweep/ribbon/distributed.hpp"

using namespace specsweep;
using namespace specsweep::ribbon;

namespace {

MpiSession& session() {
  static MpiSession mpi;  // finalised at exit, after every test case
  return mpi;
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
  MpiSession& mpi = session();
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

TEST_CASE("distributed emitter: a failing rank is reported by rank 0, the others stop quietly") {
  MpiSession& mpi = session();
  REQUIRE(mpi.active());
  const int culprit = mpi.size() - 1;
  const std::string local = mpi.rank() == culprit ? "cannot read cfg.toml" : "";
  try {
    agree_across_ranks(mpi.comm(), local, emitter_fingerprint(small_study()));
    FAIL("no rank threw");
  } catch (const QuietRankFailure&) {
    CHECK(mpi.rank() != 0);
  } catch (const Error& e) {
    REQUIRE(mpi.rank() == 0);
    const std::string expected = mpi.size() == 1
                                     ? "cannot read cfg.toml"
                                     : fmt::format("rank {} of {}: cannot read cfg.toml", culprit, mpi.size());
    CHECK(std::string(e.what()) == expected);
  }
}

TEST_CASE("distributed emitter: mismatched parameters are named by rank 0") {
  MpiSession& mpi = session();
  REQUIRE(mpi.active());
  if (mpi.size() < 2) return;
  EmitterSetup s = small_study();
  if (mpi.rank() == 1) s.width_nm = 120.0;
  try {
    run_emitter_study(s, mpi.comm());
    FAIL("no rank threw");
  } catch (const QuietRankFailure&) {
    CHECK(mpi.rank() != 0);
  } catch (const Error& e) {
    REQUIRE(mpi.rank() == 0);
    const std::string what = e.what();
    MESSAGE(what);
    CHECK(what.find("rank 1 of") != std::string::npos);
    CHECK(what.find("ribbon.width_nm = 120") != std::string::npos);
  }
}
