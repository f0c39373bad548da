// State-space frequency response: closed forms (damped oscillator, its peak), descriptor and
// discrete-time models against an independent LU of z E - A, pole flags naming the unreliable
// entries, and .mat reading (dense, sparse, bad files).
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <matio.h>
#include <unistd.h>

#include <cmath>
#include <complex>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "specsweep/error.hpp"
#include "specsweep/statespace/frequency_response.hpp"

using namespace specsweep;
using namespace specsweep::statespace;

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// x1' = x2, x2' = -wn^2 x1 - 2 zeta wn x2 + wn^2 u, y = x1:
// G(s) = wn^2 / (s^2 + 2 zeta wn s + wn^2).
StateSpaceModel oscillator(double wn, double zeta) {
  StateSpaceModel m;
  m.A.resize(2, 2);
  m.A << 0, 1, -wn * wn, -2 * zeta * wn;
  m.B.resize(2, 1);
  m.B << 0, wn * wn;
  m.C.resize(1, 2);
  m.C << 1, 0;
  return m;
}

cplx oscillator_G(double wn, double zeta, cplx s) { return wn * wn / (s * s + 2 * zeta * wn * s + wn * wn); }

// Independent reference: G(z) = C (zE - A)^-1 B + D by Eigen's full-pivot LU.
MatrixXcd lu_G(const StateSpaceModel& m, cplx z) {
  const Index n = m.A.rows();
  const MatrixXcd E = m.E ? *m.E : MatrixXcd::Identity(n, n);
  const MatrixXcd D = m.D.size() ? m.D : MatrixXcd::Zero(m.C.rows(), m.B.cols());
  return m.C * (z * E - m.A).fullPivLu().solve(m.B) + D;
}

std::string tmp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / (name + "_" + std::to_string(::getpid()))).string();
}

void write_dense(mat_t* mat, const char* name, const MatrixXd& M) {
  size_t dims[2] = {size_t(M.rows()), size_t(M.cols())};
  MatrixXd copy = M;  // column-major, as MATLAB stores it
  matvar_t* v = Mat_VarCreate(name, MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims, copy.data(), 0);
  REQUIRE(v != nullptr);
  REQUIRE(Mat_VarWrite(mat, v, MAT_COMPRESSION_NONE) == 0);
  Mat_VarFree(v);
}

void write_sparse(mat_t* mat, const char* name, const MatrixXd& M) {
  std::vector<mat_uint32_t> ir, jc{0};
  std::vector<double> data;
  for (Index j = 0; j < M.cols(); ++j) {
    for (Index i = 0; i < M.rows(); ++i)
      if (M(i, j) != 0) {
        ir.push_back(mat_uint32_t(i));
        data.push_back(M(i, j));
      }
    jc.push_back(mat_uint32_t(ir.size()));
  }
  mat_sparse_t sp{};
  sp.nzmax = mat_uint32_t(data.size());
  sp.ir = ir.data();
  sp.nir = mat_uint32_t(ir.size());
  sp.jc = jc.data();
  sp.njc = mat_uint32_t(jc.size());
  sp.ndata = mat_uint32_t(data.size());
  sp.data = data.data();
  size_t dims[2] = {size_t(M.rows()), size_t(M.cols())};
  matvar_t* v = Mat_VarCreate(name, MAT_C_SPARSE, MAT_T_DOUBLE, 2, dims, &sp, MAT_F_DONT_COPY_DATA);
  REQUIRE(v != nullptr);
  REQUIRE(Mat_VarWrite(mat, v, MAT_COMPRESSION_NONE) == 0);
  Mat_VarFree(v);
}

}  // namespace

TEST_CASE("damped oscillator: G(i omega) against its closed form") {
  const double wn = 3.0, zeta = 0.05;
  const FrequencyResponseSolver solver(oscillator(wn, zeta), {}, 0);
  const std::vector<double> w = log_spaced(0.01, 300.0, 400);
  const FrequencyResponse r = solver.evaluate(w);
  REQUIRE(r.outputs == 1);
  REQUIRE(r.inputs == 1);
  CHECK(r.flagged.empty());
  double worst = 0;
  for (Index j = 0; j < Index(w.size()); ++j) {
    const cplx ref = oscillator_G(wn, zeta, cplx(0, w[size_t(j)]));
    worst = std::max(worst, std::abs(r(j, 0, 0) - ref) / std::abs(ref));
  }
  // kappa(i omega) of this 2x2 pencil is below 1e3 over the range (zeta = 0.05 at the
  // resonance): 100 eps kappa is the contract, 1e-11 covers it.
  INFO("worst relative error " << worst << " on route " << r.route);
  CHECK(worst <= 1e-11);
}

