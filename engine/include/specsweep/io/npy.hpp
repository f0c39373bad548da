#pragma once
// Strict reader and atomic writer for NumPy .npy files (formats 1.0, 2.0 and 3.0).
//
// Reader: little-, big- and no-endian data ('<', '>', '|', '='), C and Fortran order.
// float64 and complex128 are read as is; float32 and complex64 are widened; bool and integer
// arrays become float64, as NumPy's astype(float) does. Strings, objects, structured and
// unknown dtypes, headers over kNpyMaxHeaderBytes, shapes whose size overflows, zero-size
// arrays, and files shorter or longer than their header promises are all rejected with
// Error(kind Input, "<name>: <problem>") before any data is allocated.
//
// Writer: float64 or complex128, C order, format 1.0 (2.0 when the header needs it), written
// to "<path>.tmp.<pid>", fsynced, then renamed: the final name never holds a partial file.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "specsweep/types.hpp"

namespace specsweep::io {

/// Largest header (the Python dict after the length field) the reader accepts.
inline constexpr std::size_t kNpyMaxHeaderBytes = 64 * 1024;
/// Highest array rank accepted (NumPy's own limit is 64).
inline constexpr std::size_t kNpyMaxRank = 32;

/// An array read from .npy, always in C (row-major) order. Exactly one of real/complex holds
/// the values: complex when the file's dtype was complex, real otherwise.
struct NpyArray {
  std::vector<Index> shape;
  bool is_complex = false;
  std::vector<double> real;
  std::vector<cplx> complex;

  std::size_t size() const { return is_complex ? complex.size() : real.size(); }
  Index rank() const { return static_cast<Index>(shape.size()); }
  cplx value(std::size_t i) const { return is_complex ? complex[i] : cplx(real[i], 0.0); }
};

/// Reads a whole .npy file into C order, widened to double / complex<double>.
/// @param path  a regular file
/// @return the array; NaN and Inf are kept (see require_finite)
/// @throws Error (kind Input, "<path>: <problem>") if the file cannot be opened or read, or is
///         not a valid .npy of a supported dtype (see above); nothing is allocated for the data
///         before the header has been checked against the file size
/// Cost: one pass over the file in 1 MiB chunks; memory is the result (8 or 16 bytes a value)
/// plus one chunk; Fortran order costs one transposing copy.
NpyArray read_npy(const std::string& path);
/// Parses a whole .npy image held in memory, as read_npy does a file.
/// @param bytes, size  the image (magic string to the last data byte, nothing after it)
/// @param name  what the error messages call it
/// @throws Error (kind Input, "<name>: <problem>") as read_npy
NpyArray parse_npy(const unsigned char* bytes, std::size_t size, const std::string& name);

/// @throws Error (kind Input) "<name>: non-finite value <v> at index (i, j, ...)" for the
///         first NaN or Inf in C order. O(size).
void require_finite(const NpyArray& a, const std::string& name);

/// @return "(3, 4)" / "(5,)": the shape as NumPy prints it
std::string shape_string(const std::vector<Index>& shape);

/// @return the complete .npy header (magic, version, length, dict, padding to 64 bytes) for a
///         C-order float64 (is_complex false) or complex128 array of this shape; format 1.0,
///         or 2.0 when the dict does not fit a 16-bit length
std::string npy_header(const std::vector<Index>& shape, bool is_complex);

/// Checks, before any computing, that path can receive an output file, so that a bad --out
/// fails at once. Creates nothing.
/// @throws Error (kind Output) if path is empty or names a directory, or its directory does
///         not exist or is not writable
void check_output_path(const std::string& path);

/// Streams rows of a C-order array to path through a temporary file. Values arrive in C order
/// in any number of append() calls; commit() checks the count, fsyncs and renames into place.
/// Destroying an uncommitted writer, or a constructor that throws (say, the header write fails
/// with EFBIG), removes the temporary file, so a failure leaves nothing. While a writer is
/// live its temporary file is listed for unlink_live_temporaries(). Misuse (values of the wrong type
/// or beyond the shape, a second commit) throws Error(kind Internal): a bug in the caller.
/// Memory is O(1): values go straight to the file (the CLI streams a sweep block by block).
class NpyStreamWriter {
 public:
  /// Creates "<path>.tmp.<pid>" and writes the header.
  /// @param path  the final name (checked as by check_output_path)
  /// @param shape  dimensions >= 0 whose product does not overflow
  /// @param is_complex  complex128 (true) or float64 values
  /// @throws Error (kind Output) for a bad path or shape, or if the file cannot be created or
  ///         the header written
  NpyStreamWriter(std::string path, std::vector<Index> shape, bool is_complex = true);
  /// Without commit(): removes the temporary file, so a failure leaves nothing under path.
  ~NpyStreamWriter();
  NpyStreamWriter(const NpyStreamWriter&) = delete;
  NpyStreamWriter& operator=(const NpyStreamWriter&) = delete;

