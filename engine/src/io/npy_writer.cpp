// The atomic .npy writer: temporary file, fsync, rename. A crash or kill at any point leaves
// either the previous file or none under the final name, never a truncated array.
#include <fcntl.h>
#include <sys/mman.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <limits>

#include "specsweep/error.hpp"
#include "specsweep/io/npy.hpp"

namespace specsweep::io {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "the writer stores '<f8'/'<c16' by copying host memory");

[[noreturn]] void fail_output(const std::string& path, const std::string& problem) {
  throw Error(path + ": " + problem, ErrorKind::Output);
}

std::string parent_directory(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Temporary files of live writers, for unlink_live_temporaries(): fixed storage, because a
// signal handler may only make async-signal-safe calls (unlink, atomics), never allocate or lock.
// Slot states: 0 free, 2 claimed and being filled (skipped by the handler), 1 live.
constexpr std::size_t kTempPathMax = 4096;
char g_temp_path[kNpyLiveTemporaries][kTempPathMax];
std::atomic<int> g_temp_state[kNpyLiveTemporaries];
static_assert(std::atomic<int>::is_always_lock_free, "the signal-safe registry needs lock-free atomics");

int list_temp(const std::string& path) {
  if (path.size() >= kTempPathMax) return -1;
  for (int i = 0; i < kNpyLiveTemporaries; ++i) {
    int expected = 0;
    if (g_temp_state[i].compare_exchange_strong(expected, 2)) {
      std::memcpy(g_temp_path[i], path.c_str(), path.size() + 1);
      g_temp_state[i].store(1);
      return i;
    }
  }
  return -1;  // all slots taken: this temporary is removed by its writer only
}

void unlist_temp(int slot) noexcept {
  if (slot >= 0) g_temp_state[slot].store(0);
}

void fsync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // the rename already happened; durability of the entry is best effort
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

std::string npy_header(const std::vector<Index>& shape, bool is_complex) {
  const std::string dict = fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': {}, }}",
                                       is_complex ? "<c16" : "<f8", shape_string(shape));
  // NumPy pads the dict with spaces and a final newline so the data starts on a 64-byte
  // boundary; version 2.0 only when the length no longer fits in 16 bits.
  std::size_t preamble = 10;
  std::size_t total = preamble + dict.size() + 1;
  std::size_t padded = (total + 63) / 64 * 64;
  if (padded - preamble > std::numeric_limits<std::uint16_t>::max()) {
    preamble = 12;
    total = preamble + dict.size() + 1;
    padded = (total + 63) / 64 * 64;
  }
  const std::size_t header_len = padded - preamble;
  std::string out("\x93NUMPY", 6);
  out += static_cast<char>(preamble == 10 ? 1 : 2);
  out += '\0';
  for (std::size_t b = 0; b < preamble - 8; ++b) out += static_cast<char>((header_len >> (8 * b)) & 0xff);
  out += dict;
  out.append(padded - total, ' ');
  out += '\n';
  return out;
}

void unlink_live_temporaries() noexcept {
  for (int i = 0; i < kNpyLiveTemporaries; ++i)
    if (g_temp_state[i].load() == 1) ::unlink(g_temp_path[i]);
}

void check_output_path(const std::string& path) {
  if (path.empty()) throw Error("output path is empty", ErrorKind::Output);
  if (path.back() == '/') fail_output(path, "output path names a directory, not a file");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    fail_output(path, "output path is an existing directory");
  const std::string dir = parent_directory(path);
  if (::stat(dir.c_str(), &st) != 0)
    fail_output(path, fmt::format("output directory '{}' does not exist", dir));
  if (!S_ISDIR(st.st_mode)) fail_output(path, fmt::format("'{}' is not a directory", dir));
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    fail_output(path, fmt::format("output directory '{}' is not writable", dir));
}

NpyStreamWriter::NpyStreamWriter(std::string path, std::vector<Index> shape, bool is_complex)
    : path_(std::move(path)), is_complex_(is_complex) {
  check_output_path(path_);
  expected_ = 1;
  for (Index d : shape) {
    if (d < 0 || __builtin_mul_overflow(expected_, static_cast<std::size_t>(d), &expected_))
      fail_output(path_, fmt::format("invalid output shape {}", shape_string(shape)));
  }
  temp_path_ = fmt::format("{}.tmp.{}", path_, ::getpid());
  // Listed before it exists: a signal between open() and the listing cannot leave it behind
  // (unlinking a name not yet created is harmless).
  live_slot_ = list_temp(temp_path_);
  fd_ = ::open(temp_path_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);  // RDWR: map_next maps it
  if (fd_ < 0) {
    const int err = errno;
    unlist_temp(live_slot_);
    fail_output(path_, fmt::format("cannot create '{}' ({})", temp_path_, std::strerror(err)));
  }
  // A throwing constructor runs no destructor: clean up here, or the file, the descriptor and
  // the registry slot would all leak (a header write fails with EFBIG, ENOSPC, EIO).
  try {
    const std::string header = npy_header(shape, is_complex_);
    write_bytes(header.data(), header.size());
    data_offset_ = header.size();
  } catch (...) {
    discard();
    throw;
  }
}

