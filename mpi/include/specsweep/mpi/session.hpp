#pragma once
// One process's MPI: initialisation with the thread level the caller needs, the communicator
// every collective of specsweep runs on, finalisation, and the abort policy.
//
// Failure policy, in the order it applies:
//   1. A failure that the ranks can still talk about goes through agree() (agree.hpp): every
//      rank throws the same error, rank 0 of the communicator prints it, every rank exits with
//      the same code.
//   2. A failed MPI call (CallError, check.hpp) cannot be agreed on, since the peers may be
//      blocked in the collective the failing rank left: the rank prints its message and ends
//      the job with MPI_Abort (abort_job). The job exits with kAbortExitCode. agree() applies
//      this to a CallError thrown inside its phase, so every MPI call of a distributed
//      command belongs inside some agree() phase.
#include <mpi.h>

#include <string>

namespace specsweep::mpi {

/// MPI_THREAD_SINGLE ... MPI_THREAD_MULTIPLE. specsweep's ranks need Funneled: OpenMP threads
/// inside a rank compute, only the main thread calls MPI.
enum class ThreadLevel { Single, Funneled, Serialized, Multiple };

/// When a Session initialises MPI.
enum class Start {
  Always,         ///< also without a launcher: the process becomes an MPI job of one rank
  UnderLauncher,  ///< only when started by mpiexec/mpirun/srun; otherwise the session is inactive
};

/// Exit status of a job ended by abort_job: 5, the CLI's "runtime environment" code.
inline constexpr int kAbortExitCode = 5;

/// RAII owner of MPI for one process. If MPI is already initialised the session borrows it
/// (and never finalises it); otherwise it calls MPI_Init_thread and finalises on destruction.
/// MPI can be initialised once per process, so there is at most one owning session.
class Session {
 public:
  /// Collective over MPI_COMM_WORLD when it initialises MPI.
  /// @param start   Always, or UnderLauncher: a process started directly then runs alone
  ///                without MPI, and active() is false.
  /// @param needed  the thread level the caller needs. If MPI provides less, every rank throws
  ///                the same Error (ErrorKind::Runtime) through agree(), and MPI is finalised.
  /// Cost: MPI_Init_thread (a fraction of a second for a job of one rank without a launcher)
  /// and one MPI_Comm_dup.
  explicit Session(Start start = Start::Always, ThreadLevel needed = ThreadLevel::Funneled);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  /// @return false when MPI was not started (Start::UnderLauncher without a launcher)
  bool active() const { return comm_ != MPI_COMM_NULL; }
  /// @return a duplicate of MPI_COMM_WORLD with MPI_ERRORS_RETURN (so check_mpi sees every
  ///         failure), or MPI_COMM_NULL when inactive. Communicators derived from it by
  ///         MPI_Comm_dup/MPI_Comm_split inherit the handler.
  MPI_Comm comm() const { return comm_; }
  /// @return this process's rank in comm(), 0 when inactive
  int rank() const { return rank_; }
  /// @return the number of ranks, 1 when inactive
  int size() const { return size_; }
  /// @return true on rank 0, the rank that prints
  bool root() const { return rank_ == 0; }

  /// Collective. Waits for every rank (MPI_Barrier), frees comm(), and calls MPI_Finalize if
  /// this session initialised MPI. Idempotent; the destructor calls it. The barrier keeps any
  /// rank from exiting before rank 0 is done: a launcher that sees one rank exit with a
  /// non-zero code kills the others, and rank 0 could lose its message.
  void finalize() noexcept;

 private:
  MPI_Comm comm_ = MPI_COMM_NULL;
  int rank_ = 0, size_ = 1;
  bool owns_ = false;
};

/// The session of a command-line program: constructed on the first call (later calls return
/// it and ignore their arguments), finalised when the process exits, that is after main() has
/// printed rank 0's message and returned its exit code. Every rank then leaves MPI_Finalize
/// together, with the same code.
Session& program_session(Start start, ThreadLevel needed = ThreadLevel::Funneled);

/// For a command whose work is not split over ranks: under a launcher with P > 1 ranks each
/// rank would run it whole and write the same outputs. Collective over session.comm(): when
/// P > 1 every rank throws the same AgreedError (ErrorKind::Runtime), "<what> runs on one
/// process, not P; start it without mpirun". No-op on one rank or without MPI.
void require_one_process(const Session& session, const std::string& what);

/// Threads for each rank: the node's cores shared among the ranks on it, unless the user set
/// OMP_NUM_THREADS (then that). One level of parallelism, never oversubscribed. Collective over
/// session.comm() (one agreed MPI_Comm_split_type); 0 on an inactive session means "no change".
int threads_per_rank(const Session& session);

/// The abort policy for a failure the ranks cannot agree on. Prints "specsweep: <message>" on
/// this rank's stderr and ends every process of comm's job with MPI_Abort(comm,
/// kAbortExitCode). The launcher adds its own notice of the abort.
[[noreturn]] void abort_job(MPI_Comm comm, const std::string& message) noexcept;

}  // namespace specsweep::mpi
