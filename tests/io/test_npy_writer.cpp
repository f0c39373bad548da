// The atomic .npy writer: NumPy reads what it writes (checked with /usr/bin/python3 when it is
// there), the header is NumPy's layout, and a failed or abandoned write leaves no file at all.
#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "specsweep/error.hpp"
#include "specsweep/io/npy.hpp"

using namespace specsweep;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("specsweep_npy_writer_" + std::to_string(::getpid()));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

// Only the final file, no "<name>.tmp.<pid>" left over.
std::vector<std::string> listing(const TempDir& d) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(d.path)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  ::pclose(p);
  return out;
}

std::size_t open_descriptors() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

// Runs body in a forked child (for process-wide settings such as rlimits) and returns what it
// reported: "ok", or the first problem it found.
template <class Body>
std::string in_child(Body body) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    std::string report;
    try {
      report = body();
    } catch (const std::exception& e) {
      report = std::string("unexpected exception: ") + e.what();
    }
    if (::write(fds[1], report.data(), report.size()) < 0) ::_exit(2);
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string report;
  char buf[512];
  for (ssize_t got; (got = ::read(fds[0], buf, sizeof buf)) > 0;) report.append(buf, size_t(got));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  return report;
}

bool have_numpy() {
  return fs::exists("/usr/bin/python3") &&
         run("/usr/bin/python3 -c 'import numpy; print(1)' 2>/dev/null") == "1\n";
}

}  // namespace

TEST_CASE("npy writer: complex (k, n, m) round trip; NumPy reads the same values") {
  TempDir dir;
  const std::vector<Index> shape{3, 4, 2};
  std::vector<cplx> x(24);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = {0.25 * double(i), -double(i) / 3.0};
  const std::string out = dir.file("X.npy");
  io::write_npy(out, shape, x.data());
  CHECK(listing(dir) == std::vector<std::string>{"X.npy"});

  const io::NpyArray back = io::read_npy(out);
  CHECK(back.shape == shape);
  CHECK(back.is_complex);
  CHECK(back.complex == x);
  CHECK(fs::file_size(out) % 64 == 0);  // header padded to 64 bytes as NumPy does; 384 data bytes

  if (!have_numpy()) {
    MESSAGE("/usr/bin/python3 with NumPy not found: NumPy cross-check skipped");
    return;
  }
  // NumPy's own reading of the file: shape, dtype, C order and the exact values.
  const std::string py =
      "import numpy as np; a = np.load('" + out + "'); "
      "i = np.arange(24).reshape(3, 4, 2); "
      "print(a.shape, a.dtype, a.flags['C_CONTIGUOUS'], bool((a.real == 0.25 * i).all() and (a.imag == -(i / 3.0)).all()))";
  CHECK(run("/usr/bin/python3 -c \"" + py + "\"") == "(3, 4, 2) complex128 True True\n");
}

TEST_CASE("npy writer: float64 vector; header is NumPy's format 1.0 layout") {
  TempDir dir;
  const std::vector<double> v{1.5, -2.0, 3.25};
  io::write_npy(dir.file("v.npy"), {3}, v.data());
  const io::NpyArray back = io::read_npy(dir.file("v.npy"));
  CHECK(back.shape == std::vector<Index>{3});
  CHECK(!back.is_complex);
  CHECK(back.real == v);
  const std::string h = io::npy_header({3}, false);
  CHECK(h.size() == 128);
  CHECK(h.substr(0, 8) == std::string("\x93NUMPY\x01\x00", 8));
  CHECK(h.find("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }") == 10);
  CHECK(h.back() == '\n');
}

TEST_CASE("npy stream writer: blocks appended in order; nothing under the final name until commit") {
  TempDir dir;
  const std::string out = dir.file("S.npy");
  {
    io::NpyStreamWriter w(out, {5, 2});
    CHECK(!fs::exists(out));
    CHECK(fs::exists(w.temp_path()));
    const std::vector<cplx> a{{1, 0}, {2, 0}, {3, 0}, {4, 0}};
    const std::vector<cplx> b{{5, 1}, {6, 1}, {7, 1}, {8, 1}, {9, 1}, {10, 1}};
    w.append(a.data(), a.size());
    w.append(b.data(), b.size());
    CHECK(!fs::exists(out));
    w.commit();
  }
  CHECK(listing(dir) == std::vector<std::string>{"S.npy"});
  const io::NpyArray back = io::read_npy(out);
  REQUIRE(back.size() == 10);
  CHECK(back.value(9) == cplx(10, 1));
}

TEST_CASE("npy stream writer: an abandoned or short write leaves no file, not even the temporary") {
  TempDir dir;
  const std::string out = dir.file("A.npy");
  {
    io::NpyStreamWriter w(out, {4});
    const cplx one{1, 0};
    w.append(&one, 1);
  }  // destroyed without commit, as when the sweep throws
  CHECK(listing(dir).empty());
  {
    io::NpyStreamWriter w(out, {4});
    const cplx one{1, 0};
    w.append(&one, 1);
    try {
      w.commit();
      FAIL("short write committed");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::Output);
      CHECK(std::string(e.what()).find("only 1 of 4 values") != std::string::npos);
    }
  }
  CHECK(listing(dir).empty());
}

TEST_CASE("npy writer: a bad output path is an Output error before anything is written") {
  TempDir dir;
  const std::string missing = dir.file("no/such/dir/X.npy");
  for (const std::string& p : {missing, dir.path.string(), dir.path.string() + "/"}) {
    CAPTURE(p);
    try {
      io::NpyStreamWriter w(p, {1});
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::Output);
      CHECK(std::string(e.what()).rfind(p + ": ", 0) == 0);
    }
  }
  try {
    io::check_output_path(missing);
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("does not exist") != std::string::npos);
  }
  CHECK(listing(dir).empty());
}

