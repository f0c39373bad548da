// The bad-input table: the real `specsweep` binary on each malformed or inconsistent input
// must exit non-zero with one line on stderr naming the problem, and leave no output (nor
// temporary) file. Inputs are .npy bytes spelled out here, not written by NumPy or by us.
//
// Adding a case is one row of kCases (and, if it needs a new input file, one row of
// fixture_files()). Front ends add their rows the same way.
#include <doctest/doctest.h>

#include <complex>

#include "cli_runner.hpp"
#include "specsweep/io/npy.hpp"
#include "specsweep/types.hpp"

using namespace cli_test;
using specsweep::cplx;

namespace {

const std::string kCli = SPECSWEEP_CLI;

// A 3x3 non-symmetric A, b = (1, 2, 3), four real shifts: the valid baseline every case spoils
// in one place.
const std::vector<double> kA{0.2, 0.1, 0.0, 0.0, 0.3, 0.1, 0.1, 0.0, 0.4};  // C order
const std::vector<double> kB{1, 2, 3};
const std::vector<double> kS{0.0, 0.5, 1.0, -1.0};

std::vector<std::pair<std::string, std::string>> fixture_files() {
  const double nan = std::nan(""), inf = std::numeric_limits<double>::infinity();
  std::vector<double> a_nan = kA;
  a_nan[5] = nan;
  const std::string good_a = npy("<f8", "(3, 3)", raw(kA));
  return {
      {"A.npy", good_a},
      {"b.npy", npy("<f8", "(3,)", raw(kB))},
      {"s.npy", npy("<f8", "(4,)", raw(kS))},
      {"A_3x4.npy", npy("<f8", "(3, 4)", raw(std::vector<double>(12, 0.1)))},
      {"A_fortran_3x2.npy", npy("<f8", "(3, 2)", raw(std::vector<double>(6, 0.1)), true)},
      {"b_4.npy", npy("<f8", "(4,)", raw(std::vector<double>{1, 2, 3, 4}))},
      {"b_3d.npy", npy("<f8", "(3, 1, 1)", raw(kB))},
      {"s_2x2.npy", npy("<f8", "(2, 2)", raw(kS))},
      {"C_2x4.npy", npy("<f8", "(2, 4)", raw(std::vector<double>(8, 1.0)))},
      {"A_nan.npy", npy("<f8", "(3, 3)", raw(a_nan))},
      {"s_inf.npy", npy("<c16", "(2,)", raw(std::vector<cplx>{{0.5, 0}, {0, inf}}))},
      {"b_neginf.npy", npy("<f8", "(3,)", raw(std::vector<double>{1, -inf, 3}))},
      {"A_unicode.npy", npy("<U1", "(3, 3)", std::string(36, 'a'))},
      {"A_object.npy", npy("|O", "(3, 3)", std::string(72, '\0'))},
      {"A_structured.npy", npy_with_dict("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (3, 3), }", std::string(72, '\0'))},
      {"A_half.npy", npy("<f2", "(3, 3)", std::string(18, '\0'))},
      {"A_truncated.npy", good_a.substr(0, good_a.size() - 20)},
      {"A_header_cut.npy", good_a.substr(0, 30)},
      {"A_lying.npy", npy("<f8", "(30, 30)", raw(kA))},
      {"A_trailing.npy", good_a + std::string(8, '\0')},
      {"A_big_header.npy", npy("<f8", "(3, 3)", raw(kA), false, specsweep::io::kNpyMaxHeaderBytes)},
      {"A_empty.npy", npy("<f8", "(0, 0)", "")},
      {"s_empty.npy", npy("<f8", "(0,)", "")},
      {"A_text.npy", "0.2 0.1 0.0\n0.0 0.3 0.1\n0.1 0.0 0.4\n"},
      {"ribbon_bad.toml", "[ribbon]\nwidth_nm = \n"},
      {"ribbon_unknown.toml", "[ribbon]\nwidht_nm = 100\n"},
      {"ribbon_negative.toml", "[ribbon]\nwidth_nm = -5\n"},
  };
}

struct Case {
  const char* name;
  std::vector<std::string> args;  ///< after the binary; outputs go to out/
  const char* expect;             ///< substring of the one stderr line
  int exit_code;                  ///< the documented code (apps/exit_codes.hpp)
};

// clang-format off
const std::vector<Case> kCases = {
  {"non-square A",            {"sweep", "-A", "A_3x4.npy", "-b", "b.npy", "-s", "s.npy", "-o", "out/X.npy"}, "A_3x4.npy: A must be a square (n, n) matrix, got shape (3, 4)", 3},
  {"Fortran A, wrong shape",  {"sweep", "-A", "A_fortran_3x2.npy", "-b", "b.npy", "-s", "s.npy", "-o", "out/X.npy"}, "A_fortran_3x2.npy: A must be a square (n, n) matrix, got shape (3, 2)", 3},
  {"b length mismatch",       {"sweep", "-A", "A.npy", "-b", "b_4.npy", "-s", "s.npy", "-o", "out/X.npy"}, "b_4.npy: b has shape (4,) but A is 3x3", 3},
  {"b with three axes",       {"sweep", "-A", "A.npy", "-b", "b_3d.npy", "-s", "s.npy", "-o", "out/X.npy"}, "b_3d.npy: b must have shape (n,) or (n, m)", 3},
  {"shifts not a vector",     {"sweep", "-A", "A.npy", "-b", "b.npy", "-s", "s_2x2.npy", "-o", "out/X.npy"}, "s_2x2.npy: shifts must have shape (k,), got (2, 2)", 3},
  {"observer width mismatch", {"sweep", "-A", "A.npy", "-b", "b.npy", "-s", "s.npy", "-C", "C_2x4.npy", "-o", "out/X.npy"}, "C_2x4.npy: C must have shape (p, 3)", 3},
  {"NaN in A",                {"sweep", "-A", "A_nan.npy", "-b", "b.npy", "-s", "s.npy", "-o", "out/X.npy"}, "A_nan.npy: non-finite value nan at index (1, 2)", 3},
  {"Inf in shifts",           {"sweep", "-A", "A.npy", "-b", "b.npy", "-s", "s_inf.npy", "-o", "out/X.npy"}, "s_inf.npy: non-finite value inf at index (1)", 3},
  {"-Inf in b",               {"sweep", "-A", "A.npy", "-b", "b_neginf.npy", "-s", "s.npy", "-o", "out/X.npy"}, "b_neginf.npy: non-finite value -inf at index (1)", 3},
  {"string dtype",            {"sweep", "-A", "A_unicode.npy", "-b", "b.npy", "-s", "s.npy", "-o", "out/X.npy"}, "A_unicode.npy: string dtype '<U1' is not supported", 3},
  {"object dtype",            {"sweep", "-A", "A_object.npy", "-b", "b.npy", "-s", "s.npy", "-o", "out/X.npy"}, "A_object.npy: object dtype '|O' is not supported", 3},
  {"structured dtype",        {"sweep", "-A", "A_structured.npy", "-b", "b.npy", "-s", "s.npy", "-o", "out/X.npy"}, "A_structured.npy: structured dtype", 3},
  {"float16 dtype",           {"sweep", "-A", "A_half.npy", "-b", "b.npy", "-s", "s.npy", "-o", "out/X.npy"}, "A_half.npy: unsupported dtype '<f2'", 3},
  {"truncated data",          {"sweep", "-A", "A_truncated.npy", "-b", "b.npy", "-s", "s.npy", "-o", "out/X.npy"}, "A_truncated.npy: truncated file: the header promises 72 data bytes (shape (3, 3), dtype '<f8') but only 52 follow", 3},
  {"truncated header",        {"sweep", "-A", "A_header_cut.npy", "-b", "b.npy", "-s", "s.npy", "-o", "out/X.npy"}, "A_header_cut.npy: truncated file: the header needs", 3},
  {"header claims more data", {"sweep", "-A", "A_lying.npy", "-b", "b.npy", "-s", "s.npy", "-o", "out/X.npy"}, "A_lying.npy: truncated file: the header promises 7200 data bytes", 3},
  {"bytes after the data",    {"sweep", "-A", "A_trailing.npy", "-b", "b.npy", "-s", "s.npy", "-o", "out/X.npy"}, "A_trailing.npy: 8 unexpected bytes after the 72 data bytes", 3},
  {"header over the limit",   {"sweep", "-A", "A_big_header.npy", "-b", "b.npy", "-s", "s.npy", "-o", "out/X.npy"}, "A_big_header.npy: header of 65596 bytes is larger than the limit of 65536 bytes", 3},
  {"zero-size A",             {"sweep", "-A", "A_empty.npy", "-b", "b.npy", "-s", "s.npy", "-o", "out/X.npy"}, "A_empty.npy: zero-size array of shape (0, 0)", 3},
  {"zero-size shifts",        {"sweep", "-A", "A.npy", "-b", "b.npy", "-s", "s_empty.npy", "-o", "out/X.npy"}, "s_empty.npy: zero-size array of shape (0,)", 3},
  {"not an .npy file",        {"sweep", "-A", "A_text.npy", "-b", "b.npy", "-s", "s.npy", "-o", "out/X.npy"}, "A_text.npy: not a .npy file (bad magic string)", 3},
  {"missing input file",      {"sweep", "-A", "nowhere.npy", "-b", "b.npy", "-s", "s.npy", "-o", "out/X.npy"}, "nowhere.npy", 2},
  {"output dir missing",      {"sweep", "-A", "A.npy", "-b", "b.npy", "-s", "s.npy", "-o", "missing/X.npy"}, "missing/X.npy: output directory 'missing' does not exist", 4},
  {"output is a directory",   {"sweep", "-A", "A.npy", "-b", "b.npy", "-s", "s.npy", "-o", "out"}, "out: output path is an existing directory", 4},
  {"unknown method",          {"sweep", "-A", "A.npy", "-b", "b.npy", "-s", "s.npy", "-o", "out/X.npy", "--method", "lu"}, "unknown method 'lu'", 2},
  {"check: non-square A",     {"check", "-A", "A_3x4.npy", "-b", "b.npy", "-s", "s.npy"}, "A_3x4.npy: A must be a square", 3},
  {"check: NaN in A",         {"check", "-A", "A_nan.npy", "-b", "b.npy", "-s", "s.npy", "--json"}, "A_nan.npy: non-finite value nan at index (1, 2)", 3},
  {"ribbon: negative width",  {"ribbon", "absorption", "--width=-100", "--out", "out/S.npy"}, "--width: width (nm) must be > 0, got -100", 3},
  {"ribbon: negative E_F",    {"ribbon", "absorption", "--ef=0.2,-0.4", "--out", "out/S.npy"}, "--ef: Fermi energy (eV) must be > 0, got -0.4", 3},
  {"ribbon: malformed TOML",  {"ribbon", "absorption", "--config", "ribbon_bad.toml", "--out", "out/S.npy"}, "ribbon_bad.toml: line 2:", 3},
  {"ribbon: unknown TOML key",{"ribbon", "absorption", "--config", "ribbon_unknown.toml", "--out", "out/S.npy"}, "ribbon_unknown.toml: unknown key 'ribbon.widht_nm'", 3},
  {"ribbon: width in TOML",   {"ribbon", "modes", "--config", "ribbon_negative.toml", "--ef", "0.3"}, "ribbon_negative.toml: ribbon.width_nm: width (nm) must be > 0, got -5", 3},
  {"ribbon modes: E_F < 0",   {"ribbon", "modes", "--width", "100", "--ef=-0.3"}, "--ef: Fermi energy (eV) must be > 0, got -0.3", 3},
};
// clang-format on

std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  return names;
}