TEST_CASE("--omega-auto: resonance peak of a damped oscillator matches 1/(2 zeta sqrt(1 - zeta^2))") {
  for (const double zeta : {0.05, 0.01, 0.2}) {
    const double wn = 3.0;
    const FrequencyResponseSolver solver(oscillator(wn, zeta), {}, 0);
    const std::vector<double> w = pole_aware_grid(solver.poles(), 0.0);
    FrequencyResponse r = solver.evaluate(w);
    const std::vector<ResonancePeak> peaks = resonance_peaks(solver, r, 0.0);
    REQUIRE(peaks.size() == 1);
    const double peak = 1.0 / (2 * zeta * std::sqrt(1 - zeta * zeta));
    const double at = wn * std::sqrt(1 - 2 * zeta * zeta);
    INFO("zeta " << zeta << ": peak " << peaks[0].magnitude << " vs " << peak << " at "
                 << peaks[0].omega << " vs " << at);
    // The zoom ends with grid steps of 4e-4 zeta omega_n and a parabola through the top: |G|
    // is flat there, so its value is exact to the parabola's O(h^3) term (far below 1e-9) and
    // the frequency to a small fraction of the step (below 1e-6 relative).
    CHECK(std::abs(peaks[0].magnitude - peak) <= 1e-9 * peak);
    CHECK(std::abs(peaks[0].omega - at) <= 1e-6 * at);
    CHECK(std::abs(peaks[0].damping - zeta) <= 1e-12);
    CHECK(std::abs(peaks[0].pole_omega - wn) <= 1e-12 * wn);
  }
}

TEST_CASE("descriptor model with singular E and discrete time against LU of zE - A") {
  // The oscillator with an algebraic output variable: 0 = x1 - x3, y = x3 (E singular).
  const double wn = 2.0, zeta = 0.1;
  StateSpaceModel m;
  m.A.resize(3, 3);
  m.A << 0, 1, 0, -wn * wn, -2 * zeta * wn, 0, 1, 0, -1;
  m.B.resize(3, 1);
  m.B << 0, wn * wn, 0;
  m.C.resize(1, 3);
  m.C << 0, 0, 1;
  m.E = MatrixXcd::Identity(3, 3);
  (*m.E)(2, 2) = 0.0;
  const FrequencyResponseSolver solver(m, {}, 0);
  const std::vector<double> w = log_spaced(0.1, 20.0, 50);
  const FrequencyResponse r = solver.evaluate(w);
  CHECK(r.route == "qz");
  CHECK(r.diagnostics.infinite_eigenvalues == 1);  // the algebraic equation
  for (Index j = 0; j < Index(w.size()); ++j) {
    const cplx ref = oscillator_G(wn, zeta, cplx(0, w[size_t(j)]));
    CHECK(std::abs(r(j, 0, 0) - ref) <= 1e-11 * std::abs(ref));
  }

  // Discrete time, a random stable 2-input 3-output model: z = e^{i omega dt}.
  StateSpaceModel d;
  d.A = MatrixXcd::Zero(6, 6);
  for (Index i = 0; i < 6; ++i) {
    d.A(i, i) = 0.5 + 0.07 * double(i);
    if (i + 1 < 6) d.A(i, i + 1) = 0.3;
    if (i > 0) d.A(i, i - 1) = -0.2;
  }
  d.B = MatrixXcd::NullaryExpr(6, 2, [](Index i, Index j) { return cplx(std::sin(1.3 * double(i + 6 * j + 1))); });
  d.C = MatrixXcd::NullaryExpr(3, 6, [](Index i, Index j) { return cplx(std::cos(0.7 * double(3 * j + i + 1))); });
  d.D = MatrixXcd::Constant(3, 2, cplx(0.25));
  FrequencyResponseOptions fo;
  fo.dt = 0.1;
  const FrequencyResponseSolver ds(d, fo, 0);
  const FrequencyResponse rd = ds.evaluate(log_spaced(0.1, 31.0, 40));
  for (Index j = 0; j < 40; ++j) {
    const MatrixXcd ref = lu_G(d, std::polar(1.0, rd.omega[size_t(j)] * 0.1));
    for (Index i = 0; i < 3; ++i)
      for (Index k = 0; k < 2; ++k) CHECK(std::abs(rd(j, i, k) - ref(i, k)) <= 1e-12 * ref.norm());
  }
}

