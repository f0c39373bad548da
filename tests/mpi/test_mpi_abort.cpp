// The abort policy: a rank whose MPI call fails inside an agreed phase ends the whole job with
// exit code 5, even though its peer is blocked in a collective it will never join. Without
// the abort, rank 0 would wait in MPI_Barrier forever (the ctest timeout would catch it).
// Run under mpiexec with 2 or more ranks; expect_one_error.sh checks the exit code and the line.
#include <mpi.h>

#include "specsweep/mpi/agree.hpp"
#include "specsweep/mpi/check.hpp"
#include "specsweep/mpi/session.hpp"

int main() {
  using namespace specsweep;
  mpi::Session session(mpi::Start::Always);
  MPI_Comm other;
  MPI_Comm_dup(session.comm(), &other);
  mpi::agree(session.comm(), [&] {
    if (session.rank() == session.size() - 1) {
      double x = 0;
      mpi::check_mpi(MPI_Bcast(&x, -1, MPI_DOUBLE, 0, session.comm()), "MPI_Bcast");
    } else {
      MPI_Barrier(other);  // the last rank never joins
    }
  });
  return 0;  // not reached
}