// x(s_j) by Eigen's LU of I - sA: independent of every specsweep route.
Eigen::VectorXcd reference(const Eigen::MatrixXd& A, const Eigen::VectorXcd& b, cplx s) {
  const Eigen::MatrixXcd M = Eigen::MatrixXcd::Identity(A.rows(), A.cols()) - s * A.cast<cplx>();
  return M.fullPivLu().solve(b);
}

}  // namespace

TEST_CASE("bad-input table: non-zero exit, one line naming the problem, no output file") {
  ScratchDir dir("specsweep_bad_input");
  fs::current_path(dir.path);
  for (const auto& [name, bytes] : fixture_files()) write_file(name, bytes);
  fs::create_directory("out");
  for (const Case& c : kCases) {
    const std::string name = c.name;
    CAPTURE(name);
    std::vector<std::string> argv{kCli};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    const RunResult r = run(argv, dir.path.string());
    CAPTURE(r.err);
    CHECK(r.exit_code == c.exit_code);
    CHECK(r.err.find(c.expect) != std::string::npos);
    CHECK(r.err.rfind("specsweep: ", 0) == 0);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);  // one line
    CHECK(r.out.empty());
    CHECK(listing("out").empty());  // neither X.npy nor X.npy.tmp.<pid>
    CHECK(!fs::exists("missing"));
    MESSAGE(name << " -> exit " << r.exit_code << ": " << r.err.substr(0, r.err.size() - 1));
  }
}

