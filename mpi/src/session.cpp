#include "specsweep/mpi/session.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>

#include <cstdio>
#include <cstdlib>
#include <thread>

#include "specsweep/error.hpp"
#include "specsweep/mpi/agree.hpp"
#include "specsweep/mpi/check.hpp"

namespace specsweep::mpi {
namespace {

// The variables Open MPI (mpirun), PMIx launchers and Hydra/Slurm's PMI set in each rank.
bool started_by_launcher() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(var)) return true;
  return false;
}

int mpi_level(ThreadLevel level) {
  switch (level) {
    case ThreadLevel::Single:
      return MPI_THREAD_SINGLE;
    case ThreadLevel::Funneled:
      return MPI_THREAD_FUNNELED;
    case ThreadLevel::Serialized:
      return MPI_THREAD_SERIALIZED;
    case ThreadLevel::Multiple:
      return MPI_THREAD_MULTIPLE;
  }
  return MPI_THREAD_MULTIPLE;
}

const char* level_name(int level) {
  if (level == MPI_THREAD_SINGLE) return "MPI_THREAD_SINGLE";
  if (level == MPI_THREAD_FUNNELED) return "MPI_THREAD_FUNNELED";
  if (level == MPI_THREAD_SERIALIZED) return "MPI_THREAD_SERIALIZED";
  return "MPI_THREAD_MULTIPLE";
}

}  // namespace

Session::Session(Start start, ThreadLevel needed) {
  int initialised = 0, finalised = 0, provided = 0;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  if (finalised) throw Error("MPI was already finalised in this process", ErrorKind::Runtime);
  if (initialised) {
    check_mpi(MPI_Query_thread(&provided), "MPI_Query_thread");
  } else {
    if (start == Start::UnderLauncher && !started_by_launcher()) return;
    check_mpi(MPI_Init_thread(nullptr, nullptr, mpi_level(needed), &provided), "MPI_Init_thread");
    owns_ = true;
  }
  try {
    check_mpi(MPI_Comm_dup(MPI_COMM_WORLD, &comm_), "MPI_Comm_dup");
    check_mpi(MPI_Comm_set_errhandler(comm_, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler");
    check_mpi(MPI_Comm_rank(comm_, &rank_), "MPI_Comm_rank");
    check_mpi(MPI_Comm_size(comm_, &size_), "MPI_Comm_size");
    agree(comm_, [&] {
      if (provided < mpi_level(needed))
        throw Error(fmt::format("MPI provides {}, specsweep needs {}", level_name(provided),
                                level_name(mpi_level(needed))),
                    ErrorKind::Runtime);
    });
  } catch (...) {
    finalize();
    throw;
  }
}

Session::~Session() { finalize(); }

void Session::finalize() noexcept {
  int finalised = 0;
  MPI_Finalized(&finalised);
  if (comm_ != MPI_COMM_NULL && !finalised) {
    MPI_Barrier(comm_);  // a failure here changes nothing: MPI_Finalize follows
    MPI_Comm_free(&comm_);
  }
  comm_ = MPI_COMM_NULL;
  if (owns_ && !finalised) MPI_Finalize();
  owns_ = false;
}

Session& program_session(Start start, ThreadLevel needed) {
  static Session session(start, needed);
  return session;
}

void require_one_process(const Session& session, const std::string& what) {
  agree(session.comm(), [&] {
    if (session.size() > 1)
      throw Error(fmt::format("{} runs on one process, not {}; start it without mpirun", what,
                              session.size()),
                  ErrorKind::Runtime);
  });
}

int threads_per_rank(const Session& session) {
  if (std::getenv("OMP_NUM_THREADS")) return omp_get_max_threads();
  if (!session.active()) return 0;
  int local = 1;
  agree(session.comm(), [&] {
    MPI_Comm node;
    check_mpi(MPI_Comm_split_type(session.comm(), MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node),
              "MPI_Comm_split_type");
    check_mpi(MPI_Comm_size(node, &local), "MPI_Comm_size");
    check_mpi(MPI_Comm_free(&node), "MPI_Comm_free");
  });
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / local);
}

void abort_job(MPI_Comm comm, const std::string& message) noexcept {
  std::fprintf(stderr, "specsweep: %s\n", message.c_str());
  std::fflush(stderr);
  int initialised = 0, finalised = 0;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  if (initialised && !finalised)
    MPI_Abort(comm == MPI_COMM_NULL ? MPI_COMM_WORLD : comm, kAbortExitCode);
  std::_Exit(kAbortExitCode);  // MPI_Abort does not return; without MPI, end this process
}

}  // namespace specsweep::mpi
