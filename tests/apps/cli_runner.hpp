#pragma once
// Helpers for tests that run the real specsweep binary: a scratch directory, a hand-rolled
// .npy encoder (independent of the library's writer) and a process runner.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <complex>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace cli_test {

namespace fs = std::filesystem;

/// A fresh directory under /tmp, removed at the end.
struct ScratchDir {
  fs::path path;
  explicit ScratchDir(const std::string& tag) {
    path = fs::temp_directory_path() / (tag + "_" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~ScratchDir() { fs::remove_all(path); }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

inline void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Raw bytes of values in little- or big-endian order (complex: each part swapped alone).
template <class T>
std::string raw(const std::vector<T>& values, bool big_endian = false) {
  std::string out;
  for (T v : values) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    if (big_endian) std::reverse(b, b + sizeof(T));
    out.append(b, sizeof(T));
  }
  return out;
}

template <class T>
std::string raw(const std::vector<std::complex<T>>& values, bool big_endian = false) {
  std::vector<T> parts;
  for (const auto& v : values) {
    parts.push_back(v.real());
    parts.push_back(v.imag());
  }
  return raw(parts, big_endian);
}

/// A .npy image with this header dict (a newline is appended), then `data` verbatim.
inline std::string npy_with_dict(std::string dict, const std::string& data) {
  dict += '\n';
  const bool v2 = dict.size() > 65535;
  std::string out("\x93NUMPY", 6);
  out += static_cast<char>(v2 ? 2 : 1);
  out += '\0';
  for (int b = 0; b < (v2 ? 4 : 2); ++b) out += static_cast<char>((dict.size() >> (8 * b)) & 0xff);
  return out + dict + data;
}

/// A .npy image: the header dict spelled out as NumPy writes it, then `data` verbatim.
/// `pad` extra spaces let a test build an oversized header (format 2.0 when needed).
inline std::string npy(const std::string& descr, const std::string& shape, const std::string& data,
                       bool fortran = false, std::size_t pad = 0) {
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
                     ", 'shape': " + shape + ", }";
  dict.append(pad, ' ');
  return npy_with_dict(dict, data);
}

struct RunResult {
  int exit_code = -1;  ///< -signal when killed
  std::string out, err;
};

/// Runs argv[0] with argv in the current directory; stdout and stderr captured via files.
inline RunResult run(const std::vector<std::string>& argv, const std::string& capture_dir) {
  const std::string out_path = capture_dir + "/.stdout", err_path = capture_dir + "/.stderr";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  RunResult r;
  if (posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ) == 0) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  }
  posix_spawn_file_actions_destroy(&fa);
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  fs::remove(out_path);
  fs::remove(err_path);
  return r;
}

}  // namespace cli_test
