// SharedNpyWriter: rank 0 writes the header, every rank its rows at their byte offset
// (MPI_File_write_at_all), rank 0 renames the finished file into place.
#include "specsweep/mpi/shared_npy.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <limits>

#include "specsweep/error.hpp"
#include "specsweep/io/npy.hpp"
#include "specsweep/mpi/agree.hpp"
#include "specsweep/mpi/check.hpp"

namespace specsweep::mpi {
namespace {

// MPI counts are int: large writes go in pieces of at most this many bytes.
constexpr MPI_Offset kMaxPiece = MPI_Offset{1} << 30;

}  // namespace

SharedNpyWriter::SharedNpyWriter(MPI_Comm comm, std::string path, std::vector<Index> shape)
    : comm_(comm), path_(std::move(path)) {
  int rank = 0;
  check_mpi(MPI_Comm_rank(comm_, &rank), "MPI_Comm_rank");
  for (size_t d = 1; d < shape.size(); ++d) row_values_ *= shape[d];
  const std::string header = io::npy_header(shape, true);
  data_offset_ = static_cast<MPI_Offset>(header.size());
  // Rank 0 names the temporary file: every rank must open the same one.
  long pid = static_cast<long>(::getpid());
  check_mpi(MPI_Bcast(&pid, 1, MPI_LONG, 0, comm_), "MPI_Bcast");
  temp_ = fmt::format("{}.tmp.{}", path_, pid);
  agree(comm_, [&] {
    if (rank != 0) return;
    io::check_output_path(path_);
    std::FILE* f = std::fopen(temp_.c_str(), "wb");
    if (!f) throw Error(fmt::format("{}: cannot create '{}'", path_, temp_), ErrorKind::Output);
    const bool ok = std::fwrite(header.data(), 1, header.size(), f) == header.size();
    if (std::fclose(f) != 0 || !ok) {
      std::remove(temp_.c_str());
      throw Error(fmt::format("{}: cannot write the header", path_), ErrorKind::Output);
    }
  });
  int rc = MPI_File_open(comm_, temp_.c_str(), MPI_MODE_WRONLY, MPI_INFO_NULL, &file_);
  int ok = rc == MPI_SUCCESS, all = 0;
  check_mpi(MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_LAND, comm_), "MPI_Allreduce");
  if (!all) {
    if (rc == MPI_SUCCESS) MPI_File_close(&file_);
    if (rank == 0) std::remove(temp_.c_str());
    temp_.clear();
    throw Error(fmt::format("{}: MPI_File_open failed on some rank", path_), ErrorKind::Output);
  }
}

SharedNpyWriter::~SharedNpyWriter() {
  if (file_ != MPI_FILE_NULL) MPI_File_close(&file_);
  int rank = 0;
  MPI_Comm_rank(comm_, &rank);
  if (!committed_ && rank == 0 && !temp_.empty()) std::remove(temp_.c_str());
}

void SharedNpyWriter::write_rows(Index first_row, Index rows, const cplx* values) {
  const MPI_Offset bytes = static_cast<MPI_Offset>(rows * row_values_) * MPI_Offset(sizeof(cplx));
  MPI_Offset offset = data_offset_ + static_cast<MPI_Offset>(first_row * row_values_) * MPI_Offset(sizeof(cplx));
  // Every rank takes part in as many collective pieces as the largest rank needs.
  MPI_Offset pieces = (bytes + kMaxPiece - 1) / kMaxPiece, most = 0;
  check_mpi(MPI_Allreduce(&pieces, &most, 1, MPI_OFFSET, MPI_MAX, comm_), "MPI_Allreduce");
  const char* p = reinterpret_cast<const char*>(values);
  int ok = 1;
  for (MPI_Offset i = 0, done = 0; i < most; ++i) {
    const MPI_Offset len = std::min(kMaxPiece, bytes - done);
    const int n = len > 0 ? static_cast<int>(len) : 0;
    if (MPI_File_write_at_all(file_, offset, p, n, MPI_BYTE, MPI_STATUS_IGNORE) != MPI_SUCCESS) ok = 0;
    offset += n;
    p += n;
    done += n;
  }
  int all = 0;
  check_mpi(MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_LAND, comm_), "MPI_Allreduce");
  if (!all) throw Error(fmt::format("{}: writing the result failed on some rank", path_), ErrorKind::Output);
}

void SharedNpyWriter::commit() {
  int rank = 0;
  check_mpi(MPI_Comm_rank(comm_, &rank), "MPI_Comm_rank");
  agree(comm_, [&] {
    const int rc = MPI_File_close(&file_);
    file_ = MPI_FILE_NULL;
    if (rc != MPI_SUCCESS) throw Error(fmt::format("{}: closing the result failed", path_), ErrorKind::Output);
  });
  agree(comm_, [&] {
    if (rank == 0 && std::rename(temp_.c_str(), path_.c_str()) != 0)
      throw Error(fmt::format("{}: cannot rename '{}' into place", path_, temp_), ErrorKind::Output);
  });
  committed_ = true;
}

}  // namespace specsweep::mpi