  /// Appends the next `count` values in C order.
  /// @throws Error (kind Internal) for the wrong value type or more values than the shape
  ///         holds; Error (kind Output) if the write fails (disk full, file size limit)
  void append(const cplx* values, std::size_t count);    ///< complex writer only
  void append(const double* values, std::size_t count);  ///< real writer only
  /// The next `count` values of the complex data region, mapped for writing in place: the
  /// caller fills all of them (in any order, from any thread) before the next call or commit().
  /// Disk space is reserved first (posix_fallocate), so a full disk or a file size limit is an
  /// Output error here, never a crash while filling. The previous window is unmapped and its
  /// writeback started at once, so commit()'s fsync waits only for the last window. Cost: one
  /// mmap/munmap per window; the values reach the file with no copy and no write().
  /// @throws std::logic_error on a real writer or past the shape; Error (kind Output) when the
  ///         space cannot be reserved or mapped
  cplx* map_next(std::size_t count);
  /// Checks that exactly the shape's count was appended, fsyncs, renames into place, fsyncs
  /// the directory.
  /// @throws Error (kind Output) on a short count or a failing fsync/close/rename (the
  ///         temporary file is then removed by the destructor); kind Internal if called twice
  void commit();

  const std::string& temp_path() const { return temp_path_; }

 private:
  void write_bytes(const void* data, std::size_t bytes);
  void unmap_window() noexcept;  ///< unmaps the current window and starts its writeback
  void discard() noexcept;  ///< closes and removes the temporary file, unlists it

  std::string path_, temp_path_;
  bool is_complex_;
  std::size_t expected_ = 0, written_ = 0;
  int fd_ = -1;
  int live_slot_ = -1;
  bool committed_ = false;
  std::size_t data_offset_ = 0;               ///< bytes of header before the first value
  void* window_ = nullptr;                    ///< the mapped window, page-aligned
  std::size_t window_offset_ = 0, window_bytes_ = 0;
};

/// How many writers' temporary files unlink_live_temporaries() can track at once; the temporary
/// of a writer beyond that (or with a path over 4095 bytes) is still removed by the writer
/// itself, only not from a signal handler.
inline constexpr int kNpyLiveTemporaries = 64;

/// Unlinks the temporary file of every live (constructed, not yet committed or destroyed)
/// NpyStreamWriter of this process. Async-signal-safe (atomic loads and unlink(2) only; no
/// allocation, no lock), for a program's own SIGINT/SIGTERM handler to call before it
/// re-raises the signal. The library itself installs no signal handler. SIGKILL cannot be
/// caught: then "<path>.tmp.<pid>" is left behind, never a partial file under path.
void unlink_live_temporaries() noexcept;

/// One-shot atomic writers (temporary file, fsync, rename): NpyStreamWriter with one append.
/// @param data  prod(shape) values in C order
/// @throws Error (kind Output) as NpyStreamWriter
void write_npy(const std::string& path, const std::vector<Index>& shape, const cplx* data);
void write_npy(const std::string& path, const std::vector<Index>& shape, const double* data);

}  // namespace specsweep::io