TEST_CASE("accepted inputs: big-endian, mixed dtypes and Fortran order give the right x(s)") {
  ScratchDir dir("specsweep_good_input");
  fs::current_path(dir.path);
  Eigen::MatrixXd A(3, 3);
  A << 0.2, 0.1, 0.0, 0.0, 0.3, 0.1, 0.1, 0.0, 0.4;
  std::vector<double> a_fortran;  // column-major bytes of A
  for (int j = 0; j < 3; ++j)
    for (int i = 0; i < 3; ++i) a_fortran.push_back(A(i, j));
  const std::vector<cplx> shifts{{0.5, 0.25}, {-1.0, 0.0}, {2.0, -0.5}};
  write_file("A_be.npy", npy(">f8", "(3, 3)", raw(kA, true)));
  write_file("A_f.npy", npy("<f8", "(3, 3)", raw(a_fortran), true));
  write_file("b_be.npy", npy(">i4", "(3,)", raw(std::vector<std::int32_t>{1, 2, 3}, true)));
  write_file("s_be.npy", npy(">c16", "(3,)", raw(shifts, true)));
  write_file("s_c8.npy", npy("<c8", "(3,)", raw(std::vector<std::complex<float>>{{0.5f, 0.25f}, {-1.0f, 0.0f}, {2.0f, -0.5f}})));
  Eigen::VectorXcd b(3);
  b << 1, 2, 3;

  for (const auto& [a_file, s_file] : {std::pair{"A_be.npy", "s_be.npy"}, std::pair{"A_f.npy", "s_c8.npy"}}) {
    const std::string a_name = a_file;
    CAPTURE(a_name);
    const RunResult r = run({kCli, "sweep", "-A", a_file, "-b", "b_be.npy", "-s", s_file, "-o", "X.npy", "--json"},
                            dir.path.string());
    CAPTURE(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("\"shifts\": 3") != std::string::npos);
    const auto X = specsweep::io::read_npy("X.npy");
    REQUIRE(X.shape == std::vector<specsweep::Index>{3, 3});
    REQUIRE(X.is_complex);
    for (int j = 0; j < 3; ++j) {
      const Eigen::VectorXcd ref = reference(A, b, shifts[static_cast<std::size_t>(j)]);
      Eigen::VectorXcd got(3);
      for (int i = 0; i < 3; ++i) got(i) = X.complex[static_cast<std::size_t>(3 * j + i)];
      CHECK((got - ref).norm() <= 1e-13 * ref.norm());  // shifts exact in complex64 too
    }
    fs::remove("X.npy");
  }
}