TEST_CASE("at a pole the frequency is flagged and the unreliable entries are named") {
  // Undamped oscillator (poles at +-i wn) plus a second output y2 = u through D only.
  const double wn = 3.0;
  StateSpaceModel m = oscillator(wn, 0.0);
  m.C.conservativeResize(2, 2);
  m.C.row(1).setZero();
  m.D = MatrixXcd::Zero(2, 1);
  m.D(1, 0) = 1.0;
  const FrequencyResponseSolver solver(m, {}, 0);
  const FrequencyResponse r = solver.evaluate({1.0, wn, 10.0});
  REQUIRE(r.flagged.size() == 1);
  CHECK(r.flagged[0].index == 1);
  CHECK(r.flagged[0].omega == wn);
  CHECK(r.flagged[0].kappa * kEps >= 1e-2);
  REQUIRE(r.flagged[0].unreliable.size() == 1);  // G[0,0]; G[1,0] = D is exact
  CHECK(r.flagged[0].unreliable[0] == std::pair<Index, Index>{0, 0});
  for (const cplx g : r.G) CHECK((std::isfinite(g.real()) && std::isfinite(g.imag())));
  CHECK(r(1, 1, 0) == cplx(1.0));
  CHECK(std::abs(r(0, 0, 0) - oscillator_G(wn, 0.0, cplx(0, 1.0))) <= 1e-13);
}

TEST_CASE(".mat models: dense and sparse variables read back; bad files give one clear error") {
  const std::string path = tmp_path("model.mat");
  const double wn = 1.5, zeta = 0.2;
  const StateSpaceModel ref = oscillator(wn, zeta);
  {
    mat_t* mat = Mat_CreateVer(path.c_str(), nullptr, MAT_FT_MAT5);
    REQUIRE(mat != nullptr);
    write_sparse(mat, "A", ref.A.real());
    write_dense(mat, "B", ref.B.real());
    write_dense(mat, "C", ref.C.real());
    write_dense(mat, "D", MatrixXd::Zero(1, 1));
    write_sparse(mat, "E", MatrixXd::Identity(2, 2));
    Mat_Close(mat);
  }
  const StateSpaceModel m = load_mat_model(path);
  CHECK(m.real);
  CHECK(m.A == ref.A);
  CHECK(m.B == ref.B);
  CHECK(m.C == ref.C);
  CHECK(m.D == MatrixXcd::Zero(1, 1));
  REQUIRE(m.E.has_value());
  CHECK(*m.E == MatrixXcd::Identity(2, 2));
  const FrequencyResponse r = FrequencyResponseSolver(m, {}, 0).evaluate({0.5, 1.5});
  CHECK(std::abs(r(0, 0, 0) - oscillator_G(wn, zeta, cplx(0, 0.5))) <= 1e-13);

  auto expect_error = [](const std::string& file, const std::string& text) {
    try {
      load_mat_model(file);
      FAIL("no error for " << file);
    } catch (const Error& e) {
      const std::string msg = e.what();
      INFO(msg);
      CHECK(e.kind() == ErrorKind::Input);
      CHECK(msg.rfind(file + ": ", 0) == 0);  // names the file first
      CHECK(msg.find(text) != std::string::npos);
      CHECK(msg.find('\n') == std::string::npos);  // one line
    }
  };
  const std::string garbage = tmp_path("garbage.mat");
  std::ofstream(garbage, std::ios::binary) << std::string(300, 'x');
  expect_error(garbage, "not a MAT file");
  const std::string no_c = tmp_path("no_c.mat");
  {
    mat_t* mat = Mat_CreateVer(no_c.c_str(), nullptr, MAT_FT_MAT5);
    write_dense(mat, "A", ref.A.real());
    write_dense(mat, "B", ref.B.real());
    Mat_Close(mat);
  }
  expect_error(no_c, "no variable C");
  const std::string bad_shape = tmp_path("bad_shape.mat");
  {
    mat_t* mat = Mat_CreateVer(bad_shape.c_str(), nullptr, MAT_FT_MAT5);
    write_dense(mat, "A", ref.A.real());
    write_dense(mat, "B", MatrixXd::Ones(3, 1));
    write_dense(mat, "C", ref.C.real());
    Mat_Close(mat);
  }
  expect_error(bad_shape, "B must have shape (2, m)");
  for (const auto& f : {path, garbage, no_c, bad_shape}) std::filesystem::remove(f);
}