NpyStreamWriter::~NpyStreamWriter() {
  if (!committed_) discard();
}

void NpyStreamWriter::discard() noexcept {
  if (window_) ::munmap(window_, window_bytes_);
  window_ = nullptr;
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
  unlist_temp(live_slot_);  // after the unlink: a signal in between only unlinks it again
  live_slot_ = -1;
}

void NpyStreamWriter::write_bytes(const void* data, std::size_t bytes) {
  const char* p = static_cast<const char*>(data);
  while (bytes > 0) {
    const ssize_t w = ::write(fd_, p, bytes);
    if (w < 0) {
      if (errno == EINTR) continue;
      fail_output(path_, fmt::format("write failed ({})", std::strerror(errno)));
    }
    p += w;
    bytes -= static_cast<std::size_t>(w);
  }
}

void NpyStreamWriter::append(const cplx* values, std::size_t count) {
  ensure(is_complex_, "NpyStreamWriter: complex values for a real array");
  ensure(count <= expected_ - written_, "NpyStreamWriter: more values than the shape holds");
  write_bytes(values, count * sizeof(cplx));
  written_ += count;
}

void NpyStreamWriter::append(const double* values, std::size_t count) {
  ensure(!is_complex_, "NpyStreamWriter: real values for a complex array");
  ensure(count <= expected_ - written_, "NpyStreamWriter: more values than the shape holds");
  write_bytes(values, count * sizeof(double));
  written_ += count;
}

cplx* NpyStreamWriter::map_next(std::size_t count) {
  ensure(is_complex_, "NpyStreamWriter: map_next on a real array");
  ensure(count <= expected_ - written_, "NpyStreamWriter: more values than the shape holds");
  unmap_window();
  if (count == 0) return nullptr;
  const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t first = data_offset_ + written_ * sizeof(cplx);
  const std::size_t end = first + count * sizeof(cplx);
  const std::size_t begin = first / page * page;
  if (const int rc = ::posix_fallocate(fd_, static_cast<off_t>(begin), static_cast<off_t>(end - begin)); rc != 0)
    fail_output(path_, fmt::format("cannot reserve {} bytes ({})", end - begin, std::strerror(rc)));
  void* p = ::mmap(nullptr, end - begin, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, static_cast<off_t>(begin));
  if (p == MAP_FAILED) fail_output(path_, fmt::format("cannot map the output ({})", std::strerror(errno)));
  window_ = p;
  window_offset_ = begin;
  window_bytes_ = end - begin;
  written_ += count;
  // write() appends at the file offset: keep it at the end of what is mapped, for consistency.
  ::lseek(fd_, static_cast<off_t>(end), SEEK_SET);
  return reinterpret_cast<cplx*>(static_cast<char*>(p) + (first - begin));
}

void NpyStreamWriter::unmap_window() noexcept {
  if (!window_) return;
  ::munmap(window_, window_bytes_);
  // Start writing the finished window back now, while the next one is computed.
  ::sync_file_range(fd_, static_cast<off_t>(window_offset_), static_cast<off_t>(window_bytes_),
                    SYNC_FILE_RANGE_WRITE);
  window_ = nullptr;
}

void NpyStreamWriter::commit() {
  ensure(!committed_, "NpyStreamWriter: committed twice");
  unmap_window();
  if (written_ != expected_)
    fail_output(path_, fmt::format("only {} of {} values were produced", written_, expected_));
  if (::fsync(fd_) != 0) fail_output(path_, fmt::format("fsync failed ({})", std::strerror(errno)));
  const int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0) fail_output(path_, fmt::format("close failed ({})", std::strerror(errno)));
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0)
    fail_output(path_, fmt::format("cannot rename '{}' into place ({})", temp_path_, std::strerror(errno)));
  committed_ = true;
  unlist_temp(live_slot_);  // after the rename: a signal in between finds no file to unlink
  live_slot_ = -1;
  fsync_directory(parent_directory(path_));
}

void write_npy(const std::string& path, const std::vector<Index>& shape, const cplx* data) {
  NpyStreamWriter w(path, shape, true);
  std::size_t count = 1;
  for (Index d : shape) count *= static_cast<std::size_t>(d);
  w.append(data, count);
  w.commit();
}

void write_npy(const std::string& path, const std::vector<Index>& shape, const double* data) {
  NpyStreamWriter w(path, shape, false);
  std::size_t count = 1;
  for (Index d : shape) count *= static_cast<std::size_t>(d);
  w.append(data, count);
  w.commit();
}

}  // namespace specsweep::io