TEST_CASE("npy stream writer: a header write that fails (RLIMIT_FSIZE = 0) leaves nothing behind") {
  // RLIMIT_FSIZE = 0 lets open(O_CREAT) succeed and makes the first write() fail with EFBIG
  // (SIGXFSZ ignored, else it would kill the process): the constructor throws after the
  // temporary exists. Repeated past the registry size, a leaked slot per failure would leave
  // the last writer untracked by unlink_live_temporaries().
  TempDir dir;
  const std::string out = dir.file("X.npy");
  const std::string report = in_child([&]() -> std::string {
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit old{};
    if (::getrlimit(RLIMIT_FSIZE, &old) != 0) return "getrlimit failed";
    rlimit none = old;
    none.rlim_cur = 0;
    if (::setrlimit(RLIMIT_FSIZE, &none) != 0) return "setrlimit failed";
    const std::size_t fds = open_descriptors();
    for (int i = 0; i < 2 * io::kNpyLiveTemporaries; ++i) {
      try {
        io::NpyStreamWriter w(out, {4});
        return "the header write succeeded under RLIMIT_FSIZE = 0";
      } catch (const Error& e) {
        const std::string want = out + ": write failed (File too large)";
        if (e.kind() != ErrorKind::Output) return std::string("not an Output error: ") + e.what();
        if (e.what() != want) return std::string("message '") + e.what() + "', expected '" + want + "'";
      }
      if (!listing(dir).empty()) return "left behind: " + listing(dir).front();
    }
    if (open_descriptors() != fds) return "file descriptors leaked";
    if (::setrlimit(RLIMIT_FSIZE, &old) != 0) return "cannot restore RLIMIT_FSIZE";
    io::NpyStreamWriter w(out, {4});
    io::unlink_live_temporaries();
    if (fs::exists(w.temp_path())) return "registry exhausted: the live temporary was not unlinked";
    return "ok";
  });
  CHECK(report == "ok");
  CHECK(listing(dir).empty());
}

TEST_CASE("unlink_live_temporaries removes the temporaries of live writers, nothing else") {
  TempDir dir;
  const std::vector<double> v{1, 2};
  io::write_npy(dir.file("done.npy"), {2}, v.data());
  {
    io::NpyStreamWriter abandoned(dir.file("gone.npy"), {2}, false);
  }
  io::NpyStreamWriter a(dir.file("a.npy"), {2}, false), b(dir.file("b.npy"), {3});
  a.append(v.data(), 1);
  CHECK(listing(dir).size() == 3);
  io::unlink_live_temporaries();  // what a program's SIGINT handler calls
  CHECK(listing(dir) == std::vector<std::string>{"done.npy"});
  CHECK(io::read_npy(dir.file("done.npy")).real == v);
}

TEST_CASE("the writer installs no signal handler: that is the program's choice") {
  auto handlers = [] {
    std::vector<void (*)(int)> h;
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction sa {};
      ::sigaction(sig, nullptr, &sa);
      h.push_back(sa.sa_handler);
    }
    return h;
  };
  const auto before = handlers();
  TempDir dir;
  const std::vector<double> v{1};
  io::NpyStreamWriter w(dir.file("x.npy"), {1}, false);
  w.append(v.data(), 1);
  w.commit();
  CHECK(handlers() == before);
}

TEST_CASE("npy stream writer: mapped windows, filled out of order, read back exactly") {
  TempDir dir;
  const std::string out = dir.file("W.npy");
  const Index k = 1000, q = 7;  // windows of 333 rows: boundaries fall inside pages
  std::vector<cplx> want(static_cast<size_t>(k * q));
  for (size_t i = 0; i < want.size(); ++i) want[i] = cplx(std::sin(1.0 + i), -std::cos(0.5 * i));
  {
    io::NpyStreamWriter w(out, {k, q});
    for (Index first = 0; first < k; first += 333) {
      const Index rows = std::min<Index>(333, k - first);
      cplx* x = w.map_next(static_cast<size_t>(rows * q));
      for (Index i = rows * q - 1; i >= 0; --i) x[i] = want[static_cast<size_t>(first * q + i)];  // backwards
      CHECK_FALSE(fs::exists(out));
    }
    w.commit();
  }
  CHECK(listing(dir) == std::vector<std::string>{"W.npy"});
  const io::NpyArray back = io::read_npy(out);
  REQUIRE(back.shape == std::vector<Index>{k, q});
  REQUIRE(back.is_complex);
  CHECK(back.complex == want);  // a copy of the bits, not a computation
}

TEST_CASE("npy stream writer: a mapped window past RLIMIT_FSIZE is an Output error, nothing left") {
  TempDir dir;
  const std::string out = dir.file("Big.npy");
  const std::string report = in_child([&]() -> std::string {
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit lim{};
    if (::getrlimit(RLIMIT_FSIZE, &lim) != 0) return "getrlimit failed";
    lim.rlim_cur = 1 << 16;  // the header fits, a 1 MB window does not
    if (::setrlimit(RLIMIT_FSIZE, &lim) != 0) return "setrlimit failed";
    try {
      io::NpyStreamWriter w(out, {65536, 1});
      w.map_next(65536);
      return "mapping past the file size limit succeeded";
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Output) return std::string("not an Output error: ") + e.what();
      if (std::string(e.what()).find("cannot reserve") == std::string::npos)
        return std::string("unexpected message: ") + e.what();
    }
    if (!listing(dir).empty()) return "left behind: " + listing(dir).front();
    return "ok";
  });
  CHECK(report == "ok");
  CHECK(listing(dir).empty());
}
